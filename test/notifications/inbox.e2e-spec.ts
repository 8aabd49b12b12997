import { randomUUID } from 'node:crypto';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  ASSIGN,
  comment,
  did,
  heardDuring,
  inboxOf,
  insertNotifications,
  MODERATE,
  newProposal,
  NODE,
  NOTIFICATIONS,
  nid,
  ok,
  pid,
  startScene,
  type Scene,
} from './support.js';

/**
 * The inbox: Query.notifications(first, after, unreadOnly) is the signed-in user's own,
 * newest first, paged by cursors; totalCount counts the filtered list, unreadCount every
 * unread one. Nobody reads another's (nor through node()); a subject the reader can no longer
 * see is null.
 */

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

const fresh = () => createUser(s.t.db, s.t.jwt);
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

interface Page {
  totalCount: number;
  unreadCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string; readAt: string | null; createdAt: string; message: string }[];
}

async function page(who: TestUser, vars: Record<string, unknown>): Promise<Page> {
  return (await ok(s.t, NOTIFICATIONS, vars, who.token)).notifications;
}

/** Five notifications of one user, a minute apart, the 2nd and 4th (oldest first) read. */
async function fiveOf(who: TestUser): Promise<string[]> {
  const proposal = await newProposal(s);
  const ids = await insertNotifications(
    s.t,
    who.user.id,
    [5, 4, 3, 2, 1].map((m, i) => ({
      subjectId: proposal.id,
      message: `message ${i + 1}`,
      createdAt: minutesAgo(m),
      readAt: i === 1 || i === 3 ? minutesAgo(0.5) : null,
    })),
  );
  return ids.map(nid);
}

it('is UNAUTHENTICATED for an anonymous caller', async () => {
  const res = await s.t.gql(NOTIFICATIONS, { first: 5 });
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.data).toBeNull();
});

it('an empty inbox', async () => {
  const who = await fresh();
  expect(await page(who, {})).toEqual({
    totalCount: 0,
    unreadCount: 0,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    edges: [],
    nodes: [],
  });
});

it('lists newest first with totalCount and unreadCount, and pages through by cursors', async () => {
  const who = await fresh();
  const [n1, n2, n3, n4, n5] = await fiveOf(who);
  const all = await page(who, {});
  expect(all.nodes.map((n) => n.id)).toEqual([n5, n4, n3, n2, n1]);
  expect(all.nodes.map((n) => n.message)).toEqual([
    'message 5',
    'message 4',
    'message 3',
    'message 2',
    'message 1',
  ]);
  expect(all.nodes.map((n) => n.readAt !== null)).toEqual([false, true, false, true, false]);
  expect(all.totalCount).toBe(5);
  expect(all.unreadCount).toBe(3);

  const first = await page(who, { first: 2 });
  expect(first.nodes.map((n) => n.id)).toEqual([n5, n4]);
  expect(first.edges.map((e) => e.node.id)).toEqual([n5, n4]);
  expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  expect(first.pageInfo.endCursor).toBe(first.edges[1]!.cursor);
  expect(first.totalCount).toBe(5);
  const second = await page(who, { first: 2, after: first.pageInfo.endCursor });
  expect(second.nodes.map((n) => n.id)).toEqual([n3, n2]);
  expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  expect(second.totalCount).toBe(5);
  const third = await page(who, { first: 2, after: second.pageInfo.endCursor });
  expect(third.nodes.map((n) => n.id)).toEqual([n1]);
  expect(third.pageInfo.hasNextPage).toBe(false);
  const past = await page(who, { first: 2, after: third.pageInfo.endCursor });
  expect(past.nodes).toEqual([]);
  expect(past.pageInfo.hasNextPage).toBe(false);
});

it('unreadOnly lists the unread ones (totalCount of them), unreadCount stays every unread one', async () => {
  const who = await fresh();
  const [n1, , n3, , n5] = await fiveOf(who);
  const unread = await page(who, { unreadOnly: true });
  expect(unread.nodes.map((n) => n.id)).toEqual([n5, n3, n1]);
  expect(unread.nodes.every((n) => n.readAt === null)).toBe(true);
  expect(unread.totalCount).toBe(3);
  expect(unread.unreadCount).toBe(3);
  const paged = await page(who, { unreadOnly: true, first: 1 });
  expect(paged.nodes.map((n) => n.id)).toEqual([n5]);
  const next = await page(who, { unreadOnly: true, first: 2, after: paged.pageInfo.endCursor });
  expect(next.nodes.map((n) => n.id)).toEqual([n3, n1]);
  expect(next.pageInfo.hasNextPage).toBe(false);
  // unreadOnly: false is the whole list; the unread count is the same whatever the filter.
  const everything = await page(who, { unreadOnly: false, first: 1 });
  expect(everything.totalCount).toBe(5);
  expect(everything.unreadCount).toBe(3);
});

it('notifications of the same instant keep a stable order (by id), and paging neither skips nor repeats one', async () => {
  const who = await fresh();
  const proposal = await newProposal(s);
  const at = minutesAgo(10);
  const ids = await insertNotifications(
    s.t,
    who.user.id,
    Array.from({ length: 7 }, () => ({ subjectId: proposal.id, createdAt: at })),
  );
  const expected = [...ids].sort().reverse().map(nid);
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 4; i++) {
    const p: Page = await page(who, { first: 2, after });
    seen.push(...p.nodes.map((n) => n.id));
    after = p.pageInfo.endCursor;
    if (!p.pageInfo.hasNextPage) break;
  }
  expect(seen).toEqual(expected);
});

it('refuses a page size out of range and a cursor that is junk or from another list', async () => {
  const who = await fresh();
  await fiveOf(who);
  for (const first of [101, -1]) {
    const res = await s.t.gql(NOTIFICATIONS, { first }, who.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['first']);
  }
  // Values of the wrong type are refused by GraphQL itself, before any resolver.
  for (const vars of [{ first: 'ten' }, { first: 2.5 }, { unreadOnly: 'yes' }, { after: 42 }]) {
    const res = await s.t.gql(NOTIFICATIONS, vars, who.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.data).toBeUndefined();
  }
  const zero = await page(who, { first: 0 });
  expect(zero.nodes).toEqual([]);
  expect(zero.totalCount).toBe(5);
  const max = await page(who, { first: 100 });
  expect(max.nodes).toHaveLength(5);

  // The proposals' list is also newest first by (createdAt, id): only the list differs.
  const proposalCursor: string | null = (
    await ok(s.t, '{ proposals(first: 1) { pageInfo { endCursor } } }', {}, who.token)
  ).proposals.pageInfo.endCursor;
  expect(typeof proposalCursor).toBe('string');
  for (const after of ['junk', 'x'.repeat(513), proposalCursor]) {
    const res = await s.t.gql(NOTIFICATIONS, { first: 2, after }, who.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['after']);
  }
});

it("a user never sees another's notifications, in the list or through node()", async () => {
  const a = await fresh();
  const b = await fresh();
  const aIds = await fiveOf(a);
  const bIds = await fiveOf(b);
  const aList = await page(a, {});
  const bList = await page(b, {});
  expect(aList.nodes.map((n) => n.id).sort()).toEqual([...aIds].sort());
  expect(bList.nodes.map((n) => n.id).sort()).toEqual([...bIds].sort());
  expect(aList.totalCount).toBe(5);
  expect(bList.unreadCount).toBe(3);

  const own = await ok(s.t, NODE, { id: aIds[0] }, a.token);
  expect(own.node).toMatchObject({ __typename: 'Notification', id: aIds[0], message: 'message 1' });
  for (const token of [b.token, s.admin.token, s.moderator.token, null]) {
    const res = await s.t.gql(NODE, { id: aIds[0] }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toBeNull();
  }
  const many = await ok(
    s.t,
    'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    { ids: [aIds[0], bIds[0], aIds[1]] },
    b.token,
  );
  expect(many.nodes).toEqual([null, { id: bIds[0] }, null]);
});

it('the subject is null once the reader can no longer see it (a proposal hidden by a moderator), not for its author', async () => {
  const proposal = await newProposal(s);
  const parent = await comment(s, s.citizen, pid(proposal));
  const reply = await comment(s, s.citizen2, pid(proposal), parent);
  await ok(
    s.t,
    ASSIGN,
    { input: { proposalId: pid(proposal), departmentId: did(s.parks), reason: '담당입니다' } },
    s.admin.token,
  );
  const subjectsOf = async (who: TestUser) => {
    const rows: { id: string; subject_id: string }[] = await s.t.db.query(
      `SELECT n.id, n.subject_id FROM notification n
        WHERE n.recipient_id = $1 AND (n.subject_id = $2 OR n.subject_id IN
          (SELECT id FROM comment WHERE proposal_id = $2))`,
      [who.user.id, proposal.id],
    );
    const ids = new Set(rows.map((r) => nid(r.id)));
    return (await inboxOf(s.t, who)).filter((n) => ids.has(n.id)).map((n) => [n.kind, n.subject]);
  };
  const parksStaffBefore = await subjectsOf(s.parksStaff);
  expect(parksStaffBefore).toEqual([
    ['PROPOSAL_ASSIGNED', { __typename: 'Proposal', id: pid(proposal) }],
  ]);
  expect(await subjectsOf(s.citizen)).toEqual([
    ['COMMENT_REPLY', { __typename: 'Comment', id: reply }],
  ]);

  const hidden = await heardDuring(s, () =>
    ok(
      s.t,
      MODERATE,
      { input: { targetId: pid(proposal), action: 'HIDE', note: '개인정보 노출' } },
      s.moderator.token,
    ),
  );
  expect(hidden.heard.map((h) => [h.to, h.kind])).toEqual([['author', 'CONTENT_HIDDEN']]);

  // Staff and other citizens no longer see the proposal nor its comments: the subject is null.
  expect(await subjectsOf(s.parksStaff)).toEqual([['PROPOSAL_ASSIGNED', null]]);
  expect(await subjectsOf(s.citizen)).toEqual([['COMMENT_REPLY', null]]);
  // Its author still sees it, and so every subject of theirs is still there.
  expect(await subjectsOf(s.author)).toEqual([
    ['CONTENT_HIDDEN', { __typename: 'Proposal', id: pid(proposal) }],
    ['PROPOSAL_ASSIGNED', { __typename: 'Proposal', id: pid(proposal) }],
    ['COMMENT_ON_PROPOSAL', { __typename: 'Comment', id: reply }],
    ['COMMENT_ON_PROPOSAL', { __typename: 'Comment', id: parent }],
  ]);

  await ok(
    s.t,
    MODERATE,
    { input: { targetId: pid(proposal), action: 'RESTORE', note: '문제없음' } },
    s.moderator.token,
  );
  expect(await subjectsOf(s.parksStaff)).toEqual([
    ['PROPOSAL_ASSIGNED', { __typename: 'Proposal', id: pid(proposal) }],
  ]);
  expect(await subjectsOf(s.citizen)).toEqual([
    ['COMMENT_REPLY', { __typename: 'Comment', id: reply }],
  ]);
});

it('the subject is null when the object is gone or of a type the API does not know', async () => {
  const who = await fresh();
  const ids = await insertNotifications(s.t, who.user.id, [
    { subjectType: 'Proposal', subjectId: randomUUID(), createdAt: minutesAgo(2) },
    { subjectType: 'Nonsense', subjectId: randomUUID(), createdAt: minutesAgo(1) },
  ]);
  const nodes = await inboxOf(s.t, who);
  expect(nodes.map((n) => [n.id, n.subject])).toEqual([
    [nid(ids[1]!), null],
    [nid(ids[0]!), null],
  ]);
});
