import { Field, ObjectType } from '@nestjs/graphql';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { DepartmentEntity } from './department.entity.js';

@ObjectType('Department', { implements: () => [Node] })
export class Department implements Node {
  @NodeIdField()
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;
}
registerNodeType(DepartmentEntity, 'Department');
