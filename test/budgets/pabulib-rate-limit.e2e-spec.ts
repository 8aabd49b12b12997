// The rate limits on (test/setup/env.mjs turns them off for the other suites), set before the
// app reads its environment.
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The Pabulib export counts against an address's allowance like a GraphQL request: the same
 * `requests` bucket at the door, and the `cost` budget (an export counts a whole budget).
 */
const LIMITS: Record<string, string> = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_REQUESTS_PER_MINUTE: '3',
  RATE_LIMIT_COST_PER_MINUTE: '1000000',
  RATE_LIMIT_READS_PER_MINUTE: '1000',
  // Client addresses told apart by X-Forwarded-For, as behind a proxy.
  TRUST_PROXY: 'true',
};

let t: TestApp;
beforeAll(async () => {
  const before = { ...process.env };
  Object.assign(process.env, LIMITS);
  try {
    t = await startTestApp();
  } finally {
    for (const key of Object.keys(LIMITS)) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  }
});
afterAll(() => t.close());

const path = `/budgets/${encodeURIComponent(toGlobalId('ParticipatoryBudget', randomUUID()))}/pabulib.pb`;

it('the fourth request of a minute from one address is refused with 429 and Retry-After', async () => {
  const ip = '203.0.113.77';
  for (let i = 0; i < 3; i++) {
    const res = await t.http().get(path).set('X-Forwarded-For', ip);
    expect(res.status).toBe(404);
  }
  const refused = await t.http().get(path).set('X-Forwarded-For', ip);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  // Another address is not held back.
  const other = await t.http().get(path).set('X-Forwarded-For', '203.0.113.78');
  expect(other.status).toBe(404);
});

it('exports and GraphQL requests share the allowance of an address', async () => {
  const ip = '203.0.113.79';
  for (let i = 0; i < 3; i++) {
    const res = await t.gql('{ __typename }', {}, null, { 'X-Forwarded-For': ip });
    expect(res.status).toBe(200);
  }
  const refused = await t.http().get(path).set('X-Forwarded-For', ip);
  expect(refused.status).toBe(429);
});
