import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { RequestLoaders } from '../core/loaders/request-loaders.js';
import { ProposalStatus } from '../proposals/proposal-status.js';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { actingFor, progressPosted, proposalAnswered } from '../notifications/who-hears-what.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { DepartmentTransferEntity } from './department-transfer.entity.js';
import type {
  AnswerProposalInput,
  PostProgressUpdateInput,
  RateAnswerInput,
} from './dto/feedback.inputs.js';
import { assertMayAnswer, assertMayPostProgress, assertMayRate } from './feedback-access.js';
import { FeedbackHistoryService } from './feedback-history.service.js';
import { AnswerRatingEntity, OfficialAnswerEntity } from './official-answer.entity.js';
import { ProgressUpdateEntity } from './progress-update.entity.js';

/**
 * What departments say back, and what citizens think of it. Each answer or progress update and
 * the status it leads to are one transaction that locks the proposal first: two staff members
 * answering at once are serialised, and the second is checked against the status the first
 * left, so the stored answers always replay through the lifecycle table.
 */
@Injectable()
export class AnswersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly proposals: ProposalsService,
    private readonly history: FeedbackHistoryService,
  ) {}

  async answer(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: AnswerProposalInput,
  ): Promise<OfficialAnswerEntity> {
    const { answer, proposal } = await this.db.transaction(async (manager) => {
      const proposal = await this.proposals.lockVisible(manager, viewer, input.proposalId);
      assertMayAnswer(viewer, proposal, input.status);
      const statusBefore = proposal.status;
      // The routing being answered: the latest one, which brought it to this department.
      const routing = await manager.findOneOrFail(DepartmentTransferEntity, {
        where: { proposalId: proposal.id },
        order: { createdAt: 'DESC' },
      });
      const answer = await manager.save(
        manager.create(OfficialAnswerEntity, {
          proposalId: proposal.id,
          departmentId: proposal.departmentId!,
          transferId: routing.id,
          authorId: viewer.id,
          status: input.status,
          body: input.body,
        }),
      );
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.ANSWERED,
        actor: { userId: viewer.id, departmentId: answer.departmentId },
        at: answer.createdAt,
        status: input.status,
      });
      proposal.status = input.status;
      proposal.awaitingAnswer = false;
      // Implemented is done: the progress bar says so whatever the last update said.
      if (input.status === ProposalStatus.IMPLEMENTED) proposal.progress = 100;
      await proposalAnswered(manager, actingFor(viewer, proposal.departmentId!), proposal, answer);
      await recordAudit(manager, {
        action: AuditAction.PROPOSAL_ANSWERED,
        actorId: viewer.id,
        target: { type: 'Proposal', id: proposal.id },
        note: null,
        before: statusBefore,
        after: input.status,
      });
      proposalChanged(manager, proposal);
      return { answer, proposal: await manager.save(proposal) };
    });
    answer.rating = null;
    this.proposals.noteChanged(loaders, proposal);
    return answer;
  }

  async postProgress(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: PostProgressUpdateInput,
  ): Promise<ProgressUpdateEntity> {
    const { update, proposal } = await this.db.transaction(async (manager) => {
      const proposal = await this.proposals.lockVisible(manager, viewer, input.proposalId);
      assertMayPostProgress(viewer, proposal);
      const update = await manager.save(
        manager.create(ProgressUpdateEntity, {
          proposalId: proposal.id,
          departmentId: proposal.departmentId!,
          authorId: viewer.id,
          progress: input.progress,
          body: input.body,
        }),
      );
      if (proposal.status === ProposalStatus.ACCEPTED) proposal.status = ProposalStatus.IN_PROGRESS;
      await recordProposalEvent(manager, {
        proposalId: proposal.id,
        kind: ProposalEventKind.PROGRESS_UPDATED,
        actor: { userId: viewer.id, departmentId: update.departmentId },
        at: update.createdAt,
        status: proposal.status,
      });
      const progressBefore = proposal.progress;
      proposal.progress = input.progress;
      await progressPosted(manager, actingFor(viewer, update.departmentId), proposal, update);
      await recordAudit(manager, {
        action: AuditAction.PROGRESS_POSTED,
        actorId: viewer.id,
        target: { type: 'Proposal', id: proposal.id },
        before: `${progressBefore}%`,
        after: `${input.progress}%`,
      });
      proposalChanged(manager, proposal);
      return { update, proposal: await manager.save(proposal) };
    });
    this.proposals.noteChanged(loaders, proposal);
    return update;
  }

  /**
   * The proposal's author rates one answer, once. The (answer) primary key of answer_rating
   * decides races: INSERT ... ON CONFLICT DO NOTHING lets exactly one of two at once through.
   */
  async rate(
    loaders: RequestLoaders,
    viewer: Viewer,
    input: RateAnswerInput,
  ): Promise<OfficialAnswerEntity> {
    const answer = await this.history.findVisibleAnswer(loaders, viewer, input.answerId);
    if (!answer) throw AppError.notFound('answer');
    const proposal = (await this.proposals.load(loaders, answer.proposalId))!;
    assertMayRate(viewer, proposal);
    const inserted = (await this.db
      .createQueryBuilder()
      .insert()
      .into(AnswerRatingEntity)
      .values({
        answerId: answer.id,
        raterId: viewer.id,
        score: input.score,
        comment: input.comment ?? null,
      })
      .orIgnore()
      .returning('*')
      .execute()) as { raw: unknown[] };
    if (inserted.raw.length === 0) throw AppError.conflict('error.conflict.alreadyRated');
    return this.history.reloadAnswer(loaders, answer.id);
  }
}
