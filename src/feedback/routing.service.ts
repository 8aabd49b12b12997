import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { databaseNow } from '../core/database/database-now.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import type { AssignProposalInput } from './dto/feedback.inputs.js';
import { FEEDBACK_LIMITS } from './dto/feedback.inputs.js';
import { assertMayRoute } from './feedback-access.js';
import { routeProposal } from './route-proposal.js';

const DAY_MS = 86_400_000;

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
      const now = await databaseNow(manager);
      if (explicitDueAt) assertReasonableDueAt(explicitDueAt, now);
      // The citizen's clock: started by the first assignment, kept by every transfer.
      const responseDueAt =
        explicitDueAt ??
        proposal.responseDueAt ??
        new Date(now.getTime() + this.env.RESPONSE_DUE_DAYS * DAY_MS);
      const { proposal: saved } = await routeProposal(manager, {
        by: viewer,
        proposal,
        department,
        reason: input.reason,
        responseDueAt,
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
