/** Texts of API clients and their scopes (issue 20). */
export const apiClients = {
  'error.forbidden.notForApiClients':
    '이 작업은 사람만 할 수 있습니다. API 클라이언트의 토큰으로는 할 수 없습니다.',
  'error.forbidden.missingScope': '이 토큰에는 "{scope}" 권한 범위가 없습니다.',
} as const;
