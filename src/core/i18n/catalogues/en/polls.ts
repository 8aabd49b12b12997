import type { polls as ko } from '../ko/polls.js';

/** Texts of the polls domain (issue 18). */
export const polls: Record<keyof typeof ko, string> = {
  'error.notFound.poll': 'Poll not found.',
  'error.forbidden.pollOwnDepartment':
    "Staff create polls for their own department only (a workshop's poll belongs to the department organizing it).",
  'error.forbidden.pollOrganizersOnly':
    'Only staff of the department running the poll (or an admin) may do this.',
  'error.conflict.pollNotOpenYet': 'The poll has not opened yet.',
  'error.conflict.pollClosed': 'The poll has closed and takes no more responses.',
  'error.conflict.pollCloseBeforeOpen':
    'A poll that has not opened yet cannot be closed; close it once it has opened.',
  'error.conflict.tooManyPollsOfProcess': 'A participatory process has at most {maximum} polls.',
  'error.conflict.tooManyPollsOfWorkshop': 'A workshop has at most {maximum} polls.',

  'field.pollOwnerRequired': '{field} or workshopId must be given',
  'field.pollDepartmentRequired':
    '{field} must be given by an admin: the department running the poll',
  'field.pollDepartmentOfWorkshop': "{field} must be the workshop's organizer",
  'field.pollWorkshopOfOtherProcess': "{field} must be the workshop's process",
  'field.namesNoWorkshop': '{field} names no workshop',
  'field.afterOpensAt': '{field} must be after opensAt',
  'field.pollOptionsCount': '{field} must hold {min} to {max} options for a choice question',
  'field.pollNoOptionsForFreeText': '{field} must be omitted for a FREE_TEXT question',
  'field.pollMaxChoicesOnlyMultiple': '{field} is for MULTIPLE_CHOICE questions only',
  'field.pollNotAQuestion': '{field} names no question of this poll',
  'field.pollQuestionTwice': '{field} names a question already answered in this response',
  'field.pollOptionOfOtherQuestion': '{field} names an option that is not of this question',
  'field.pollOneOption': '{field} must name exactly one option for a SINGLE_CHOICE question',
  'field.pollChoicesRange': '{field} must name 1 to {max} options',
  'field.pollOptionsForChoiceOnly': '{field} must be omitted when answering a FREE_TEXT question',
  'field.pollTextRequired': '{field} must be given for a FREE_TEXT question',
  'field.pollTextForFreeTextOnly': '{field} is for FREE_TEXT questions only',
  'field.pollUnanswered':
    '{field} must answer every choice question (question {position} has no answer)',

  'fieldLabel.opensAt': 'opensAt',
  'fieldLabel.closesAt': 'closesAt',
  'fieldLabel.questions': 'questions',
  'fieldLabel.options': 'options',
  'fieldLabel.prompt': 'prompt',
  'fieldLabel.maxChoices': 'maxChoices',
  'fieldLabel.answers': 'answers',
  'fieldLabel.optionIds': 'optionIds',
  'fieldLabel.questionId': 'questionId',
  'fieldLabel.workshopId': 'workshopId',
  'fieldLabel.pollId': 'pollId',
};
