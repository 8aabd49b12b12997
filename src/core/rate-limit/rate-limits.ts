import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Viewer } from '../auth/viewer.js';
import { Environment } from '../config/environment.js';
import { AppError } from '../errors/app-error.js';

/** The Redis client the counters live in, or null: counters in this process. */
export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/** The buckets of the contract README's rate limits. */
type Bucket = 'logInPerIp' | 'logInPerEmail' | 'signUpPerIp' | 'writes' | 'reads';

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
 * The rate limits (rate-limiter-flexible): log-in per IP and, separately, per email; sign-up
 * per IP; writes (every mutation root field) per signed-in user, per IP for anonymous ones;
 * reads (every query root field) per IP. Counted before the resolver runs, so while a log-in
 * is limited even the right password waits. With Redis the counters are shared by every API
 * instance (and fall back to this process's memory if Redis fails); without, per process.
 * RATE_LIMIT_ENABLED=false turns them off.
 */
@Injectable()
export class RateLimits implements OnApplicationShutdown {
  private readonly logger = new Logger('RateLimits');
  private readonly buckets: Record<Bucket, RateLimiterAbstract> | null;

  constructor(
    private readonly env: Environment,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null,
  ) {
    if (!env.RATE_LIMIT_ENABLED) {
      this.buckets = null;
      return;
    }
    const bucket = (name: Bucket, points: number, duration: number) => {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${env.RATE_LIMIT_REDIS_PREFIX}${name}`,
        points,
        duration,
        // Redis down: count in this process rather than refuse or wave everything through.
        insuranceLimiter: memory,
      });
    };
    this.buckets = {
      logInPerIp: bucket('logInPerIp', env.RATE_LIMIT_LOG_IN_PER_MINUTE, 60),
      logInPerEmail: bucket('logInPerEmail', env.RATE_LIMIT_LOG_IN_PER_MINUTE, 60),
      signUpPerIp: bucket('signUpPerIp', env.RATE_LIMIT_SIGN_UP_PER_HOUR, 3600),
      writes: bucket('writes', env.RATE_LIMIT_WRITES_PER_MINUTE, 60),
      reads: bucket('reads', env.RATE_LIMIT_READS_PER_MINUTE, 60),
    };
  }

  /**
   * Counts one root field call against its buckets; RATE_LIMITED (with `retryAfter`, the
   * longest wait of the buckets it is past) when any of them is spent.
   */
  async check(call: RootFieldCall): Promise<void> {
    if (!this.buckets) return;
    const ip = `ip:${call.ip ?? 'unknown'}`;
    const charges: [Bucket, string][] = [];
    if (call.operation === 'mutation') {
      if (call.fieldName === 'logIn') {
        charges.push(['logInPerIp', ip]);
        const email = emailOf(call.args);
        if (email) charges.push(['logInPerEmail', `email:${email}`]);
      } else if (call.fieldName === 'signUp') {
        charges.push(['signUpPerIp', ip]);
      } else {
        charges.push(['writes', call.viewer ? `user:${call.viewer.id}` : ip]);
      }
    } else if (call.operation === 'query') {
      charges.push(['reads', ip]);
    }
    const waits = await Promise.all(charges.map(([name, key]) => this.consume(name, key)));
    const retryAfterMs = Math.max(0, ...waits);
    if (retryAfterMs > 0) throw AppError.rateLimited(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }

  /** Consumes one point; 0 when allowed, else how long to wait. */
  private async consume(name: Bucket, key: string): Promise<number> {
    try {
      await this.buckets![name].consume(key);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      // Neither Redis nor the insurance could count: let the call through, and say so.
      this.logger.error({ err: rejection }, `Rate limit ${name} could not be counted`);
      return 0;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => {});
  }
}

/** The email of a logIn's input, as accounts store it (trimmed, lower-case). */
function emailOf(args: Record<string, unknown>): string | null {
  const input = args.input as { email?: unknown } | undefined;
  return typeof input?.email === 'string'
    ? input.email.trim().normalize('NFC').toLowerCase()
    : null;
}
