import type { NestExpressApplication } from '@nestjs/platform-express';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/core/bootstrap.js';
import type { Tracing } from '../../src/core/tracing/tracing.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    fieldErrors?: { field: string; message: string }[];
    [key: string]: unknown;
  };
}

export interface GraphqlResponse<T = any> {
  status: number;
  data: T;
  errors?: GraphqlError[];
  headers: Record<string, string>;
}

export interface TestApp {
  app: NestExpressApplication;
  database: TestDatabase;
  /** The app's own DataSource, for setting up rows and checking what was written. */
  db: DataSource;
  jwt: JwtService;
  /** Sends one GraphQL operation over HTTP, as a client would. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
    /** More request headers (X-Forwarded-For, Origin...). */
    headers?: Record<string, string>,
  ): Promise<GraphqlResponse<T>>;
  /** The HTTP server, for requests that are not GraphQL operations (health, raw bodies). */
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Starts the real application on a fresh database of its own; one per test file. `redisUrl`:
 * live events and rate-limit counters in that Redis (in-process otherwise). `tracing`: spans
 * made with it (none otherwise).
 */
export async function startTestApp(
  options: { redisUrl?: string; tracing?: Tracing; runJobs?: boolean; database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const app = await createApp(database.url, {
    redisUrl: options.redisUrl ?? null,
    tracing: options.tracing,
    runJobs: options.runJobs,
  });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    database,
    db: app.get(DataSource),
    jwt: app.get(JwtService),
    http: () => request(server),
    async gql(query, variables, token, headers) {
      const req = request(server).post('/graphql').set('Content-Type', 'application/json');
      if (token) req.set('Authorization', `Bearer ${token}`);
      if (headers) req.set(headers);
      const res = await req.send({ query, variables });
      return {
        status: res.status,
        data: res.body?.data,
        errors: res.body?.errors,
        headers: res.headers,
      };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** The extensions.code of the first error, for `expect(codeOf(res)).toBe('FORBIDDEN')`. */
export function codeOf(res: GraphqlResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

/** The fields named by a BAD_USER_INPUT error, sorted. */
export function badFields(res: GraphqlResponse): string[] {
  return (res.errors?.[0]?.extensions?.fieldErrors ?? []).map((e) => e.field).sort();
}
