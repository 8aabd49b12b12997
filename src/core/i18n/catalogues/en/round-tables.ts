import type { roundTables as ko } from '../ko/round-tables.js';

/** Texts of round tables and their priorities (issue 19). */
export const roundTables: Record<keyof typeof ko, string> = {
  'error.notFound.tableIdea': 'Round-table idea not found.',
  'error.notFound.sessionPriority': 'Round-table priority not found.',
  'error.forbidden.recordOtherTable':
    "Only a table's facilitator (or the organizing department's staff, or an admin) records its ideas and dots.",
  'error.forbidden.priorityToOtherDepartment':
    'Staff make proposals for their own department only.',
  'error.conflict.notSeatedKind': 'Only round tables and design camps have tables.',
  'error.conflict.tableHoldsIdeas': 'Table {number} holds recorded ideas and cannot be removed.',
  'error.conflict.prioritiesPublished':
    "The priorities are published: the round table's record can no longer change.",
  'error.conflict.noTables': 'Set the tables before assigning seats.',
  'error.conflict.tooManyIdeas': 'A round table records at most {maximum} ideas.',
  'error.conflict.noDotsPerParticipant':
    'Set the dots each participant places (dotsPerParticipant) first.',
  'error.conflict.prioritiesBeforeStart':
    'The priorities can be published once the session has started.',
  'error.conflict.prioritiesNotPublished':
    'A priority becomes a proposal once the priorities are published.',
  'error.conflict.priorityHasProposal': 'A proposal was already made from this priority.',
  'field.tableNumberTwice': '{field} repeats a table number',
  'field.notFacilitator':
    '{field} must be staff, an admin or a person with a confirmed registration at this workshop',
  'field.noSuchTable': '{field} names no table of this workshop',
  'field.notConfirmedRegistrant':
    '{field} must be a person with a confirmed registration at this workshop',
  'field.seatedTwice': '{field} is seated twice',
  'field.dotsOverBudget':
    "{field}: the table's dots would exceed {budget} (at most {maximum} for this idea)",
  'field.notIdeaOfSession': '{field} is not an idea of this workshop',
  'roundTables.proposal.routed':
    'A priority of the round table "{workshop}" with {dots, number} dots, sent to the department responsible.',
};
