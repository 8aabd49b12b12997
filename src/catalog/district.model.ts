import { Field, ObjectType } from '@nestjs/graphql';
import { MaxChars, TEXT_CHARS } from '../core/graphql/cost-model.js';
import { Node, NodeIdField, registerNodeType } from '../core/graphql/relay/node.interface.js';
import { DistrictEntity } from './district.entity.js';

@ObjectType('District', {
  implements: () => [Node],
  description: "A district of the city (Namwon's 읍·면·동): where a resident lives.",
})
export class District implements Node {
  @NodeIdField()
  id: string;

  @Field()
  @MaxChars(TEXT_CHARS.slug)
  slug: string;

  @Field()
  @MaxChars(TEXT_CHARS.name)
  name: string;
}
registerNodeType(DistrictEntity, 'District');
