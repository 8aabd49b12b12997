import { randomBytes } from 'node:crypto';
import { createUser, TEST_PASSWORD } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * The rate limits of the contract README (src/core/rate-limit/rate-limits.ts), with small
 * numbers so that a test reaches them. Client IPs are told apart with X-Forwarded-For, which
 * the apps here trust (TRUST_PROXY=true) as they would behind a proxy.
 */

const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`;
const CREATE_PROPOSAL = `mutation($input: CreateProposalInput!) { createProposal(input: $input) { id } }`;
const READ = '{ proposals(first: 1) { totalCount } }';

const LIMITS = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_LOG_IN_PER_MINUTE: '3',
  RATE_LIMIT_LOG_IN_FAILURES: '2',
  RATE_LIMIT_SIGN_UP_PER_HOUR: '2',
  RATE_LIMIT_WRITES_PER_MINUTE: '3',
  RATE_LIMIT_READS_PER_MINUTE: '5',
  TRUST_PROXY: 'true',
};

/** Starts an app with `env` set while it reads its configuration. */
async function appWith(env: Record<string, string>, redisUrl?: string): Promise<TestApp> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startTestApp(redisUrl ? { redisUrl } : undefined);
  } finally {
    for (const key of Object.keys(env)) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  }
}

/** One operation from the client address `ip`. */
function from(
  t: TestApp,
  ip: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse> {
  return t.gql(query, variables, token, { 'X-Forwarded-For': ip });
}

function expectLimited(res: GraphqlResponse): void {
  expect(codeOf(res)).toBe('RATE_LIMITED');
  const retryAfter = res.errors?.[0]?.extensions?.retryAfter;
  expect(typeof retryAfter).toBe('number');
  expect(retryAfter as number).toBeGreaterThanOrEqual(1);
  expect(retryAfter as number).toBeLessThanOrEqual(3600);
  expect(Number(res.headers['retry-after'])).toBe(retryAfter);
}

const sessions = async (t: TestApp, userId: string) =>
  Number(
    (await t.db.query('SELECT count(*) FROM auth_session WHERE user_id = $1', [userId]))[0].count,
  );

describe('a successful log-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ ...LIMITS, RATE_LIMIT_LOG_IN_PER_MINUTE: '10' });
  });
  afterAll(() => t.close());

  it("forgets its address's failures on the account (a typo is not held against its owner)", async () => {
    const user = await createUser(t.db, t.jwt);
    const attempt = (ip: string, password: string) =>
      from(t, ip, LOG_IN, { input: { email: user.user.email, password } });
    const owner = '192.0.2.77';
    const guesser = '192.0.2.78';
    expect(codeOf(await attempt(owner, 'typo typo typo'))).toBe('UNAUTHENTICATED');
    expect((await attempt(owner, TEST_PASSWORD)).errors).toBeUndefined();
    // The account now has 2 failures (the limit): addresses that failed on it wait, and the
    // owner's address is not one of them any more.
    expect(codeOf(await attempt(guesser, 'guess guess guess'))).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(owner, 'typo typo typo'))).toBe('UNAUTHENTICATED');
    expectLimited(await attempt(guesser, 'guess guess guess'));
  });
});

/** `{ proposals(first: 10) { nodes { id } } }` costs 1 + 10 × (1 + 1) = 21 (cost-model.ts). */
const COSTS_21 = '{ proposals(first: 10) { nodes { id } } }';

describe('the budgets of issue 14: requests at the door, cost per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({
      ...LIMITS,
      RATE_LIMIT_READS_PER_MINUTE: '1000',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '6',
      RATE_LIMIT_COST_PER_MINUTE: '100',
    });
  });
  afterAll(() => t.close());

  it('requests per address: the 7th request is 429 with Retry-After before it is parsed, whatever it holds', async () => {
    const ip = '203.0.113.140';
    // Documents that reach no root field, or fail, count as much as any other.
    const documents = ['{ __typename }', '{ nope }', '{ __typename', 'query { __typename }'];
    for (const doc of documents) {
      const res = await from(t, ip, doc);
      expect(res.status).not.toBe(429);
    }
    const raw = await t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('X-Forwarded-For', ip)
      .send('{"query": ');
    expect(raw.status).toBe(400);
    expect((await from(t, ip, '{ __typename }')).status).toBe(200);
    const seventh = await t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('X-Forwarded-For', ip)
      .send('not even JSON');
    expect(seventh.status).toBe(429);
    expect(seventh.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(seventh.headers['retry-after'])).toBe(
      seventh.body.errors[0].extensions.retryAfter,
    );
    // Another address is not affected; nor is the health check.
    expect((await from(t, '203.0.113.141', '{ __typename }')).status).toBe(200);
    expect((await t.http().get('/health/live')).status).toBe(200);
  });

  it('IPv6 addresses are counted by /64: another address in the same /64 shares the allowance', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await from(t, `2001:db8:aa:bb::${i + 1}`, '{ __typename }');
      expect(res.status).toBe(200);
    }
    expect((await from(t, '2001:db8:aa:bb:ffff:1:2:3', '{ __typename }')).status).toBe(429);
    expect((await from(t, '2001:db8:aa:bc::1', '{ __typename }')).status).toBe(200);
  });

  it('cost per client: four operations of cost 21 fit in 100, the fifth is 429 RATE_LIMITED and does not run', async () => {
    const user = await createUser(t.db, t.jwt);
    // A signed-in user is one client from any address: the budget follows the account.
    for (let i = 0; i < 4; i++) {
      const res = await from(t, `198.51.100.${150 + i}`, COSTS_21, {}, user.token);
      expect(res.errors).toBeUndefined();
    }
    const fifth = await from(t, '198.51.100.160', COSTS_21, {}, user.token);
    expect(fifth.status).toBe(429);
    expect(fifth.data ?? null).toBeNull();
    expectLimited(fifth);
    // Someone else, at the same address as one of those requests, still has their budget.
    expect((await from(t, '198.51.100.150', COSTS_21)).errors).toBeUndefined();
  });

  it('a forged token does not pick another budget: it counts as its address', async () => {
    const ip = '198.51.100.170';
    const forged = (sub: string) =>
      `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, sid: 'x' })).toString('base64url')}.c2lnbmF0dXJl`;
    let limited = 0;
    for (let i = 0; i < 5; i++) {
      const res = await from(
        t,
        ip,
        COSTS_21,
        {},
        forged(`00000000-0000-4000-8000-00000000000${i}`),
      );
      if (res.status === 429) limited++;
      else expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    // Five different forged users are one client, its address: the fifth is past its 100.
    expect(limited).toBe(1);
  });
});

describe('with the limits on', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith(LIMITS);
  });
  afterAll(() => t.close());

  it('logIn per IP: the 4th attempt in a minute is RATE_LIMITED with retryAfter', async () => {
    const ip = '203.0.113.1';
    for (let i = 0; i < 3; i++) {
      const res = await from(t, ip, LOG_IN, {
        input: { email: `nobody${i}@example.test`, password: 'wrong password' },
      });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const fourth = await from(t, ip, LOG_IN, {
      input: { email: 'nobody9@example.test', password: 'wrong password' },
    });
    expectLimited(fourth);
    // Another address is not affected.
    const other = await from(t, '203.0.113.2', LOG_IN, {
      input: { email: 'nobody9@example.test', password: 'x wrong one' },
    });
    expect(codeOf(other)).toBe('UNAUTHENTICATED');
  });

  it('failures per email: once an account has 2 failures, every address that failed on it waits; a new one gets one try', async () => {
    const user = await createUser(t.db, t.jwt);
    const guess = (ip: string, email = user.user.email) =>
      from(t, ip, LOG_IN, { input: { email, password: 'not the password' } });
    for (let i = 0; i < 2; i++)
      expect(codeOf(await guess(`198.51.100.${i + 10}`))).toBe('UNAUTHENTICATED');
    // The case and spaces of the address do not make it another account.
    expectLimited(await guess('198.51.100.10', `  ${user.user.email.toUpperCase()} `));
    expectLimited(await guess('198.51.100.11'));
    // An address that has not failed on it gets its one try, then waits too.
    expect(codeOf(await guess('198.51.100.99'))).toBe('UNAUTHENTICATED');
    expectLimited(await guess('198.51.100.99'));
  });

  it('failures per (address, email): after 2 failures that address waits on that account, even with the right password and within its minute of attempts; no session is made', async () => {
    const user = await createUser(t.db, t.jwt);
    const before = await sessions(t, user.user.id);
    const ip = '192.0.2.1';
    for (let i = 0; i < 2; i++) {
      const res = await from(t, ip, LOG_IN, {
        input: { email: user.user.email, password: 'guess guess guess' },
      });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const right = await from(t, ip, LOG_IN, {
      input: { email: user.user.email, password: TEST_PASSWORD },
    });
    expectLimited(right);
    expect(right.data?.logIn ?? null).toBeNull();
    expect(await sessions(t, user.user.id)).toBe(before);
  });

  it('nobody can lock a citizen out: after others failed on their account, the right password from their own address gets in', async () => {
    const user = await createUser(t.db, t.jwt);
    for (let i = 0; i < 6; i++) {
      await from(t, `192.0.2.${i + 100}`, LOG_IN, {
        input: { email: user.user.email, password: 'guess guess guess' },
      });
    }
    const before = await sessions(t, user.user.id);
    const own = await from(t, '192.0.2.250', LOG_IN, {
      input: { email: user.user.email, password: TEST_PASSWORD },
    });
    expect(own.errors).toBeUndefined();
    expect(typeof own.data?.logIn?.accessToken).toBe('string');
    expect(await sessions(t, user.user.id)).toBe(before + 1);
  });

  it('aliases do not multiply the allowance: each root field of one document counts', async () => {
    const ip = '203.0.113.77';
    const doc = `{ ${[1, 2, 3, 4, 5, 6, 7].map((i) => `a${i}: proposals(first: 1) { totalCount }`).join(' ')} }`;
    const res = await from(t, ip, doc);
    const codes = (res.errors ?? []).map((e) => e.extensions?.code);
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 'RATE_LIMITED')).toBe(true);
    // The five allowed reads of the minute are spent.
    expectLimited(await from(t, ip, READ));
  });

  it('signUp per IP: the 3rd in an hour is refused and creates no account', async () => {
    const ip = '203.0.113.20';
    const tag = randomBytes(3).toString('hex');
    for (let i = 0; i < 2; i++) {
      const res = await from(t, ip, SIGN_UP, {
        input: {
          email: `new${i}-${tag}@example.test`,
          password: 'a long passphrase',
          displayName: '새 시민',
        },
      });
      expect(res.errors).toBeUndefined();
    }
    const third = await from(t, ip, SIGN_UP, {
      input: {
        email: `new2-${tag}@example.test`,
        password: 'a long passphrase',
        displayName: '새 시민',
      },
    });
    expectLimited(third);
    const rows = await t.db.query('SELECT count(*) FROM app_user WHERE email = $1', [
      `new2-${tag}@example.test`,
    ]);
    expect(Number(rows[0].count)).toBe(0);
  });

  it('writes per user: the 4th mutation in a minute is refused and writes nothing; others still write', async () => {
    const writer = await createUser(t.db, t.jwt);
    const other = await createUser(t.db, t.jwt);
    const input = (n: number) => ({
      input: { title: `제안 ${n}번째`, body: '동네 놀이터에 그늘막이 필요합니다.' },
    });
    // Several addresses: the limit follows the user, not the IP.
    for (let i = 0; i < 3; i++) {
      const res = await from(t, `10.0.0.${i + 1}`, CREATE_PROPOSAL, input(i), writer.token);
      expect(res.errors).toBeUndefined();
    }
    const fourth = await from(t, '10.0.0.9', CREATE_PROPOSAL, input(3), writer.token);
    expectLimited(fourth);
    const count = await t.db.query('SELECT count(*) FROM proposal WHERE author_id = $1', [
      writer.user.id,
    ]);
    expect(Number(count[0].count)).toBe(3);
    const others = await from(t, '10.0.0.9', CREATE_PROPOSAL, input(4), other.token);
    expect(others.errors).toBeUndefined();
  });

  it('writes per user: racing mutations get exactly the allowance, no more', async () => {
    const writer = await createUser(t.db, t.jwt);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        from(
          t,
          '10.1.0.1',
          CREATE_PROPOSAL,
          { input: { title: `동시 제안 ${i}`, body: '동시에 보낸 제안입니다.' } },
          writer.token,
        ),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(3);
    expect(results.filter((r) => codeOf(r) === 'RATE_LIMITED').length).toBe(5);
    const count = await t.db.query('SELECT count(*) FROM proposal WHERE author_id = $1', [
      writer.user.id,
    ]);
    expect(Number(count[0].count)).toBe(3);
  });

  it('forbidden calls count too: probing is not free', async () => {
    const citizen = await createUser(t.db, t.jwt);
    const probe =
      'mutation { suspendUser(input: { userId: "VXNlcjow", reason: "x", until: "2099-01-01T00:00:00Z" }) { id } }';
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(codeOf(await from(t, '10.2.0.1', probe, {}, citizen.token)));
    expect(codes.slice(0, 3).every((c) => c !== 'RATE_LIMITED')).toBe(true);
    expect(codes[3]).toBe('RATE_LIMITED');
  });

  it('reads per IP: the 6th query root field in a minute is refused; another IP still reads', async () => {
    const ip = '203.0.113.30';
    for (let i = 0; i < 5; i++) expect((await from(t, ip, READ)).errors).toBeUndefined();
    expectLimited(await from(t, ip, READ));
    expect((await from(t, '203.0.113.31', READ)).errors).toBeUndefined();
  });
});

describe('RATE_LIMIT_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ ...LIMITS, RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('turns the rate limits off: 20 failed log-ins and 20 reads from one IP all answered', async () => {
    for (let i = 0; i < 20; i++) {
      const res = await from(t, '203.0.113.40', LOG_IN, {
        input: { email: 'same@example.test', password: 'wrong password' },
      });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect((await from(t, '203.0.113.40', READ)).errors).toBeUndefined();
    }
  });

  it('but not the query limits', async () => {
    const deep = `{ proposals { nodes { department { proposals { nodes { department { proposals { nodes { department { proposals { nodes { id } } } } } } } } } } } }`;
    const res = await from(t, '203.0.113.41', deep);
    expect(codeOf(res)).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('without TRUST_PROXY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ ...LIMITS, TRUST_PROXY: '' });
  });
  afterAll(() => t.close());

  it('a client cannot pick a fresh IP with X-Forwarded-For to escape the limit', async () => {
    const results: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      results.push(
        codeOf(
          await from(t, `100.64.0.${i}`, LOG_IN, {
            input: { email: `spoof${i}@example.test`, password: 'wrong password' },
          }),
        ),
      );
    }
    expect(results).toEqual([
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
    ]);
  });
});

const REDIS_URL = process.env.TEST_REDIS_URL;
if (!REDIS_URL) {
  console.warn('Shared rate-limit test SKIPPED: set REDIS_URL (e.g. redis://127.0.0.1:6379)');
}
const describeWithRedis = REDIS_URL ? describe : describe.skip;

describeWithRedis('two instances sharing one Redis', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A prefix of this run's own, so that earlier runs' counters do not count.
    const prefix = `wontak-test:${randomBytes(6).toString('hex')}:`;
    a = await appWith({ ...LIMITS, RATE_LIMIT_REDIS_PREFIX: prefix }, REDIS_URL);
    b = await appWith({ ...LIMITS, RATE_LIMIT_REDIS_PREFIX: prefix }, REDIS_URL);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('the limit holds across them: attempts on A and B add up', async () => {
    const ip = '203.0.113.60';
    const attempt = (t: TestApp, i: number) =>
      from(t, ip, LOG_IN, {
        input: { email: `shared${i}@example.test`, password: 'wrong password' },
      });
    expect(codeOf(await attempt(a, 1))).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(b, 2))).toBe('UNAUTHENTICATED');
    expect(codeOf(await attempt(a, 3))).toBe('UNAUTHENTICATED');
    expectLimited(await attempt(b, 4));
    expectLimited(await attempt(a, 5));
  });

  it('so do the cost budget and the requests at the door', async () => {
    const prefix = `wontak-test:${randomBytes(6).toString('hex')}:`;
    const env = {
      ...LIMITS,
      RATE_LIMIT_READS_PER_MINUTE: '1000',
      RATE_LIMIT_COST_PER_MINUTE: '100',
      RATE_LIMIT_REDIS_PREFIX: prefix,
    };
    const c = await appWith(env, REDIS_URL);
    const d = await appWith(env, REDIS_URL);
    try {
      const ip = '203.0.113.61';
      for (const [app, i] of [
        [c, 0],
        [d, 1],
        [c, 2],
        [d, 3],
      ] as const) {
        const res = await from(app, ip, COSTS_21);
        expect([i, res.errors]).toEqual([i, undefined]);
      }
      expectLimited(await from(c, ip, COSTS_21));
    } finally {
      await c.close();
      await d.close();
    }
  });
});
