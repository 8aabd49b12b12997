import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module.js';
import { json, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Environment, validateEnvironment } from './config/environment.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { AppError } from './errors/app-error.js';
import { chooseLocale, type Locale } from './i18n/locale.js';
import { serveGraphqlExplorer } from './graphql/explorer/graphql-explorer.js';
import { corsOptions } from './http/cors.js';
import { RateLimits } from './rate-limit/rate-limits.js';
import { traceHttpRequests } from './tracing/http-tracing.middleware.js';
import type { Tracing } from './tracing/tracing.js';

/**
 * Outside production a JWT secret may be omitted: one is made once and kept in DATA_DIR, so
 * sessions survive restarts without a secret ever being written into the repository.
 * Production refuses to start without JWT_SECRET (see validateEnvironment).
 */
export function ensureLocalJwtSecret(): void {
  const env = validateEnvironment({
    ...process.env,
    JWT_SECRET: process.env.JWT_SECRET || undefined,
  });
  if (env.JWT_SECRET || env.isProduction) return;
  const file = resolve(env.DATA_DIR, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  process.env.JWT_SECRET = readFileSync(file, 'utf8').trim();
}

/**
 * DATABASE_URL when given, else the embedded Postgres under DATA_DIR (with a description of
 * where it listens and keeps its data, for the start's log).
 */
export async function resolveDatabase(
  env: Environment,
): Promise<Pick<EmbeddedDatabase, 'url' | 'stop'> & { embedded: boolean; description?: string }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, stop: async () => {}, embedded: false };
  const embedded = await startEmbeddedPostgres({
    dataDir: env.DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
  });
  return { ...embedded, embedded: true };
}

/** Builds the HTTP application around a resolved database; used by main.ts and the tests. */
export async function createApp(
  databaseUrl: string,
  options: { redisUrl?: string | null; tracing?: Tracing | null; runJobs?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ databaseUrl, ...options }),
    // The JSON body parser is set up by harden(), with its limit and UTF-8 check.
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const env = app.get(Environment);
  // First, so that a request's span covers all it meets: the rate limits, the body, GraphQL.
  if (options.tracing) app.use(traceHttpRequests(options.tracing.tracer));
  harden(app, env);
  if (!env.isProduction) {
    const logger = app.get(Logger);
    if (serveGraphqlExplorer(app))
      logger.log('A browser opening /graphql gets the GraphQL explorer (GraphiQL)', 'Bootstrap');
    else
      logger.warn(
        'No GraphQL explorer: graphiql, react or react-dom is not installed',
        'Bootstrap',
      );
  }
  return app;
}

/**
 * What every response gets before GraphQL sees the request: security headers (helmet), CORS
 * for the allowed origins only (core/http/cors.ts), the client IP as TRUST_PROXY says, and a
 * body limit (413).
 */
function harden(app: NestExpressApplication, env: Environment): void {
  app.set('trust proxy', trustProxy(env.TRUST_PROXY));
  // No ETag: answers are POSTed and depend on the viewer, so no cache revalidates them, and
  // hashing every body cost 1.6% of a list page's CPU (npm run bench, issue 21).
  app.set('etag', false);
  app.use(
    helmet({
      // The API serves JSON; outside production the GraphQL explorer's page runs scripts.
      contentSecurityPolicy: env.isProduction ? undefined : false,
    }),
  );
  app.enableCors(corsOptions(env));
  // Every request to /graphql counts against its address's allowance before its body is even
  // read: a flood of documents that never reach a root field is not free (issue 14).
  const rateLimits = app.get(RateLimits);
  app.use('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || !rateLimits.enabled) return next();
    rateLimits.checkRequest(req.ip).then(
      () => next(),
      (error: unknown) =>
        refuseAtTheDoor(
          res,
          error,
          next,
          // Before authentication: the client's language, else the city's.
          chooseLocale(null, req.headers['accept-language'], env.DEFAULT_LOCALE),
        ),
    );
  });
  // Express's own JSON parser rather than Nest's, which keeps `verify` for itself.
  app.use(
    json({
      limit: `${env.REQUEST_BODY_LIMIT_KB}kb`,
      // Invalid UTF-8 would be decoded with U+FFFD in place of the bad bytes and stored
      // altered: refused with 400 instead.
      verify: (_req, _res, body) => {
        if (!isUtf8(body)) {
          throw Object.assign(new Error('The request body is not valid UTF-8.'), {
            status: 400,
            expose: true,
          });
        }
      },
    }),
  );
}

/** A request past its allowance: 429 with Retry-After, in the GraphQL error shape. */
function refuseAtTheDoor(res: Response, error: unknown, next: NextFunction, locale: Locale): void {
  if (!(error instanceof AppError)) return next(error);
  const { retryAfter } = error.extensions as { retryAfter?: number };
  if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
  res.status(429).json({
    errors: [{ message: error.messageIn(locale), extensions: { code: error.code, retryAfter } }],
  });
}

/** TRUST_PROXY as Express reads it: a boolean, a hop count, or addresses and subnets. */
export function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}
