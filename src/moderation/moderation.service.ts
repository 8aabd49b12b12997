import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { CommentEntity } from '../comments/comment.entity.js';
import { CommentsService } from '../comments/comments.service.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { databaseNow } from '../core/database/database-now.js';
import { ProposalEventKind } from '../timeline/proposal-event-kind.js';
import { recordProposalEvent } from '../timeline/record-proposal-event.js';
import { AppError } from '../core/errors/app-error.js';
import { english, text } from '../core/i18n/text.js';
import { isUniqueViolation } from '../core/errors/postgres-errors.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginate, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import {
  byKeys,
  groupByKeys,
  LoaderKey,
  type RequestLoaders,
} from '../core/loaders/request-loaders.js';
import { UserEntity } from '../identity/user.entity.js';
import { contentHidden } from '../notifications/who-hears-what.js';
import { canSeeProposal, seesHiddenContent } from '../proposals/proposal-access.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import type {
  LiftSuspensionInput,
  ModerateContentInput,
  ModerationQueueArgs,
  ReportableRef,
  ReportContentInput,
  SuspendUserInput,
} from './dto/moderation.inputs.js';
import { ModerationAction } from './moderation-enums.js';
import {
  ContentReportEntity,
  ModerationDecisionEntity,
  ModerationItemEntity,
} from './moderation.entities.js';
import {
  MODERATION_LIMITS,
  mayHideAutomatically,
  mayModerateContent,
  maySuspend,
  reportCountsTowardHide,
  reportsHide,
  type ModeratedContent,
  type ReporterStandards,
} from './moderation-rules.js';

/** A proposal or comment, its row locked for a report or decision. */
interface LockedTarget {
  ref: ReportableRef;
  authorId: string;
  hidden: boolean;
  /** A comment its author deleted. */
  deleted: boolean;
  /** A comment written as the department's or organizer's answer (Comment.isOfficial). */
  officialComment: boolean;
  /** The proposal itself, or the comment's proposal (null for a comment on a workshop). */
  proposal: ProposalEntity | null;
  comment: CommentEntity | null;
  /** What moderators keep of it. */
  snapshot: string;
}

const MOST_RECENT_ACTIVITY: KeysetOrdering<ModerationItemEntity> = {
  name: 'moderation-activity',
  direction: 'DESC',
  keys: [
    {
      expression: 'm.activity_at',
      sqlType: 'timestamptz',
      value: (m) => m.activityAt.toISOString(),
    },
    { expression: 'm.id', sqlType: 'uuid', value: (m) => m.id },
  ],
};

const REPORT_BY_ID = new LoaderKey<string, ContentReportEntity | null>('report-by-id');
const REPORTS_OF_TARGET = new LoaderKey<string, ContentReportEntity[]>('reports-of-target');
const DECISIONS_OF_ITEM = new LoaderKey<string, ModerationDecisionEntity[]>('decisions-of-item');
const ITEM_OF_TARGET = new LoaderKey<string, ModerationItemEntity | null>('item-of-target');
const DAY_MS = 86_400_000;

/** "Proposal:<uuid>" or "Comment:<uuid>": the key of a reportable in loaders. */
export function targetKey(row: { proposalId: string | null; commentId: string | null }): string {
  return row.proposalId ? `Proposal:${row.proposalId}` : `Comment:${row.commentId!}`;
}

/** The one column that names the target, for a where clause (null columns left out on purpose). */
/** The ids among loader keys (targetKey) of one type. */
function idsOfType(keys: readonly string[], type: ReportableRef['type']): string[] {
  return keys.filter((k) => k.startsWith(`${type}:`)).map((k) => k.slice(type.length + 1));
}

function targetWhere(ref: ReportableRef): { proposalId: string } | { commentId: string } {
  return ref.type === 'Proposal' ? { proposalId: ref.id } : { commentId: ref.id };
}

function targetColumns(ref: ReportableRef): {
  proposalId: string | null;
  commentId: string | null;
} {
  return ref.type === 'Proposal'
    ? { proposalId: ref.id, commentId: null }
    : { proposalId: null, commentId: ref.id };
}

/**
 * Reports, the moderation queue, HIDE/RESTORE and suspensions. Every report and decision runs
 * in one transaction that locks the content's row first (a comment: its subject, then the
 * comment, as comment writes do), so the counts toward the automatic hide are exact however
 * many people report at once, and the hide happens in the transaction of the report that
 * reaches the threshold.
 */
@Injectable()
export class ModerationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(ContentReportEntity)
    private readonly reports: Repository<ContentReportEntity>,
    @InjectRepository(ModerationItemEntity)
    private readonly items: Repository<ModerationItemEntity>,
    @InjectRepository(ModerationDecisionEntity)
    private readonly decisions: Repository<ModerationDecisionEntity>,
    private readonly comments: CommentsService,
    private readonly env: Environment,
  ) {}

  /**
   * One report per person and target. Content the reporter cannot read is NOT_FOUND, their own
   * is FORBIDDEN, a deleted comment is CONFLICT. Every report is kept for moderators; those of
   * established reporters count (reportCountsTowardHide), and the one that brings the counting
   * reports since the last RESTORE to the threshold hides citizens' content and notifies its
   * author. Staff content is never hidden by reports: it waits in the queue for an admin.
   */
  async report(viewer: Viewer, input: ReportContentInput): Promise<ContentReportEntity> {
    try {
      return await this.db.transaction(async (manager) => {
        const target = await this.lockTarget(manager, input.targetId);
        // Hidden comments, like hidden proposals, do not exist for those who may not see them:
        // a report would hand their body back in its contentSnapshot.
        if (
          !target ||
          (target.proposal && !canSeeProposal(viewer, target.proposal)) ||
          (target.comment?.hidden && !seesHiddenContent(viewer))
        ) {
          throw AppError.notFound(input.targetId.type === 'Proposal' ? 'proposal' : 'comment');
        }
        if (target.authorId === viewer.id) {
          throw AppError.forbidden('error.forbidden.reportOwn');
        }
        if (target.deleted) {
          throw AppError.conflict('error.conflict.deletedNothingToReport');
        }
        const columns = targetColumns(input.targetId);
        if (
          await manager.existsBy(ContentReportEntity, {
            ...targetWhere(input.targetId),
            reporterId: viewer.id,
          })
        ) {
          throw AppError.conflict('error.conflict.alreadyReported');
        }
        // The reporter's row as it is now (the viewer was read at the start of the request).
        const reporter = await manager.findOneByOrFail(UserEntity, { id: viewer.id });
        const countsTowardHide = reportCountsTowardHide(
          reporter,
          await databaseNow(manager),
          this.reporterStandards(),
        );
        const report = await manager.save(
          manager.create(ContentReportEntity, {
            ...columns,
            reporterId: viewer.id,
            reason: input.reason,
            details: input.details ?? null,
            contentSnapshot: target.snapshot,
            countsTowardHide,
          }),
        );
        const item = await this.itemFor(manager, target);
        item.reportCount += 1;
        item.openReportCount += 1;
        if (countsTowardHide) item.openCountedReportCount += 1;
        item.lastReportedAt = report.createdAt;
        item.activityAt = report.createdAt;
        item.resolvedAt = null; // a new report needs a moderator's look
        await manager.save(item);
        if (
          !target.hidden &&
          reportsHide(item.openCountedReportCount, this.env.MODERATION_HIDE_THRESHOLD)
        ) {
          const author = await manager.findOneByOrFail(UserEntity, { id: target.authorId });
          if (mayHideAutomatically(this.moderated(target, author, item))) {
            await this.decide(
              manager,
              target,
              item,
              null,
              ModerationAction.HIDE,
              // Stored in English, read in the reader's language (systemNoteText).
              english(text('systemNote.autoHidden', { count: item.openCountedReportCount })),
            );
          }
        }
        return report;
      });
    } catch (error) {
      // Two reports by one person at once: the unique key lets one through.
      if (isUniqueViolation(error)) throw AppError.conflict('error.conflict.alreadyReported');
      throw error;
    }
  }

  /**
   * HIDE or RESTORE, with a note. Either resolves the item. HIDE of hidden content confirms
   * it; RESTORE of visible content dismisses its reports. After a RESTORE only new reports
   * count toward hiding it again. Who may decide on what: mayModerateContent.
   */
  async moderate(viewer: Viewer, input: ModerateContentInput): Promise<ModerationItemEntity> {
    return this.db.transaction(async (manager) => {
      const target = await this.lockTarget(manager, input.targetId);
      if (!target)
        throw AppError.notFound(input.targetId.type === 'Proposal' ? 'proposal' : 'comment');
      const author = await manager.findOneByOrFail(UserEntity, { id: target.authorId });
      const existing = await manager.findOneBy(ModerationItemEntity, targetWhere(target.ref));
      if (!mayModerateContent(viewer, this.moderated(target, author, existing), input.action)) {
        throw AppError.forbidden('error.forbidden.moderateContent');
      }
      const item = existing ?? (await this.itemFor(manager, target));
      return this.decide(manager, target, item, viewer.id, input.action, input.note);
    });
  }

  /** Moderators suspend citizens; admins anyone but admins (maySuspend). */
  async suspend(viewer: Viewer, input: SuspendUserInput): Promise<UserEntity> {
    return this.db.transaction(async (manager) => {
      const user = await this.lockUser(manager, viewer, input.userId);
      const now = await databaseNow(manager);
      if (Number.isNaN(input.until.getTime()) || input.until <= now) {
        throw AppError.badField('until', 'field.inTheFutureSuspension');
      }
      if (input.until.getTime() > now.getTime() + MODERATION_LIMITS.maxSuspensionDays * DAY_MS) {
        throw AppError.badField('until', 'field.withinDays', {
          days: MODERATION_LIMITS.maxSuspensionDays,
        });
      }
      const before = user.suspendedUntil && user.suspendedUntil > now ? user.suspendedUntil : null;
      user.suspendedUntil = input.until;
      const saved = await manager.save(user);
      await recordAudit(manager, {
        action: AuditAction.USER_SUSPENDED,
        actorId: viewer.id,
        target: { type: 'User', id: user.id },
        note: input.reason,
        before: before ? `suspended until ${before.toISOString()}` : 'not suspended',
        after: `suspended until ${input.until.toISOString()}`,
      });
      return saved;
    });
  }

  async liftSuspension(viewer: Viewer, input: LiftSuspensionInput): Promise<UserEntity> {
    return this.db.transaction(async (manager) => {
      const user = await this.lockUser(manager, viewer, input.userId);
      const now = await databaseNow(manager);
      if (!user.suspendedUntil || user.suspendedUntil <= now) {
        throw AppError.conflict('error.conflict.notSuspended');
      }
      const before = user.suspendedUntil;
      user.suspendedUntil = null;
      const saved = await manager.save(user);
      await recordAudit(manager, {
        action: AuditAction.SUSPENSION_LIFTED,
        actorId: viewer.id,
        target: { type: 'User', id: user.id },
        note: input.reason,
        before: `suspended until ${before.toISOString()}`,
        after: 'not suspended',
      });
      return saved;
    });
  }

  queue(args: ModerationQueueArgs): Promise<Connection<ModerationItemEntity>> {
    const query = this.items.createQueryBuilder('m');
    if (args.resolved === true) query.where('m.resolved_at IS NOT NULL');
    if (args.resolved === false) query.where('m.resolved_at IS NULL');
    return paginate(query, args, MOST_RECENT_ACTIVITY);
  }

  loadReport(loaders: RequestLoaders, id: string): Promise<ContentReportEntity | null> {
    return loaders
      .get(REPORT_BY_ID, async (ids) =>
        byKeys(ids, await this.reports.findBy({ id: In([...ids]) }), (r) => r.id),
      )
      .load(id);
  }

  /** The reports of an item's target, newest first; batched over a page of items. */
  reportsOf(loaders: RequestLoaders, item: ModerationItemEntity): Promise<ContentReportEntity[]> {
    return loaders
      .get(REPORTS_OF_TARGET, async (keys) => {
        const rows = await this.reports
          .createQueryBuilder('r')
          .where('r.proposal_id = ANY(:proposals) OR r.comment_id = ANY(:comments)', {
            proposals: idsOfType(keys, 'Proposal'),
            comments: idsOfType(keys, 'Comment'),
          })
          .orderBy('r.created_at', 'DESC')
          .addOrderBy('r.id', 'DESC')
          .getMany();
        return groupByKeys(keys, rows, targetKey);
      })
      .load(targetKey(item));
  }

  /** The decisions on an item, oldest first; batched over a page of items. */
  decisionsOf(loaders: RequestLoaders, itemId: string): Promise<ModerationDecisionEntity[]> {
    return loaders
      .get(DECISIONS_OF_ITEM, async (ids) =>
        groupByKeys(
          ids,
          await this.decisions.find({
            where: { itemId: In([...ids]) },
            order: { createdAt: 'ASC', id: 'ASC' },
          }),
          (d) => d.itemId,
        ),
      )
      .load(itemId);
  }

  /** The queue's item of a target, or null when it was never reported nor moderated. */
  itemOf(loaders: RequestLoaders, ref: ReportableRef): Promise<ModerationItemEntity | null> {
    return loaders
      .get(ITEM_OF_TARGET, async (keys) => {
        const rows = await this.items
          .createQueryBuilder('m')
          .where('m.proposal_id = ANY(:proposals) OR m.comment_id = ANY(:comments)', {
            proposals: idsOfType(keys, 'Proposal'),
            comments: idsOfType(keys, 'Comment'),
          })
          .getMany();
        return byKeys(keys, rows, targetKey);
      })
      .load(`${ref.type}:${ref.id}`);
  }

  /** Applies a decision: the content's hidden flag, the counts, the record, the audit, the author told. */
  private async decide(
    manager: EntityManager,
    target: LockedTarget,
    item: ModerationItemEntity,
    moderatorId: string | null,
    action: ModerationAction,
    note: string,
  ): Promise<ModerationItemEntity> {
    const hide = action === ModerationAction.HIDE;
    const wasHidden = target.hidden;
    await this.setHidden(manager, target, hide);
    const now = await databaseNow(manager);
    if (!hide) {
      item.openReportCount = 0;
      item.openCountedReportCount = 0;
    }
    // Only the automatic hide leaves it so; any person's decision is theirs from then on.
    item.hiddenByReports = hide && moderatorId === null;
    // The automatic hide waits for a moderator; a moderator's decision resolves the item.
    if (moderatorId) item.resolvedAt = now;
    item.activityAt = now;
    const saved = await manager.save(item);
    const decision = await manager.insert(ModerationDecisionEntity, {
      itemId: item.id,
      action,
      moderatorId,
      note,
      contentSnapshot: target.snapshot,
    });
    // The timeline tells when a proposal disappeared and came back; a confirmed hide or a
    // dismissed report changes nothing there. The note stays with the moderators.
    if (target.ref.type === 'Proposal' && wasHidden !== hide) {
      await recordProposalEvent(manager, {
        proposalId: target.ref.id,
        kind: hide ? ProposalEventKind.HIDDEN : ProposalEventKind.RESTORED,
        actor: moderatorId ? { userId: moderatorId } : { system: true },
        at: (decision.generatedMaps[0] as { createdAt: Date }).createdAt,
      });
    }
    await recordAudit(manager, {
      action: hide ? AuditAction.CONTENT_HIDDEN : AuditAction.CONTENT_RESTORED,
      actorId: moderatorId,
      target: { type: target.ref.type, id: target.ref.id },
      note,
      before: wasHidden ? 'hidden' : 'visible',
      after: hide ? 'hidden' : 'visible',
    });
    if (hide && !wasHidden) {
      await contentHidden(manager, moderatorId, {
        type: target.ref.type,
        id: target.ref.id,
        authorId: target.authorId,
        title: target.ref.type === 'Proposal' ? target.proposal!.title : undefined,
      });
    }
    return saved;
  }

  private async setHidden(
    manager: EntityManager,
    target: LockedTarget,
    hidden: boolean,
  ): Promise<void> {
    if (target.hidden === hidden) return;
    if (target.comment) {
      await this.comments.setHidden(manager, target.comment, hidden);
    } else {
      // Plain SQL: moderation is not an edit of the proposal, so updatedAt stays.
      await manager.query('UPDATE proposal SET hidden = $2 WHERE id = $1', [target.ref.id, hidden]);
      target.proposal!.hidden = hidden;
    }
    target.hidden = hidden;
    // Subscribers hear of it: a hidden proposal's watchers are filtered out; counts moved.
    if (target.proposal) proposalChanged(manager, target.proposal);
  }

  /** The target's row locked (no visibility check: callers decide who may see what). */
  private async lockTarget(
    manager: EntityManager,
    ref: ReportableRef,
  ): Promise<LockedTarget | null> {
    if (ref.type === 'Proposal') {
      const proposal = await manager.findOne(ProposalEntity, {
        where: { id: ref.id },
        lock: { mode: 'for_no_key_update' },
      });
      if (!proposal) return null;
      return {
        ref,
        authorId: proposal.authorId,
        hidden: proposal.hidden,
        deleted: false,
        officialComment: false,
        proposal,
        comment: null,
        snapshot: `${proposal.title}\n\n${proposal.body}`,
      };
    }
    const locked = await this.comments.lockForModeration(manager, ref.id);
    if (!locked) return null;
    const { comment, proposal } = locked;
    return {
      ref,
      authorId: comment.authorId,
      hidden: comment.hidden,
      deleted: comment.deletedAt !== null,
      officialComment: comment.isOfficial,
      proposal,
      comment,
      snapshot: comment.body ?? '(deleted by its author)',
    };
  }

  /** What the moderation rules need to know of a target, its author and its queue item. */
  private moderated(
    target: LockedTarget,
    author: UserEntity,
    item: ModerationItemEntity | null,
  ): ModeratedContent {
    return {
      authorId: author.id,
      authorRole: author.role,
      officialComment: target.officialComment,
      hiddenByReports: target.hidden && (item?.hiddenByReports ?? false),
    };
  }

  private reporterStandards(): ReporterStandards {
    return {
      minAccountAgeHours: this.env.MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS,
      suspensionCooldownDays: this.env.MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS,
    };
  }

  /** The target's queue item, created (unsaved counts at zero) on its first report or decision. */
  private async itemFor(
    manager: EntityManager,
    target: LockedTarget,
  ): Promise<ModerationItemEntity> {
    const existing = await manager.findOneBy(ModerationItemEntity, targetWhere(target.ref));
    if (existing) return existing;
    return manager.save(
      manager.create(ModerationItemEntity, {
        ...targetColumns(target.ref),
        reportCount: 0,
        openReportCount: 0,
        openCountedReportCount: 0,
        hiddenByReports: false,
        activityAt: await databaseNow(manager),
      }),
    );
  }

  private async lockUser(
    manager: EntityManager,
    viewer: Viewer,
    userId: string,
  ): Promise<UserEntity> {
    const user = await manager.findOne(UserEntity, {
      where: { id: userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw AppError.notFound('user');
    if (!maySuspend(viewer, user)) {
      throw AppError.forbidden('error.forbidden.suspend');
    }
    return user;
  }
}
