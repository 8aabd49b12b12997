import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../core/graphql/relay/connection.model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { ProposalEntity } from './proposal.entity.js';
import { ProposalStatus } from './proposal-status.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { PROPOSAL_LIMITS } from './proposal-limits.js';

@ObjectType()
export class Location {
  @Field(() => String, { nullable: true })
  @MaxChars(PROPOSAL_LIMITS.address[1])
  address: string | null;

  @Field(() => Float, { nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true })
  longitude: number | null;
}

/**
 * A citizen's proposal. Relations (author, process, topics, department, location,
 * viewerHasSupported, comments) are field resolvers backed by per-request loaders.
 */
@ObjectType('Proposal', { implements: () => [Node] })
export class Proposal implements Node {
  @NodeIdField()
  id: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(PROPOSAL_LIMITS.title[1])
  title: string;

  @Field({ description: 'Plain text, exactly as written (trimmed, NFC); never HTML.' })
  @MaxChars(PROPOSAL_LIMITS.body[1])
  body: string;

  @Field(() => ProposalStatus)
  status: ProposalStatus;

  @Field(() => Date, { nullable: true })
  responseDueAt: Date | null;

  @Field(() => Int)
  supportCount: number;

  @Field(() => Int, { description: 'Visible comments and replies (neither deleted nor hidden).' })
  commentCount: number;

  @Field(() => Int, { description: 'Implementation progress, 0-100.' })
  progress: number;

  @Field({ description: 'Hidden by moderation; only moderators, admins and the author see it.' })
  hidden: boolean;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}
registerNodeType(ProposalEntity, 'Proposal');

@ObjectType()
export class ProposalConnection extends ConnectionType(Proposal) {}

export enum ProposalOrderField {
  CREATED_AT = 'CREATED_AT',
  SUPPORT_COUNT = 'SUPPORT_COUNT',
  COMMENT_COUNT = 'COMMENT_COUNT',
  RESPONSE_DUE_AT = 'RESPONSE_DUE_AT',
}
registerEnumType(ProposalOrderField, { name: 'ProposalOrderField' });
