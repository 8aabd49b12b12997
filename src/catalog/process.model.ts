import { Field, Int, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../core/graphql/cost-model.js';
import { CATALOG_LIMITS } from './catalog-limits.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { ProcessEntity } from './process.entity.js';
import { TEXT_CHARS } from '../core/graphql/cost-model.js';

@ObjectType('Phase')
export class Phase {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.title)
  title: string;

  @Field(() => Int, { description: '1-based order within the process.' })
  position: number;

  @Field(() => Date, { nullable: true })
  startsAt: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt: Date | null;
}

@ObjectType('ParticipatoryProcess', {
  implements: () => [Node],
  description:
    'A participation space with phases, e.g. the 5-stage service-design process of a city project.',
})
export class ParticipatoryProcess implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.slug)
  slug: string;

  @Field()
  @MaxChars(TEXT_CHARS.title)
  title: string;

  @Field(() => String, { nullable: true })
  @MaxChars(CATALOG_LIMITS.processDescription)
  description: string | null;
}
registerNodeType(ProcessEntity, 'ParticipatoryProcess');
