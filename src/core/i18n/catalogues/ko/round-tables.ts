/** Texts of round tables and their priorities (issue 19). */
export const roundTables = {
  'error.placeholder.roundTables': '',
} as const;
