import { LiveChannel } from '../../src/core/live/live-events.js';
import {
  createUser,
  TEST_PASSWORD,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { newProposal } from '../feedback/support.js';
import { waitForSubscribers } from '../helpers/live-client.js';
import { connectRaw, type RawSocket } from '../helpers/raw-socket.js';
import type { GraphqlResponse } from '../helpers/test-app.js';
import { comment, pid, startLiveScene, type LiveScene } from '../live/support.js';
import { claimsOf, forgeJwt, LOG_IN, LOG_OUT, ME, REFRESH } from './support.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';

/**
 * Every UNAUTHENTICATED says why in `extensions.reason`, over HTTP and over the WebSocket, so a
 * client knows whether to refresh its access token (TOKEN_EXPIRED) or to sign in again.
 */

interface Pair {
  accessToken: string;
  refreshToken: string;
}

const PUBLIC_READ = '{ departments { id } }';
const PRIVATE_READ = '{ notifications(first: 1) { totalCount } }';
const NOTIFICATION_ADDED = 'subscription { notificationAdded { id kind } }';
const DAY = 86_400_000;

let s: LiveScene;
beforeAll(async () => {
  s = await startLiveScene();
});
afterEach(async () => {
  restoreClock();
  await s.closeConnections();
});
afterAll(() => s.close());

/** When an access token expires, in ms (its `exp` claim). */
const expiryOf = (token: string) => (claimsOf(token).exp as number) * 1000;

function reasonOf(res: GraphqlResponse): unknown {
  expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  return res.errors![0]!.extensions!.reason;
}

const newUser = () => createUser(s.t.db, s.t.jwt);

async function logIn(who: TestUser): Promise<Pair> {
  const res = await s.t.gql(LOG_IN, { input: { email: who.user.email, password: TEST_PASSWORD } });
  expect(res.errors).toBeUndefined();
  return res.data.logIn;
}

const refresh = (token: string) => s.t.gql(REFRESH, { token });

async function refreshed(token: string): Promise<Pair> {
  const res = await refresh(token);
  expect(res.errors).toBeUndefined();
  return res.data.refreshSession;
}

async function logOut(token: string): Promise<void> {
  expect((await s.t.gql(LOG_OUT, { token })).data).toEqual({ logOut: true });
}

/** A session whose family was revoked for reuse: its newest pair, void now. */
async function reusedSession(who: TestUser): Promise<Pair> {
  const first = await logIn(who);
  const second = await refreshed(first.refreshToken);
  expect(reasonOf(await refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
  return second;
}

describe('UNAUTHENTICATED over HTTP says why', () => {
  it('SIGN_IN_REQUIRED: a field for signed-in users, asked without a token', async () => {
    const who = await newUser();
    expect(reasonOf(await s.t.gql(PRIVATE_READ))).toBe('SIGN_IN_REQUIRED');
    expect((await s.t.gql(PRIVATE_READ, {}, who.token)).errors).toBeUndefined();
  });

  it('INVALID_CREDENTIALS: a wrong password at logIn, with the message that names neither', async () => {
    const who = await newUser();
    const res = await s.t.gql(LOG_IN, {
      input: { email: who.user.email, password: 'not the password at all' },
    });
    expect(reasonOf(res)).toBe('INVALID_CREDENTIALS');
    expect(res.errors![0]!.message).toBe('The email or password is wrong.');
  });

  it('TOKEN_EXPIRED once the clock passes the access token’s expiry; a refresh then works', async () => {
    const pair = await logIn(await newUser());
    const expiry = expiryOf(pair.accessToken);

    freezeClock(expiry - 1000);
    expect((await s.t.gql(ME, {}, pair.accessToken)).errors).toBeUndefined();

    freezeClock(expiry + 1000);
    for (const query of [ME, PUBLIC_READ, PRIVATE_READ]) {
      const res = await s.t.gql(query, {}, pair.accessToken);
      expect(reasonOf(res)).toBe('TOKEN_EXPIRED');
      expect(res.errors![0]!.message).toMatch(/refreshSession/);
    }
    const next = await refreshed(pair.refreshToken);
    expect((await s.t.gql(ME, {}, next.accessToken)).errors).toBeUndefined();
  });

  it('TOKEN_INVALID, never TOKEN_EXPIRED, for a token this server did not sign, expired or not', async () => {
    const who = await newUser();
    const other = await newUser();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: who.user.id, sid: claimsOf(who.token).sid, iat: now - 3600 };
    const expired = { ...claims, exp: now - 60 };
    const tokens = [
      'garbage',
      forgeJwt(expired, { secret: 'another-secret-that-is-long-enough-0123456789' }),
      forgeJwt(expired, { alg: 'none' }),
      forgeJwt({ ...claims, exp: now + 600 }, { alg: 'HS512' }),
      // Signed by this server, but naming another user's session, or no session at all.
      forgeJwt({ ...claims, exp: now + 600, sid: claimsOf(other.token).sid }),
      forgeJwt({ ...claims, exp: now + 600, sid: undefined }),
      forgeJwt({ ...claims, exp: now + 600, sub: 'not-a-uuid' }),
    ];
    for (const token of tokens) {
      expect(reasonOf(await s.t.gql(PUBLIC_READ, {}, token))).toBe('TOKEN_INVALID');
    }
    const malformed = await s.t
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .set('Authorization', `Bearer ${who.token} extra`)
      .send({ query: PUBLIC_READ });
    expect(malformed.body.errors[0].extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_INVALID',
    });
    // The control: the same claims, signed by this server and not expired, get through.
    expect((await s.t.gql(ME, {}, forgeJwt({ ...claims, exp: now + 600 }))).data.me).not.toBeNull();
  });

  it('TOKEN_INVALID for a refresh token the server does not know, an access token among them', async () => {
    const pair = await logIn(await newUser());
    for (const token of ['junk', pair.accessToken]) {
      expect(reasonOf(await refresh(token))).toBe('TOKEN_INVALID');
    }
    // Not taken for reuse: the session's refresh token still works.
    await refreshed(pair.refreshToken);
  });

  it('SESSION_REVOKED after logOut, for the access and refresh tokens of that session alone', async () => {
    const who = await newUser();
    const ended = await logIn(who);
    const kept = await logIn(who);
    await logOut(ended.refreshToken);
    expect(reasonOf(await s.t.gql(ME, {}, ended.accessToken))).toBe('SESSION_REVOKED');
    expect(reasonOf(await refresh(ended.refreshToken))).toBe('SESSION_REVOKED');
    expect((await s.t.gql(ME, {}, kept.accessToken)).errors).toBeUndefined();
  });

  it('SESSION_REVOKED for the tokens of a deleted account', async () => {
    const who = await newUser();
    const pair = await logIn(who);
    await s.t.db.query('DELETE FROM app_user WHERE id = $1', [who.user.id]);
    expect(reasonOf(await s.t.gql(ME, {}, pair.accessToken))).toBe('SESSION_REVOKED');
    expect(reasonOf(await refresh(pair.refreshToken))).toBe('TOKEN_INVALID');
  });

  it('SESSION_EXPIRED for a refresh token past REFRESH_TOKEN_TTL_DAYS (30), not before', async () => {
    const who = await newUser();
    const young = await logIn(who);
    const old = await logIn(who);
    freezeClock(Date.now() + 29 * DAY);
    await refreshed(young.refreshToken);
    freezeClock(Date.now() + 2 * DAY);
    const res = await refresh(old.refreshToken);
    expect(reasonOf(res)).toBe('SESSION_EXPIRED');
    expect(res.errors![0]!.message).toMatch(/sign in again/);
  });

  it('REFRESH_TOKEN_REUSED for the replayed token, then for every token of its session', async () => {
    const who = await newUser();
    const first = await logIn(who);
    const second = await refreshed(first.refreshToken);
    const replay = await refresh(first.refreshToken);
    expect(reasonOf(replay)).toBe('REFRESH_TOKEN_REUSED');
    expect(replay.errors![0]!.message).toMatch(/used a second time/);
    expect(reasonOf(await refresh(second.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(reasonOf(await s.t.gql(ME, {}, second.accessToken))).toBe('REFRESH_TOKEN_REUSED');
    // Another session of the same person is not touched, and says nothing of reuse.
    const other = await logIn(who);
    expect((await s.t.gql(ME, {}, other.accessToken)).errors).toBeUndefined();
  });
});

describe('UNAUTHENTICATED over the WebSocket says why', () => {
  const sockets: RawSocket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** A graphql-ws connection initialised with `params`, and its acknowledgement's payload. */
  async function connect(params?: Record<string, unknown>) {
    const socket = await connectRaw(s.url);
    sockets.push(socket);
    socket.send({ type: 'connection_init', payload: params });
    const ack = await socket.nextOf('connection_ack');
    return { socket, ack: ack.payload ?? null };
  }

  /** Subscribes to notificationAdded; the first result it gets. */
  async function firstResult(socket: RawSocket, timeoutMs = 5000) {
    const message = await socket.nextOf('next', timeoutMs);
    return message.payload as GraphqlResponse;
  }

  const subscribe = (socket: RawSocket, id = '1') =>
    socket.send({ id, type: 'subscribe', payload: { query: NOTIFICATION_ADDED } });

  it('connection_init: acknowledges a refused token with its reason; a private subscription is refused with it', async () => {
    const owner = await newUser();
    const loggedOut = await logIn(owner);
    await logOut(loggedOut.refreshToken);
    const reused = await reusedSession(owner);
    const cases: [string, Record<string, unknown> | undefined][] = [
      ['TOKEN_INVALID', { authorization: 'Bearer garbage' }],
      ['TOKEN_INVALID', { authorization: 42 }],
      ['SESSION_REVOKED', { authorization: `Bearer ${loggedOut.accessToken}` }],
      ['REFRESH_TOKEN_REUSED', { authorization: `Bearer ${reused.accessToken}` }],
    ];
    for (const [reason, params] of cases) {
      const { socket, ack } = await connect(params);
      expect(ack).toEqual({ code: 'UNAUTHENTICATED', reason });
      subscribe(socket);
      expect((await firstResult(socket)).errors?.[0]?.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason,
      });
    }

    // No token: a plain acknowledgement; the subscription asks for one.
    const anonymous = await connect();
    expect(anonymous.ack).toBeNull();
    subscribe(anonymous.socket);
    expect((await firstResult(anonymous.socket)).errors?.[0]?.extensions?.reason).toBe(
      'SIGN_IN_REQUIRED',
    );

    // A sound token: a plain acknowledgement, and the stream runs.
    const signedIn = await connect({ authorization: `Bearer ${owner.token}` });
    expect(signedIn.ack).toBeNull();
    subscribe(signedIn.socket);
    await waitForSubscribers(s.t.app, LiveChannel.notifications(owner.user.id));
  });

  it('connection_init: TOKEN_EXPIRED for a token past its expiry on the clock', async () => {
    const who = await newUser();
    freezeClock(expiryOf(who.token) + 1000);
    const { socket, ack } = await connect({ authorization: `Bearer ${who.token}` });
    expect(ack).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    subscribe(socket);
    expect((await firstResult(socket)).errors?.[0]?.extensions?.reason).toBe('TOKEN_EXPIRED');
  });

  it('a token expiring mid-stream ends notificationAdded with TOKEN_EXPIRED', async () => {
    const who = await newUser();
    // 300 ms before its expiry on the clock: the stream is open for 300 ms of real time.
    freezeClock(expiryOf(who.token) - 300);
    const { socket, ack } = await connect({ authorization: `Bearer ${who.token}` });
    expect(ack).toBeNull();
    subscribe(socket);
    const last = await firstResult(socket);
    expect(last.data ?? null).toBeNull();
    expect(last.errors?.[0]?.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
    });
    expect(last.errors?.[0]?.message).toMatch(/reconnect/);
    expect((await socket.nextOf('complete')).id).toBe('1');
  });

  /** Ends the session of `pair` as a person would: signing out, or a thief replaying. */
  const endSession: Record<string, (pair: Pair) => Promise<unknown>> = {
    logOut: (pair) => logOut(pair.refreshToken),
    reuse: async (pair) => {
      await refreshed(pair.refreshToken);
      await refresh(pair.refreshToken);
    },
  };

  it.each([
    ['logOut', 'SESSION_REVOKED'],
    ['reuse', 'REFRESH_TOKEN_REUSED'],
  ])('a session ended mid-stream by %s ends notificationAdded with %s', async (how, reason) => {
    const who = await newUser();
    const pair = await logIn(who);
    const proposal = await newProposal(s, { authorId: who.user.id });
    const { socket } = await connect({ authorization: `Bearer ${pair.accessToken}` });
    subscribe(socket);
    await waitForSubscribers(s.t.app, LiveChannel.notifications(who.user.id));

    await endSession[how]!(pair);
    // The next event finds the session ended.
    await comment(s.t, s.citizen, pid(proposal));
    const last = await firstResult(socket);
    expect(last.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
  });
});
