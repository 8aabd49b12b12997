/** Texts of trusted documents and persisted queries (issue 20). */
export const trustedDocuments = {
  'error.persistedQuery.notInList':
    '이 서버는 등록된 문서만 실행합니다. 등록된 문서나 그 해시(extensions.persistedQuery)를 보내 주세요.',
  'error.persistedQuery.hashMismatch':
    'persistedQuery의 sha256Hash가 함께 보낸 문서의 SHA-256 해시와 다릅니다.',
  'error.persistedQuery.version': '지속 쿼리(persisted query) 프로토콜은 버전 1만 지원합니다.',
} as const;
