import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { IsDisplayName } from '../../core/validation/decorators.js';
import { english, text } from '../../core/i18n/text.js';
import { normalizeEmail } from '../../core/validation/text.js';
import { IsAcceptablePassword } from '../password-rules.js';

@InputType()
export class SignUpInput {
  @Field()
  @Transform(({ value }) => (typeof value === 'string' ? normalizeEmail(value) : value))
  @IsEmail({}, { message: (args) => english(text('field.validEmail', { field: args.property })) })
  @MaxLength(254)
  email: string;

  /** Not trimmed or normalised: a password is exactly what the user typed. */
  @Field()
  @IsAcceptablePassword()
  password: string;

  @Field({
    description:
      '2-50 characters, at least 2 of them visible; no characters that change the direction of text.',
  })
  @IsDisplayName()
  displayName: string;
}

/** Checked by passport-local, not here: a wrong-looking email simply does not match an account. */
@InputType()
export class LogInInput {
  @Field()
  @IsString()
  email: string;

  @Field()
  @IsString()
  password: string;
}
