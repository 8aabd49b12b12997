import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NodeRegistry } from '../core/graphql/relay/node-registry.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { CommentEntity } from './comment.entity.js';
import {
  CommentsResolver,
  ProposalCommentsResolver,
  WorkshopCommentsResolver,
} from './comments.resolver.js';
import { WorkshopsModule } from '../workshops/workshops.module.js';
import { CommentLiveResolver } from './comment-live.resolver.js';
import { CommentsService } from './comments.service.js';

/** Discussion: comments and replies on proposals and workshops. */
@Module({
  imports: [TypeOrmModule.forFeature([CommentEntity]), ProposalsModule, WorkshopsModule],
  providers: [
    CommentsService,
    CommentsResolver,
    ProposalCommentsResolver,
    WorkshopCommentsResolver,
    CommentLiveResolver,
  ],
  exports: [CommentsService],
})
export class CommentsModule implements OnModuleInit {
  constructor(
    private readonly nodes: NodeRegistry,
    private readonly comments: CommentsService,
  ) {}

  onModuleInit(): void {
    // node(id) shows a comment when its subject is visible to the viewer.
    this.nodes.register('Comment', (ids, ctx) =>
      Promise.all(
        ids.map((id) => this.comments.findVisible(ctx.loaders, ctx.req.viewer ?? null, id)),
      ),
    );
  }
}
