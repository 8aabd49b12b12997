/** Texts of children and their guardians' consent (issue 19). */
export const guardians = {
  'error.notFound.child': '아이를 찾을 수 없습니다.',
  'error.notFound.childRegistration': '아이의 참가 신청을 찾을 수 없습니다.',
  'error.forbidden.guardian.NOT_ADULT':
    '성인(출생 연도 기준으로 올해 19세 이상)만 아이를 등록할 수 있습니다.',
  'error.forbidden.guardian.AGE_UNKNOWN':
    '성인만 아이를 등록할 수 있습니다. 먼저 출생 연도를 입력하세요.',
  'error.forbidden.childAge.TOO_YOUNG':
    '이 워크숍은 {minimumAge}세 이상(연 나이) 아이만 참가할 수 있습니다.',
  'error.forbidden.childAge.TOO_OLD':
    '이 워크숍은 {maximumAge}세 이하(연 나이) 아이만 참가할 수 있습니다.',
  'error.conflict.tooManyChildren': '한 사람이 등록할 수 있는 아이는 {maximum}명까지입니다.',
  'error.conflict.childrenNotAllowed': '이 워크숍은 아이의 참가 신청을 받지 않습니다.',
  'error.conflict.consentTextVersionTaken': '판이 "{version}"인 동의문이 이미 있습니다.',
  'field.atLeastMinimumAge': '{field} 항목은 minimumAge 이상이어야 합니다',
  'field.consentTextOutdated': '{field} 항목은 지금 동의문의 판({current})이어야 합니다',
  'field.birthYearOfMinor': '{field} 항목은 {earliest}년부터 {latest}년 사이(미성년)여야 합니다',
  'notification.WORKSHOP_REGISTRATION_CONFIRMED.child':
    '정원이 늘어 [{title}] 아이의 참가가 확정되었습니다.',
  'notification.WORKSHOP_WAITLIST_PROMOTED.child':
    '자리가 생겨 [{title}] 아이의 참가가 대기에서 확정으로 바뀌었습니다.',
} as const;
