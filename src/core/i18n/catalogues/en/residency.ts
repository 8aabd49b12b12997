import type { residency as ko } from '../ko/residency.js';

/** Texts of the residency domain (issue 18). */
export const residency: Record<keyof typeof ko, string> = {
};
