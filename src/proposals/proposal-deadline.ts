/**
 * Overdue, as ../shared/api/README.md defines it: assigned, no answer from the current
 * department since it received the proposal, and past `responseDueAt`. This file is the one
 * place the rule is written; the `overdue` filters and `DepartmentStats.overdueCount` use it.
 *
 * `awaiting_answer` is set by every routing (first assignment or transfer) and cleared by the
 * first answer of the department it went to, in the same transaction as the write; withdrawal
 * clears it too (a withdrawn proposal can no longer be answered). A partial index over
 * (department_id, response_due_at) WHERE awaiting_answer serves every overdue query.
 *
 * `at`: the moment to judge at, as SQL; the database's clock by default, the sweep's own
 * (application) clock for the overdue reminders.
 */
export function overdueSql(alias: string, at = 'now()'): string {
  return `(${alias}.awaiting_answer AND ${alias}.response_due_at < ${at})`;
}

/** The complement, for `overdue: false`. */
export function notOverdueSql(alias: string): string {
  return `NOT ${overdueSql(alias)}`;
}

/** The same rule over a loaded row, for code that already holds it. */
export function isOverdue(
  proposal: { awaitingAnswer: boolean; responseDueAt: Date | null },
  now = new Date(),
): boolean {
  return proposal.awaitingAnswer && proposal.responseDueAt !== null && proposal.responseDueAt < now;
}
