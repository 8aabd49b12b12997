import { Field, ObjectType } from '@nestjs/graphql';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { TopicEntity } from './topic.entity.js';
import { MaxChars } from '../core/graphql/cost-model.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

@ObjectType('Topic', { implements: () => [Node] })
export class Topic implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.slug)
  slug: string;

  @Field()
  @MaxChars(TEXT_CHARS.name)
  name: string;
}
registerNodeType(TopicEntity, 'Topic');
