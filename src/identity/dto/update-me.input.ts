import { Field, InputType, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Locale } from '../../core/i18n/locale.js';
import { TIME_ZONE_MAX_CHARS } from '../../core/i18n/time-zone.js';
import { IsDisplayName } from '../../core/validation/decorators.js';

/**
 * What a person may change about themself. An absent field is left as it is; `locale`,
 * `timeZone` and `digestHour` given as null go back to the defaults (the client's language,
 * Asia/Seoul, 8 o'clock).
 */
@InputType()
export class UpdateMeInput {
  @Field(() => String, { nullable: true, description: 'As at signUp; null is refused.' })
  @IsOptional()
  @IsDisplayName()
  displayName?: string | null;

  @Field(() => Locale, {
    nullable: true,
    description: "null: no choice (the client's Accept-Language, else the city's language).",
  })
  @IsOptional()
  @IsEnum(Locale)
  locale?: Locale | null;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone for digests, e.g. Asia/Seoul.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TIME_ZONE_MAX_CHARS)
  timeZone?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Hour of the day (0-23, in timeZone) at which the daily digest is sent.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(23)
  digestHour?: number | null;
}
