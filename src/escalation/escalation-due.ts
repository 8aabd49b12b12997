/**
 * The SQL that decides which ladder applies to a proposal, and whether it has reached a rung not
 * crossed yet, over a proposal row named `alias`. One place for the rule, used by the crossing
 * itself (escalation.service.ts) and by the support statement (supports.service.ts), which
 * asks it in the same statement so that a support crossing nothing costs no round trip more.
 *
 * The ladder that applies: the proposal's process's, when the proposal belongs to a process
 * that has one; otherwise the city-wide default (process_id null). Each is at most one row.
 */
export function applicableLadderSql(alias: string): string {
  return `(SELECT l.id FROM escalation_ladder l
            WHERE l.process_id = ${alias}.process_id OR l.process_id IS NULL
            ORDER BY l.process_id NULLS LAST LIMIT 1)`;
}

/** True when the proposal's supports reach a rung of its ladder that it has not crossed. */
export function escalationDueSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM escalation_rung r
            WHERE r.ladder_id = ${applicableLadderSql(alias)}
              AND r.threshold <= ${alias}.support_count
              AND NOT EXISTS (SELECT 1 FROM escalation_crossing c
                               WHERE c.proposal_id = ${alias}.id AND c.level = r.level))`;
}
