import net from 'node:net';
import { connectRaw, messageOfSize, openRaw, type RawSocket } from '../helpers/raw-socket.js';
import {
  cleanupAll,
  gql,
  httpRequest,
  startPostgres,
  startServer,
  type ServerProcess,
} from '../reliability/support.js';

/**
 * The WebSocket of a real production process (NODE_ENV=production, default limits), as a
 * hostile client meets it: suggestions masked as over HTTP, the default message size and
 * connections per address, and an upgrade it refuses that no longer crashes it. After each,
 * the process is still up and answering.
 */

let server: ServerProcess;
const raws: RawSocket[] = [];
const raw = async () => {
  const socket = await connectRaw(server.wsUrl);
  raws.push(socket);
  return socket;
};

beforeAll(async () => {
  const postgres = await startPostgres();
  server = await startServer({ DATABASE_URL: postgres.url });
}, 120_000);
afterEach(() => {
  for (const socket of raws.splice(0)) socket.close();
});

/** The process has not exited and answers. */
async function expectStillUp(): Promise<void> {
  expect(server.hasExited()).toBe(false);
  const live = await httpRequest(`${server.baseUrl}/health/live`, { timeoutMs: 5000 });
  expect(live.ok && live.status).toBe(200);
}
afterAll(() => cleanupAll(), 60_000);

/** The errors of the first answer to `query` over the socket (an error or a next message). */
async function socketErrors(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ message: string }[]> {
  const socket = await raw();
  await socket.init();
  socket.send({ id: '1', type: 'subscribe', payload: { query, variables } });
  const answer = await socket.next();
  socket.close();
  return answer.type === 'error' ? answer.payload : answer.payload.errors;
}

describe('field suggestions', () => {
  it('are masked over the socket as over HTTP, in every form graphql-js writes them', async () => {
    const typo = await socketErrors('subscription { proposalUpdated(id: "x") { titel } }');
    const overHttp = await gql(server, '{ proposal(id: "x") { titel } }');
    expect(overHttp.ok && overHttp.errors?.[0]?.message).toBe(typo[0]!.message);
    expect(typo[0]!.message).toMatch(/"titel".*\[Suggestion hidden\]/);

    const answers = [
      typo,
      // an argument
      await socketErrors('subscription { proposalUpdated(idd: "x") { id } }'),
      // a type
      await socketErrors(
        'subscription($id: ID!) { proposalUpdated(id: $id) { ... on Proposl { id } } }',
      ),
      // an enum value written in the document
      await socketErrors(
        'subscription { proposalUpdated(id: "x") { department { proposals(status: [ACCEPTD]) { totalCount } } } }',
      ),
      // an abstract type's fields
      await socketErrors('subscription { commentAdded(subjectId: "x") { subject { title } } }'),
      // an enum value given as a variable (refused when the operation starts, not validated)
      await socketErrors(
        'subscription($s: [ProposalStatus!]) { proposalUpdated(id: "x") { department { proposals(status: $s) { totalCount } } } }',
        { s: ['ACCEPTD'] },
      ),
    ];
    for (const errors of answers) {
      const messages = errors.map((e) => e.message);
      expect(messages.some((m) => m.includes('[Suggestion hidden]'))).toBe(true);
      for (const message of messages) expect(message).not.toMatch(/Did you mean/);
    }
    const named = JSON.stringify(answers);
    for (const revealed of ['"title"', '"id"', '"Proposal"', '"ACCEPTED"', '"Workshop"']) {
      expect(named).not.toContain(revealed);
    }
    await expectStillUp();
  });
});

describe('the default limits', () => {
  it('a message of exactly 100 KB is read; one byte more closes the socket with 1009', async () => {
    const limit = 100 * 1024;
    const atLimit = await raw();
    atLimit.send(messageOfSize(limit, (pad) => ({ type: 'connection_init', payload: { pad } })));
    expect((await atLimit.next()).type).toBe('connection_ack');
    const over = await raw();
    over.send(messageOfSize(limit + 1, (pad) => ({ type: 'connection_init', payload: { pad } })));
    expect((await over.closed).code).toBe(1009);
    await expectStillUp();
  });

  it('20 connections from one address are accepted, the 21st is refused with 429', async () => {
    for (let i = 0; i < 20; i++) await raw();
    await expect(openRaw(server.wsUrl)).resolves.toEqual({ refused: true, status: 429 });
    for (const socket of raws.splice(0)) socket.close();
    // The places come back as the sockets close.
    const deadline = Date.now() + 5000;
    let again = await openRaw(server.wsUrl);
    while ('refused' in again && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openRaw(server.wsUrl);
    }
    expect('refused' in again).toBe(false);
    if (!('refused' in again)) raws.push(again);
    await expectStillUp();
  });
});

describe('an upgrade to another path', () => {
  it('is answered 404, and a TCP reset on it does not take the process down (it did)', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => {});
    socket.write(
      'GET /health/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    // A round trip on another connection: by its answer, the server has taken the upgrade.
    await httpRequest(`${server.baseUrl}/health/live`, { timeoutMs: 5000 });
    socket.resetAndDestroy();
    await httpRequest(`${server.baseUrl}/health/live`, { timeoutMs: 5000 });
    await expect(openRaw(server.wsUrl.replace('/graphql', '/nope'))).resolves.toEqual({
      refused: true,
      status: 404,
    });
    await expectStillUp();
  });
});
