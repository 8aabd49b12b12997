/**
 * 메일 문구(src/mail/mail-templates.ts): 제목, 인사, 링크 이름, 바닥글. 알림 한 건의 문장은
 * notification.* 문구를 그대로 쓴다. 매개변수: name(받는 사람 이름), text(알림 문장),
 * count(건수), kind(알림 종류 이름), days(링크가 유효한 날 수), date(다이제스트의 날짜).
 */
export const mail = {
  'mail.subject.notification': '[원탁] {text}',
  'mail.subject.digest': '[원탁] {date} 알림 {count, number}건',
  'mail.subject.verification': '[원탁] 이메일 주소를 확인해 주세요',
  'mail.greeting': '{name}님, 안녕하세요.',
  'mail.link.proposal': '제안 보기',
  'mail.link.workshop': '워크숍 보기',
  'mail.link.notifications': '알림 보기',
  'mail.digest.intro': '지난 알림 이후 원탁에서 있었던 일 {count, number}건을 모아 보내 드립니다.',
  'mail.digest.group': '{kind} ({count, number}건)',
  'mail.verification.intro':
    '원탁에서 이 주소로 알림을 받으려면 아래 링크를 눌러 주소를 확인해 주세요.',
  'mail.verification.link': '이메일 주소 확인하기',
  'mail.verification.expiry': '이 링크는 {days, number}일 동안 유효합니다.',
  'mail.verification.ignore': '원탁에 가입하지 않으셨다면 이 메일은 무시하셔도 됩니다.',
  'mail.footer.why': '이 메일은 원탁(시민 제안 플랫폼) 알림 설정에 따라 보내 드렸습니다.',
  'mail.footer.unsubscribeKind': '「{kind}」 알림 메일 그만 받기',
  'mail.footer.unsubscribeAll': '원탁의 모든 알림 메일 그만 받기',
  'mail.kind.PROPOSAL_ASSIGNED': '제안 배정',
  'mail.kind.PROPOSAL_TRANSFERRED': '제안 이관',
  'mail.kind.PROPOSAL_ANSWERED': '제안 답변',
  'mail.kind.PROGRESS_UPDATED': '추진 상황',
  'mail.kind.COMMENT_ON_PROPOSAL': '제안의 댓글',
  'mail.kind.COMMENT_REPLY': '댓글의 답글',
  'mail.kind.WORKSHOP_REGISTRATION_CONFIRMED': '워크숍 참가 확정',
  'mail.kind.WORKSHOP_WAITLIST_PROMOTED': '워크숍 대기 확정',
  'mail.kind.WORKSHOP_UPDATED': '워크숍 변경',
  'mail.kind.CONTENT_HIDDEN': '숨겨진 글',
  'mail.kind.ANSWER_DUE_SOON': '답변 기한 임박',
  'mail.kind.PROPOSAL_OVERDUE': '답변 기한 경과',
  'mail.kind.WORKSHOP_REMINDER': '워크숍 안내',
  'mail.kind.PROPOSAL_ESCALATED': '제안 단계 상향',
  'mail.unsubscribe.invalid': '수신 거부 링크가 올바르지 않습니다.',
  'field.verificationToken':
    '{field} 항목의 링크가 올바르지 않거나, 만료되었거나, 다른 주소로 보낸 것입니다. 새 링크를 요청해 주세요',
  'field.unsubscribeToken': '{field} 항목의 수신 거부 링크가 올바르지 않습니다',
} as const;
