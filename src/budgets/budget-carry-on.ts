import type { EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import type { Viewer } from '../core/auth/viewer.js';
import type { Locale } from '../core/i18n/locale.js';
import { translate } from '../core/i18n/translate.js';
import { DepartmentTransferEntity } from '../feedback/department-transfer.entity.js';
import { OfficialAnswerEntity } from '../feedback/official-answer.entity.js';
import { actingFor, proposalAnswered } from '../notifications/who-hears-what.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { answerMayMove, ProposalStatus } from '../proposals/proposal-status.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { routeProposal } from '../feedback/route-proposal.js';
import type { BudgetProjectEntity } from './budget-project.entity.js';
import type { ParticipatoryBudgetEntity } from './budget.entity.js';

const DAY_MS = 86_400_000;

/** Statuses in which a proposal already carries on as accepted work. */
const CARRYING_ON: readonly ProposalStatus[] = [
  ProposalStatus.ACCEPTED,
  ProposalStatus.IN_PROGRESS,
  ProposalStatus.IMPLEMENTED,
];

export interface CarryOnContext {
  manager: EntityManager;
  /** The admin publishing the results: the one who acts in every step below. */
  admin: Viewer;
  budget: ParticipatoryBudgetEntity;
  /** RESPONSE_DUE_DAYS: the deadline a routing starts, as any first assignment does. */
  responseDueDays: number;
  /** The city's language: what the written answer and routing reason are stored in. */
  locale: Locale;
}

/** What became of a selected project's proposal, for the project's record. */
export interface CarriedOn {
  proposalId: string;
  /** The proposal was made now, for the project (it had none, or its own was withdrawn). */
  created: boolean;
  /** The proposal's status afterwards. */
  status: ProposalStatus;
}

/**
 * A selected project carries on as proposals do (answers, progress 0-100, timeline), through
 * a proposal, the thing departments already answer and report progress on:
 *
 * - Made from a proposal that is already ACCEPTED, IN_PROGRESS or IMPLEMENTED: nothing to do.
 * - Made from a proposal that was withdrawn, or from none: a proposal is written for it (the
 *   publishing admin its author, the project's title and description its text, in the
 *   budget's process) and the project points at it from now on (the project's record keeps
 *   the earlier link).
 * - The proposal then goes to the project's department (a first assignment or a transfer,
 *   exactly as routing records them: timeline, notifications, audit) unless it is there, a
 *   REJECTED one is reconsidered (REJECTED -> UNDER_REVIEW, the lifecycle's only way back),
 *   and the department's official answer, written by the publishing admin on its behalf,
 *   moves it to ACCEPTED, saying it was selected and with how many votes.
 * - A project without a department (an admin made it without naming one): its proposal stays
 *   where it is, or a new one waits unassigned for the triage desk, like any proposal.
 *
 * The steps are the feedback module's (routing.service.ts, answers.service.ts) without their
 * viewer checks, in the publication's transaction: publishing is the city's decision, and the
 * results and their consequences are committed together or not at all.
 */
export async function carryOn(
  ctx: CarryOnContext,
  project: BudgetProjectEntity,
  votes: number,
): Promise<CarriedOn> {
  const { manager } = ctx;
  let proposal = project.proposalId
    ? await manager
        .createQueryBuilder(ProposalEntity, 'p')
        .setLock('for_no_key_update')
        .where('p.id = :id', { id: project.proposalId })
        .getOne()
    : null;
  if (proposal && CARRYING_ON.includes(proposal.status)) {
    return { proposalId: proposal.id, created: false, status: proposal.status };
  }
  let created = false;
  if (!proposal || proposal.status === ProposalStatus.WITHDRAWN) {
    proposal = await writeProposal(ctx, project);
    created = true;
  }
  const departmentId = project.departmentId;
  if (departmentId === null) {
    return { proposalId: proposal.id, created, status: proposal.status };
  }
  const department = await manager.findOneByOrFail(DepartmentEntity, { id: departmentId });
  const words = { budget: ctx.budget.title };
  if (proposal.departmentId !== departmentId) {
    await route(ctx, proposal, department, translate(ctx.locale, 'budgets.carryOn.routed', words));
  }
  if (proposal.status === ProposalStatus.REJECTED) {
    await answer(
      ctx,
      proposal,
      ProposalStatus.UNDER_REVIEW,
      translate(ctx.locale, 'budgets.carryOn.reconsidered', words),
    );
  }
  await answer(
    ctx,
    proposal,
    ProposalStatus.ACCEPTED,
    translate(ctx.locale, 'budgets.carryOn.accepted', { ...words, votes, cost: project.cost }),
  );
  return { proposalId: proposal.id, created, status: proposal.status };
}

async function writeProposal(
  ctx: CarryOnContext,
  project: BudgetProjectEntity,
): Promise<ProposalEntity> {
  const { manager, admin } = ctx;
  const proposal = await manager.save(
    manager.create(ProposalEntity, {
      title: project.title,
      body: project.description,
      authorId: admin.id,
      processId: ctx.budget.processId,
    }),
  );
  await recordProposalEvent(manager, {
    proposalId: proposal.id,
    kind: ProposalEventKind.SUBMITTED,
    actor: { userId: admin.id },
    at: proposal.createdAt,
  });
  return proposal;
}

/** A first assignment or a transfer, as triage makes one (src/feedback/route-proposal.ts). */
async function route(
  ctx: CarryOnContext,
  proposal: ProposalEntity,
  department: DepartmentEntity,
  reason: string,
): Promise<void> {
  await routeProposal(ctx.manager, {
    by: ctx.admin,
    proposal,
    department,
    reason,
    responseDueAt: proposal.responseDueAt ?? new Date(Date.now() + ctx.responseDueDays * DAY_MS),
  });
}

/** The department's answer setting `status`, recorded as AnswersService.answer records one. */
async function answer(
  ctx: CarryOnContext,
  proposal: ProposalEntity,
  status: ProposalStatus,
  body: string,
): Promise<void> {
  const { manager, admin } = ctx;
  const departmentId = proposal.departmentId!;
  if (!answerMayMove(proposal.status, status)) {
    // Unreachable: carryOn routes and reconsiders first. A plain error rolls publication back.
    throw new Error(`carry-on: no answer moves ${proposal.status} to ${status}`);
  }
  const routing = await manager.findOneOrFail(DepartmentTransferEntity, {
    where: { proposalId: proposal.id },
    order: { createdAt: 'DESC' },
  });
  const statusBefore = proposal.status;
  const written = await manager.save(
    manager.create(OfficialAnswerEntity, {
      proposalId: proposal.id,
      departmentId,
      transferId: routing.id,
      authorId: admin.id,
      status,
      body,
    }),
  );
  await recordProposalEvent(manager, {
    proposalId: proposal.id,
    kind: ProposalEventKind.ANSWERED,
    actor: { userId: admin.id, departmentId },
    at: written.createdAt,
    status,
  });
  proposal.status = status;
  proposal.awaitingAnswer = false;
  await proposalAnswered(manager, actingFor(admin, departmentId), proposal, written);
  await recordAudit(manager, {
    action: AuditAction.PROPOSAL_ANSWERED,
    actorId: admin.id,
    target: { type: 'Proposal', id: proposal.id },
    note: null,
    before: statusBefore,
    after: status,
  });
  proposalChanged(manager, proposal);
  await manager.save(proposal);
}
