/**
 * 오류 문구: 응답을 만들 때 읽는 사람의 언어로 만들어진다(format-error.ts). 상태 이름(SUBMITTED 등)과
 * 입력 필드 이름(title 등)은 API에 쓰인 그대로 두고, 그 뒤에는 받침과 상관없는 명사("상태", "항목")를
 * 붙여 조사가 틀리지 않게 한다.
 *
 * field.*와 validation.*은 입력 필드 하나의 문제다. {field}는 필드 이름이고, 영어 문구는 다른
 * 라이브러리(class-validator)가 쓰는 문장과 글자 하나까지 같아야 한다(text.ts의 fieldProblemText가
 * 영어 문장을 이 틀로 다시 읽는다). 단순한 인수만 쓴다.
 */
export const errors = {
  // 로그인
  'error.unauthenticated.SIGN_IN_REQUIRED': '로그인이 필요합니다.',
  'error.unauthenticated.INVALID_CREDENTIALS': '이메일 또는 비밀번호가 올바르지 않습니다.',
  'error.unauthenticated.TOKEN_EXPIRED':
    '액세스 토큰이 만료되었습니다. refreshSession으로 새 토큰을 받아 다시 시도하세요.',
  'error.unauthenticated.TOKEN_INVALID': '토큰이 유효하지 않습니다. 다시 로그인하세요.',
  'error.unauthenticated.SESSION_REVOKED':
    '이 토큰의 세션이 끝났습니다(로그아웃 또는 취소). 다시 로그인하세요.',
  'error.unauthenticated.SESSION_EXPIRED':
    '오랫동안 갱신하지 않아 세션이 만료되었습니다. 다시 로그인하세요.',
  'error.unauthenticated.REFRESH_TOKEN_REUSED':
    '리프레시 토큰 하나가 두 번 쓰여(도용된 토큰을 다시 쓸 때처럼) 세션을 끝냈습니다. 다시 로그인하세요.',
  'error.unauthenticated.connectionTokenExpired':
    '이 연결의 액세스 토큰이 만료되었습니다. 이벤트를 계속 받으려면 토큰을 갱신하고 새 토큰으로 다시 연결하세요.',

  // 권한
  'error.forbidden': '이 작업을 할 권한이 없습니다.',
  'error.forbidden.suspended': '계정이 {until}까지 정지되어 있습니다.',
  'error.forbidden.suspendedSeeDate': '표시된 날짜까지 계정이 정지되어 있습니다.',
  'error.forbidden.onlyAdminsChangeRoles': '관리자만 역할을 바꿀 수 있습니다.',
  'error.forbidden.oversightList': '점검 목록은 점검 부서와 관리자만 볼 수 있습니다.',
  'error.forbidden.reportOwn': '내가 쓴 글은 신고할 수 없습니다.',
  'error.forbidden.moderateContent':
    '운영자는 시민의 글을 판단하고(신고로 숨겨진 글은 무엇이든 되살릴 수 있습니다), 관리자는 다른 관리자의 글을 뺀 모든 글을 판단합니다. 누구도 자기 글은 판단할 수 없습니다.',
  'error.forbidden.suspend':
    '운영자는 시민만 정지할 수 있고, 관리자는 다른 관리자를 뺀 누구든 정지할 수 있습니다.',
  'error.forbidden.transfer': '이 제안이 배정된 부서의 직원(또는 관리자)만 이관할 수 있습니다.',
  'error.forbidden.setDueByHand': '관리자만 답변 기한(responseDueAt)을 직접 정할 수 있습니다.',
  'error.forbidden.answer': '이 제안이 배정된 부서의 직원(또는 관리자)만 답변할 수 있습니다.',
  'error.forbidden.postProgress':
    '이 제안이 배정된 부서의 직원(또는 관리자)만 추진 상황을 올릴 수 있습니다.',
  'error.forbidden.adminsDoNotRate': '관리자는 답변을 평가하지 않습니다.',
  'error.forbidden.onlyAuthorRates': '제안한 사람만 답변을 평가할 수 있습니다.',
  'error.forbidden.changeProposal': '제안은 작성자(또는 관리자)만 바꿀 수 있습니다.',
  'error.forbidden.changeComment': '댓글은 작성자(또는 관리자)만 바꿀 수 있습니다.',
  'error.forbidden.ownDepartmentWorkshops': '직원은 자기 부서의 워크숍만 만들 수 있습니다.',
  'error.forbidden.organizersOnly': '워크숍을 주최하는 부서의 직원(또는 관리자)만 할 수 있습니다.',

  // 찾을 수 없음
  'error.notFound.proposal': '제안을 찾을 수 없습니다.',
  'error.notFound.comment': '댓글을 찾을 수 없습니다.',
  'error.notFound.workshop': '워크숍을 찾을 수 없습니다.',
  'error.notFound.user': '사용자를 찾을 수 없습니다.',
  'error.notFound.answer': '답변을 찾을 수 없습니다.',
  'error.notFound.department': '부서를 찾을 수 없습니다.',
  'error.notFound.registration': '이 워크숍에 신청한 기록을 찾을 수 없습니다.',
  'error.notFound.notification': '알림을 찾을 수 없습니다.',

  // 충돌
  'error.conflict.tooManyProcesses': '참여 과정은 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.tooManyDepartments': '부서는 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.tooManyTopics': '주제는 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.processSlugTaken': '슬러그가 "{slug}"인 참여 과정이 이미 있습니다.',
  'error.conflict.departmentSlugTaken': '슬러그가 "{slug}"인 부서가 이미 있습니다.',
  'error.conflict.topicSlugTaken': '슬러그가 "{slug}"인 주제가 이미 있습니다.',
  'error.conflict.emailTaken': '이 이메일로 만든 계정이 이미 있습니다.',
  'error.conflict.ownRole': '관리자는 자기 역할을 바꿀 수 없습니다. 다른 관리자에게 요청하세요.',
  'error.conflict.deletedNothingToReport': '작성자가 삭제한 댓글이라 신고할 내용이 없습니다.',
  'error.conflict.alreadyReported': '이미 신고했습니다.',
  'error.conflict.notSuspended': '이 사용자는 정지 상태가 아닙니다.',
  'error.conflict.alreadyRated': '이 답변은 이미 평가했습니다.',
  'error.conflict.finalNotRouted': '{status} 상태의 제안은 종결되어 다시 배정하지 않습니다.',
  'error.conflict.alreadyAssignedHere': '이 제안은 이미 이 부서에 배정되어 있습니다.',
  'error.conflict.notAssignedYet': '제안이 아직 부서에 배정되지 않았습니다. 먼저 배정하세요.',
  'error.conflict.answerTransition':
    '답변으로 {status} 상태의 제안을 {to} 상태로 바꿀 수 없습니다. 바꿀 수 있는 상태: {allowed}.',
  'error.conflict.takesNoAnswers': '{status} 상태의 제안에는 답변할 수 없습니다.',
  'error.conflict.progressStatus':
    '추진 상황은 ACCEPTED와 IN_PROGRESS 상태의 제안에만 올릴 수 있습니다. 이 제안은 {status} 상태입니다.',
  'error.conflict.editOnlySubmitted':
    '제안은 SUBMITTED 상태에서만 고칠 수 있습니다. 이 제안은 {status} 상태입니다.',
  'error.conflict.withdrawOnly':
    '제안은 SUBMITTED 또는 UNDER_REVIEW 상태에서만 철회할 수 있습니다. 이 제안은 {status} 상태입니다.',
  'error.conflict.hiddenNoSupport': '운영 조치로 숨겨진 제안이라 공감할 수 없습니다.',
  'error.conflict.supportsClosed': '{status} 상태의 제안은 공감을 받지 않습니다.',
  'error.conflict.commentRemovedNoReplies': '삭제되었거나 숨겨진 댓글이라 답글을 달 수 없습니다.',
  'error.conflict.deletedCommentEdit': '삭제된 댓글은 고칠 수 없습니다.',
  'error.conflict.hiddenCommentEdit': '운영 조치로 숨겨진 댓글은 고칠 수 없습니다.',
  'error.conflict.hiddenNoComments': '운영 조치로 숨겨진 제안이라 댓글을 달 수 없습니다.',
  'error.conflict.capacityBelowConfirmed':
    '참가가 확정된 사람이 {count}명이라 정원을 그보다 줄일 수 없습니다.',
  'error.conflict.outcomeBeforeStart': '워크숍 결과는 워크숍이 시작된 뒤에 공개할 수 있습니다.',
  'error.conflict.registrationClosed': '워크숍이 시작되어 신청이 마감되었습니다.',
  'error.conflict.registrationFrozen': '워크숍이 시작되어 신청을 더 바꿀 수 없습니다.',

  // 한도와 가용성
  'error.rateLimited': '요청이 너무 많습니다. {retryAfter}초 뒤에 다시 시도하세요.',
  'error.databaseUnavailable':
    '지금은 데이터베이스에 연결할 수 없습니다. 아무것도 바뀌지 않았으니 잠시 뒤에 다시 시도하세요.',
  'error.busy':
    '다른 큰 요청을 처리하느라 바쁩니다. 아무것도 하지 않았으니 잠시 뒤에 다시 시도하세요.',
  'error.live.tooManySubscriptions':
    '이 연결은 이미 최대 개수인 구독 {maximum}개를 실행하고 있습니다. 하나를 끝낸 뒤에 새로 시작하세요.',
  'error.live.noRoom': '이 서버는 지금 구독을 더 받을 수 없습니다. 나중에 다시 시도하세요.',
  'error.live.subscriptionCost':
    '이 구독의 비용은 {cost}로, 구독 하나에 허용된 {maximum}보다 큽니다(구독은 이벤트마다 다시 계산됩니다). 필드를 줄이거나 페이지를 작게 하세요.',
  'error.queryLimit.cost':
    '이 요청의 비용은 {cost}로, 허용된 {maximum}보다 큽니다. 페이지를 작게 하거나 중첩된 목록을 줄이세요.',
  'error.queryLimit.depth': '쿼리 깊이({found})가 한도({maximum})를 넘었습니다.',
  'error.queryLimit.aliases': '별칭 수({found})가 한도({maximum})를 넘었습니다.',
  'error.queryLimit.directives': '지시어 수({found})가 한도({maximum})를 넘었습니다.',
  'error.queryLimit.tokens': '문서의 토큰 수가 한도({maximum})를 넘어 읽기를 멈췄습니다.',
  'error.calendar.noSuchWorkshop': '그런 워크숍이 없습니다.',
  'error.internal': '서버에 문제가 생겼습니다.',
  'error.unstorableCharacter': '입력에 저장할 수 없는 문자(NUL 등)가 있습니다.',

  // 입력
  'error.input.invalid': '입력이 올바르지 않습니다.',
  'error.input.moreFields': '{problem} (외 {count}개 항목)',
  'error.input.atField': '{field}: {problem}',

  // 입력 필드 하나의 문제 (우리 규칙)
  'field.notText': '{field} 항목은 텍스트여야 합니다',
  'field.notWellFormed': '{field} 항목은 올바른 유니코드 텍스트여야 합니다',
  'field.controlCharacters': '{field} 항목에는 제어 문자를 쓸 수 없습니다',
  'field.empty': '{field} 항목은 비워 둘 수 없습니다',
  'field.tooShort': '{field} 항목은 {min}자 이상이어야 합니다',
  'field.tooLong': '{field} 항목은 {max}자 이하여야 합니다',
  'field.malformed': '{field} 항목은 NUL 문자가 없는 올바른 유니코드 텍스트여야 합니다',
  'field.directionControl':
    '{field} 항목에는 글의 방향을 바꾸는 문자(U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)를 쓸 수 없습니다',
  'field.visibleCharacters':
    '{field} 항목은 보이는 글자가 {min}자 이상이어야 합니다(폭 없는 문자, 채움 문자, 홀로 쓴 결합 부호는 보이지 않습니다)',
  'field.validEmail': '{field} 항목은 올바른 이메일 주소여야 합니다',
  'field.passwordIsEmail': '{field} 항목은 이메일과 같을 수 없습니다',
  'field.slug':
    '{field} 항목은 영문 소문자, 숫자, 하이픈(연달아 쓸 수 없음)으로 된 2~60자여야 합니다',
  'field.idOf': '{field} 항목은 {type}의 ID여야 합니다',
  'field.idsOf': '{field} 항목은 {type}의 ID 목록이어야 합니다',
  'field.anId': '{field} 항목은 ID여야 합니다',
  'field.idOfEither': '{field} 항목은 {first} 또는 {second}의 ID여야 합니다',
  'field.theIdOfEither': '{field} 항목은 {first} 또는 {second}의 ID여야 합니다',
  'field.commentSubject':
    '{field} 항목은 댓글을 달 수 있는 대상(Proposal 또는 Workshop)의 ID여야 합니다',
  'field.cannotBeNull': '{field} 항목은 null일 수 없습니다',
  'field.timeZone': '{field} 항목은 IANA 시간대 이름(예: Asia/Seoul)이어야 합니다',
  'field.notADepartmentId': '{field} 항목은 부서의 ID가 아닙니다',
  'field.namesNoDepartment': '{field} 항목이 가리키는 부서가 없습니다',
  'field.namesNoProcess': '{field} 항목이 가리키는 참여 과정이 없습니다',
  'field.namesNoTopic': '{field} 항목에 없는 주제의 ID가 있습니다',
  'field.namesNoProposal': '{field} 항목에 없는 제안의 ID가 있습니다',
  'field.onlyForStaff': '{field} 항목은 STAFF 역할에만 지정할 수 있습니다',
  'field.requiredForStaff': '{field} 항목은 STAFF 역할에 꼭 필요합니다',
  'field.notAnExistingDepartment': '{field} 항목은 있는 부서를 가리켜야 합니다',
  'field.inTheFuture': '{field} 항목은 미래 시각이어야 합니다',
  'field.inTheFutureSuspension':
    '{field} 항목은 미래 시각이어야 합니다(정지를 끝내려면 liftSuspension)',
  'field.withinDays': '{field} 항목은 {days}일 이내여야 합니다',
  'field.afterStart': '{field} 항목은 시작 시각보다 뒤여야 합니다',
  'field.sameSubject': '{field} 항목은 같은 대상에 달린 댓글이어야 합니다',
  'field.organizerRequired': '관리자는 주최 부서를 지정해야 합니다',
  'field.invalidCursor': '{field} 항목은 이 목록의 올바른 커서가 아닙니다',
  'field.atMostIds': '{field} 항목에는 객체를 최대 {maximum}개까지 지정할 수 있습니다',
  'field.atMostNotifications': '{field} 항목에는 알림을 최대 {maximum}개까지 지정할 수 있습니다',
  'field.noRepeatedIds': '{field} 항목에 같은 ID를 두 번 쓸 수 없습니다',
  'field.namedTwice': '{field} 항목에 {kind} 종류가 두 번 있습니다',
  'field.thresholdsIncrease':
    '단계마다 공감 수 기준이 앞 단계보다 커야 합니다(앞 단계 {previous}, 이 단계 {threshold})',
  'field.actionNeedsDue': '{action}에는 dueInDays가 필요합니다',
  'field.dueOnlyForAnswers':
    'dueInDays는 답변을 요구하는 조치에만 씁니다({action}에는 쓰지 않습니다)',
  'field.answerFromNeedsDepartment': 'REQUIRE_ANSWER_FROM에는 answeringDepartmentId가 필요합니다',
  'field.departmentOnlyForAnswerFrom':
    'answeringDepartmentId는 REQUIRE_ANSWER_FROM에만 씁니다({action}에는 쓰지 않습니다)',

  // class-validator의 기본 문구(영어 문구는 class-validator가 쓰는 그대로)
  'validation.each': '{problem}',
  'validation.isInt': '{field} 항목은 정수여야 합니다',
  'validation.min': '{field} 항목은 {min} 이상이어야 합니다',
  'validation.max': '{field} 항목은 {max} 이하여야 합니다',
  'validation.isIn': '{field} 항목은 다음 값 중 하나여야 합니다: {values}',
  'validation.isString': '{field} 항목은 문자열이어야 합니다',
  'validation.isBoolean': '{field} 항목은 참/거짓 값이어야 합니다',
  'validation.isDate': '{field} 항목은 날짜여야 합니다',
  'validation.arrayMaxSize': '{field} 항목에는 값을 최대 {max}개까지 넣을 수 있습니다',
  'validation.isArray': '{field} 항목은 목록이어야 합니다',
  'validation.isUrl': '{field} 항목은 URL이어야 합니다',
  'validation.minLength': '{field} 항목은 {min}자 이상이어야 합니다',
  'validation.maxLength': '{field} 항목은 {max}자 이하여야 합니다',
  'validation.isNumber': '{field} 항목은 조건에 맞는 숫자여야 합니다',
  'validation.arrayUnique': '{field} 항목의 값은 서로 달라야 합니다',
  'validation.isEmail': '{field} 항목은 이메일 주소여야 합니다',
  'validation.isNotEmpty': '{field} 항목은 비워 둘 수 없습니다',
  'validation.nested': '{field} 항목은 객체나 목록이어야 합니다',
} as const;
