import { Field, ObjectType } from '@nestjs/graphql';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { TopicEntity } from './topic.entity.js';

@ObjectType('Topic', { implements: () => [Node] })
export class Topic implements Node {
  @NodeIdField()
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;
}
registerNodeType(TopicEntity, 'Topic');
