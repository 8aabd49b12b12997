import { randomUUID } from 'node:crypto';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  insertNotifications,
  MARK_READ,
  newProposal,
  NOTIFICATIONS,
  nid,
  notificationRow,
  ok,
  pid,
  startScene,
  type Scene,
} from './support.js';

/**
 * markNotificationsRead(ids): marks the viewer's own unread notifications among `ids` (all of
 * them when null) and answers how many changed. Other people's ids change nothing and are not
 * told apart from unknown ones; ids must be Notification ids, at most 500; a suspended user's
 * mutation is refused; concurrent calls never count one notification twice.
 */

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

const fresh = () => createUser(s.t.db, s.t.jwt);

/** `n` unread notifications of `who`, oldest first; answers their database ids. */
async function unread(who: TestUser, n: number): Promise<string[]> {
  const proposal = await newProposal(s);
  return insertNotifications(
    s.t,
    who.user.id,
    Array.from({ length: n }, (_, i) => ({
      subjectId: proposal.id,
      createdAt: new Date(Date.now() - (n - i) * 1000),
    })),
  );
}

async function readAts(ids: string[]): Promise<(Date | null)[]> {
  return Promise.all(ids.map(async (id) => (await notificationRow(s.t, id)).read_at));
}

async function unreadCountOf(who: TestUser): Promise<number> {
  return (await ok(s.t, NOTIFICATIONS, { first: 0 }, who.token)).notifications.unreadCount;
}

const mark = (who: TestUser | null, ids: string[] | null) =>
  s.t.gql(MARK_READ, { ids }, who?.token ?? null);

it('marks the given ones read and answers how many changed; the second call changes none', async () => {
  const who = await fresh();
  const ids = await unread(who, 4);
  const res = await mark(who, [nid(ids[0]!), nid(ids[2]!)]);
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(2);
  const [a, b, c, d] = await readAts(ids);
  expect(a).toBeInstanceOf(Date);
  expect(c).toBeInstanceOf(Date);
  expect([b, d]).toEqual([null, null]);
  expect(await unreadCountOf(who)).toBe(2);

  const again = await mark(who, [nid(ids[0]!), nid(ids[2]!)]);
  expect(again.data.markNotificationsRead).toBe(0);
  // A notification already read keeps the moment it was first read.
  expect(await readAts([ids[0]!, ids[2]!])).toEqual([a, c]);

  // The API shows readAt as stored.
  const listed = (await ok(s.t, NOTIFICATIONS, {}, who.token)).notifications.nodes;
  const readOne = listed.find((n: { id: string }) => n.id === nid(ids[0]!));
  expect(new Date(readOne.readAt).getTime()).toBe(a!.getTime());
});

it('the same id twice in one call counts once', async () => {
  const who = await fresh();
  const [id] = await unread(who, 1);
  const res = await mark(who, [nid(id!), nid(id!), nid(id!)]);
  expect(res.data.markNotificationsRead).toBe(1);
});

it('null marks every unread one read, and answers how many', async () => {
  const who = await fresh();
  const ids = await unread(who, 5);
  await mark(who, [nid(ids[1]!)]);
  const before = await readAts([ids[1]!]);
  const res = await mark(who, null);
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(4);
  expect((await readAts(ids)).every((d) => d instanceof Date)).toBe(true);
  expect(await readAts([ids[1]!])).toEqual(before);
  expect(await unreadCountOf(who)).toBe(0);
  expect((await mark(who, null)).data.markNotificationsRead).toBe(0);
});

it('omitting ids is the same as null', async () => {
  const who = await fresh();
  await unread(who, 2);
  const res = await s.t.gql('mutation { markNotificationsRead }', {}, who.token);
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(2);
});

it("another user's ids change nothing: 0, and their readAt stays null", async () => {
  const owner = await fresh();
  const intruder = await fresh();
  const theirs = await unread(owner, 2);
  const mine = await unread(intruder, 1);
  const res = await mark(intruder, theirs.map(nid));
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(0);
  expect(await readAts(theirs)).toEqual([null, null]);
  // Mixed with one's own: only one's own counts and changes.
  const mixed = await mark(intruder, [...theirs.map(nid), nid(mine[0]!)]);
  expect(mixed.data.markNotificationsRead).toBe(1);
  expect(await readAts(theirs)).toEqual([null, null]);
  expect(await unreadCountOf(owner)).toBe(2);
  // An admin cannot mark someone else's read either, even with null (their own, all of them).
  expect((await mark(s.admin, theirs.map(nid))).data.markNotificationsRead).toBe(0);
  await mark(s.admin, null);
  expect(await readAts(theirs)).toEqual([null, null]);
});

it('an unknown Notification id changes nothing and is not an error', async () => {
  const who = await fresh();
  const [id] = await unread(who, 1);
  const res = await mark(who, [nid(randomUUID())]);
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(0);
  expect(await readAts([id!])).toEqual([null]);
});

it('junk ids and ids of another type are BAD_USER_INPUT on ids, and change nothing', async () => {
  const who = await fresh();
  const ids = await unread(who, 2);
  const proposal = await newProposal(s);
  for (const bad of ['junk', '', pid(proposal), ids[0]!, `${nid(ids[0]!)}x`]) {
    const res = await mark(who, [nid(ids[1]!), bad]);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['ids']);
    expect(res.data).toBeNull();
  }
  // A number is coerced to an ID string by GraphQL, and is junk too.
  const numeric = await s.t.gql(MARK_READ, { ids: [12345] }, who.token);
  expect(codeOf(numeric)).toBe('BAD_USER_INPUT');
  expect(badFields(numeric)).toEqual(['ids']);
  expect(await readAts(ids)).toEqual([null, null]);
});

it('at most 500 ids: 501 is BAD_USER_INPUT on ids, 500 is fine', async () => {
  const who = await fresh();
  const [own] = await unread(who, 1);
  const filler = Array.from({ length: 499 }, () => nid(randomUUID()));
  const tooMany = await mark(who, [nid(own!), ...filler, nid(randomUUID())]);
  expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  expect(badFields(tooMany)).toEqual(['ids']);
  expect(await readAts([own!])).toEqual([null]);
  const enough = await mark(who, [nid(own!), ...filler]);
  expect(enough.errors).toBeUndefined();
  expect(enough.data.markNotificationsRead).toBe(1);
});

it('an empty list changes nothing', async () => {
  const who = await fresh();
  const ids = await unread(who, 2);
  const res = await mark(who, []);
  expect(res.errors).toBeUndefined();
  expect(res.data.markNotificationsRead).toBe(0);
  expect(await readAts(ids)).toEqual([null, null]);
});

it('anonymous is UNAUTHENTICATED', async () => {
  const res = await mark(null, null);
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.data).toBeNull();
});

it('a suspended user reads their notifications but cannot mark them read (FORBIDDEN), with ids or null', async () => {
  const ids = await unread(s.suspended, 2);
  const list = (await ok(s.t, NOTIFICATIONS, {}, s.suspended.token)).notifications;
  expect(list.unreadCount).toBe(2);
  for (const arg of [[nid(ids[0]!)], null]) {
    const res = await mark(s.suspended, arg);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  }
  expect(await readAts(ids)).toEqual([null, null]);
});

it('concurrent calls never count a notification twice: the counts sum to the number unread', async () => {
  const who = await fresh();
  const ids = await unread(who, 30);
  const results = await Promise.all([
    mark(who, null),
    mark(who, null),
    mark(who, ids.slice(0, 20).map(nid)),
    mark(who, ids.slice(10).map(nid)),
    mark(who, null),
  ]);
  expect(results.map((r) => r.errors)).toEqual(Array(5).fill(undefined));
  const total = results.reduce((sum, r) => sum + (r.data.markNotificationsRead as number), 0);
  expect(total).toBe(30);
  expect(await unreadCountOf(who)).toBe(0);
});

it('two markNotificationsRead(null) at once: the counts sum to the number unread (five rounds)', async () => {
  const who = await fresh();
  for (let round = 1; round <= 5; round++) {
    await unread(who, 25);
    const [a, b] = await Promise.all([mark(who, null), mark(who, null)]);
    expect([a.errors, b.errors]).toEqual([undefined, undefined]);
    expect(a.data.markNotificationsRead + b.data.markNotificationsRead).toBe(25);
    expect(await unreadCountOf(who)).toBe(0);
  }
});
