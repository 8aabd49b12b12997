import type { EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { actorOf, proposalRouted } from '../notifications/who-hears-what.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Lifecycle, ProposalStatus } from '../proposals/proposal-status.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';

/** What a routing is: who routes which proposal where, why, and the answer's deadline. */
export interface Routing {
  by: Viewer;
  proposal: ProposalEntity;
  department: DepartmentEntity;
  reason: string;
  /** The citizen's clock: started by the first assignment, kept by every transfer. */
  responseDueAt: Date;
}

/**
 * Routes a proposal to a department, in the caller's transaction (which holds the proposal):
 * the transfer record, the ASSIGNED or TRANSFERRED event at its time, the proposal's new
 * department, deadline and status, the notifications and the audit entry. The one way a
 * proposal changes department, for triage (RoutingService), a budget's winners
 * (budget-carry-on.ts) and a round table's priorities (priority-to-proposal.ts); each checks
 * beforehand who may route it there.
 */
export async function routeProposal(
  manager: EntityManager,
  { by, proposal, department, reason, responseDueAt }: Routing,
): Promise<{ proposal: ProposalEntity; routedAt: Date }> {
  const firstAssignment = proposal.departmentId === null;
  const fromDepartmentId = proposal.departmentId;
  const routing = await manager.save(
    manager.create(DepartmentTransferEntity, {
      proposalId: proposal.id,
      fromDepartmentId,
      toDepartmentId: department.id,
      reason,
      byId: by.id,
      responseDueAt,
    }),
  );
  await recordProposalEvent(manager, {
    proposalId: proposal.id,
    kind: firstAssignment ? ProposalEventKind.ASSIGNED : ProposalEventKind.TRANSFERRED,
    // A transfer is the department handing the proposal on; a first assignment is triage's
    // (the staff member's department; none for an admin).
    actor: { userId: by.id, departmentId: fromDepartmentId ?? by.departmentId },
    at: routing.createdAt,
    fromDepartmentId,
    toDepartmentId: department.id,
    reason,
  });
  if (proposal.status === ProposalStatus.SUBMITTED) {
    proposal.status = Lifecycle.statusOnFirstAssignment;
  }
  proposal.departmentId = department.id;
  proposal.responseDueAt = responseDueAt;
  proposal.awaitingAnswer = true;
  const saved = await manager.save(proposal);
  await proposalRouted(manager, actorOf(by), saved, department, firstAssignment);
  await recordAudit(manager, {
    action: firstAssignment ? AuditAction.PROPOSAL_ASSIGNED : AuditAction.PROPOSAL_TRANSFERRED,
    actorId: by.id,
    target: { type: 'Proposal', id: proposal.id },
    note: reason,
    before: fromDepartmentId
      ? ((await manager.findOneBy(DepartmentEntity, { id: fromDepartmentId }))?.name ?? null)
      : null,
    after: department.name,
  });
  return { proposal: saved, routedAt: routing.createdAt };
}
