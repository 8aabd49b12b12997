import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Allow, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import type { Connection } from '../core/graphql/relay/connection.model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { User } from '../identity/user.model.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UsersService } from '../identity/users.service.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { Proposal } from '../proposals/proposal.model.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { Comment, CommentConnection, Commentable } from './comment.model.js';
import type { CommentEntity } from './comment.entity.js';
import { CommentsService } from './comments.service.js';
import { AddCommentInput, CommentIdArgs, EditCommentInput } from './dto/comment.inputs.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { Workshop } from '../workshops/workshop.model.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { COMMENT_BODY } from './dto/comment.inputs.js';

@Resolver(() => Comment)
export class CommentsResolver {
  constructor(
    private readonly comments: CommentsService,
    private readonly users: UsersService,
    private readonly proposals: ProposalsService,
    private readonly workshops: WorkshopsService,
  ) {}

  @Mutation(() => Comment)
  @Allow(Permission.PARTICIPATE)
  addComment(
    @Args('input') input: AddCommentInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CommentEntity> {
    return this.comments.add(viewer, input);
  }

  @Mutation(() => Comment, { description: 'The author (or an admin); sets editedAt.' })
  @Allow(Permission.PARTICIPATE)
  editComment(
    @Args('input') input: EditCommentInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CommentEntity> {
    return this.comments.edit(viewer, input);
  }

  @Mutation(() => Comment, {
    description:
      'The author (or an admin). The comment keeps its place with body null and deleted true; idempotent.',
  })
  @Allow(Permission.PARTICIPATE)
  deleteComment(
    @Args() { id }: CommentIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<CommentEntity> {
    return this.comments.delete(viewer, id);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Null once deleted by its author or hidden by a moderator (moderators still see it).',
  })
  @MaxChars(COMMENT_BODY[1])
  body(@Parent() comment: CommentEntity, @Context() ctx: RequestContext): string | null {
    return this.comments.bodyFor(viewerOf(ctx), comment);
  }

  @ResolveField(() => Boolean)
  deleted(@Parent() comment: CommentEntity): boolean {
    return comment.deletedAt !== null;
  }

  @ResolveField(() => User)
  async author(
    @Parent() comment: CommentEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity> {
    return (await this.users.load(ctx.loaders, comment.authorId))!;
  }

  @ResolveField(() => Commentable)
  async subject(
    @Parent() comment: CommentEntity,
    @Context() ctx: RequestContext,
  ): Promise<ProposalEntity | WorkshopEntity> {
    return comment.workshopId
      ? (await this.workshops.load(ctx.loaders, comment.workshopId))!
      : (await this.proposals.load(ctx.loaders, comment.proposalId!))!;
  }

  @ResolveField(() => Comment, { nullable: true })
  parent(
    @Parent() comment: CommentEntity,
    @Context() ctx: RequestContext,
  ): Promise<CommentEntity | null> | null {
    return comment.parentId ? this.comments.load(ctx.loaders, comment.parentId) : null;
  }

  @ResolveField(() => CommentConnection, { description: 'Oldest first.' })
  replies(
    @Parent() comment: CommentEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<CommentEntity>> {
    return this.comments.repliesOf(ctx.loaders, comment.id, args);
  }
}

@Resolver(() => Proposal)
export class ProposalCommentsResolver {
  constructor(private readonly commentsService: CommentsService) {}

  @ResolveField(() => CommentConnection, {
    description:
      'Top-level comments, oldest first; replies hang under each. Deleted and hidden ones keep their place.',
  })
  comments(
    @Parent() proposal: ProposalEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<CommentEntity>> {
    return this.commentsService.threadsOf(ctx.loaders, { type: 'Proposal', id: proposal.id }, args);
  }
}

@Resolver(() => Workshop)
export class WorkshopCommentsResolver {
  constructor(private readonly commentsService: CommentsService) {}

  @ResolveField(() => CommentConnection, {
    description: 'Top-level comments, oldest first; replies hang under each.',
  })
  comments(
    @Parent() workshop: WorkshopEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<Connection<CommentEntity>> {
    return this.commentsService.threadsOf(ctx.loaders, { type: 'Workshop', id: workshop.id }, args);
  }
}
