import type { trustedDocuments as ko } from '../ko/trusted-documents.js';

/** Texts of trusted documents (issue 20). */
export const trustedDocuments: Record<keyof typeof ko, string> = {
  'error.placeholder.trustedDocuments': '',
};
