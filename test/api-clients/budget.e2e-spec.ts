import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { tokenRequest } from './support.js';

/**
 * Each client's own cost budget per minute (costLimitPerMinute, else the city's default):
 * RATE_LIMITED from the call that would cross it, visible in apiClient { usage }; and the token
 * endpoint's allowance per address.
 */
const LIMITS: Record<string, string> = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_COST_PER_MINUTE: '100000',
  RATE_LIMIT_REQUESTS_PER_MINUTE: '100000',
  RATE_LIMIT_READS_PER_MINUTE: '100000',
  RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  RATE_LIMIT_LOG_IN_PER_MINUTE: '3',
  TRUST_PROXY: 'true',
};
const T0 = new Date('2026-12-01T10:00:00Z').getTime();
const NAME = '{ apiClient { name } }';
const USAGE = '{ apiClient { usage { windowSeconds costUsed costLimit } } }';

describe('per-client budgets', () => {
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
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  /** The cost one operation is charged: what a fresh client's usage shows after it. */
  async function costOf(query: string): Promise<number> {
    const probe = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const usage = async () =>
      (await t.gql(USAGE, {}, probe.token)).data.apiClient.usage.costUsed as number;
    const before = await usage();
    expect((await t.gql(query, {}, probe.token)).errors).toBeUndefined();
    const after = await usage();
    return after - before - before; // each usage read costs `before`
  }

  it('a client with a limit of N is refused RATE_LIMITED by the call that would cross N, and not before', async () => {
    freezeClock(T0);
    const cost = await costOf(NAME);
    expect(cost).toBeGreaterThan(0);
    const calls = 4;
    const client = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ],
      costLimitPerMinute: cost * calls,
    });
    for (let i = 0; i < calls; i++) {
      const res = await t.gql(NAME, {}, client.token);
      expect([i, res.errors]).toEqual([i, undefined]);
    }
    const refused = await t.gql(NAME, {}, client.token);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Others are not held back: a person, another client, on the default budget.
    const person = await createUser(t.db, t.jwt);
    expect((await t.gql('{ me { id } }', {}, person.token)).errors).toBeUndefined();
    const other = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    expect((await t.gql(NAME, {}, other.token)).errors).toBeUndefined();
    // A minute later the budget is whole again.
    setClock(T0 + 61_000);
    const again = await t.gql(NAME, {}, client.token);
    expect(again.errors).toBeUndefined();
  });

  it('usage shows the client its budget: what it has spent this minute and its own limit', async () => {
    freezeClock(T0 + 10 * 60_000);
    const own = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ],
      costLimitPerMinute: 5000,
    });
    const first = (await t.gql(USAGE, {}, own.token)).data.apiClient.usage;
    expect(first).toMatchObject({ windowSeconds: 60, costLimit: 5000 });
    expect(first.costUsed).toBeGreaterThan(0);
    const second = (await t.gql(USAGE, {}, own.token)).data.apiClient.usage;
    expect(second.costUsed).toBe(first.costUsed * 2);
    const standard = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const usage = (await t.gql(USAGE, {}, standard.token)).data.apiClient.usage;
    expect(usage).toMatchObject({ costLimit: 100_000, costUsed: first.costUsed });
  });

  it('a call that costs more than the whole budget is refused outright', async () => {
    freezeClock(T0 + 20 * 60_000);
    const cost = await costOf(NAME);
    expect(cost).toBeGreaterThan(1);
    const small = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ],
      costLimitPerMinute: cost - 1,
    });
    expect(codeOf(await t.gql(NAME, {}, small.token))).toBe('RATE_LIMITED');
    const other = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    expect((await t.gql(NAME, {}, other.token)).errors).toBeUndefined();
  });

  it('the token endpoint allows RATE_LIMIT_LOG_IN_PER_MINUTE requests per address, right or wrong', async () => {
    freezeClock(T0 + 30 * 60_000);
    const client = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const good = {
      grant_type: 'client_credentials',
      client_id: client.client.clientId,
      client_secret: client.secret,
    };
    const ip = '203.0.113.7';
    expect((await tokenRequest(t, { ...good, client_secret: 'wrong' }, { ip })).status).toBe(401);
    expect((await tokenRequest(t, good, { ip })).status).toBe(200);
    expect((await tokenRequest(t, good, { ip })).status).toBe(200);
    const limited = await tokenRequest(t, good, { ip });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
    expect(limited.body.access_token).toBeUndefined();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await tokenRequest(t, good, { ip: '203.0.113.8' })).status).toBe(200);
    setClock(T0 + 31 * 60_000 + 1000);
    expect((await tokenRequest(t, good, { ip })).status).toBe(200);
  });
});
