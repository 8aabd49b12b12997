import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Lifecycle, ProposalStatus } from '../proposals/proposal-status.js';
import { databaseNow } from '../core/database/database-now.js';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { actorOf, proposalRouted } from '../notifications/who-hears-what.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';
import type { AssignProposalInput } from './dto/feedback.inputs.js';
import { FEEDBACK_LIMITS } from './dto/feedback.inputs.js';
import { assertMayRoute } from './feedback-access.js';

const DAY_MS = 86_400_000;

/** The database's clock, read after the proposal's lock is taken: the moment of the write. */
/**
 * Routing proposals to departments: the first assignment (triage) and transfers. Each routing
 * is one transaction that locks the proposal, so two routings of one proposal queue behind
 * each other and behind its answers: the second sees the first, and is checked against it.
 */
@Injectable()
export class RoutingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
    private readonly proposals: ProposalsService,
  ) {}

  async assign(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: AssignProposalInput,
  ): Promise<ProposalEntity> {
    const proposal = await this.db.transaction(async (manager) => {
      const proposal = await this.proposals.lockVisible(manager, viewer, input.proposalId);
      const explicitDueAt = input.responseDueAt ?? null;
      assertMayRoute(viewer, proposal, input.departmentId, explicitDueAt !== null);
      const department = await manager.findOneBy(DepartmentEntity, { id: input.departmentId });
      if (!department) throw AppError.badField('departmentId', 'field.namesNoDepartment');
      const firstAssignment = proposal.departmentId === null;
      const fromDepartmentId = proposal.departmentId;
      const now = await databaseNow(manager);
      if (explicitDueAt) assertReasonableDueAt(explicitDueAt, now);
      // The citizen's clock: started by the first assignment, kept by every transfer.
      const responseDueAt =
        explicitDueAt ??
        proposal.responseDueAt ??
        new Date(now.getTime() + this.env.RESPONSE_DUE_DAYS * DAY_MS);

      const routing = await manager.insert(DepartmentTransferEntity, {
        proposalId: proposal.id,
        fromDepartmentId: proposal.departmentId,
        toDepartmentId: input.departmentId,
        reason: input.reason,
        byId: viewer.id,
        responseDueAt,
      });
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: firstAssignment ? ProposalEventKind.ASSIGNED : ProposalEventKind.TRANSFERRED,
        // A transfer is the department handing the proposal on; a first assignment is triage's
        // (the staff member's department; none for an admin).
        actor: { userId: viewer.id, departmentId: fromDepartmentId ?? viewer.departmentId },
        at: (routing.generatedMaps[0] as { createdAt: Date }).createdAt,
        fromDepartmentId,
        toDepartmentId: input.departmentId,
        reason: input.reason,
      });
      if (proposal.status === ProposalStatus.SUBMITTED)
        proposal.status = Lifecycle.statusOnFirstAssignment;
      proposal.departmentId = input.departmentId;
      proposal.responseDueAt = responseDueAt;
      proposal.awaitingAnswer = true;
      const saved = await manager.save(proposal);
      await proposalRouted(manager, actorOf(viewer), proposal, department, firstAssignment);
      await recordAudit(manager, {
        action: firstAssignment ? AuditAction.PROPOSAL_ASSIGNED : AuditAction.PROPOSAL_TRANSFERRED,
        actorId: viewer.id,
        target: { type: 'Proposal', id: proposal.id },
        note: input.reason,
        before: fromDepartmentId
          ? ((await manager.findOneBy(DepartmentEntity, { id: fromDepartmentId }))?.name ?? null)
          : null,
        after: department.name,
      });
      proposalChanged(manager, saved);
      return saved;
    });
    this.proposals.noteChanged(loaders, proposal);
    return proposal;
  }
}

function assertReasonableDueAt(dueAt: Date, now: Date): void {
  if (Number.isNaN(dueAt.getTime()) || dueAt <= now) {
    throw AppError.badField('responseDueAt', 'field.inTheFuture');
  }
  if (dueAt.getTime() > now.getTime() + FEEDBACK_LIMITS.maxResponseDays * DAY_MS) {
    throw AppError.badField('responseDueAt', 'field.withinDays', {
      days: FEEDBACK_LIMITS.maxResponseDays,
    });
  }
}
