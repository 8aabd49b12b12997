/**
 * Issue 7, database outage: the server keeps running while its Postgres is stopped, answers
 * fast and honestly (SERVICE_UNAVAILABLE, /health/ready 503, /health/live 200), and recovers
 * by itself once Postgres is back, with the data written before the outage intact.
 */
import {
  cleanupAll,
  CREATE_PROPOSAL,
  createProposal,
  explain,
  gql,
  gqlOk,
  httpRequest,
  LIST_PROPOSALS,
  signUp,
  sleep,
  startPostgres,
  startServer,
  uuidOf,
  type Citizen,
  type GqlOutcome,
  type ServerProcess,
  type TestPostgres,
} from './support.js';

const ANSWER_WITHIN_MS = 3000;
const RECOVER_WITHIN_MS = 15_000;

let postgres: TestPostgres;
let server: ServerProcess;
let citizen: Citizen;
let before: { id: string; title: string };
const timings: Record<string, number> = {};

/** Whether a response shows SQL or a stack trace (or the driver's error classes behind one). */
function leaks(body: string): string | null {
  const patterns = [
    /\b(SELECT|INSERT INTO|DELETE FROM|RETURNING)\b/,
    /\bUPDATE\s+"/,
    /\bFROM\s+"/,
    /stacktrace/i,
    /\bat\s+[\w.<>]+\s+\(?(file:|node:|\/)/,
    /node_modules/,
    /QueryFailedError|DriverException|at Connection\./,
  ];
  const hit = patterns.find((p) => p.test(body));
  return hit ? `${hit} in ${body.slice(0, 800)}` : null;
}

interface Verdict {
  what: string;
  /** Answered (a complete HTTP response) within 3 s. */
  answeredInTime: boolean;
  code: string | undefined;
  leak: string | null;
}

/** What a request during the outage got, to compare with `unavailable(what)`. */
function verdict(res: GqlOutcome, what: string): Verdict {
  timings[what] = res.ms;
  if (res.ok) timings[`${what}: HTTP status`] = res.status;
  if (!res.ok) {
    return { what, answeredInTime: false, code: `network ${res.code}`, leak: null };
  }
  return {
    what,
    answeredInTime: res.ms < ANSWER_WITHIN_MS,
    code: res.errors?.[0]?.extensions?.code,
    leak: leaks(res.body),
  };
}

/** The expected verdict: answered in time, SERVICE_UNAVAILABLE, nothing leaked. */
function unavailable(what: string): Verdict {
  return { what, answeredInTime: true, code: 'SERVICE_UNAVAILABLE', leak: null };
}

beforeAll(async () => {
  postgres = await startPostgres();
  server = await startServer({ DATABASE_URL: postgres.url });
  citizen = await signUp(server, 'outage');
  before = await createProposal(server, citizen.token, 'Written before the outage');
  const stopStart = performance.now();
  await postgres.stop();
  timings.postgresStopMs = performance.now() - stopStart;
}, 120_000);

afterAll(async () => {
  console.log(`database outage timings (ms): ${JSON.stringify(roundAll(timings))}`);
  await cleanupAll();
}, 60_000);

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(v)]));
}

describe('while its Postgres is stopped, the server', () => {
  it('answers queries within 3 s with SERVICE_UNAVAILABLE, without SQL or a stack', async () => {
    // Twice each: the first request meets the pool's cut connections, the second a refused connect.
    const got: Verdict[] = [];
    const want: Verdict[] = [];
    for (const round of [1, 2]) {
      const list = await gql(server, LIST_PROPOSALS, undefined, {
        timeoutMs: ANSWER_WITHIN_MS + 500,
      });
      got.push(verdict(list, `anonymous proposals list #${round}`));
      want.push(unavailable(`anonymous proposals list #${round}`));

      const own = await gql(
        server,
        `query One($id: ID!) { proposal(id: $id) { id title } }`,
        { id: before.id },
        { token: citizen.token, timeoutMs: ANSWER_WITHIN_MS + 500 },
      );
      got.push(verdict(own, `signed-in proposal query #${round}`));
      want.push(unavailable(`signed-in proposal query #${round}`));
    }
    expect(got).toEqual(want);
    expect(server.hasExited()).toBe(false);
  }, 60_000);

  it('answers a mutation within 3 s with SERVICE_UNAVAILABLE, without SQL or a stack', async () => {
    const created = await gql(
      server,
      CREATE_PROPOSAL,
      {
        input: {
          title: 'Written during the outage',
          body: 'This write must not be stored anywhere.',
        },
      },
      { token: citizen.token, timeoutMs: ANSWER_WITHIN_MS + 500 },
    );
    const support = await gql(
      server,
      `mutation Support($id: ID!) { supportProposal(id: $id) { id supportCount } }`,
      { id: before.id },
      { token: citizen.token, timeoutMs: ANSWER_WITHIN_MS + 500 },
    );
    const signedUp = await gql(
      server,
      `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { accessToken } }`,
      {
        input: {
          email: 'during-outage@reliability.test',
          password: 'reliability-test-password',
          displayName: 'During',
        },
      },
      { timeoutMs: ANSWER_WITHIN_MS + 500 },
    );
    expect([
      verdict(created, 'createProposal'),
      verdict(support, 'supportProposal'),
      verdict(signedUp, 'signUp'),
    ]).toEqual([
      unavailable('createProposal'),
      unavailable('supportProposal'),
      unavailable('signUp'),
    ]);
    expect(server.hasExited()).toBe(false);
  }, 60_000);

  it('is not ready (503) but live (200), each answered within 3 s', async () => {
    const ready = await httpRequest(`${server.baseUrl}/health/ready`, {
      timeoutMs: ANSWER_WITHIN_MS + 500,
    });
    if (!ready.ok) throw new Error(`/health/ready: ${explain(ready)}`);
    timings.readyFailMs = ready.ms;
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(leaks(ready.body)).toBeNull();

    const live = await httpRequest(`${server.baseUrl}/health/live`, {
      timeoutMs: ANSWER_WITHIN_MS + 500,
    });
    if (!live.ok) throw new Error(`/health/live: ${explain(live)}`);
    timings.liveMs = live.ms;
    expect(live.status).toBe(200);
    expect(live.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(server.hasExited()).toBe(false);
  }, 30_000);
});

describe('once Postgres is back (same folder and port), the same server process', () => {
  it('is ready again within 15 s and serves queries and mutations over the data of before', async () => {
    expect(server.hasExited()).toBe(false);
    const startAt = performance.now();
    await postgres.start();
    const upAt = performance.now();
    timings.postgresStartMs = upAt - startAt;

    let readyAt: number | null = null;
    let last = '';
    while (performance.now() - upAt < RECOVER_WITHIN_MS) {
      const ready = await httpRequest(`${server.baseUrl}/health/ready`, { timeoutMs: 3000 });
      if (ready.ok && ready.status === 200) {
        readyAt = performance.now();
        break;
      }
      last = explain(ready);
      await sleep(100);
    }
    if (readyAt === null) {
      throw new Error(
        `/health/ready not 200 within ${RECOVER_WITHIN_MS} ms of Postgres accepting again; last: ${last}\n${server.output().slice(-3000)}`,
      );
    }
    timings.readyAgainAfterPostgresUpMs = readyAt - upAt;
    expect(readyAt - upAt).toBeLessThan(RECOVER_WITHIN_MS);

    // Queries: the list and the proposal written before the outage, read by its author.
    const list = await gqlOk<{ proposals: { nodes: { id: string; title: string }[] } }>(
      server,
      LIST_PROPOSALS,
    );
    expect(list.proposals.nodes.map((n) => n.id)).toContain(before.id);
    const own = await gqlOk<{ proposal: { title: string }; me: { id: string } }>(
      server,
      `query One($id: ID!) { proposal(id: $id) { title } me { id } }`,
      { id: before.id },
      citizen.token,
    );
    expect(own).toEqual({ proposal: { title: before.title }, me: { id: citizen.id } });

    // Mutations: a new proposal and a support, read back through the API and with pg.
    const after = await createProposal(server, citizen.token, 'Written after the outage');
    const supported = await gqlOk<{ supportProposal: { supportCount: number } }>(
      server,
      `mutation Support($id: ID!) { supportProposal(id: $id) { supportCount } }`,
      { id: before.id },
      citizen.token,
    );
    expect(supported.supportProposal.supportCount).toBe(1);
    const rows = await postgres.query<{ id: string; title: string; support_count: number }>(
      `SELECT id, title, support_count FROM proposal ORDER BY created_at`,
    );
    expect(rows).toEqual([
      { id: uuidOf(before.id), title: before.title, support_count: 1 },
      { id: uuidOf(after.id), title: after.title, support_count: 0 },
    ]);
    const users = await postgres.query<{ count: string }>(
      `SELECT count(*) FROM app_user WHERE email = 'during-outage@reliability.test'`,
    );
    expect(users[0].count).toBe('0');
    expect(server.hasExited()).toBe(false);
  }, 60_000);
});
