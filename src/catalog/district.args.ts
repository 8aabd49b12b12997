import { ArgsType, Field } from '@nestjs/graphql';
import { IsSlug, IsText } from '../core/validation/decorators.js';

/** createDistrict's arguments: the same rules as a department's slug and name. */
@ArgsType()
export class CreateDistrictArgs {
  @Field()
  @IsSlug()
  slug: string;

  @Field()
  @IsText(2, 100)
  name: string;
}
