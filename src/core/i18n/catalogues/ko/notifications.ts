/**
 * 알림 문구. 읽는 사람의 언어로 읽을 때 만들어진다(notification-text.ts). 매개변수:
 * title(그때의 제목), to(받는 부서), department(행위 부서 이름), actor(행위자 이름), status, progress, days,
 * threshold, level, action. 조사가 앞말의 받침에 따라 바뀌지 않도록 [제목] 뒤에는
 * 명사("제안이")를 둔다.
 */
export const notifications = {
  'notification.PROPOSAL_ASSIGNED.author': '[{title}] 제안이 {to}에 배정되었습니다.',
  'notification.PROPOSAL_ASSIGNED.staff': '[{title}] 제안이 우리 부서({to})에 배정되었습니다.',
  'notification.PROPOSAL_TRANSFERRED.author': '[{title}] 제안이 {to}에 이관되었습니다.',
  'notification.PROPOSAL_TRANSFERRED.staff': '[{title}] 제안이 우리 부서({to})로 이관되었습니다.',
  'notification.PROPOSAL_ANSWERED':
    '{department}에서 [{title}] 제안에 답변했습니다: {status, select, ACCEPTED {수용} REJECTED {불수용} IN_PROGRESS {추진 중} IMPLEMENTED {완료} UNDER_REVIEW {검토 중} other {{status}}}.',
  'notification.PROGRESS_UPDATED':
    '{department}에서 [{title}] 제안의 추진 상황을 알렸습니다: {progress}% 진행.',
  'notification.COMMENT_ON_PROPOSAL': '{actor}님이 [{title}] 제안에 댓글을 남겼습니다.',
  'notification.COMMENT_ON_PROPOSAL.official':
    '{department}에서 [{title}] 제안에 댓글을 남겼습니다.',
  'notification.COMMENT_REPLY': '{actor}님이 [{title}] 제안의 내 댓글에 답글을 남겼습니다.',
  'notification.COMMENT_REPLY.official':
    '{department}에서 [{title}] 제안의 내 댓글에 답글을 남겼습니다.',
  'notification.WORKSHOP_REGISTRATION_CONFIRMED': '정원이 늘어 [{title}] 참가가 확정되었습니다.',
  'notification.WORKSHOP_WAITLIST_PROMOTED':
    '자리가 생겨 [{title}] 대기에서 참가 확정으로 바뀌었습니다.',
  'notification.WORKSHOP_UPDATED.changed': '[{title}] 워크숍 내용이 바뀌었습니다.',
  'notification.WORKSHOP_UPDATED.outcome': '[{title}] 워크숍 결과가 공개되었습니다.',
  'notification.CONTENT_HIDDEN.reports':
    '여러 건의 신고로 내 {target, select, Proposal {[{title}] 제안} other {댓글}}이 관리자 검토 전까지 숨겨졌습니다.',
  'notification.CONTENT_HIDDEN.moderator':
    '관리자가 내 {target, select, Proposal {[{title}] 제안} other {댓글}}을 숨겼습니다.',
  'notification.ANSWER_DUE_SOON': '[{title}] 제안의 답변 기한이 {days}일 남았습니다.',
  'notification.PROPOSAL_OVERDUE': '[{title}] 제안의 답변 기한이 지났습니다.',
  'notification.PROPOSAL_OVERDUE.oversight':
    '[{title}] 제안의 답변 기한이 지나 점검 부서인 우리 부서에 알려졌습니다.',
  'notification.WORKSHOP_REMINDER': '[{title}] 워크숍이 내일 열립니다.',
  'notification.WORKSHOP_REMINDER.waitlistClosed':
    '[{title}] 신청이 마감되었고, 대기 중 자리가 나지 않았습니다.',
  'notification.PROPOSAL_ESCALATED':
    '[{title}] 제안이 공감 {threshold, number}개에 이르렀습니다(단계 {level}): {action, select, REQUIRE_DEPARTMENT_ANSWER {담당 부서의 답변이 필요합니다} REQUIRE_PUBLIC_FORUM {공개 토론회가 필요합니다} REQUIRE_ANSWER_FROM {지정 부서의 답변이 필요합니다} other {{action}}}.',
  'notification.actor.moderator': '관리자',
  'notification.actor.system': '원탁',
} as const;
