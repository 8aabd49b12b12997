/**
 * How each project fared in a budget's results, in words (issue 18): src/budgets/results/.
 * 금액은 원 단위로 반올림해 보여 줄 뿐, 선정은 정확한 계산으로 정해진다.
 */
export const results = {
  'results.noVotes': '받은 표가 없습니다.',
  'results.greedy.selected':
    '{votes, number}표로 득표 {rank}위이며, 비용 {cost, number}원이 남은 예산 {left, number}원 안에 들어 선정되었습니다.',
  'results.greedy.overBudget':
    '득표 {rank}위({votes, number}표)였지만, 차례가 왔을 때 남은 예산 {left, number}원이 비용 {cost, number}원보다 적었습니다.',
  'results.equalShares.selected':
    '{round}번째로 선정되었습니다. 지지자 {payers, number}명이 각자 최대 {maxPayment, number}원씩 나누어 비용 {cost, number}원을 냈습니다.',
  'results.equalShares.notEnoughVotes':
    '지지자들에게 남은 몫은 모두 {had, number}원으로, 비용 {cost, number}원에 모자랐습니다.',
  'results.equalShares.overBudget':
    '비용 {cost, number}원이 남은 예산 {left, number}원보다 큽니다.',
  'results.equalShares.completed':
    '균등 몫 방식이 쓰고 남긴 예산으로 선정되었습니다. 득표 {rank}위({votes, number}표)이며, 비용 {cost, number}원이 남은 {left, number}원 안에 들었습니다.',
} as const;
