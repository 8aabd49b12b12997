import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Repository } from 'typeorm';
import { isStaffOf } from '../core/access/permissions.js';
import { Role } from '../core/access/role.js';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError } from '../core/errors/app-error.js';
import type { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import { paginateGroups, type GroupedPages } from '../core/graphql/relay/paginate-groups.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { canSeeProposal } from '../proposals/proposal-access.js';
import { ProposalEntity } from '../proposals/proposal.entity.js';
import { UsersService } from '../identity/users.service.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { CommentEntity } from './comment.entity.js';
import { commentBodyFor } from './comment-access.js';
import { OLDEST_FIRST } from './comment-plan.js';
import { COMMENTABLE_TYPES, subjectOf, type CommentSubjectRef } from './comment-subject.js';
import {
  LiveChannel,
  publishAfterCommit,
  type CommentAddedEvent,
} from '../core/live/live-events.js';
import { actingFor, commentAdded } from '../notifications/who-hears-what.js';
import { NotificationActorKind } from '../notifications/notification-kind.js';
import { proposalChanged } from '../proposals/proposal-events.js';
import { lockWorkshop } from '../workshops/registrations.service.js';
import type { AddCommentInput, EditCommentInput } from './dto/comment.inputs.js';

const COMMENT_BY_ID = new LoaderKey<string, CommentEntity | null>('comment-by-id');
const THREADS_OF_SUBJECT = new LoaderKey<string, Connection<CommentEntity>>('threads-of-subject');

/** A subject locked for a write: what the new comment points at and who writes officially. */
interface LockedSubject {
  ref: CommentSubjectRef;
  /** Staff of this department write official comments: the proposal's, the workshop's organizer. */
  officialDepartmentId: string | null;
  title: string;
  /** The proposal when the subject is one (its author hears of comments; its visibility gates events). */
  proposal: ProposalEntity | null;
}
const REPLIES_OF_COMMENT = new LoaderKey<string, Connection<CommentEntity>>('replies-of-comment');

/**
 * Comments and replies. Every change runs in one transaction that locks the subject's row
 * first, so `commentCount` and `replyCount` move with the rows they count, exactly, however
 * many people write at once. Deleted and hidden comments keep their place in the thread and
 * leave the counts, which count what can be read.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(CommentEntity) private readonly comments: Repository<CommentEntity>,
    private readonly proposals: ProposalsService,
    private readonly users: UsersService,
  ) {}

  /** A page's authors, read with it (joinRelations), are in the request's user loader. */
  private primeAuthors(loaders: RequestLoaders, rows: CommentEntity[]): void {
    for (const row of rows) if (row.author) this.users.prime(loaders, row.author);
  }

  load(loaders: RequestLoaders, id: string): Promise<CommentEntity | null> {
    return loaders
      .get(COMMENT_BY_ID, async (ids) =>
        byKeys(ids, await this.comments.findBy({ id: In([...ids]) }), (c) => c.id),
      )
      .load(id);
  }

  /** A comment is visible when its subject is: a thread is read through its proposal. */
  async findVisible(
    loaders: RequestLoaders,
    viewer: Viewer | null,
    id: string,
  ): Promise<CommentEntity | null> {
    const comment = await this.load(loaders, id);
    if (!comment) return null;
    // Workshops are public; a proposal's thread is as visible as the proposal.
    if (comment.workshopId) return comment;
    const proposal = await this.proposals.load(loaders, comment.proposalId!);
    return proposal && canSeeProposal(viewer, proposal) ? comment : null;
  }

  /** The body as `viewer` may read it (comment-access.ts). */
  bodyFor(viewer: Viewer | null, comment: CommentEntity): string | null {
    return commentBodyFor(viewer, comment);
  }

  /**
   * The top-level comments of a subject, oldest first; batched over the subjects of a page
   * (one query for the threads of 20 proposals).
   */
  threadsOf(
    loaders: RequestLoaders,
    subject: CommentSubjectRef,
    args: ConnectionArgs,
  ): Promise<Connection<CommentEntity>> {
    const spec: GroupedPages<CommentEntity> = {
      repository: this.comments,
      alias: 'c',
      groupColumn: COMMENTABLE_TYPES[subject.type],
      where: 'c.parent_id IS NULL',
      ordering: OLDEST_FIRST,
      joinRelations: ['author'],
      withRows: (rows) => this.primeAuthors(loaders, rows),
    };
    return loaders
      .get(
        THREADS_OF_SUBJECT,
        (ids) => paginateGroups(spec, ids, args),
        `${subject.type}:${JSON.stringify(args)}`,
      )
      .load(subject.id);
  }

  /** The replies to a comment, oldest first; batched over the comments of a page. */
  repliesOf(
    loaders: RequestLoaders,
    commentId: string,
    args: ConnectionArgs,
  ): Promise<Connection<CommentEntity>> {
    const spec: GroupedPages<CommentEntity> = {
      repository: this.comments,
      alias: 'c',
      groupColumn: 'parent_id',
      ordering: OLDEST_FIRST,
      joinRelations: ['author'],
      withRows: (rows) => this.primeAuthors(loaders, rows),
    };
    return loaders
      .get(REPLIES_OF_COMMENT, (ids) => paginateGroups(spec, ids, args), JSON.stringify(args))
      .load(commentId);
  }

  async add(viewer: Viewer, input: AddCommentInput): Promise<CommentEntity> {
    return this.db.transaction(async (manager) => {
      const subject = await this.lockSubject(manager, viewer, input.subjectId);
      let parent: CommentEntity | null = null;
      if (input.parentId) {
        parent = await manager.findOne(CommentEntity, {
          where: { id: input.parentId },
          lock: { mode: 'for_no_key_update' },
        });
        if (!parent || !sameSubject(subjectOf(parent), subject.ref)) {
          throw AppError.badField('parentId', 'field.sameSubject');
        }
        if (parent.deletedAt || parent.hidden)
          throw AppError.conflict('error.conflict.commentRemovedNoReplies');
      }
      const comment = await manager.save(
        manager.create(CommentEntity, {
          proposalId: subject.ref.type === 'Proposal' ? subject.ref.id : null,
          workshopId: subject.ref.type === 'Workshop' ? subject.ref.id : null,
          parentId: parent?.id ?? null,
          authorId: viewer.id,
          body: input.body,
          isOfficial: isStaffOf(viewer, subject.officialDepartmentId),
        }),
      );
      await this.adjustCounts(manager, comment, +1);
      const actor = comment.isOfficial
        ? actingFor(viewer, subject.officialDepartmentId!)
        : { kind: NotificationActorKind.USER as const, userId: viewer.id };
      await commentAdded(manager, actor, comment, {
        title: subject.title,
        proposalAuthorId: subject.proposal?.authorId ?? null,
        parentAuthorId: parent?.authorId ?? null,
      });
      const event: CommentAddedEvent = {
        commentId: comment.id,
        subjectId: subject.ref.id,
        proposal: subject.proposal
          ? { hidden: subject.proposal.hidden, authorId: subject.proposal.authorId }
          : null,
      };
      publishAfterCommit(manager, LiveChannel.comments(subject.ref.id), event);
      if (subject.proposal) proposalChanged(manager, subject.proposal);
      return comment;
    });
  }

  /**
   * Hides or restores a comment for moderation, in the moderator's (or the report's)
   * transaction, with the comment's subject and the comment locked by the caller. A hidden
   * comment leaves the counts like a deleted one; restoring it puts it back (unless its
   * author deleted it meanwhile). Returns whether anything changed.
   */
  async setHidden(
    manager: EntityManager,
    comment: CommentEntity,
    hidden: boolean,
  ): Promise<boolean> {
    if (comment.hidden === hidden) return false;
    await manager.update(CommentEntity, { id: comment.id }, { hidden });
    comment.hidden = hidden;
    if (!comment.deletedAt) await this.adjustCounts(manager, comment, hidden ? -1 : +1);
    return true;
  }

  /**
   * Locks a comment for moderation: its subject first, then the comment (the order every
   * comment write takes, so they cannot deadlock). No visibility check: moderators see all.
   */
  async lockForModeration(
    manager: EntityManager,
    id: string,
  ): Promise<{ comment: CommentEntity; proposal: ProposalEntity | null } | null> {
    const found = await manager.findOneBy(CommentEntity, { id });
    if (!found) return null;
    let proposal: ProposalEntity | null = null;
    if (found.workshopId) await lockWorkshop(manager, found.workshopId);
    else {
      proposal = await manager.findOne(ProposalEntity, {
        where: { id: found.proposalId! },
        lock: { mode: 'for_no_key_update' },
      });
    }
    const comment = await manager.findOne(CommentEntity, {
      where: { id },
      lock: { mode: 'for_no_key_update' },
    });
    return comment ? { comment, proposal } : null;
  }

  async edit(viewer: Viewer, input: EditCommentInput): Promise<CommentEntity> {
    return this.db.transaction(async (manager) => {
      const { comment } = await this.lockOwn(manager, viewer, input.id);
      if (comment.deletedAt) throw AppError.conflict('error.conflict.deletedCommentEdit');
      if (comment.hidden) throw AppError.conflict('error.conflict.hiddenCommentEdit');
      comment.body = input.body;
      comment.editedAt = new Date();
      return manager.save(comment);
    });
  }

  /** Idempotent: deleting a deleted comment returns it unchanged and moves no count. */
  async delete(viewer: Viewer, id: string): Promise<CommentEntity> {
    return this.db.transaction(async (manager) => {
      const { comment, proposal } = await this.lockOwn(manager, viewer, id);
      if (comment.deletedAt) return comment;
      const wasCounted = !comment.hidden;
      comment.deletedAt = new Date();
      comment.body = null;
      const saved = await manager.save(comment);
      if (wasCounted) await this.adjustCounts(manager, saved, -1);
      if (proposal) proposalChanged(manager, proposal);
      return saved;
    });
  }

  /**
   * The subject's row, locked, as the viewer may see it. A proposal must be open for comments
   * (not hidden); a workshop is public and always is.
   */
  private async lockSubject(
    manager: EntityManager,
    viewer: Viewer,
    subject: CommentSubjectRef,
  ): Promise<LockedSubject> {
    if (subject.type === 'Workshop') {
      const workshop = await lockWorkshop(manager, subject.id);
      return {
        ref: subject,
        officialDepartmentId: workshop.organizerId,
        title: workshop.title,
        proposal: null,
      };
    }
    const proposal = await manager.findOne(ProposalEntity, {
      where: { id: subject.id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!proposal || !canSeeProposal(viewer, proposal)) throw AppError.notFound('proposal');
    if (proposal.hidden) throw AppError.conflict('error.conflict.hiddenNoComments');
    return {
      ref: subject,
      officialDepartmentId: proposal.departmentId,
      title: proposal.title,
      proposal,
    };
  }

  /**
   * The comment, with its subject's row locked first (the same order as adding, so the two
   * cannot deadlock), when the viewer wrote it or is an admin.
   */
  private async lockOwn(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
  ): Promise<{ comment: CommentEntity; proposal: ProposalEntity | null }> {
    const found = await manager.findOneBy(CommentEntity, { id });
    if (!found) throw AppError.notFound('comment');
    let proposal: ProposalEntity | null = null;
    if (found.workshopId) {
      await lockWorkshop(manager, found.workshopId);
    } else {
      proposal = await manager.findOne(ProposalEntity, {
        where: { id: found.proposalId! },
        lock: { mode: 'for_no_key_update' },
      });
      if (!proposal || !canSeeProposal(viewer, proposal)) throw AppError.notFound('comment');
    }
    const comment = await manager.findOne(CommentEntity, {
      where: { id },
      lock: { mode: 'for_no_key_update' },
    });
    if (!comment) throw AppError.notFound('comment');
    if (comment.authorId !== viewer.id && viewer.role !== Role.ADMIN) {
      throw AppError.forbidden('error.forbidden.changeComment');
    }
    return { comment, proposal };
  }

  private async adjustCounts(
    manager: EntityManager,
    comment: CommentEntity,
    by: 1 | -1,
  ): Promise<void> {
    // Plain SQL: a comment moves the counter, not the proposal's updatedAt. (Workshops keep
    // no comment counter: their thread's totalCount says it.)
    if (comment.proposalId) {
      await manager.query('UPDATE proposal SET comment_count = comment_count + $2 WHERE id = $1', [
        comment.proposalId,
        by,
      ]);
    }
    if (comment.parentId)
      await manager.increment(CommentEntity, { id: comment.parentId }, 'replyCount', by);
  }
}

function sameSubject(a: CommentSubjectRef, b: CommentSubjectRef): boolean {
  return a.type === b.type && a.id === b.id;
}
