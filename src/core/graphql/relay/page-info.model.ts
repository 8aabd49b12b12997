import { Field, ObjectType } from '@nestjs/graphql';
import { MaxChars } from '../cost-model.js';
import { TEXT_CHARS } from '../cost-model.js';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  @MaxChars(TEXT_CHARS.cursor)
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  @MaxChars(TEXT_CHARS.cursor)
  endCursor: string | null;
}
