import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DepartmentEntity } from '../catalog/department.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { characterCount } from '../core/validation/text.js';
import { translate } from '../core/i18n/translate.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { PROPOSAL_LIMITS } from '../proposals/proposal-limits.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { routeProposal } from '../feedback/route-proposal.js';
import { assertOrganizes } from '../workshops/workshop-access.js';
import { WorkshopEntity, WorkshopProposalEntity } from '../workshops/workshop.entity.js';
import type { PriorityToProposalInput } from './dto/round-table.inputs.js';
import { assertMayRouteTo } from './round-table-access.js';
import { rankedPrioritiesByIds } from './round-tables.service.js';
import { SessionPriorityEntity } from './table-idea.entity.js';

const DAY_MS = 86_400_000;

/**
 * A proposal's title from a priority's: the priority's title when it fits the proposal rules,
 * cut with an ellipsis when longer, and followed by the session's title when too short (an
 * idea may be a single word).
 */
export function proposalTitleOf(priorityTitle: string, workshopTitle: string): string {
  const [min, max] = PROPOSAL_LIMITS.title;
  let title = priorityTitle;
  if (characterCount(title) < min) title = `${title} (${workshopTitle})`;
  if (characterCount(title) <= max) return title;
  // Cut at a code point, as the proposal rules count, never inside a surrogate pair.
  let kept = '';
  let count = 0;
  for (const character of title) {
    if (count === max - 1) break;
    kept += character;
    count += 1;
  }
  return `${kept.trimEnd()}…`;
}

/**
 * A published priority becomes a proposal and enters the feedback loop: written by the
 * organizer (the priority's title, the body they give, in the workshop's process), routed to
 * the department as a first assignment is (the response deadline, the timeline, the
 * department's and author's notifications, the audit log), and linked both ways: the priority
 * points at it with the dots it had, and the workshop lists it (Proposal.workshops). One per
 * priority: the priority's row is locked, so a second request waits and sees the first.
 *
 * It is routed as triage routes (src/feedback/route-proposal.ts), without triage's viewer
 * checks: whoever may turn a priority into a proposal for a department may route it there.
 */
@Injectable()
export class PriorityToProposalService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
  ) {}

  async convert(viewer: Viewer, input: PriorityToProposalInput): Promise<ProposalEntity> {
    return this.db.transaction(async (manager) => {
      const priority = await manager.findOne(SessionPriorityEntity, {
        where: { id: input.priorityId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!priority) throw AppError.notFound('sessionPriority');
      const workshop = await manager.findOneByOrFail(WorkshopEntity, { id: priority.workshopId });
      assertOrganizes(viewer, workshop);
      if (!workshop.prioritiesPublishedAt) {
        throw AppError.conflict('error.conflict.prioritiesNotPublished');
      }
      assertMayRouteTo(viewer, input.departmentId);
      if (priority.proposalId) throw AppError.conflict('error.conflict.priorityHasProposal');
      const department = await manager.findOneBy(DepartmentEntity, { id: input.departmentId });
      if (!department) throw AppError.badField('departmentId', 'field.namesNoDepartment');
      const [ranked] = await rankedPrioritiesByIds(manager, [priority.id]);

      const proposal = await manager.save(
        manager.create(ProposalEntity, {
          title: proposalTitleOf(ranked.title, workshop.title),
          body: input.body,
          authorId: viewer.id,
          processId: workshop.processId,
        }),
      );
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.SUBMITTED,
        actor: { userId: viewer.id },
        at: proposal.createdAt,
      });

      const reason = translate(this.env.DEFAULT_LOCALE, 'roundTables.proposal.routed', {
        workshop: workshop.title,
        dots: ranked.dots,
      });
      const { proposal: saved, routedAt } = await routeProposal(manager, {
        by: viewer,
        proposal,
        department,
        reason,
        responseDueAt: new Date(Date.now() + this.env.RESPONSE_DUE_DAYS * DAY_MS),
      });

      await manager.insert(WorkshopProposalEntity, {
        workshopId: workshop.id,
        proposalId: proposal.id,
      });
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.WORKSHOP_LINKED,
        actor: { userId: viewer.id, departmentId: workshop.organizerId },
        // A millisecond after the routing (events are dated to the millisecond and ordered by
        // date), so the timeline reads submitted, assigned, linked: the order of this transaction.
        at: new Date(routedAt.getTime() + 1),
      });
      await manager.update(
        SessionPriorityEntity,
        { id: priority.id },
        { proposalId: proposal.id, proposalDots: ranked.dots },
      );
      proposalChanged(manager, saved);
      return saved;
    });
  }
}
