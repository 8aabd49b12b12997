import { registerEnumType } from '@nestjs/graphql';

/** The privileged actions the audit log keeps. */
export enum AuditAction {
  ROLE_CHANGED = 'ROLE_CHANGED',
  USER_SUSPENDED = 'USER_SUSPENDED',
  SUSPENSION_LIFTED = 'SUSPENSION_LIFTED',
  CONTENT_HIDDEN = 'CONTENT_HIDDEN',
  CONTENT_RESTORED = 'CONTENT_RESTORED',
  PROPOSAL_ASSIGNED = 'PROPOSAL_ASSIGNED',
  PROPOSAL_TRANSFERRED = 'PROPOSAL_TRANSFERRED',
  PROPOSAL_ANSWERED = 'PROPOSAL_ANSWERED',
  PROGRESS_POSTED = 'PROGRESS_POSTED',
  /** setEscalationLadder: the rungs before and after (target: the process, or the city's ladder). */
  ESCALATION_LADDER_SET = 'ESCALATION_LADDER_SET',
}
registerEnumType(AuditAction, { name: 'AuditAction' });
