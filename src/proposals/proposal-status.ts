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

/**
 * The proposal lifecycle of ../shared/api/README.md, the moves a citizen makes. (The moves a
 * department makes, by answering, arrive with the feedback-loop module and sit beside these.)
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
};
