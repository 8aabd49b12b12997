/** Texts of children and their guardians' consent (issue 19). */
export const guardians = {
  'error.placeholder.guardians': '',
} as const;
