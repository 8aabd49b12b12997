/** Texts of round tables and their priorities (issue 19). */
export const roundTables = {
  'error.notFound.tableIdea': '원탁회의 아이디어를 찾을 수 없습니다.',
  'error.notFound.sessionPriority': '원탁회의 우선순위를 찾을 수 없습니다.',
  'error.forbidden.recordOtherTable':
    '테이블의 진행자(또는 워크숍을 주최하는 부서의 직원, 관리자)만 그 테이블의 아이디어와 스티커를 기록할 수 있습니다.',
  'error.forbidden.priorityToOtherDepartment': '직원은 자기 부서로 가는 제안만 만들 수 있습니다.',
  'error.conflict.notSeatedKind': '테이블은 원탁회의와 디자인 캠프에만 있습니다.',
  'error.conflict.tableHoldsIdeas':
    '{number}번 테이블에는 기록된 아이디어가 있어 없앨 수 없습니다.',
  'error.conflict.prioritiesPublished':
    '우선순위가 이미 공표되어 원탁회의 기록을 바꿀 수 없습니다.',
  'error.conflict.noTables': '테이블을 먼저 정해야 자리를 배정할 수 있습니다.',
  'error.conflict.tooManyIdeas':
    '한 원탁회의에는 아이디어를 최대 {maximum}개까지 기록할 수 있습니다.',
  'error.conflict.noDotsPerParticipant':
    '참가자 한 명이 붙일 스티커 수(dotsPerParticipant)를 먼저 정해야 합니다.',
  'error.conflict.prioritiesBeforeStart': '원탁회의가 시작된 뒤에 우선순위를 공표할 수 있습니다.',
  'error.conflict.prioritiesNotPublished': '우선순위를 공표한 뒤에 제안으로 만들 수 있습니다.',
  'error.conflict.priorityHasProposal': '이 우선순위로 이미 제안을 만들었습니다.',
  'field.tableNumberTwice': '{field} 항목에 같은 테이블 번호가 두 번 있습니다',
  'field.notFacilitator':
    '{field} 항목은 직원, 관리자 또는 이 워크숍에 등록이 확정된 사람이어야 합니다',
  'field.noSuchTable': '{field} 항목의 테이블이 이 워크숍에 없습니다',
  'field.notConfirmedRegistrant': '{field} 항목은 이 워크숍에 등록이 확정된 사람이어야 합니다',
  'field.seatedTwice': '{field} 항목의 사람에게 자리가 두 번 배정되었습니다',
  'field.dotsOverBudget':
    '{field}: 테이블의 스티커 합계가 {budget}개를 넘습니다(이 아이디어에는 최대 {maximum}개)',
  'field.notIdeaOfSession': '{field} 항목은 이 워크숍의 아이디어가 아닙니다',
  'roundTables.proposal.routed':
    '원탁회의 「{workshop}」에서 스티커 {dots, number}개를 받은 우선순위를 맡은 부서로 보냅니다.',
} as const;
