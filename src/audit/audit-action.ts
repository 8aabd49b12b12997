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
  /** verifyResidency (target: the user; details: the district, and the birth year if read off the ID). */
  RESIDENCY_VERIFIED = 'RESIDENCY_VERIFIED',
  /** revokeResidency (target: the user; before: the residency it ended). */
  RESIDENCY_REVOKED = 'RESIDENCY_REVOKED',
  BUDGET_CREATED = 'BUDGET_CREATED',
  /** enterOfflineTally (target: the budget; details: the place, paper ballots, what it replaced). */
  OFFLINE_TALLY_ENTERED = 'OFFLINE_TALLY_ENTERED',
  BUDGET_RESULTS_PUBLISHED = 'BUDGET_RESULTS_PUBLISHED',
  BUDGET_IMPLEMENTATION_STARTED = 'BUDGET_IMPLEMENTATION_STARTED',
  /** createApiClient (target: the client; after: its name and scopes). */
  API_CLIENT_CREATED = 'API_CLIENT_CREATED',
  /** rotateApiClientSecret (target: the client; after: until when the previous secret works). */
  API_CLIENT_SECRET_ROTATED = 'API_CLIENT_SECRET_ROTATED',
  /** revokeApiClient (target: the client). */
  API_CLIENT_REVOKED = 'API_CLIENT_REVOKED',
}
registerEnumType(AuditAction, { name: 'AuditAction' });
