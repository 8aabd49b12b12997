import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'boolean'
      ? value
      : ['1', 'true', 'yes', 'on'].includes(`${value as string}`.toLowerCase());

/**
 * Every environment variable the service reads, with its default. Documented one by one in
 * .env.example and the README; validated at start, so a bad value stops the process with a
 * message naming the variable instead of failing later.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Postgres to use; when unset, an embedded Postgres is started under DATA_DIR. */
  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 5433;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** HMAC secret of the access tokens. Required in production; development keeps one in DATA_DIR. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Seed the demo city on the first start; defaults to on in development with the embedded database. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO_DATA?: boolean;

  /** Days a department has to answer, counted from a proposal's first assignment. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  RESPONSE_DUE_DAYS = 14;

  /**
   * Redis for events between API instances (subscriptions: a client connected to one instance
   * hears what happened on another). Unset: events stay inside this process.
   */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /** Distinct reporters (since the last RESTORE) that hide a proposal or comment automatically. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  MODERATION_HIDE_THRESHOLD = 3;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Introspection is off in production unless this is true. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class EnvironmentError extends Error {}

/** Validates `raw` (process.env) into an Environment, or throws naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (env.isProduction && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: is required in production (at least 32 random characters)');
  }
  if (problems.length) {
    throw new EnvironmentError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return env;
}
