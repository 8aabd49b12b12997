/** Texts of the budgets domain (issue 18). */
export const budgets = {
  'error.notFound.budget': '참여예산을 찾을 수 없습니다.',
  'error.notFound.budgetProject': '참여예산 사업을 찾을 수 없습니다.',
  'error.forbidden.projectOfOtherDepartment': '직원은 자기 부서의 사업만 등록할 수 있습니다.',
  'error.forbidden.reviewOtherDepartment': '사업을 맡은 부서의 직원만 타당성을 검토할 수 있습니다.',
  'error.conflict.tooManyBudgets':
    '한 참여 과정에는 참여예산을 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.tooManyProjects':
    '한 참여예산에는 사업을 최대 {maximum}개까지 등록할 수 있습니다.',
  'error.conflict.projectsFixed':
    '투표가 시작되어 사업 목록이 확정되었습니다. 사업을 추가하거나 검토할 수 없습니다.',
  'error.conflict.votingNotOpen': '지금은 투표 기간이 아닙니다.',
  'error.conflict.proposalAlreadyProject': '이 제안은 이미 이 참여예산의 사업입니다.',
  'field.votingEndsBeforeStart': '{field} 항목은 투표 시작 시각보다 뒤여야 합니다',
  'field.votingTooLong': '{field} 항목은 투표 시작 후 1년 이내여야 합니다',
  'field.reviewAfterVoting': '{field} 항목은 투표 시작 시각과 같거나 앞서야 합니다',
  'field.maxChoicesForApproval': '{field} 항목은 APPROVAL 방식에서만, 그리고 반드시 정해야 합니다',
  'field.potTwice': '{field} 항목에 같은 읍·면·동(또는 시 전체)의 예산이 두 번 있습니다',
  'field.reasonRequired': '{field} 항목은 타당하지 않다고 판단할 때 반드시 적어야 합니다',
  'field.noPotForDistrict': '{field} 항목의 읍·면·동에는 이 참여예산의 예산이 없습니다',
  'field.noCityPot': '이 참여예산에는 시 전체 예산이 없어 {field} 항목에 읍·면·동을 정해야 합니다',
  'field.titleRequired': '{field} 항목은 제안에서 만들지 않을 때 반드시 적어야 합니다',
  'field.costOverPot': '{field} 항목이 사업이 속한 예산({amount}원)보다 큽니다',
  'field.notOnBallot': '{field} 항목의 사업은 투표 대상이 아닙니다',
  'field.projectOfOtherDistrict': '{field} 항목의 사업은 다른 읍·면·동의 사업입니다',
  'field.ballotOverAmount':
    '{field} 항목에서 고른 사업비 합계({total}원)가 예산({amount}원)을 넘습니다',
  'field.ballotTooMany': '{field} 항목에서 한 예산에 고를 수 있는 사업은 최대 {maximum}개입니다',
  // Paper tallies, results, publication and the Pabulib export (budget-results.service.ts).
  'error.conflict.tallyBeforeVoting': '투표가 시작되기 전에는 종이 투표 집계를 입력할 수 없습니다.',
  'error.conflict.resultsPublished': '결과가 이미 공표되었습니다.',
  'error.conflict.tooManyPlaces': '한 참여예산의 투표소는 최대 {maximum}곳입니다.',
  'error.conflict.votingNotEnded': '투표가 끝난 뒤에 결과를 공표할 수 있습니다.',
  'error.conflict.resultsNotPublished': '결과를 공표한 뒤에 사업 집행을 시작할 수 있습니다.',
  'error.conflict.alreadyImplementing': '사업 집행이 이미 시작되었습니다.',
  'error.pabulib.notPublic': '이 참여예산의 투표 결과는 아직 공개되지 않았습니다.',
  'error.pabulib.noSuchPot': '이 참여예산에 그런 예산이 없습니다.',
  'field.projectTwice': '{field} 항목에 같은 사업이 두 번 있습니다',
  'field.votesOverBallots': '{field} 항목이 종이 투표지 수({ballots}장)보다 많습니다',
  'field.votesOverChoices':
    '{field}: 한 예산의 득표 합계({total}표)가 투표지 수 × 선택 수({maximum}표)보다 많습니다',
  'field.tallyTwoDistricts':
    '{field} 항목의 사업은 이 투표소의 다른 사업과 다른 읍·면·동의 사업입니다',
  'budgets.carryOn.routed': '주민참여예산 「{budget}」에서 선정된 사업을 맡은 부서로 보냅니다.',
  'budgets.carryOn.reconsidered': '주민참여예산 「{budget}」에서 선정되어 다시 검토합니다.',
  'budgets.carryOn.accepted':
    '주민참여예산 「{budget}」에서 {votes, number}표를 받아 선정되었습니다. 사업비 {cost, number}원으로 추진합니다.',
} as const;
