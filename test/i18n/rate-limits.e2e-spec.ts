// The city's real default, Korean (test/setup/env.mjs gives the other suites English), and the
// rate limits on (they are off for the other suites), set before the app reads its environment.
process.env.DEFAULT_LOCALE = 'ko';

import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * RATE_LIMITED in the reader's language: at the door (before the body is read, so before anyone
 * is known: Accept-Language, else the city's), and inside a resolver (logIn's limit).
 */

const LIMITS: Record<string, string> = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_REQUESTS_PER_MINUTE: '3',
  RATE_LIMIT_LOG_IN_PER_MINUTE: '2',
  RATE_LIMIT_LOG_IN_FAILURES: '100',
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

const KOREAN = /^요청이 너무 많습니다\. (\d+)초 뒤에 다시 시도하세요\.$/;
const ENGLISH = /^Too many requests: try again in (\d+) seconds?\.$/;

const from = (ip: string, query: string, variables = {}, language?: string) =>
  t.gql(query, variables, null, {
    'X-Forwarded-For': ip,
    ...(language ? { 'Accept-Language': language } : {}),
  });

function limitedMessage(res: GraphqlResponse): string {
  expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  const { retryAfter } = res.errors![0]!.extensions as { retryAfter: number };
  const message = res.errors![0]!.message;
  // The seconds said are the seconds in retryAfter, in either language.
  expect(Number(/(\d+)/.exec(message)?.[1])).toBe(retryAfter);
  return message;
}

it('at the door: Korean by default, English when the client asks, the code and retryAfter kept', async () => {
  const ip = '203.0.113.201';
  for (let i = 0; i < 3; i++) expect((await from(ip, '{ __typename }')).status).toBe(200);
  const ko = await from(ip, '{ __typename }');
  expect(ko.status).toBe(429);
  expect(limitedMessage(ko)).toMatch(KOREAN);
  const en = await from(ip, '{ __typename }', {}, 'en-US,en;q=0.9');
  expect(en.status).toBe(429);
  expect(limitedMessage(en)).toMatch(ENGLISH);
  const junk = await from(ip, '{ __typename }', {}, 'en;q=oops');
  expect(junk.status).toBe(429);
  expect(limitedMessage(junk)).toMatch(KOREAN);
});

it("inside a resolver: logIn's limit per address, in the language asked for", async () => {
  const logIn = 'mutation($i: LogInInput!) { logIn(input: $i) { accessToken } }';
  const attempt = (ip: string, language?: string) =>
    from(ip, logIn, { i: { email: 'nobody@example.test', password: 'wrong password!' } }, language);
  for (const [ip, language, expected] of [
    ['203.0.113.202', undefined, KOREAN],
    ['203.0.113.203', 'en', ENGLISH],
  ] as const) {
    const codes = [];
    for (let i = 0; i < 2; i++) codes.push((await attempt(ip)).errors?.[0]?.extensions?.code);
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    // The third, still within the door's 3 a minute: refused by logIn's own limit.
    expect(limitedMessage(await attempt(ip, language))).toMatch(expected);
  }
});
