import {
  cleanupAll,
  gql,
  httpRequest,
  startPostgres,
  startServer,
  type ServerProcess,
  type TestPostgres,
} from '../reliability/support.js';

/**
 * A real production process (NODE_ENV=production, default limits, rate limits on) as a
 * hostile client meets it: what it tells about its schema and itself, the headers it sends,
 * CORS, body size, and what its logs keep of credentials.
 */

const CITY = 'https://wontak.city.example';
let postgres: TestPostgres;
let server: ServerProcess;

beforeAll(async () => {
  postgres = await startPostgres();
  server = await startServer({
    DATABASE_URL: postgres.url,
    RATE_LIMIT_ENABLED: 'true',
    CORS_ORIGINS: `${CITY},https://app.city.example`,
  });
}, 120_000);
afterAll(() => cleanupAll(), 60_000);

describe('what it says about itself', () => {
  it('introspection is off: __schema and __type are refused', async () => {
    for (const query of [
      '{ __schema { types { name } } }',
      '{ __type(name: "User") { fields { name } } }',
    ]) {
      const res = await gql(server, query);
      expect(res.ok && res.status).toBe(400);
      if (!res.ok) return;
      expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body).not.toContain('"email"');
    }
  });

  it('field suggestions are masked: a typo does not map the schema', async () => {
    const res = await gql(server, '{ proposals { nodes { titel } } }');
    expect(res.ok && res.status).toBe(400);
    if (!res.ok) return;
    expect(res.errors?.[0]?.message).toMatch(/titel/);
    expect(res.body).not.toMatch(/Did you mean/i);
    expect(res.body).not.toContain('"title"');
  });

  it.each([
    ['an enum value', '{ proposals(filter: { status: [ACCEPTE] }) { totalCount } }', 'ACCEPTED'],
    ['an inline fragment', '{ node(id: "x") { ... on Node { id } title } }', 'Proposal'],
    ['an argument', '{ proposals(frist: 1) { totalCount } }', '"first"'],
  ])('suggestions for %s are masked too', async (_kind, query, leaked) => {
    const res = await gql(server, query);
    expect(res.ok && res.status).toBe(400);
    if (!res.ok) return;
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body).not.toMatch(/Did you mean/i);
    expect(res.body).not.toContain(leaked);
  });

  it('errors carry no stack trace', async () => {
    const responses = await Promise.all([
      gql(server, '{ proposals(first: 1000) { totalCount } }'),
      gql(server, 'mutation { createProposal(input: { title: "x", body: "y" }) { id } }'),
      gql(server, '{ proposals(first: -1) { totalCount } }'),
      gql(server, '{ nope }'),
    ]);
    for (const res of responses) {
      expect(res.ok).toBe(true);
      if (!res.ok) continue;
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/stacktrace|at .*\.(ts|js):\d+|node_modules/);
    }
  });

  it('GRAPHQL_INTROSPECTION=true switches introspection on', async () => {
    const open = await startServer({ DATABASE_URL: postgres.url, GRAPHQL_INTROSPECTION: 'true' });
    const res = await gql(open, '{ __schema { queryType { name } } }');
    expect(res.ok && res.status).toBe(200);
    if (res.ok) expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  }, 90_000);
});

describe('HTTP', () => {
  it('sends the security headers (helmet), a content security policy included', async () => {
    const res = await gql(server, '{ __typename }');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('CORS: an allowed origin is answered, any other is not', async () => {
    const preflight = (origin: string) =>
      httpRequest(server.graphqlUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const allowed = await preflight(CITY);
    expect(allowed.ok && allowed.headers['access-control-allow-origin']).toBe(CITY);
    if (allowed.ok)
      expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/i);
    const refused = await preflight('https://evil.example');
    expect(refused.ok).toBe(true);
    if (refused.ok) expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a body over 100 KB is 413 and is not read', async () => {
    const res = await httpRequest(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(110 * 1024) } }),
    });
    expect(res.ok && res.status).toBe(413);
  });

  it('a simple cross-site request (text/plain, no preflight) is refused by CSRF prevention', async () => {
    const res = await httpRequest(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { logOut(refreshToken: "x") }' }),
    });
    expect(res.ok && res.status).toBe(400);
  });

  it('logIn is limited per IP at the default 10 a minute, with Retry-After', async () => {
    const codes: (string | undefined)[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 11; i++) {
      const res = await gql(
        server,
        'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
        {
          input: { email: `prod-limit-${i}@example.test`, password: 'not the password' },
        },
      );
      expect(res.ok).toBe(true);
      if (!res.ok) return;
      codes.push(res.errors?.[0]?.extensions?.code);
      retryAfter = res.headers['retry-after'];
    }
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('UNAUTHENTICATED'));
    expect(codes[10]).toBe('RATE_LIMITED');
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});

describe('logs', () => {
  it('keep no password, access token or refresh token', async () => {
    // A server of its own: the log-in limit of the test above is spent on this one.
    const fresh = await startServer({ DATABASE_URL: postgres.url, RATE_LIMIT_ENABLED: 'true' });
    const password = `pw-${Math.random().toString(36).slice(2)}-secret-phrase`;
    const email = `logs-${Date.now()}@example.test`;
    const signUp = await gql(
      fresh,
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken } }',
      {
        input: { email, password, displayName: '로그 시험' },
      },
    );
    if (!signUp.ok) throw new Error('signUp failed');
    const { accessToken, refreshToken } = signUp.data.signUp;
    await gql(fresh, 'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }', {
      input: { email, password: `${password}-wrong` },
    });
    await gql(fresh, '{ me { id } }', {}, { token: accessToken });
    await gql(fresh, '{ me { id } }', {}, { token: `${accessToken}tampered` });
    await gql(fresh, 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', {
      t: refreshToken,
    });
    await new Promise((r) => setTimeout(r, 300)); // let the log lines reach the pipe
    const output = fresh.output();
    expect(output).toContain('"url":"/graphql"'); // requests are logged...
    expect(output).not.toMatch(/authorization|bearer/i); // ...without their headers
    expect(output).not.toContain(password);
    expect(output).not.toContain(accessToken);
    expect(output).not.toContain(refreshToken);
    expect(output).not.toContain(accessToken.split('.')[2]!); // not even the signature
  }, 90_000);
});
