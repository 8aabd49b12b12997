import http from 'node:http';
import net from 'node:net';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { costEstimator } from '../../src/core/graphql/cost-model.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { LiveSockets } from '../../src/core/live/live-sockets.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { newProposal, ok } from '../feedback/support.js';
import { waitForSubscribers } from '../helpers/live-client.js';
import { countQueries } from '../helpers/query-counter.js';
import { connectRaw, messageOfSize, openRaw, type RawSocket } from '../helpers/raw-socket.js';
import {
  bearer,
  comment,
  nextData,
  pid,
  PROPOSAL_COUNTS,
  startLiveScene,
  SUPPORT,
  UNSUPPORT,
  waitForExactly,
  type LiveScene,
} from './support.js';

/**
 * The limits of the WebSocket (issue 14: nothing a client may send can crash or starve the
 * server), each at its edge, with small numbers so that a test reaches them: a message's size,
 * connections per address, subscriptions per connection and per process, a subscription's
 * cost, a client that does not read, and how an event fans out to its subscribers. Each time,
 * the process goes on serving the others.
 */

/** A live scene whose app read `env` as its configuration. */
async function sceneWith(env: Record<string, string>): Promise<LiveScene> {
  const before = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await startLiveScene();
  } finally {
    for (const key of Object.keys(env)) {
      if (before[key] === undefined) delete process.env[key];
      else process.env[key] = before[key];
    }
  }
}

/** Waits until `check` holds, polling every 10 ms, failing after `timeoutMs`. */
async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const subscribeTo = (id: string, proposalId: string, query = PROPOSAL_COUNTS) => ({
  id,
  type: 'subscribe',
  payload: { query, variables: { id: proposalId } },
});

/** Supports or withdraws the support of `who` on a proposal (an event for its subscribers). */
async function toggleSupport(s: LiveScene, proposalId: string, who: TestUser, on: boolean) {
  await ok(s.t, on ? SUPPORT : UNSUPPORT, { id: proposalId }, who.token);
}

/**
 * The process still serves: a new graphql-ws client hears of a change to a new proposal.
 * Opens one connection (the caller leaves room for it).
 */
async function stillServes(s: LiveScene): Promise<void> {
  const proposal = await newProposal(s);
  const client = s.connect();
  const sub = client.subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
  await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
  await toggleSupport(s, pid(proposal), s.citizen, true);
  expect((await nextData(sub)).proposalUpdated.supportCount).toBe(1);
  await client.close();
}

describe('the socket (REQUEST_BODY_LIMIT_KB 4, 3 connections an address, 16 KB unread)', () => {
  let s: LiveScene;
  let sockets: LiveSockets;
  const raws: RawSocket[] = [];
  const raw = async (headers?: Record<string, string>) => {
    const socket = await connectRaw(s.url, headers);
    raws.push(socket);
    return socket;
  };
  const LIMIT = 4 * 1024;

  beforeAll(async () => {
    s = await sceneWith({
      REQUEST_BODY_LIMIT_KB: '4',
      WS_MAX_CONNECTIONS_PER_IP: '3',
      WS_MAX_BUFFERED_KB: '16',
    });
    sockets = s.t.app.get(LiveSockets);
  });
  afterEach(async () => {
    for (const socket of raws.splice(0)) socket.close();
    await s.closeConnections();
    // Every test starts with the address's three places free.
    await eventually(() => sockets.connectionsFrom('127.0.0.1') === 0, 'connections closed');
  });
  afterAll(() => s.close());

  it('a connection_init of exactly the limit is acknowledged; one byte more is closed with 1009', async () => {
    const atLimit = await raw();
    atLimit.send(messageOfSize(LIMIT, (pad) => ({ type: 'connection_init', payload: { pad } })));
    expect((await atLimit.next()).type).toBe('connection_ack');

    const over = await raw();
    over.send(messageOfSize(LIMIT + 1, (pad) => ({ type: 'connection_init', payload: { pad } })));
    expect((await over.closed).code).toBe(1009);
    atLimit.close();
    await stillServes(s);
  });

  it('a subscribe of exactly the limit is served; one byte more closes the socket and its subscriptions', async () => {
    const proposal = await newProposal(s);
    const channel = LiveChannel.proposal(proposal.id);
    const socket = await raw();
    await socket.init();
    const sized = (id: string, bytes: number) =>
      messageOfSize(bytes, (pad) => ({
        id,
        type: 'subscribe',
        payload: { query: PROPOSAL_COUNTS, variables: { id: pid(proposal), pad } },
      }));
    socket.send(sized('1', LIMIT));
    await waitForSubscribers(s.t.app, channel, 1);
    socket.send(sized('2', LIMIT + 1));
    expect((await socket.closed).code).toBe(1009);
    await waitForExactly(s.t.app, channel, 0);
    await stillServes(s);
  });

  it('the 3rd connection from an address is accepted, the 4th refused with 429 before a WebSocket is made', async () => {
    const open = [await raw(), await raw(), await raw()];
    const before = sockets.openCount;
    await expect(openRaw(s.url)).resolves.toEqual({ refused: true, status: 429 });
    // Without TRUST_PROXY, X-Forwarded-For is not believed: the same address asks again.
    await expect(openRaw(s.url, { 'x-forwarded-for': '198.51.100.7' })).resolves.toEqual({
      refused: true,
      status: 429,
    });
    expect(sockets.openCount).toBe(before);
    expect(sockets.connectionsFrom('127.0.0.1')).toBe(3);

    // The three are served as before.
    const proposal = await newProposal(s);
    for (const [i, socket] of open.entries()) {
      await socket.init();
      socket.send(subscribeTo(`s${i}`, pid(proposal)));
    }
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), 3);
    await toggleSupport(s, pid(proposal), s.citizen, true);
    for (const socket of open) {
      expect((await socket.nextOf('next')).payload.data.proposalUpdated.supportCount).toBe(1);
    }

    // One closes: its place is given back.
    open[2]!.close();
    await eventually(() => sockets.connectionsFrom('127.0.0.1') === 2, 'a place given back');
    const again = await raw();
    await again.init();
  });

  it('a connection that never sends connection_init is closed with 4408 and gives its place back', async () => {
    const silent = [await raw(), await raw(), await raw()];
    await expect(openRaw(s.url)).resolves.toEqual({ refused: true, status: 429 });
    // graphql-ws's connectionInitWaitTimeout (3 s) closes them.
    for (const socket of silent) expect((await socket.closed).code).toBe(4408);
    await eventually(() => sockets.connectionsFrom('127.0.0.1') === 0, 'places given back');
    await stillServes(s);
  });

  it('an upgrade to any other path is answered 404 and closed, not left open', async () => {
    for (const path of ['/nope', '/health/live']) {
      const url = s.url.replace('/graphql', path);
      await expect(openRaw(url)).resolves.toEqual({ refused: true, status: 404 });
    }
    // A TCP reset on such a socket found no 'error' listener and crashed the process (the
    // production test shows it from outside).
    const socket = net.connect(Number(new URL(s.url).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      'GET /nope HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    socket.resetAndDestroy();
    await stillServes(s);
  });

  it('malformed messages close that socket only (4400)', async () => {
    for (const garbage of ['{not json', '[]', '{"type":"nonsense"}', '"just a string"']) {
      const socket = await raw();
      await socket.init();
      socket.send(garbage);
      expect((await socket.closed).code).toBe(4400);
      socket.close();
    }
    const unacknowledged = await raw();
    unacknowledged.send(subscribeTo('1', 'x'));
    expect((await unacknowledged.closed).code).toBe(4401);
    unacknowledged.close();
    await stillServes(s);
  });

  it('a flood of small messages from a client that reads is answered in full', async () => {
    const socket = await raw();
    await socket.init();
    for (let i = 0; i < 5000; i++) socket.send({ type: 'ping' });
    for (let i = 0; i < 5000; i++) expect((await socket.next()).type).toBe('pong');
    socket.send({ id: 'c', type: 'complete' }); // of nothing: ignored
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    await stillServes(s);
  });

  it('a client that stops reading is closed with 1013 once 16 KB wait for it, and no more is made for it', async () => {
    const socket = await raw();
    await socket.init();
    socket.pauseReading(true);
    // Pongs carry the ping's payload back. Far more than the kernel's buffers on both sides
    // take in: without the limit, the server would keep all of it in its memory.
    const ping = { type: 'ping', payload: { pad: 'p'.repeat(3000) } };
    const PINGS = 12_000; // 36 MB
    for (let i = 0; i < PINGS; i++) socket.send(ping);
    await new Promise<void>((resolve) => socket.ws.send(JSON.stringify(ping), () => resolve()));
    socket.pauseReading(false);
    const { code } = await socket.closed;
    expect(code).toBe(1013);
    const pongs = socket.pending().filter((m) => m.type === 'pong').length;
    expect(pongs).toBeLessThan(PINGS);
    await stillServes(s);
  }, 60_000);

  it('so is one that sends WebSocket pings (which ws answers by itself) and never reads', async () => {
    const socket = await raw();
    await socket.init();
    socket.pauseReading(true);
    const PINGS = 100_000; // 12.5 MB of pongs
    const payload = Buffer.alloc(125, 1); // the most a control frame carries
    for (let i = 0; i < PINGS - 1; i++) socket.ws.ping(payload);
    await new Promise<void>((resolve) => socket.ws.ping(payload, undefined, () => resolve()));
    let pongs = 0;
    socket.ws.on('pong', () => pongs++);
    socket.pauseReading(false);
    expect((await socket.closed).code).toBe(1013);
    expect(pongs).toBeLessThan(PINGS);
    await stillServes(s);
  }, 60_000);

  it('an event reaches 12 anonymous subscribers of a nested selection with the statements it takes to reach one', async () => {
    const proposal = await newProposal(s);
    await comment(s.t, s.citizen, pid(proposal));
    const nested = `subscription($id: ID!) { proposalUpdated(id: $id) { id supportCount
      author { displayName } comments(first: 5) { nodes { id body author { displayName } } } } }`;
    const statementsFor = async (count: number, on: boolean) => {
      const channel = LiveChannel.proposal(proposal.id);
      const socketsUsed = count === 1 ? [await raw()] : [await raw(), await raw(), await raw()];
      for (const socket of socketsUsed) await socket.init();
      for (let i = 0; i < count; i++) {
        socketsUsed[i % socketsUsed.length]!.send(subscribeTo(`n${i}`, pid(proposal), nested));
      }
      await waitForSubscribers(s.t.app, channel, count);
      const { queries } = await countQueries(s.t.db, async () => {
        await toggleSupport(s, pid(proposal), s.citizen, on);
        for (const socket of socketsUsed) {
          for (let i = 0; i < Math.ceil(count / socketsUsed.length); i++) {
            const next = await socket.nextOf('next');
            expect(next.payload.errors).toBeUndefined();
            expect(next.payload.data.proposalUpdated.comments.nodes).toHaveLength(1);
          }
        }
      });
      for (const socket of socketsUsed) socket.close();
      await waitForExactly(s.t.app, channel, 0);
      await eventually(() => sockets.connectionsFrom('127.0.0.1') === 0, 'connections closed');
      return queries;
    };
    const one = await statementsFor(1, true);
    const twelve = await statementsFor(12, false);
    expect(twelve.length).toBe(one.length);
  });

  it('commentAdded reads the comment and its proposal once per event, whoever listens', async () => {
    const proposal = await newProposal(s);
    const listeners = await Promise.all([1, 2, 3].map(() => createUser(s.t.db, s.t.jwt)));
    const commentId = `subscription($id: ID!) { commentAdded(subjectId: $id) { id } }`;
    const statementsFor = async (who: TestUser[]) => {
      const channel = LiveChannel.comments(proposal.id);
      const socketsUsed: RawSocket[] = [];
      for (const listener of who) {
        const socket = await raw();
        await socket.init(bearer(listener.token));
        socket.send({
          id: 'c',
          type: 'subscribe',
          payload: { query: commentId, variables: { id: pid(proposal) } },
        });
        socketsUsed.push(socket);
      }
      await waitForSubscribers(s.t.app, channel, who.length);
      const { queries } = await countQueries(s.t.db, async () => {
        const added = await comment(s.t, s.citizen, pid(proposal));
        for (const socket of socketsUsed) {
          expect((await socket.nextOf('next')).payload.data.commentAdded.id).toBe(added.id);
        }
      });
      for (const socket of socketsUsed) socket.close();
      await waitForExactly(s.t.app, channel, 0);
      await eventually(() => sockets.connectionsFrom('127.0.0.1') === 0, 'connections closed');
      return queries;
    };
    const one = await statementsFor(listeners.slice(0, 1));
    const three = await statementsFor(listeners);
    expect(three.length).toBe(one.length);
  });
});

describe('behind a proxy (TRUST_PROXY loopback, 2 connections an address)', () => {
  let s: LiveScene;
  let sockets: LiveSockets;
  const raws: RawSocket[] = [];
  const from = async (address: string) => {
    const socket = await openRaw(s.url, { 'x-forwarded-for': address });
    if (!('refused' in socket)) raws.push(socket);
    return 'refused' in socket ? socket.status : 'open';
  };

  beforeAll(async () => {
    s = await sceneWith({ TRUST_PROXY: 'loopback', WS_MAX_CONNECTIONS_PER_IP: '2' });
    sockets = s.t.app.get(LiveSockets);
  });
  afterEach(async () => {
    for (const socket of raws.splice(0)) socket.close();
    await eventually(() => sockets.openCount === 0, 'connections closed');
  });
  afterAll(() => s.close());

  it('counts each forwarded address apart', async () => {
    expect(await from('203.0.113.1')).toBe('open');
    expect(await from('203.0.113.1')).toBe('open');
    expect(await from('203.0.113.1')).toBe(429);
    expect(await from('203.0.113.2')).toBe('open');
    expect(sockets.connectionsFrom('203.0.113.1')).toBe(2);
    expect(sockets.connectionsFrom('203.0.113.2')).toBe(1);
  });

  it('counts an IPv6 client by its /64', async () => {
    expect(await from('2001:db8:1:2::1')).toBe('open');
    expect(await from('2001:db8:1:2:ffff:ffff:ffff:fffe')).toBe('open');
    expect(await from('2001:db8:1:2::3')).toBe(429);
    expect(await from('2001:db8:1:3::1')).toBe('open');
    expect(sockets.connectionsFrom('2001:db8:1:2::/64')).toBe(2);
  });
});

describe('the rate limits (RATE_LIMIT_REQUESTS_PER_MINUTE 4, behind a proxy)', () => {
  let s: LiveScene;
  const raws: RawSocket[] = [];
  const from = async (address: string) => {
    const socket = await openRaw(s.url, { 'x-forwarded-for': address });
    if (!('refused' in socket)) raws.push(socket);
    return socket;
  };

  beforeAll(async () => {
    s = await sceneWith({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '4',
    });
  });
  afterAll(async () => {
    for (const socket of raws.splice(0)) socket.close();
    await s.close();
  });

  it('count each upgrade and each subscribe as a request: the 4th passes, the 5th is refused', async () => {
    const proposal = await newProposal(s);
    const first = await from('203.0.113.50'); // 1
    if ('refused' in first) throw new Error('refused');
    await first.init();
    first.send(subscribeTo('1', pid(proposal))); // 2
    first.send(subscribeTo('2', pid(proposal))); // 3
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), 2);
    const second = await from('203.0.113.50'); // 4
    expect('refused' in second).toBe(false);

    const refusedUpgrade = await new Promise<{ status?: number; retryAfter?: string }>(
      (resolve) => {
        const req = http.get(s.url.replace('ws:', 'http:'), {
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
            'sec-websocket-protocol': 'graphql-transport-ws',
            'x-forwarded-for': '203.0.113.50',
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] });
        });
        req.on('upgrade', (_res, socket) => {
          socket.destroy();
          resolve({});
        });
      },
    );
    expect(refusedUpgrade.status).toBe(429);
    expect(Number(refusedUpgrade.retryAfter)).toBeGreaterThan(0);

    first.send(subscribeTo('3', pid(proposal)));
    const refused = await first.nextOf('error');
    expect(refused.id).toBe('3');
    expect(refused.payload[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.payload[0].extensions.retryAfter).toBeGreaterThan(0);

    // What runs goes on, and another address is not concerned.
    await toggleSupport(s, pid(proposal), s.citizen, true);
    expect((await first.nextOf('next')).payload.data.proposalUpdated.supportCount).toBe(1);
    expect((await first.nextOf('next')).payload.data.proposalUpdated.supportCount).toBe(1);
    expect('refused' in (await from('203.0.113.51'))).toBe(false);
  });
});

describe('subscriptions (3 a connection, 5 in the process, cost 30)', () => {
  let s: LiveScene;
  let sockets: LiveSockets;
  const raws: RawSocket[] = [];
  const raw = async () => {
    const socket = await connectRaw(s.url);
    raws.push(socket);
    await socket.init();
    return socket;
  };

  beforeAll(async () => {
    s = await sceneWith({
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
      WS_MAX_SUBSCRIPTIONS: '5',
      WS_MAX_SUBSCRIPTION_COST: '30',
    });
    sockets = s.t.app.get(LiveSockets);
  });
  afterEach(async () => {
    for (const socket of raws.splice(0)) socket.close();
    await s.closeConnections();
    await eventually(() => sockets.subscriptionCount === 0, 'every place given back');
  });
  afterAll(() => s.close());

  it('a connection runs 3; the 4th is RATE_LIMITED, the socket stays open and the 3 go on', async () => {
    const proposal = await newProposal(s);
    const channel = LiveChannel.proposal(proposal.id);
    const socket = await raw();
    for (const id of ['1', '2', '3']) socket.send(subscribeTo(id, pid(proposal)));
    await waitForSubscribers(s.t.app, channel, 3);
    socket.send(subscribeTo('4', pid(proposal)));
    const refused = await socket.nextOf('error');
    expect(refused.id).toBe('4');
    expect(refused.payload[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      maximumSubscriptions: 3,
    });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);

    await toggleSupport(s, pid(proposal), s.citizen, true);
    const heard = new Set<string>();
    for (let i = 0; i < 3; i++) heard.add((await socket.nextOf('next')).id);
    expect(heard).toEqual(new Set(['1', '2', '3']));

    // One completes: the next one is accepted.
    socket.send({ id: '2', type: 'complete' });
    await waitForExactly(s.t.app, channel, 2);
    socket.send(subscribeTo('5', pid(proposal)));
    await waitForSubscribers(s.t.app, channel, 3);
    expect(sockets.subscriptionCount).toBe(3);
  });

  it('a second subscription with an id already running closes the socket (4409)', async () => {
    const proposal = await newProposal(s);
    const socket = await raw();
    socket.send(subscribeTo('same', pid(proposal)));
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), 1);
    socket.send(subscribeTo('same', pid(proposal)));
    expect((await socket.closed).code).toBe(4409);
    await eventually(() => sockets.subscriptionCount === 0, 'its place given back');
  });

  it('the process runs 5; the 6th is SERVICE_UNAVAILABLE; a closed connection gives its places back', async () => {
    const proposal = await newProposal(s);
    const channel = LiveChannel.proposal(proposal.id);
    const [first, second] = [await raw(), await raw()];
    for (const id of ['1', '2', '3']) first!.send(subscribeTo(id, pid(proposal)));
    for (const id of ['1', '2']) second!.send(subscribeTo(id, pid(proposal)));
    await waitForSubscribers(s.t.app, channel, 5);
    expect(sockets.subscriptionCount).toBe(5);

    const third = await raw();
    third.send(subscribeTo('6', pid(proposal)));
    const refused = await third.nextOf('error');
    expect(refused.payload[0].extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 30 });

    first!.close();
    await eventually(() => sockets.subscriptionCount === 2, 'three places given back');
    third.send(subscribeTo('7', pid(proposal)));
    await waitForSubscribers(s.t.app, channel, 3);
    await toggleSupport(s, pid(proposal), s.citizen, true);
    expect((await third.nextOf('next')).id).toBe('7');
  });

  it('a subscription refused or ended holds no place', async () => {
    const hidden = await newProposal(s, { hidden: true });
    const socket = await raw();
    socket.send(subscribeTo('hidden', pid(hidden)));
    expect((await socket.nextOf('next')).payload.errors[0].extensions.code).toBe('NOT_FOUND');
    socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
    expect((await socket.nextOf('error')).payload[0].extensions.code).toBe('BAD_USER_INPUT');
    socket.send({ id: 'n', type: 'subscribe', payload: { query: 'subscription { nope }' } });
    expect((await socket.nextOf('error')).payload[0].extensions.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    await eventually(() => sockets.subscriptionCount === 0, 'no place held');
    // So the 5 places are all there.
    const proposal = await newProposal(s);
    const [a, b] = [await raw(), await raw()];
    for (const id of ['1', '2', '3']) a!.send(subscribeTo(id, pid(proposal)));
    for (const id of ['1', '2']) b!.send(subscribeTo(id, pid(proposal)));
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), 5);
  });

  it('a subscription costing exactly WS_MAX_SUBSCRIPTION_COST is served; one costing more is QUERY_TOO_COMPLEX', async () => {
    const schema = s.t.app.get(GraphQLSchemaHost).schema;
    const withFields = (n: number) =>
      `subscription($id: ID!) { proposalUpdated(id: $id) { ${Array.from(
        { length: n },
        (_, i) => `f${i}: supportCount`,
      ).join(' ')} } }`;
    const costOf = (query: string) =>
      getComplexity({
        schema,
        query: parse(query),
        variables: { id: 'x' },
        estimators: [costEstimator],
      });
    const fields = Array.from({ length: 30 }, (_, i) => i + 1).find(
      (n) => costOf(withFields(n)) === 30,
    );
    expect(fields).toBeDefined();
    expect(costOf(withFields(fields! + 1))).toBe(31);

    const proposal = await newProposal(s);
    const socket = await raw();
    socket.send(subscribeTo('at', pid(proposal), withFields(fields!)));
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), 1);
    socket.send(subscribeTo('over', pid(proposal), withFields(fields! + 1)));
    const refused = await socket.nextOf('error');
    expect(refused.id).toBe('over');
    expect(refused.payload[0].extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      cost: 31,
      maximumCost: 30,
    });
    await toggleSupport(s, pid(proposal), s.citizen, true);
    expect((await socket.nextOf('next')).payload.data.proposalUpdated.f0).toBe(1);
  });
});
