import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  cleanupAll,
  httpRequest,
  signUp,
  sleep,
  startServer,
  type Citizen,
  type ServerProcess,
} from '../reliability/support.js';

/**
 * What the server writes to its log, read from the standard output of a real server process
 * (NODE_ENV=production, LOG_LEVEL=info: JSON lines). A client's mistake is one info line
 * without a stack; a server fault an error with its stack; every request one compact line.
 */

interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  err?: { stack?: string; message?: string };
  [key: string]: unknown;
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;
const USER_AGENT = 'wontak-log-test/1.0';
/** What a request line may hold: pino's own fields and the request's. */
const REQUEST_LINE_KEYS = [
  'level',
  'time',
  'pid',
  'hostname',
  'reqId',
  'method',
  'url',
  'status',
  'ms',
  'operation',
  'outcome',
  'client',
  'userAgent',
  'msg',
];

let database: TestDatabase;
let server: ServerProcess;
let citizen: Citizen;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
  citizen = await signUp(server);
}, 120_000);
afterAll(async () => {
  await cleanupAll();
  await database.drop();
});

function logLines(): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/** The lines written for request `reqId`, once its request line (the last one) is out. */
async function linesOf(reqId: string): Promise<LogLine[]> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const lines = logLines().filter((line) => line.reqId === reqId);
    if (lines.some((line) => line.status !== undefined)) return lines;
    await sleep(20);
  }
  throw new Error(`no request line for ${reqId} in:\n${server.output().slice(-3000)}`);
}

/** One GraphQL request with its own X-Request-Id; the code of its first error. */
async function send(reqId: string, query: string, variables = {}, token?: string) {
  const res = await httpRequest(server.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'x-request-id': reqId,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    timeoutMs: 15_000,
  });
  if (!res.ok) throw new Error(`${reqId}: ${res.code}`);
  const body = JSON.parse(res.body) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code;
}

const hasStack = (line: LogLine) => JSON.stringify(line).includes('"stack"');

/** A client's mistake: its code, the operation, its variables, and the token it carries. */
type Mistake = [string, string, Record<string, unknown>, () => string | undefined];

describe("a client's mistake is one info line without a stack", () => {
  it.each<Mistake>([
    ['FORBIDDEN', 'query Users { users { totalCount } }', {}, () => citizen.token],
    [
      'BAD_USER_INPUT',
      'mutation SignUp($i: SignUpInput!) { signUp(input: $i) { accessToken } }',
      { i: { email: 'not-an-email', password: 'short', displayName: 'x' } },
      () => undefined,
    ],
    ['UNAUTHENTICATED', '{ departments { id } }', {}, () => 'not-a-token'],
    [
      'NOT_FOUND',
      'mutation Support($id: ID!) { supportProposal(id: $id) { id } }',
      { id: Buffer.from(`Proposal:${randomUUID()}`).toString('base64url') },
      () => citizen.token,
    ],
  ])('%s', async (code, query, variables, token) => {
    const reqId = `client-mistake-${code.toLowerCase()}`;
    expect(await send(reqId, query, variables, token())).toBe(code);
    const lines = await linesOf(reqId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: INFO, outcome: code, status: 200 });
    expect(hasStack(lines[0]!)).toBe(false);
  });

  it('and nothing else in the log is a warning, an error or a stack (Nest logged each one with its stack)', async () => {
    await send('client-mistake-forbidden-again', '{ users { totalCount } }', {}, citizen.token);
    await linesOf('client-mistake-forbidden-again');
    const loud = logLines().filter((line) => line.level >= WARN || hasStack(line));
    expect(loud).toEqual([]);
  });
});

describe('the request line', () => {
  it('is one compact line: what, how it ended, for whom, how fast; no headers', async () => {
    await send('compact-signed-in', 'query Users { users { totalCount } }', {}, citizen.token);
    await send('compact-anonymous', '{ departments { id } me { id } }');
    const [signedIn] = await linesOf('compact-signed-in');
    const [anonymous] = await linesOf('compact-anonymous');
    expect(signedIn).toMatchObject({
      method: 'POST',
      url: '/graphql',
      status: 200,
      operation: 'Users',
      outcome: 'FORBIDDEN',
      client: `user:${Buffer.from(citizen.id, 'base64url').toString('utf8').split(':')[1]}`,
      userAgent: USER_AGENT,
      msg: 'POST /graphql 200 FORBIDDEN',
    });
    expect(signedIn!.ms).toEqual(expect.any(Number));
    expect(anonymous).toMatchObject({
      operation: 'query departments +1',
      outcome: 'OK',
      client: 'ip:127.0.0.1',
    });
    for (const line of [signedIn!, anonymous!]) {
      expect(Object.keys(line).filter((key) => !REQUEST_LINE_KEYS.includes(key))).toEqual([]);
      const text = JSON.stringify(line);
      expect(text).not.toMatch(/headers|authorization|Bearer|content-type/i);
      expect(text.length).toBeLessThan(400);
    }
  });
});

// Last: it breaks the database of this file on purpose.
describe('a server fault', () => {
  it('is an error with its stack, under the request id; the request line an error without one', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('DROP TABLE topic CASCADE');
    await client.end();

    expect(await send('server-fault', '{ topics { id } }')).toBe('INTERNAL_SERVER_ERROR');
    const lines = await linesOf('server-fault');
    const fault = lines.find((line) => line.status === undefined);
    const request = lines.find((line) => line.status !== undefined);
    expect(lines).toHaveLength(2);
    expect(fault).toMatchObject({ level: ERROR, msg: 'Unhandled error in a resolver' });
    expect(fault!.err!.message).toMatch(/topic/);
    expect(fault!.err!.stack).toMatch(/\n\s+at /);
    expect(request).toMatchObject({
      level: ERROR,
      outcome: 'INTERNAL_SERVER_ERROR',
      operation: 'query topics',
    });
    expect(hasStack(request!)).toBe(false);
  });
});
