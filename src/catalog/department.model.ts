import { Field, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { DepartmentEntity } from './department.entity.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

@ObjectType('Department', { implements: () => [Node] })
export class Department implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.slug)
  slug: string;

  @Field()
  @MaxChars(TEXT_CHARS.name)
  name: string;

  @Field(() => String, { nullable: true })
  @MaxChars(CATALOG_LIMITS.departmentDescription)
  description: string | null;
}
registerNodeType(DepartmentEntity, 'Department');
