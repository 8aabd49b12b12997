import type { roundTables as ko } from '../ko/round-tables.js';

/** Texts of round tables and their priorities (issue 19). */
export const roundTables: Record<keyof typeof ko, string> = {
  'error.placeholder.roundTables': '',
};
