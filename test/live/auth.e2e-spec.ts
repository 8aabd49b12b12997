import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { SessionEntity } from '../../src/identity/session.entity.js';
import {
  createUser,
  TEST_PASSWORD,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { assign, newProposal, ok } from '../feedback/support.js';
import { forgeJwt } from '../identity/support.js';
import { subscriberCount, waitForSubscribers } from '../helpers/live-client.js';
import { countQueries } from '../helpers/query-counter.js';
import {
  comment,
  errorCode,
  expectRefused,
  moderate,
  nextData,
  NOTIFICATION_ADDED,
  pid,
  PROPOSAL_COUNTS,
  shortLivedToken,
  startLiveScene,
  SUPPORT,
  waitForExactly,
  withTimeout,
  type LiveScene,
} from './support.js';

let s: LiveScene;
beforeAll(async () => {
  s = await startLiveScene();
});
afterEach(() => s.closeConnections());
afterAll(() => s.close());

const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { accessToken refreshToken } }`;
const LOG_OUT = 'mutation($token: String!) { logOut(refreshToken: $token) }';

/** Resolves false when the connection is still open after `ms`. */
async function closedWithin(client: { closed: Promise<unknown> }, ms: number): Promise<boolean> {
  return Promise.race([
    client.closed.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);
}

/**
 * Checks a connection made with `params` is anonymous: it stays open, notificationAdded is
 * UNAUTHENTICATED, a hidden proposal its author could watch is NOT_FOUND, and the public
 * proposalUpdated works. `owner` is whose token it claims to be (their notifications and
 * hidden proposal are tried).
 */
async function expectAnonymous(params: Record<string, unknown>, owner: TestUser) {
  const client = s.connect(null, params);
  await expectRefused(client.subscribe(NOTIFICATION_ADDED), 'UNAUTHENTICATED');
  const hidden = await newProposal(s, { hidden: true, authorId: owner.user.id });
  await expectRefused(client.subscribe(PROPOSAL_COUNTS, { id: pid(hidden) }), 'NOT_FOUND');
  const proposal = await newProposal(s);
  const updates = client.subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
  await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
  await ok(s.t, SUPPORT, { id: pid(proposal) }, s.citizen.token);
  expect((await nextData(updates)).proposalUpdated.supportCount).toBe(1);
  expect(await closedWithin(client, 0)).toBe(false);
  expect(subscriberCount(s.t.app, LiveChannel.notifications(owner.user.id))).toBe(0);
}

/** Checks a connection made with `params` is `owner`'s: their notifications arrive. */
async function expectSignedIn(params: Record<string, unknown>, owner: TestUser) {
  const client = s.connect(null, params);
  const inbox = client.subscribe(NOTIFICATION_ADDED);
  await waitForSubscribers(s.t.app, LiveChannel.notifications(owner.user.id));
  const proposal = await newProposal(s, { authorId: owner.user.id });
  const added = await comment(s.t, s.admin, pid(proposal));
  expect((await nextData(inbox)).notificationAdded.subject.id).toBe(added.id);
  await client.close();
  await waitForExactly(s.t.app, LiveChannel.notifications(owner.user.id), 0);
}

describe('an anonymous connection', () => {
  it('notificationAdded is UNAUTHENTICATED while proposalUpdated works on the same connection', async () => {
    const client = s.connect();
    const proposal = await newProposal(s);
    const updates = client.subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
    const refused = await expectRefused(client.subscribe(NOTIFICATION_ADDED), 'UNAUTHENTICATED');
    expect(refused.errors).toHaveLength(1);
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
    await ok(s.t, SUPPORT, { id: pid(proposal) }, s.citizen.token);
    expect((await nextData(updates)).proposalUpdated).toEqual({
      id: pid(proposal),
      supportCount: 1,
      commentCount: 0,
      hidden: false,
    });
    expect(await closedWithin(client, 0)).toBe(false);
  });
});

describe('tokens the connection accepts', () => {
  it('"Bearer <token>", the bare token, any case of Bearer, and the Authorization key', async () => {
    const { token } = s.author;
    await expectSignedIn({ authorization: `Bearer ${token}` }, s.author);
    await expectSignedIn({ authorization: token }, s.author);
    await expectSignedIn({ authorization: `bearer ${token}` }, s.author);
    await expectSignedIn({ Authorization: `Bearer ${token}` }, s.author);
  });
});

describe('tokens the connection refuses: still accepted, as anonymous', () => {
  it('garbage, forged, expired, wrong-algorithm and mismatched tokens, and values of the wrong type', async () => {
    const owner = s.citizen;
    const { user } = owner;
    const session = await s.t.db.getRepository(SessionEntity).save({ userId: user.id });
    const otherSession = await s.t.db
      .getRepository(SessionEntity)
      .save({ userId: s.admin.user.id });
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, sid: session.id, iat: now, exp: now + 600 };
    const cases: Record<string, unknown>[] = [
      { authorization: 'Bearer garbage' },
      { authorization: 'garbage.garbage.garbage' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${owner.token} extra` },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `Bearer ${forgeJwt(claims, { secret: 'not-the-secret' })}` },
      { authorization: `Bearer ${forgeJwt(claims, { alg: 'none' })}` },
      { authorization: `Bearer ${forgeJwt(claims, { alg: 'HS512' })}` },
      { authorization: `Bearer ${forgeJwt({ ...claims, iat: now - 1200, exp: now - 600 })}` },
      { authorization: `Bearer ${forgeJwt({ sub: user.id, sid: session.id, iat: now })}` },
      { authorization: `Bearer ${forgeJwt({ ...claims, sid: undefined })}` },
      // A real session, but another user's: the token names a user and a session of theirs.
      { authorization: `Bearer ${forgeJwt({ ...claims, sid: otherSession.id })}` },
      { authorization: `Bearer ${forgeJwt({ ...claims, sub: randomUUID(), sid: randomUUID() })}` },
      { authorization: `Bearer ${forgeJwt({ ...claims, sub: 'not-a-uuid' })}` },
      { authorization: `Bearer ${forgeJwt({ ...claims, sub: 42 })}` },
      { authorization: 42 },
      { authorization: { token: owner.token } },
      { authorization: [`Bearer ${owner.token}`] },
      { authorization: true },
      { token: owner.token },
    ];
    for (const params of cases) await expectAnonymous(params, owner);
  });

  it('a token whose session was ended by logOut', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    const tokens = (
      await ok(s.t, LOG_IN, { input: { email: user.user.email, password: TEST_PASSWORD } }, null)
    ).logIn;
    await expectSignedIn({ authorization: `Bearer ${tokens.accessToken}` }, user);
    expect((await ok(s.t, LOG_OUT, { token: tokens.refreshToken }, null)).logOut).toBe(true);
    await expectAnonymous({ authorization: `Bearer ${tokens.accessToken}` }, user);
  });

  it('a token whose session row is gone', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    await s.t.db.query('DELETE FROM auth_session WHERE user_id = $1', [user.user.id]);
    await expectAnonymous({ authorization: `Bearer ${user.token}` }, user);
  });

  it('a token of a deleted user', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    await s.t.db.query('DELETE FROM auth_session WHERE user_id = $1', [user.user.id]);
    await s.t.db.query('DELETE FROM app_user WHERE id = $1', [user.user.id]);
    const client = s.connect(user.token);
    await expectRefused(client.subscribe(NOTIFICATION_ADDED), 'UNAUTHENTICATED');
  });
});

describe('a short-lived token', () => {
  it('notificationAdded delivers until the token expires, then ends with one UNAUTHENTICATED and completes by itself', async () => {
    const { token, expiresAt } = await shortLivedToken(s.t, s.author.user, 3);
    const channel = LiveChannel.notifications(s.author.user.id);
    const client = s.connect(token);
    const inbox = client.subscribe(NOTIFICATION_ADDED);
    const proposal = await newProposal(s);
    const updates = client.subscribe(PROPOSAL_COUNTS, { id: pid(proposal) });
    await waitForSubscribers(s.t.app, channel);
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));

    const added = await comment(s.t, s.citizen, pid(proposal));
    expect(Date.now()).toBeLessThan(expiresAt);
    expect((await nextData(inbox)).notificationAdded).toMatchObject({
      kind: 'COMMENT_ON_PROPOSAL',
      subject: { id: added.id },
    });
    expect((await nextData(updates)).proposalUpdated.commentCount).toBe(1);

    // Nothing else happens: the stream ends on its own at the expiry.
    const last = await inbox.next(expiresAt - Date.now() + 2000);
    const endedAt = Date.now();
    expect(last.data ?? null).toBeNull();
    expect(last.errors).toHaveLength(1);
    expect(errorCode(last)).toBe('UNAUTHENTICATED');
    expect(endedAt).toBeGreaterThanOrEqual(expiresAt - 100);
    expect(endedAt).toBeLessThan(expiresAt + 1500);
    await expect(withTimeout(inbox.ended, 1000)).resolves.toEqual({});
    await waitForExactly(s.t.app, channel, 0);

    // A new notification reaches nobody on this connection.
    await comment(s.t, s.citizen, pid(proposal), '만료 후 댓글');
    await inbox.expectSilence();
    // The connection stays open, anonymous: public events still arrive...
    expect((await nextData(updates)).proposalUpdated.commentCount).toBe(2);
    expect(await closedWithin(client, 0)).toBe(false);
    // ...and notificationAdded is refused now.
    await expectRefused(client.subscribe(NOTIFICATION_ADDED), 'UNAUTHENTICATED');
  });

  it("after expiry a hidden proposal's author, anonymous now, stops hearing of it (a moderator still does)", async () => {
    const { token, expiresAt } = await shortLivedToken(s.t, s.author.user, 3);
    const hidden = await newProposal(s, { hidden: true });
    const id = pid(hidden);
    const author = s.connect(token).subscribe(PROPOSAL_COUNTS, { id });
    const moderator = s.connect(s.moderator).subscribe(PROPOSAL_COUNTS, { id });
    await waitForSubscribers(s.t.app, LiveChannel.proposal(hidden.id), 2);

    await assign(s, s.admin, hidden, s.parks);
    expect(Date.now()).toBeLessThan(expiresAt);
    expect((await nextData(author)).proposalUpdated).toMatchObject({ id, hidden: true });
    expect((await nextData(moderator)).proposalUpdated).toMatchObject({ id, hidden: true });

    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 100));
    await assign(s, s.admin, hidden, s.roads, '도로과 소관입니다');
    expect((await nextData(moderator)).proposalUpdated).toMatchObject({ id, hidden: true });
    await author.expectSilence();

    // Restored, it is public again: the anonymous connection hears of it.
    await moderate(s.t, s.moderator, id, 'RESTORE');
    expect((await nextData(author)).proposalUpdated).toMatchObject({ id, hidden: false });
  });
});

describe('changes to the holder of an open connection', () => {
  // Over HTTP a role change or a log-out takes effect at once; a socket re-reads its holder at
  // every event (LiveViewers), so it does too.
  it('a moderator demoted to citizen stops hearing of a hidden proposal', async () => {
    const demoted = await createUser(s.t.db, s.t.jwt, { role: Role.MODERATOR });
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const sub = s.connect(demoted).subscribe(PROPOSAL_COUNTS, { id });
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
    await ok(
      s.t,
      'mutation($input: SetUserRoleInput!) { setUserRole(input: $input) { role } }',
      { input: { userId: toGlobalId('User', demoted.user.id), role: 'CITIZEN' } },
      s.admin.token,
    );
    const overHttp = await s.t.gql(
      'query($id: ID!) { proposal(id: $id) { id } }',
      { id },
      demoted.token,
    );
    expect(overHttp.data.proposal).toEqual({ id });

    await moderate(s.t, s.moderator, id, 'HIDE');
    const overHttpHidden = await s.t.gql(
      'query($id: ID!) { proposal(id: $id) { id } }',
      { id },
      demoted.token,
    );
    expect(overHttpHidden.data.proposal).toBeNull();
    await sub.expectSilence();
  });

  it('a session ended by logOut stops receiving notifications', async () => {
    const user = await createUser(s.t.db, s.t.jwt);
    const tokens = (
      await ok(s.t, LOG_IN, { input: { email: user.user.email, password: TEST_PASSWORD } }, null)
    ).logIn;
    const inbox = s.connect(tokens.accessToken).subscribe(NOTIFICATION_ADDED);
    await waitForSubscribers(s.t.app, LiveChannel.notifications(user.user.id));
    expect((await ok(s.t, LOG_OUT, { token: tokens.refreshToken }, null)).logOut).toBe(true);
    const proposal = await newProposal(s, { authorId: user.user.id });
    await comment(s.t, s.citizen, pid(proposal));
    // Never the notification: the stream ends with UNAUTHENTICATED at the first event after.
    const heard = await inbox.next();
    expect(heard.data ?? null).toBeNull();
    expect(errorCode(heard)).toBe('UNAUTHENTICATED');
    await expect(withTimeout(inbox.ended, 2000)).resolves.toEqual({});
    await waitForExactly(s.t.app, LiveChannel.notifications(user.user.id), 0);
  });

  it('a holder suspended while connected still hears of public changes', async () => {
    const suspended = await createUser(s.t.db, s.t.jwt);
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const sub = s.connect(suspended).subscribe(PROPOSAL_COUNTS, { id });
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id));
    await s.t.db.query(
      `UPDATE app_user SET suspended_until = now() + interval '1 day' WHERE id = $1`,
      [suspended.user.id],
    );
    await ok(s.t, SUPPORT, { id }, s.citizen.token);
    expect((await nextData(sub)).proposalUpdated.supportCount).toBe(1);
  });

  it('the holders of every connection an event reaches are read in one statement', async () => {
    const proposal = await newProposal(s);
    const id = pid(proposal);
    const holders = await Promise.all(
      Array.from({ length: 12 }, () => createUser(s.t.db, s.t.jwt)),
    );
    const subs = [
      ...holders.map((h) => s.connect(h).subscribe(PROPOSAL_COUNTS, { id })),
      ...[1, 2, 3].map(() => s.connect().subscribe(PROPOSAL_COUNTS, { id })),
    ];
    await waitForSubscribers(s.t.app, LiveChannel.proposal(proposal.id), subs.length);
    const { queries } = await countQueries(s.t.db, async () => {
      await ok(s.t, SUPPORT, { id }, s.citizen.token);
      for (const sub of subs) expect((await nextData(sub)).proposalUpdated.supportCount).toBe(1);
    });
    expect(queries.filter((q) => q.includes('auth_session')).length).toBe(
      2, // the supporter's own request over HTTP, and every connection's holder at once
    );
  });
});
