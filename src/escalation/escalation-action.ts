import { registerEnumType } from '@nestjs/graphql';

/** What crossing a rung of an escalation ladder requires. */
export enum EscalationAction {
  REQUIRE_DEPARTMENT_ANSWER = 'REQUIRE_DEPARTMENT_ANSWER',
  REQUIRE_PUBLIC_FORUM = 'REQUIRE_PUBLIC_FORUM',
  REQUIRE_ANSWER_FROM = 'REQUIRE_ANSWER_FROM',
}

/** The actions that owe an answer by a date, and so need dueInDays. */
export const ANSWER_ACTIONS: readonly EscalationAction[] = [
  EscalationAction.REQUIRE_DEPARTMENT_ANSWER,
  EscalationAction.REQUIRE_ANSWER_FROM,
];

registerEnumType(EscalationAction, {
  name: 'EscalationAction',
  valuesMap: {
    REQUIRE_DEPARTMENT_ANSWER: {
      description:
        'A department answer is owed within dueInDays of the crossing: responseDueAt becomes the earlier of its current value and crossing + dueInDays. An unassigned proposal keeps that date and the department it is first assigned to inherits it.',
    },
    REQUIRE_PUBLIC_FORUM: { description: 'A public forum (a workshop) is owed on the proposal.' },
    REQUIRE_ANSWER_FROM: {
      description:
        "An answer from answeringDepartment (e.g. the mayor's office) is owed within dueInDays.",
    },
  },
});
