import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { isStaffOf } from '../core/access/permissions.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import type { ApiClientEntity } from './api-client.entity.js';

/**
 * Who may see what of API clients. Every rule about them is here: the resolvers and node(id)
 * ask these functions.
 */

/** An admin, or the client itself (a token of its own): everything but its secret. */
export function seesApiClient(viewer: Viewer | null, client: Pick<ApiClientEntity, 'id'>): boolean {
  return viewer?.role === Role.ADMIN || viewer?.apiClient?.id === client.id;
}

/**
 * The contact of a citizen without an account, kept on a proposal taken down for them: the
 * staff of the department that answers it (to call back) and admins; nobody else, not even
 * the client that took it down (it has its own records).
 */
export function seesProposalContact(
  viewer: Viewer | null,
  proposal: Pick<ProposalEntity, 'departmentId'>,
): boolean {
  if (!viewer || viewer.apiClient) return false;
  return viewer.role === Role.ADMIN || isStaffOf(viewer, proposal.departmentId);
}
