import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { MAIL_TOKEN_MAX_CHARS } from '../mail-tokens.js';

/** The token of a mail's link (verifyEmail, unsubscribe): the credential, no log-in needed. */
@ArgsType()
export class MailTokenArgs {
  @Field(() => String)
  @IsString()
  @MaxLength(MAIL_TOKEN_MAX_CHARS)
  token: string;
}
