import type { trustedDocuments as ko } from '../ko/trusted-documents.js';

/** Texts of trusted documents and persisted queries (issue 20). */
export const trustedDocuments: Record<keyof typeof ko, string> = {
  'error.persistedQuery.notInList':
    'This server runs registered documents only: send a registered document, or its hash (extensions.persistedQuery).',
  'error.persistedQuery.hashMismatch':
    "The persisted query's sha256Hash is not the SHA-256 hash of the document sent with it.",
  'error.persistedQuery.version': 'Only version 1 of the persisted-query protocol is supported.',
};
