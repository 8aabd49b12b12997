/** Texts of the residency domain (issue 18). */
export const residency = {
  'error.conflict.tooManyDistricts': '읍·면·동은 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.districtSlugTaken': '슬러그가 "{slug}"인 읍·면·동이 이미 있습니다.',
  'error.conflict.birthYearVerified':
    '출생 연도는 신분증으로 확인되어 바꿀 수 없습니다. 바뀌어야 한다면 민원 창구에 문의하세요.',
  'error.forbidden.verifyOwnResidency':
    '자기 거주지는 직접 확인할 수 없습니다. 다른 직원에게 요청하세요.',
  'error.forbidden.verifyResidency': '민원 창구 직원과 관리자만 거주지를 확인할 수 있습니다.',
  'error.forbidden.ineligible.TOO_YOUNG':
    '출생 연도 기준으로 올해 {minimumAge}세 이상(연 나이)인 사람만 참여할 수 있습니다.',
  'error.forbidden.ineligible.AGE_UNKNOWN':
    '이 투표는 {minimumAge}세 이상만 참여할 수 있습니다. 먼저 출생 연도를 입력하세요.',
  'error.forbidden.ineligible.NOT_VERIFIED':
    '거주지가 확인된 주민만 참여할 수 있습니다. 신분증을 가지고 민원 창구를 찾아 주세요.',
  'error.forbidden.ineligible.OTHER_DISTRICT': '이 예산에는 내가 사는 읍·면·동의 몫이 없습니다.',
  'error.notFound.district': '읍·면·동을 찾을 수 없습니다.',
  'field.namesNoDistrict': '{field} 항목이 가리키는 읍·면·동이 없습니다',
  'error.conflict.residencyNotVerified': '이 사람의 거주지는 확인된 적이 없습니다.',
} as const;
