import { fieldProblem, type FieldProblem } from '../core/errors/app-error.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';
import type { EscalationRung } from './escalation.models.js';
import { ANSWER_ACTIONS, EscalationAction } from './escalation-action.js';

/** The limits of a ladder (setEscalationLadder). */
export const LADDER_LIMITS = {
  /** Democracy Seoul uses three; ten leaves room without making a rung list a cost. */
  rungs: 10,
  /** A threshold is a number of supports: positive, and below any city's population. */
  threshold: [1, 10_000_000],
  /** As for an explicit responseDueAt (FEEDBACK_LIMITS.maxResponseDays). */
  dueInDays: [1, 365],
} as const;

export interface RungDraft {
  threshold: number;
  action: EscalationAction;
  dueInDays?: number | null;
  answeringDepartmentId?: string | null;
}

/**
 * What is wrong with a ladder as a whole, beyond each field's own range (checked by the
 * input's validators): thresholds strictly increasing, a due date exactly for the answer
 * actions, and a named department exactly for REQUIRE_ANSWER_FROM. Empty when it is sound.
 */
export function ladderProblems(rungs: readonly RungDraft[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  rungs.forEach((rung, i) => {
    const at = `rungs.${i}`;
    if (i > 0 && rung.threshold <= rungs[i - 1].threshold) {
      problems.push(
        fieldProblem(`${at}.threshold`, 'field.thresholdsIncrease', {
          threshold: rung.threshold,
          previous: rungs[i - 1].threshold,
        }),
      );
    }
    const answers = ANSWER_ACTIONS.includes(rung.action);
    if (answers && rung.dueInDays == null) {
      problems.push(
        fieldProblem(`${at}.dueInDays`, 'field.actionNeedsDue', { action: rung.action }),
      );
    }
    if (!answers && rung.dueInDays != null) {
      problems.push(
        fieldProblem(`${at}.dueInDays`, 'field.dueOnlyForAnswers', { action: rung.action }),
      );
    }
    const named = rung.action === EscalationAction.REQUIRE_ANSWER_FROM;
    if (named && rung.answeringDepartmentId == null) {
      problems.push(fieldProblem(`${at}.answeringDepartmentId`, 'field.answerFromNeedsDepartment'));
    }
    if (!named && rung.answeringDepartmentId != null) {
      problems.push(
        fieldProblem(`${at}.answeringDepartmentId`, 'field.departmentOnlyForAnswerFrom', {
          action: rung.action,
        }),
      );
    }
  });
  return problems;
}

const ACTION_WORDS: Record<EscalationAction, string> = {
  [EscalationAction.REQUIRE_DEPARTMENT_ANSWER]: 'answer',
  [EscalationAction.REQUIRE_PUBLIC_FORUM]: 'forum',
  [EscalationAction.REQUIRE_ANSWER_FROM]: 'answer-from',
};
/** What an audit entry's before and after may hold (TEXT_CHARS.auditState). */
const AUDIT_STATE_CHARS = TEXT_CHARS.auditState;

/**
 * A ladder in a few words for the audit log, `50 answer 14d; 100 forum; 1000 answer-from 30d`
 * (null for none), cut to what the audit entry holds: ten long rungs would not fit.
 */
export function describeLadder(rungs: readonly EscalationRung[]): string | null {
  if (!rungs.length) return null;
  const text = rungs
    .map((r) =>
      [r.threshold, ACTION_WORDS[r.action], r.dueInDays === null ? null : `${r.dueInDays}d`]
        .filter((part) => part !== null)
        .join(' '),
    )
    .join('; ');
  return text.length > AUDIT_STATE_CHARS ? `${text.slice(0, AUDIT_STATE_CHARS - 1)}…` : text;
}
