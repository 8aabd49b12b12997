/** Texts of trusted documents (issue 20). */
export const trustedDocuments = {
  'error.placeholder.trustedDocuments': '',
} as const;
