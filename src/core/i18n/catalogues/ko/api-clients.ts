/** Texts of API clients and their scopes (issue 20). */
export const apiClients = {
  'error.forbidden.notForApiClients':
    '이 작업은 사람만 할 수 있습니다. API 클라이언트의 토큰으로는 할 수 없습니다.',
  'error.forbidden.missingScope': '이 토큰에는 "{scope}" 권한 범위가 없습니다.',
  'error.forbidden.apiClientsOnly': '이 작업은 API 클라이언트만 할 수 있습니다.',
  'error.notFound.apiClient': 'API 클라이언트를 찾을 수 없습니다.',
  'error.conflict.apiClientRevoked': '폐기된 API 클라이언트입니다.',
  'field.departmentForFeedback': '{field}: feedback:write 권한 범위에는 부서가 필요합니다',
  'field.namesNoCitizen': '{field}에 해당하는 시민 계정이 없습니다',
  'field.notWithCitizen': '{field}: citizenId와 함께 보낼 수 없습니다',
  'field.requiredWithoutCitizen': '{field}: citizenId가 없으면 필수입니다',
  'field.phoneNumber': '{field}은(는) 전화번호여야 합니다',
} as const;
