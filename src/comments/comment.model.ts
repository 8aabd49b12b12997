import { createUnionType, Field, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import {
  Node,
  NodeIdField,
  nodeTypeOf,
  registerNodeType,
} from '../core/graphql/relay/node.interface.js';
import { Proposal } from '../proposals/proposal.model.js';
import { Workshop } from '../workshops/workshop.model.js';
import { CommentEntity } from './comment.entity.js';

/** What can be commented on (the contract's union). */
export const Commentable = createUnionType({
  name: 'Commentable',
  types: () => [Proposal, Workshop] as const,
  resolveType: (value: object) => nodeTypeOf(value),
});

/** A comment or reply. `body` and `author` are field resolvers (deletion and moderation). */
@ObjectType('Comment', { implements: () => [Node] })
export class Comment implements Node {
  @NodeIdField()
  id: string;

  @Field(() => Int, { description: 'Visible direct replies.' })
  replyCount: number;

  @Field({
    description:
      'Written by staff of the department the proposal was assigned to at the time (of a workshop: its organizer).',
  })
  isOfficial: boolean;

  @Field()
  hidden: boolean;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  editedAt: Date | null;
}
registerNodeType(CommentEntity, 'Comment');

@ObjectType()
export class CommentConnection extends ConnectionType(Comment) {}
