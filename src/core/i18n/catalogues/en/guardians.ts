import type { guardians as ko } from '../ko/guardians.js';

/** Texts of children and their guardians' consent (issue 19). */
export const guardians: Record<keyof typeof ko, string> = {
  'error.placeholder.guardians': '',
};
