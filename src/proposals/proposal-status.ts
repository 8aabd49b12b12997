import { registerEnumType } from '@nestjs/graphql';

/** Where a proposal stands; the moves between them are the lifecycle table below. */
export enum ProposalStatus {
  SUBMITTED = 'SUBMITTED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  IN_PROGRESS = 'IN_PROGRESS',
  IMPLEMENTED = 'IMPLEMENTED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ProposalStatus, { name: 'ProposalStatus' });

const S = ProposalStatus;

/**
 * The proposal lifecycle of ../shared/api/README.md, in one place: the moves a citizen makes
 * (edit, withdraw), the moves a department makes by answering, and what each status allows.
 *
 * | from         | an answer may set                         | other moves                          |
 * |--------------|-------------------------------------------|--------------------------------------|
 * | SUBMITTED    | (assign it first)                         | assignment -> UNDER_REVIEW; withdraw |
 * | UNDER_REVIEW | UNDER_REVIEW, ACCEPTED, REJECTED          | withdraw -> WITHDRAWN                |
 * | ACCEPTED     | ACCEPTED, IN_PROGRESS, IMPLEMENTED, REJECTED | progress update -> IN_PROGRESS    |
 * | IN_PROGRESS  | IN_PROGRESS, IMPLEMENTED                  |                                      |
 * | REJECTED     | REJECTED, UNDER_REVIEW (reconsidered)     |                                      |
 * | IMPLEMENTED, WITHDRAWN | nothing: final                  |                                      |
 */
export const Lifecycle = {
  /** The author may change title, body, topics and location only before anyone has looked. */
  editableBy: [ProposalStatus.SUBMITTED] as readonly ProposalStatus[],
  /** The author may withdraw until a decision is made. */
  withdrawableFrom: [
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
  ] as readonly ProposalStatus[],
  /**
   * Supports are frozen once a proposal is withdrawn or rejected, so the record of how much
   * backing it had when it was decided stays as it was (both support and unsupport refuse).
   */
  supportsFrozenIn: [
    ProposalStatus.WITHDRAWN,
    ProposalStatus.REJECTED,
  ] as readonly ProposalStatus[],
  /**
   * What an answer may set, by the status the proposal has. Keeping the status is an interim
   * reply; anything not listed is a CONFLICT.
   */
  answerMoves: {
    [S.SUBMITTED]: [],
    [S.UNDER_REVIEW]: [S.UNDER_REVIEW, S.ACCEPTED, S.REJECTED],
    [S.ACCEPTED]: [S.ACCEPTED, S.IN_PROGRESS, S.IMPLEMENTED, S.REJECTED],
    [S.IN_PROGRESS]: [S.IN_PROGRESS, S.IMPLEMENTED],
    [S.REJECTED]: [S.REJECTED, S.UNDER_REVIEW],
    [S.IMPLEMENTED]: [],
    [S.WITHDRAWN]: [],
  } as Readonly<Record<ProposalStatus, readonly ProposalStatus[]>>,
  /** The first assignment moves a SUBMITTED proposal here. */
  statusOnFirstAssignment: S.UNDER_REVIEW,
  /** Progress updates are for accepted work; the first one moves ACCEPTED to IN_PROGRESS. */
  progressAllowedIn: [S.ACCEPTED, S.IN_PROGRESS] as readonly ProposalStatus[],
  /** Nothing moves a final proposal again: no answer, progress or routing. */
  final: [S.IMPLEMENTED, S.WITHDRAWN] as readonly ProposalStatus[],
};

/** Whether an answer may move a proposal from `from` to `to`. */
export function answerMayMove(from: ProposalStatus, to: ProposalStatus): boolean {
  return Lifecycle.answerMoves[from].includes(to);
}
