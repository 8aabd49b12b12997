import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { createHash } from 'node:crypto';
import type { Viewer } from '../auth/viewer.js';
import { Environment } from '../config/environment.js';
import { AppError } from '../errors/app-error.js';
import { Metrics } from '../metrics/metrics.js';
import { normalizeEmail } from '../validation/text.js';
import { addressKey, type ClientKey } from './client-key.js';
import { KeyCap } from './key-cap.js';

/** The Redis client the counters live in, or null: counters in this process. */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/** The buckets of the rate limits (SECURITY.md, "Limits"). */
type Bucket =
  | 'logInPerIp'
  | 'logInFailuresPerPair'
  | 'logInFailuresPerEmail'
  | 'signUpPerIp'
  | 'verificationEmailsPerUser'
  | 'writes'
  | 'reads'
  | 'requests'
  | 'cost';

/** One root field about to run, as the rules need it. */
export interface RootFieldCall {
  operation: 'query' | 'mutation' | 'subscription';
  fieldName: string;
  args: Record<string, unknown>;
  viewer: Viewer | null;
  /** The client's address (Express's req.ip, which TRUST_PROXY governs); null when unknown. */
  ip: string | null;
}

/**
 * The rate limits (rate-limiter-flexible), counted in Redis when there is one (shared by every
 * API instance, with this process's memory as insurance if Redis fails), else in this process.
 * RATE_LIMIT_ENABLED=false turns them off.
 *
 * - `requests`: every HTTP request to /graphql per address, counted at the door before its
 *   body is read, so that documents that reach no root field (`{ __typename }`, parse and
 *   validation failures, refused introspection) are not free.
 * - `cost`: each operation's cost (core/graphql/cost-model.ts) per client (user, API client,
 *   else address), charged before it runs; an API client with a limit of its own
 *   (costLimitPerMinute) is counted against that limit instead of RATE_LIMIT_COST_PER_MINUTE.
 * - `reads`: query root fields per address; `writes`: mutation root fields per user (per
 *   address for anonymous ones); `signUpPerIp`; `verificationEmailsPerUser` (resendVerificationEmail,
 *   which sends a mail each time: VERIFICATION_EMAILS_PER_HOUR a user, besides their writes).
 * - Log-in: attempts per address (`logInPerIp`), counted before the password is checked. Failed
 *   attempts are counted per (address, email) and per email: a pair past its failures waits,
 *   and an email past its failures is refused only from addresses that have failed on it, so
 *   that nobody can lock a citizen out of their own account by failing on purpose, while a
 *   guesser spread over many addresses gets one guess from each before it waits.
 *
 * Every key is bounded in length (emails are hashed), and without Redis each bucket counts at
 * most RATE_LIMIT_CLIENTS_PER_BUCKET clients on their own (key-cap.ts), so the counters' memory is bounded
 * whatever clients send and from however many addresses.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly buckets: Record<Bucket, RateLimiterAbstract> | null;
  /** Without Redis, the clients each bucket counts in memory (with Redis, Redis holds them). */
  private readonly caps = new Map<Bucket, KeyCap>();
  /**
   * API clients with a cost budget of their own (api_client.cost_limit_per_minute): one bucket
   * per limit, since a bucket's points are fixed, made on first use (admins set few limits).
   */
  private readonly clientCostBuckets = new Map<number, RateLimiterAbstract>();
  private makeCostBucket: ((limit: number) => RateLimiterAbstract) | null = null;
  /** An API client's own limit by its account's id (src/api-clients registers it); null: none. */
  private clientCostLimit: (userId: string) => Promise<number | null> = () => Promise.resolve(null);

  constructor(
    private readonly env: Environment,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null,
    private readonly metrics: Metrics,
  ) {
    if (!env.RATE_LIMIT_ENABLED) {
      this.buckets = null;
      return;
    }
    const bucket = (name: Bucket, points: number, duration: number, prefix: string = name) => {
      const memory = new RateLimiterMemory({ keyPrefix: prefix, points, duration });
      if (!redis) {
        if (!this.caps.has(name))
          this.caps.set(name, new KeyCap(env.RATE_LIMIT_CLIENTS_PER_BUCKET, duration * 1000));
        return memory;
      }
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${env.RATE_LIMIT_REDIS_PREFIX}${prefix}`,
        points,
        duration,
        // Redis down: count in this process rather than refuse or wave everything through.
        insuranceLimiter: memory,
      });
    };
    const failures = env.RATE_LIMIT_LOG_IN_FAILURES;
    this.buckets = {
      logInPerIp: bucket('logInPerIp', env.RATE_LIMIT_LOG_IN_PER_MINUTE, 60),
      logInFailuresPerPair: bucket('logInFailuresPerPair', failures, LOG_IN_FAILURE_WINDOW_S),
      logInFailuresPerEmail: bucket('logInFailuresPerEmail', failures, LOG_IN_FAILURE_WINDOW_S),
      signUpPerIp: bucket('signUpPerIp', env.RATE_LIMIT_SIGN_UP_PER_HOUR, 3600),
      verificationEmailsPerUser: bucket(
        'verificationEmailsPerUser',
        VERIFICATION_EMAILS_PER_HOUR,
        3600,
      ),
      writes: bucket('writes', env.RATE_LIMIT_WRITES_PER_MINUTE, 60),
      reads: bucket('reads', env.RATE_LIMIT_READS_PER_MINUTE, 60),
      requests: bucket('requests', env.RATE_LIMIT_REQUESTS_PER_MINUTE, 60),
      cost: bucket('cost', env.RATE_LIMIT_COST_PER_MINUTE, 60),
    };
    this.makeCostBucket = (limit) => bucket('cost', limit, 60, `cost:${limit}`);
  }

  /** How API clients' own cost limits are found (src/api-clients), by their account's id. */
  useClientCostLimits(lookup: (userId: string) => Promise<number | null>): void {
    this.clientCostLimit = lookup;
  }

  get enabled(): boolean {
    return this.buckets !== null;
  }

  /**
   * Counts one root field call against its buckets; RATE_LIMITED (with `retryAfter`, the
   * longest wait of the buckets it is past) when any of them is spent.
   */
  async check(call: RootFieldCall): Promise<void> {
    if (!this.buckets) return;
    const ip = `ip:${addressKey(call.ip)}`;
    const charges: [Bucket, string][] = [];
    if (call.operation === 'mutation') {
      if (call.fieldName === 'logIn') {
        charges.push(['logInPerIp', ip]);
      } else if (call.fieldName === 'signUp') {
        charges.push(['signUpPerIp', ip]);
      } else {
        charges.push(['writes', call.viewer ? `user:${call.viewer.id}` : ip]);
        if (call.fieldName === 'resendVerificationEmail' && call.viewer)
          charges.push(['verificationEmailsPerUser', `user:${call.viewer.id}`]);
      }
    } else if (call.operation === 'query') {
      charges.push(['reads', ip]);
    }
    const waits = await Promise.all(charges.map(([name, key]) => this.consume(name, key)));
    if (call.operation === 'mutation' && call.fieldName === 'logIn') {
      const email = emailOf(call.args);
      if (email) waits.push(await this.logInFailureWait(ip, email));
    }
    throwIfWaiting(waits);
  }

  /** One HTTP request at the door, per address (`requests`). */
  async checkRequest(ip: string | null | undefined): Promise<void> {
    if (!this.buckets) return;
    throwIfWaiting([await this.consume('requests', `ip:${addressKey(ip)}`)]);
  }

  /**
   * One request to the OAuth token endpoint (src/api-clients), per address: a secret guessed
   * there is a password guessed, so it shares the log-in allowance (`logInPerIp`, its own key).
   */
  async checkTokenRequest(ip: string | null | undefined): Promise<void> {
    if (!this.buckets) return;
    throwIfWaiting([await this.consume('logInPerIp', `oauth:${addressKey(ip)}`)]);
  }

  /** An operation's cost, charged to its client's budget before it runs (`cost`). */
  async chargeCost(client: ClientKey, cost: number): Promise<void> {
    if (!this.buckets) return;
    const limiter = await this.costBucketOf(client);
    throwIfWaiting([await this.consume('cost', client, Math.max(1, Math.ceil(cost)), limiter)]);
  }

  /** The cost `client` has been charged in the current minute (0 with the limits off). */
  async costUsed(client: ClientKey): Promise<number> {
    if (!this.buckets) return 0;
    const limiter = await this.costBucketOf(client);
    const counted = await limiter.get(this.counted('cost', client)).catch(() => null);
    return counted?.consumedPoints ?? 0;
  }

  /** An API client's own bucket when it has a limit of its own, else the shared one. */
  private async costBucketOf(client: ClientKey): Promise<RateLimiterAbstract> {
    if (!client.startsWith('client:')) return this.buckets!.cost;
    let limit: number | null = null;
    try {
      limit = await this.clientCostLimit(client.slice('client:'.length));
    } catch (error) {
      this.logger.error({ err: error }, "An API client's cost limit could not be read");
    }
    if (limit === null || !this.makeCostBucket) return this.buckets!.cost;
    let limiter = this.clientCostBuckets.get(limit);
    if (!limiter) this.clientCostBuckets.set(limit, (limiter = this.makeCostBucket(limit)));
    return limiter;
  }

  /** A failed log-in: counts against the (address, email) pair and the email. */
  async noteLogInFailure(ip: string | null | undefined, email: unknown): Promise<void> {
    const normalized = typeof email === 'string' ? accountEmail(email) : null;
    if (!this.buckets || !normalized) return;
    const { pair, account } = logInKeys(`ip:${addressKey(ip)}`, normalized);
    await Promise.all([
      this.penalize('logInFailuresPerPair', pair),
      this.penalize('logInFailuresPerEmail', account),
    ]);
  }

  /** A successful log-in clears its pair's failures (a typo or two is forgotten). */
  async noteLogInSuccess(ip: string | null | undefined, email: unknown): Promise<void> {
    const normalized = typeof email === 'string' ? accountEmail(email) : null;
    if (!this.buckets || !normalized) return;
    const { pair } = logInKeys(`ip:${addressKey(ip)}`, normalized);
    await this.buckets.logInFailuresPerPair
      .delete(this.counted('logInFailuresPerPair', pair))
      .catch(() => undefined);
  }

  /**
   * How long this address must wait before trying this email again: while its own failures on
   * the email are spent, or while the email's failures are spent and this address is one of
   * those that failed. An address that has not failed on the email waits for nothing here.
   */
  private async logInFailureWait(ip: string, email: string): Promise<number> {
    const { pair, account } = logInKeys(ip, email);
    const limit = this.env.RATE_LIMIT_LOG_IN_FAILURES;
    try {
      const [own, all] = await Promise.all([
        this.buckets!.logInFailuresPerPair.get(this.counted('logInFailuresPerPair', pair)),
        this.buckets!.logInFailuresPerEmail.get(this.counted('logInFailuresPerEmail', account)),
      ]);
      const ownFailures = own?.consumedPoints ?? 0;
      if (own && ownFailures >= limit) {
        this.metrics.rateLimitRefusals.inc({ bucket: 'logInFailuresPerPair' });
        return Math.max(1, own.msBeforeNext);
      }
      if (own && ownFailures > 0 && all && all.consumedPoints >= limit) {
        this.metrics.rateLimitRefusals.inc({ bucket: 'logInFailuresPerEmail' });
        return Math.max(1, Math.min(own.msBeforeNext, all.msBeforeNext));
      }
      return 0;
    } catch (error) {
      this.logger.error({ err: error }, 'Log-in failures could not be read');
      return 0;
    }
  }

  /** The key a client is counted under in `name` (KeyCap: shared past the bucket's cap). */
  private counted(name: Bucket, key: string): string {
    return this.caps.get(name)?.keyFor(key) ?? key;
  }

  /** Consumes points; 0 when allowed, else how long to wait. */
  private async consume(
    name: Bucket,
    key: string,
    points = 1,
    limiter: RateLimiterAbstract = this.buckets![name],
  ): Promise<number> {
    try {
      await limiter.consume(this.counted(name, key), points);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        this.metrics.rateLimitRefusals.inc({ bucket: name });
        return Math.max(1, rejection.msBeforeNext);
      }
      // Neither Redis nor the insurance could count: let the call through, and say so.
      this.logger.error({ err: rejection }, `Rate limit ${name} could not be counted`);
      return 0;
    }
  }

  /** Adds a point without refusing anything (failures are counted after the fact). */
  private async penalize(name: Bucket, key: string): Promise<void> {
    try {
      await this.buckets![name].penalty(this.counted(name, key), 1);
    } catch (error) {
      this.logger.error({ err: error }, `Rate limit ${name} could not be counted`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => {});
  }
}

/**
 * Verification mails a user may ask for in an hour (resendVerificationEmail): enough for a mail
 * lost in a spam folder, too few to make Wontak mail someone's inbox full.
 */
export const VERIFICATION_EMAILS_PER_HOUR = 3;

/** Failed log-ins are remembered this long (per pair and per email): RATE_LIMIT_LOG_IN_FAILURES. */
const LOG_IN_FAILURE_WINDOW_S = 15 * 60;

function throwIfWaiting(waits: number[]): void {
  const retryAfterMs = Math.max(0, ...waits);
  if (retryAfterMs > 0) throw AppError.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/** The keys of an email's failures: hashed, so a key's length never depends on the input. */
function logInKeys(ip: string, email: string): { pair: string; account: string } {
  const hashed = createHash('sha256').update(email).digest('base64url');
  return { pair: `${ip}|${hashed}`, account: `email:${hashed}` };
}

/** The email as accounts store it, or null when it could be no account's (empty, too long). */
function accountEmail(email: string): string | null {
  const normalized = normalizeEmail(email);
  return normalized.length > 0 && normalized.length <= 320 ? normalized : null;
}

/** The email of a logIn's input, as accounts store it (trimmed, lower-case). */
function emailOf(args: Record<string, unknown>): string | null {
  const input = args.input as { email?: unknown } | undefined;
  return typeof input?.email === 'string' ? accountEmail(input.email) : null;
}
