import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import {
  OTLP_HEADERS,
  OTLP_PROTOCOLS,
  SAMPLERS,
  type OtlpProtocol,
  type SamplerName,
} from '../tracing/otel-names.js';
import { Locale, LOCALES } from '../i18n/locale.js';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : typeof value === 'boolean'
      ? value
      : ['1', 'true', 'yes', 'on'].includes(`${value as string}`.toLowerCase());
const toNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
/** An empty value (`VAR=`, as compose passes a variable left unset) counts as unset. */
const emptyAsUnset = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
const OTLP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const HTTP_URL = OTLP_URL;
const SMTP_URL = { require_tld: false, require_protocol: true, protocols: ['smtp', 'smtps'] };

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

  /**
   * Interface the HTTP server listens on. Unset: 127.0.0.1 (this machine only) outside
   * production, where the demo accounts' password is public; 0.0.0.0 in production (and so in
   * its container). Filled in by validateEnvironment.
   */
  @IsString()
  HOST!: string;

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

  /**
   * Webhook URLs may resolve to loopback and private addresses (tests, development only: a
   * subscriber could otherwise make the server call into the city's own network). Refused in
   * production.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  WEBHOOKS_ALLOW_PRIVATE_URLS?: boolean;

  /** Days a department has to answer, counted from a proposal's first assignment. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  RESPONSE_DUE_DAYS = 14;

  /** Days before a proposal's responseDueAt that its department's staff are reminded (once). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  REMINDER_DAYS_BEFORE_DUE = 3;

  /**
   * Where the job queue (reminders, overdue escalation, workshop reminders) runs: `inline`
   * inside each API process, or `separate`: the API runs no jobs and `npm run worker` does.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? 'inline' : value,
  )
  @IsIn(['inline', 'separate'])
  WORKER: 'inline' | 'separate' = 'inline';

  /** The language of people who chose none and whose client asks for none we have. */
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? Locale.KO : value,
  )
  @IsIn(LOCALES)
  DEFAULT_LOCALE: Locale = Locale.KO;

  /**
   * The mail server (smtp:// or smtps://user:pass@host:port). Unset: mail is written as .eml
   * files under DATA_DIR/mail/ and logged, for development.
   */
  @IsOptional()
  @IsUrl(SMTP_URL, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * The municipality, where a file must name it: the `unit` of a budget's Pabulib export. The
   * country is the ISO 3166 name Pabulib's checker knows (Korea, Republic of).
   */
  @IsString()
  @MinLength(1)
  CITY_NAME = '남원시';

  @IsString()
  @MinLength(2)
  CITY_COUNTRY = 'Korea, Republic of';

  /** The From of every mail Wontak sends: an address, optionally with a name. */
  @IsString()
  @MinLength(3)
  MAIL_FROM = '원탁 Wontak <no-reply@wontak.localhost>';

  /**
   * The public front end the mails link to: {PUBLIC_WEB_URL}/verify-email?token=..,
   * /unsubscribe?token=.., /proposals/{id}.
   */
  @IsUrl(HTTP_URL, { message: 'PUBLIC_WEB_URL must be an http(s) URL' })
  PUBLIC_WEB_URL = 'http://localhost:5173';

  /**
   * This API as the public reaches it, for the one-click unsubscribe of List-Unsubscribe-Post
   * (RFC 8058): {PUBLIC_API_URL}/mail/unsubscribe?token=..
   */
  @IsUrl(HTTP_URL, { message: 'PUBLIC_API_URL must be an http(s) URL' })
  PUBLIC_API_URL = 'http://localhost:3000';

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

  /**
   * Hours a citizen's account must exist before their reports count toward the automatic hide
   * (0: at once). Younger accounts still report; moderators read those reports in the queue.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(8760)
  MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS = 72;

  /**
   * Days after the end of a suspension during which the user's reports do not count toward the
   * automatic hide (0: from the end of the suspension).
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  MODERATION_REPORTER_SUSPENSION_COOLDOWN_DAYS = 90;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Introspection is off in production unless this is true. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  // ---- abuse limits (the contract README's defaults) -----------------------------------------

  /** Deepest selection a document may nest (introspection excepted). */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 30;

  /** Lexical tokens of one document: stops huge documents before they are even parsed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(100_000)
  GRAPHQL_MAX_TOKENS = 2000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_MAX_DIRECTIVES = 20;

  /**
   * Cost of one operation, an upper bound on its answer (core/graphql/cost-model.ts): every
   * field costs 1, a text 1 per 100 characters of its longest value, and what a list selects
   * counts as many times as it may hold items. The default lets a page of 100 proposals with
   * their bodies, authors and departments through (about 11,000), and a page of 20 comments
   * with 10 replies each, and refuses a page of 100 inside a page of 100.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  GRAPHQL_MAX_COST = 20_000;

  /** An operation costing this much or more is "expensive" for GRAPHQL_EXPENSIVE_PER_CLIENT. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  GRAPHQL_EXPENSIVE_COST = 5000;

  /** Expensive operations one client (user, else address) may have running at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  GRAPHQL_EXPENSIVE_PER_CLIENT = 2;

  /**
   * The cost of all the operations running at once in this process: what its memory is sized
   * for (a cost unit is at most ~500 bytes of answer, cost-model.ts). An operation that would pass
   * it waits, in arrival order, up to GRAPHQL_COST_QUEUE_MS, then is SERVICE_UNAVAILABLE.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100_000_000)
  GRAPHQL_COST_IN_FLIGHT = 40_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  GRAPHQL_COST_QUEUE_MS = 5000;

  /**
   * Parsed and validated documents kept for reuse (Apollo's document store), in kilobytes of
   * their JSON size: bounded, whatever documents clients send.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_048_576)
  GRAPHQL_DOCUMENT_CACHE_KB = 4096;

  /**
   * Anonymous and people's requests may run only trusted documents (registered with `npm run
   * cli -- documents:register`), sent by hash or in full; anything else is
   * PERSISTED_QUERY_NOT_IN_LIST. API clients keep arbitrary documents, within their budget.
   */
  @Transform(toBool)
  @IsBoolean()
  TRUSTED_DOCUMENTS_ONLY = false;

  /**
   * The hot reads (`proposals`, `proposal` and what they carry) planned as one SQL statement
   * from the selection set (src/core/graphql/planning). `false` serves them through the field
   * resolvers, as before issue 21: for comparing the two (`npm run bench -- --compare`).
   */
  @Transform(toBool)
  @IsBoolean()
  QUERY_PLANNER = true;

  /** Largest request body, in kilobytes: larger ones are answered 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_240)
  REQUEST_BODY_LIMIT_KB = 100;

  /** false turns the rate limits (not the query limits) off, for load tests. */
  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** logIn attempts a minute, per client IP and, separately, per email address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOG_IN_PER_MINUTE = 10;

  /**
   * Failed log-ins in 15 minutes per (address, email) and per email. Past the first, that
   * address waits for that email; past the second, every address that has failed on the email
   * waits, and an address that has not failed still gets in with the right password.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_LOG_IN_FAILURES = 10;

  /** signUp calls an hour per client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_SIGN_UP_PER_HOUR = 5;

  /** Mutations a minute per signed-in user (per IP for the anonymous ones). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  RATE_LIMIT_WRITES_PER_MINUTE = 60;

  /** Prefix of the rate-limit counters in Redis (instances that share limits share it). */
  @IsString()
  RATE_LIMIT_REDIS_PREFIX = 'wontak:rate:';

  /** Query root fields a minute per client IP. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_READS_PER_MINUTE = 600;

  /**
   * HTTP requests to /graphql a minute per client address (IPv6 by /64), counted before the
   * body is read: documents that reach no root field, or fail to parse, count too.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_REQUESTS_PER_MINUTE = 1200;

  /**
   * Operation cost a minute per client (the signed-in user, else the address), charged before
   * an operation runs: ten of the largest operations a minute, or about a hundred pages of 20
   * proposals with their bodies.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(100_000_000)
  RATE_LIMIT_COST_PER_MINUTE = 200_000;

  /**
   * Without Redis, the clients each rate-limit bucket counts on its own within its window;
   * past it new clients share one allowance (key-cap.ts). A city's distinct clients in a
   * minute are far fewer; a counter takes a few hundred bytes, so the buckets together stay
   * within a few tens of MB whatever arrives, from however many addresses.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  RATE_LIMIT_CLIENTS_PER_BUCKET = 20_000;

  /**
   * Express's `trust proxy`: how the client IP is found behind a TLS proxy or load balancer
   * (`1` for one proxy, `loopback`, a subnet list...). Unset: the socket's address, so a
   * client cannot choose its own IP with X-Forwarded-For.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /**
   * Browser origins allowed to call the API from another site, comma-separated
   * (`https://wontak.namwon.go.kr,https://app.example`). Unset: no cross-origin browser calls.
   */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** Longest wait for in-flight requests on SIGTERM before their connections are cut. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  // ---- WebSocket limits (subscriptions; a message is capped by REQUEST_BODY_LIMIT_KB) -------

  /**
   * WebSocket connections open at once from one client address (IPv6 by /64), per instance,
   * the address read as TRUST_PROXY says. Past it the upgrade is answered 429. Raise it when
   * many people share one address (a city hall's NAT).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  WS_MAX_CONNECTIONS_PER_IP = 20;

  /** Subscriptions running at once on one connection; past it the next is RATE_LIMITED. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION = 25;

  /**
   * Subscriptions running at once in this process, all connections together: every event is
   * resolved once per subscriber, so this bounds the work of one event. Past it the next is
   * SERVICE_UNAVAILABLE.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  WS_MAX_SUBSCRIPTIONS = 10_000;

  /**
   * Cost (as GRAPHQL_MAX_COST counts it) of one subscription's selection: it is resolved again
   * at every event, for every subscriber, for as long as the subscription lasts, so it is held
   * to the object itself (a proposal with its author, department and topics costs about 150, a
   * comment 60, a notification 10), not to pages of lists, which a client reads over HTTP.
   * Past it the subscription is QUERY_TOO_COMPLEX.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  WS_MAX_SUBSCRIPTION_COST = 1000;

  /**
   * Kilobytes the server may hold for one connection that its client has not read yet; past
   * it the connection is closed with 1013 (the client reconnects), so a client that never
   * reads cannot make the server buffer without end.
   */
  @Transform(toInt)
  @IsInt()
  @Min(16)
  @Max(1_048_576)
  WS_MAX_BUFFERED_KB = 1024;

  // ---- metrics (GET /metrics, Prometheus; docs/operations.md, "Metrics") ---------------------

  /**
   * Bearer token every scrape of /metrics must present (`Authorization: Bearer <token>`), in any
   * environment. In production /metrics is off (404) unless this or METRICS_PORT is set.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters long' })
  METRICS_TOKEN?: string;

  /**
   * A port of its own for /metrics (on HOST), for a monitoring network the public does not
   * reach; the API's port then answers /metrics with 404. 0: any free port (tests).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  // ---- traces (OpenTelemetry over OTLP/HTTP; docs/operations.md, "Traces") -----------------
  // The standard OTEL_* variables. Tracing is on only when an OTLP endpoint is set; otherwise
  // nothing of it is installed and it costs nothing (src/core/tracing/).

  /** The collector's base URL (`http://collector:4318`); spans go to its `/v1/traces`. */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsUrl(OTLP_URL, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** The full URL spans are posted to, when it is not the base endpoint's `/v1/traces`. */
  @IsOptional()
  @Transform(emptyAsUnset)
  @IsUrl(OTLP_URL, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsIn(OTLP_PROTOCOLS, {
    message: `OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${OTLP_PROTOCOLS.join(', ')} (gRPC is not built in: use the collector's HTTP port, 4318)`,
  })
  OTEL_EXPORTER_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

  /** Headers sent with every export (an API key of a hosted backend), read by the exporter. */
  @IsOptional()
  @Transform(emptyAsUnset)
  @Matches(OTLP_HEADERS, {
    message: 'OTEL_EXPORTER_OTLP_HEADERS must be comma-separated key=value pairs',
  })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  /** Longest wait for one export, in milliseconds (the exporter's default: 10,000). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600_000)
  OTEL_EXPORTER_OTLP_TIMEOUT?: number;

  @IsOptional()
  @Transform(emptyAsUnset)
  @IsIn(['gzip', 'none'])
  OTEL_EXPORTER_OTLP_COMPRESSION?: 'gzip' | 'none';

  /** `service.name` of every span. */
  @IsString()
  @MinLength(1)
  OTEL_SERVICE_NAME = 'wontak';

  /** More resource attributes, `key=value` comma-separated (`deployment.environment.name=prod`). */
  @IsOptional()
  @Transform(emptyAsUnset)
  @Matches(OTLP_HEADERS, {
    message: 'OTEL_RESOURCE_ATTRIBUTES must be comma-separated key=value pairs',
  })
  OTEL_RESOURCE_ATTRIBUTES?: string;

  /** true turns tracing off even with an endpoint set. */
  @Transform(toBool)
  @IsBoolean()
  OTEL_SDK_DISABLED = false;

  @IsIn(SAMPLERS)
  OTEL_TRACES_SAMPLER: SamplerName = 'parentbased_always_on';

  /** The share of new traces kept by the `traceidratio` samplers, from 0 to 1. */
  @IsOptional()
  @Transform(toNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  OTEL_TRACES_SAMPLER_ARG?: number;

  /** Milliseconds between two exports of the spans that ended meanwhile. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(600_000)
  OTEL_BSP_SCHEDULE_DELAY = 5000;

  /** Ended spans waiting for export at most; past it new ones are dropped (bounded memory). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  OTEL_BSP_MAX_QUEUE_SIZE = 2048;

  get corsOrigins(): string[] {
    return (this.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class EnvironmentError extends Error {}

/** Validates `raw` (process.env) into an Environment, or throws naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  env.HOST ||= env.isProduction ? '0.0.0.0' : '127.0.0.1';
  const problems = validateSync(env, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`),
  );
  if (env.isProduction && !env.JWT_SECRET) {
    problems.push('JWT_SECRET: is required in production (at least 32 random characters)');
  }
  if (env.isProduction && env.WEBHOOKS_ALLOW_PRIVATE_URLS) {
    problems.push('WEBHOOKS_ALLOW_PRIVATE_URLS: must not be true in production');
  }
  if (env.METRICS_PORT && env.METRICS_PORT === env.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (unset it to serve /metrics on PORT)');
  }
  if (problems.length) {
    throw new EnvironmentError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return env;
}
