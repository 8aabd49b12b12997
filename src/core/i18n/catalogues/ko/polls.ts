/** Texts of the polls domain (issue 18). */
export const polls = {
  'error.notFound.poll': '설문을 찾을 수 없습니다.',
  'error.forbidden.pollOwnDepartment':
    '직원은 자기 부서의 설문만 만들 수 있습니다(워크숍의 설문은 그 워크숍을 주최하는 부서의 것입니다).',
  'error.forbidden.pollOrganizersOnly': '설문을 맡은 부서의 직원(또는 관리자)만 할 수 있습니다.',
  'error.conflict.pollNotOpenYet': '설문이 아직 시작되지 않았습니다.',
  'error.conflict.pollClosed': '설문이 마감되어 더 응답할 수 없습니다.',
  'error.conflict.pollCloseBeforeOpen':
    '아직 시작되지 않은 설문은 마감할 수 없습니다. 시작된 뒤에 마감하세요.',
  'error.conflict.tooManyPollsOfProcess':
    '참여 과정 하나에는 설문을 최대 {maximum}개까지 만들 수 있습니다.',
  'error.conflict.tooManyPollsOfWorkshop':
    '워크숍 하나에는 설문을 최대 {maximum}개까지 만들 수 있습니다.',

  'field.pollOwnerRequired': '{field} 항목이나 workshopId 항목 가운데 하나는 꼭 지정해야 합니다',
  'field.pollDepartmentRequired': '{field} 항목: 관리자는 설문을 맡을 부서를 지정해야 합니다',
  'field.pollDepartmentOfWorkshop': '{field} 항목은 워크숍을 주최하는 부서여야 합니다',
  'field.pollWorkshopOfOtherProcess': '{field} 항목은 워크숍이 속한 참여 과정이어야 합니다',
  'field.namesNoWorkshop': '{field} 항목이 가리키는 워크숍이 없습니다',
  'field.afterOpensAt': '{field} 항목은 설문 시작 시각(opensAt)보다 뒤여야 합니다',
  'field.pollOptionsCount': '{field} 항목: 선택형 질문에는 보기가 {min}~{max}개 있어야 합니다',
  'field.pollNoOptionsForFreeText':
    '{field} 항목: 자유 응답(FREE_TEXT) 질문에는 보기를 둘 수 없습니다',
  'field.pollMaxChoicesOnlyMultiple': '{field} 항목은 복수 선택(MULTIPLE_CHOICE) 질문에만 씁니다',
  'field.pollNotAQuestion': '{field} 항목이 이 설문의 질문을 가리키지 않습니다',
  'field.pollQuestionTwice': '{field} 항목: 한 질문에는 한 번만 답할 수 있습니다',
  'field.pollOptionOfOtherQuestion': '{field} 항목에 이 질문의 보기가 아닌 것이 있습니다',
  'field.pollOneOption': '{field} 항목: 단일 선택 질문에는 보기를 하나만 고릅니다',
  'field.pollChoicesRange': '{field} 항목: 보기를 1~{max}개 골라야 합니다',
  'field.pollOptionsForChoiceOnly': '{field} 항목: 자유 응답 질문에는 보기를 고를 수 없습니다',
  'field.pollTextRequired': '{field} 항목: 자유 응답 질문에는 답을 적어야 합니다',
  'field.pollTextForFreeTextOnly': '{field} 항목은 자유 응답 질문에만 씁니다',
  'field.pollUnanswered':
    '{field} 항목: 선택형 질문에는 모두 답해야 합니다({position}번 질문에 답이 없습니다)',

  'fieldLabel.opensAt': '설문 시작 시각',
  'fieldLabel.closesAt': '설문 마감 시각',
  'fieldLabel.questions': '질문',
  'fieldLabel.options': '보기',
  'fieldLabel.prompt': '질문 내용',
  'fieldLabel.maxChoices': '최대 선택 수',
  'fieldLabel.answers': '응답',
  'fieldLabel.optionIds': '고른 보기',
  'fieldLabel.questionId': '질문',
  'fieldLabel.workshopId': '워크숍',
  'fieldLabel.pollId': '설문',
} as const;
