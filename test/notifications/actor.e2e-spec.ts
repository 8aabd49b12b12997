import { randomUUID } from 'node:crypto';
import { ProcessEntity } from '../../src/catalog/process.entity.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ReminderSweeps } from '../../src/reminders/reminder-sweeps.js';
import {
  connectLive,
  listen,
  waitForSubscribers,
  type LiveClient,
  type LiveSubscription,
} from '../helpers/live-client.js';
import {
  ANSWER,
  CANCEL,
  comment,
  did,
  heardDuring,
  MODERATE,
  newProposal,
  newWorkshop,
  nid,
  ok,
  pid,
  PROGRESS,
  proposalAt,
  register,
  REPORT,
  startScene,
  uid,
  wid,
  type NotificationRow,
  type Scene,
} from './support.js';

/**
 * Notification.actor: who caused a notification, as its reader should see them, and
 * Notification.message naming them so, in the reader's language.
 *
 * - a citizen: user (their display name in the message), no department, not the system;
 * - an official act (an official comment, an answer, a progress report): the department, and
 *   the official as user; the message names the department, not the official;
 * - a moderator or admin hiding content: neither user nor department, not the system, and the
 *   message says "A moderator" / "관리자": their reader never learns which moderator it was;
 * - the platform (hiding after reports, reminders, escalation, a waitlist promotion): system.
 *
 * The message is rendered when it is read: the reader's own locale (set in the database here,
 * updateMe being another change), else Accept-Language, else DEFAULT_LOCALE (en in the tests;
 * locale.e2e-spec.ts runs with the city's real default, ko).
 */

const INBOX = `query Inbox { notifications(first: 100) { nodes {
  id kind message
  actor { system user { id displayName } department { id name } } } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { ... on Notification {
  id message actor { system user { id } department { id } } } } }`;
const SUPPORT = `mutation S($id: ID!) { supportProposal(id: $id) { supportCount } }`;
const SET_LADDER = `mutation L($input: SetEscalationLadderInput!) {
  setEscalationLadder(input: $input) { rungs { level } } }`;

const PARKS = '공원녹지과';
const DAY_MS = 86_400_000;

interface Read {
  id: string;
  kind: string;
  message: string;
  actor: {
    system: boolean;
    user: { id: string; displayName: string } | null;
    department: { id: string; name: string } | null;
  };
}

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

/** The notification of `row` as `who` reads it through the API, with optional headers. */
async function readAs(
  who: TestUser,
  row: NotificationRow,
  headers?: Record<string, string>,
): Promise<Read> {
  const res = await s.t.gql(INBOX, {}, who.token, headers);
  expect(res.errors).toBeUndefined();
  const entry = (res.data.notifications.nodes as Read[]).find((n) => n.id === nid(row.id));
  if (!entry) throw new Error(`notification ${row.id} is not in the inbox`);
  return entry;
}

/** The one notification `work` wrote for `who` (failing when there is not exactly one). */
async function onlyFor(who: TestUser, work: () => Promise<unknown>): Promise<NotificationRow> {
  const { rows } = await heardDuring(s, work);
  const mine = rows.filter((r) => r.recipient_id === who.user.id);
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

const moderate = (targetId: string, token: string) =>
  ok(s.t, MODERATE, { input: { targetId, action: 'HIDE', note: '규정 위반' } }, token);

/** A citizen whose own choice of language is Korean (updateMe is not built yet). */
async function koreanReader(): Promise<TestUser> {
  const reader = await createUser(s.t.db, s.t.jwt);
  await s.t.db.query(`UPDATE app_user SET locale = 'ko' WHERE id = $1`, [reader.user.id]);
  return reader;
}

const citizenActor = (who: TestUser) => ({
  system: false,
  user: { id: uid(who), displayName: who.user.displayName },
  department: null,
});
const departmentActor = (who: TestUser) => ({
  system: false,
  user: { id: uid(who), displayName: who.user.displayName },
  department: { id: did(s.parks), name: PARKS },
});
const MODERATOR_ACTOR = { system: false, user: null, department: null };
const SYSTEM_ACTOR = { system: true, user: null, department: null };

describe('a citizen acts: the user, named by their display name', () => {
  it("a citizen's comment names them to the proposal's author", async () => {
    const proposal = await newProposal(s);
    const row = await onlyFor(s.author, () => comment(s, s.citizen, pid(proposal)));
    expect(row).toMatchObject({ actor_kind: 'USER', actor_id: s.citizen.user.id });
    expect(await readAs(s.author, row)).toMatchObject({
      kind: 'COMMENT_ON_PROPOSAL',
      actor: citizenActor(s.citizen),
      message: `${s.citizen.user.displayName} commented on your proposal "${proposal.title}".`,
    });
  });

  it("a citizen's reply names them to the parent's author", async () => {
    const proposal = await newProposal(s);
    const parent = await comment(s, s.citizen, pid(proposal));
    const row = await onlyFor(s.citizen, () => comment(s, s.citizen2, pid(proposal), parent));
    expect(await readAs(s.citizen, row)).toMatchObject({
      kind: 'COMMENT_REPLY',
      actor: citizenActor(s.citizen2),
      message: `${s.citizen2.user.displayName} replied to your comment on "${proposal.title}".`,
    });
  });
});

describe('an official acts: the department, and the official as user', () => {
  it("a staff member's official comment is the department's", async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    const row = await onlyFor(s.author, () => comment(s, s.parksStaff, pid(proposal)));
    expect(row).toMatchObject({
      actor_kind: 'DEPARTMENT',
      actor_id: s.parksStaff.user.id,
      actor_department_id: s.parks.id,
    });
    // The department speaks: the official's own name is not kept with the message either.
    expect(row.params).not.toHaveProperty('actor');
    const read = await readAs(s.author, row);
    expect(read).toMatchObject({
      kind: 'COMMENT_ON_PROPOSAL',
      actor: departmentActor(s.parksStaff),
      message: `${PARKS} commented on your proposal "${proposal.title}".`,
    });
    expect(read.message).not.toContain(s.parksStaff.user.displayName);
  });

  it("an answer names the answering department, and the status in the reader's words", async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
    const row = await onlyFor(s.author, () =>
      ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'REJECTED', body: '예산이 없습니다.' } },
        s.parksStaff2.token,
      ),
    );
    expect(await readAs(s.author, row)).toMatchObject({
      kind: 'PROPOSAL_ANSWERED',
      actor: departmentActor(s.parksStaff2),
      message: `${PARKS} answered your proposal "${proposal.title}": not accepted.`,
    });
  });

  it('a progress report names the department', async () => {
    const proposal = await proposalAt(s, 'ACCEPTED', s.parks);
    const row = await onlyFor(s.author, () =>
      ok(
        s.t,
        PROGRESS,
        { input: { proposalId: pid(proposal), progress: 75, body: '공사 중입니다.' } },
        s.parksStaff.token,
      ),
    );
    expect(await readAs(s.author, row)).toMatchObject({
      kind: 'PROGRESS_UPDATED',
      actor: departmentActor(s.parksStaff),
      message: `${PARKS} reported progress on your proposal "${proposal.title}": 75% done.`,
    });
  });
});

describe('a moderator acts: "A moderator", never who', () => {
  it('a moderator hiding a comment is neither user nor department, in the list and through node()', async () => {
    const proposal = await newProposal(s);
    const commentId = await comment(s, s.citizen2, pid(proposal));
    const row = await onlyFor(s.citizen2, () => moderate(commentId, s.moderator.token));
    // Stored for the audit of who did it, never shown to the author, nor kept in the message.
    expect(row).toMatchObject({ actor_kind: 'MODERATOR', actor_id: s.moderator.user.id });
    expect(JSON.stringify(row.params)).not.toContain(s.moderator.user.displayName);
    const read = await readAs(s.citizen2, row);
    expect(read).toMatchObject({
      kind: 'CONTENT_HIDDEN',
      actor: MODERATOR_ACTOR,
      message: 'Your comment was hidden by a moderator.',
    });
    expect(read.message).not.toContain(s.moderator.user.displayName);
    const node = await s.t.gql(NODE, { id: nid(row.id) }, s.citizen2.token);
    expect(node.errors).toBeUndefined();
    expect(node.data.node).toEqual({
      id: nid(row.id),
      message: 'Your comment was hidden by a moderator.',
      actor: { system: false, user: null, department: null },
    });
  });

  it('an admin hiding a proposal reads the same: "A moderator", with the title; "관리자" in Korean', async () => {
    const reader = await koreanReader();
    const proposal = await newProposal(s, {}, reader.user.id);
    const row = await onlyFor(reader, () => moderate(pid(proposal), s.admin.token));
    expect(row).toMatchObject({ actor_kind: 'MODERATOR', actor_id: s.admin.user.id });
    expect(await readAs(reader, row)).toMatchObject({
      actor: MODERATOR_ACTOR,
      message: `관리자가 내 [${proposal.title}] 제안을 숨겼습니다.`,
    });
    await s.t.db.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [reader.user.id]);
    expect((await readAs(reader, row)).message).toBe(
      `Your proposal "${proposal.title}" was hidden by a moderator.`,
    );
  });

  it('a moderator hiding a Korean reader\'s comment: "관리자"', async () => {
    const reader = await koreanReader();
    const proposal = await newProposal(s);
    const commentId = await comment(s, reader, pid(proposal));
    const row = await onlyFor(reader, () => moderate(commentId, s.moderator.token));
    const read = await readAs(reader, row, { 'Accept-Language': 'en' });
    expect(read).toMatchObject({
      actor: MODERATOR_ACTOR,
      message: '관리자가 내 댓글을 숨겼습니다.',
    });
    expect(read.message).not.toContain(s.moderator.user.displayName);
  });
});

describe('the platform acts: system', () => {
  it('hiding after enough reports', async () => {
    const proposal = await newProposal(s);
    const report = (who: TestUser) =>
      ok(s.t, REPORT, { input: { targetId: pid(proposal), reason: 'SPAM' } }, who.token);
    await report(s.citizen);
    await report(s.citizen2);
    const row = await onlyFor(s.author, () => report(s.citizen3));
    expect(row).toMatchObject({ actor_kind: 'SYSTEM', actor_id: null });
    expect(await readAs(s.author, row)).toMatchObject({
      kind: 'CONTENT_HIDDEN',
      actor: SYSTEM_ACTOR,
      message: `Your proposal "${proposal.title}" was hidden after several reports, until a moderator reviews it.`,
    });
  });

  it('an answer reminder', async () => {
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks, s.author.user.id, {
      responseDueAt: new Date(Date.now() + 2 * DAY_MS),
    });
    const row = await onlyFor(s.parksStaff, () =>
      s.t.app.get(ReminderSweeps).sweepAnswers(new Date()),
    );
    expect(row).toMatchObject({ kind: 'ANSWER_DUE_SOON', subject_id: proposal.id });
    expect(await readAs(s.parksStaff, row)).toMatchObject({
      actor: SYSTEM_ACTOR,
      message: `An answer to "${proposal.title}" is due within 2 days.`,
    });
  });

  it('an escalation', async () => {
    const process = await s.t.db.getRepository(ProcessEntity).save({
      slug: `p-${randomUUID().slice(0, 8)}`,
      title: 'A process',
      description: null,
    });
    await ok(
      s.t,
      SET_LADDER,
      {
        input: {
          processId: toGlobalId('ParticipatoryProcess', process.id),
          rungs: [{ threshold: 1, action: 'REQUIRE_PUBLIC_FORUM' }],
        },
      },
      s.admin.token,
    );
    const proposal = await newProposal(s, { processId: process.id });
    const row = await onlyFor(s.author, () =>
      ok(s.t, SUPPORT, { id: pid(proposal) }, s.citizen.token),
    );
    // Whoever's support crossed the threshold is not named: the platform escalated it.
    expect(row).toMatchObject({ kind: 'PROPOSAL_ESCALATED', actor_kind: 'SYSTEM', actor_id: null });
    const read = await readAs(s.author, row);
    expect(read).toMatchObject({
      actor: SYSTEM_ACTOR,
      message: `"${proposal.title}" reached 1 support (escalation level 1): a public forum is required.`,
    });
    expect(read.message).not.toContain(s.citizen.user.displayName);
  });

  it('a waitlist promotion: whoever cancelled stays unnamed', async () => {
    const workshop = await newWorkshop(s, s.parks, 1);
    await register(s, s.citizen, workshop.id);
    await register(s, s.citizen2, workshop.id);
    const row = await onlyFor(s.citizen2, () =>
      ok(s.t, CANCEL, { id: wid(workshop.id) }, s.citizen.token),
    );
    expect(await readAs(s.citizen2, row)).toMatchObject({
      kind: 'WORKSHOP_WAITLIST_PROMOTED',
      actor: SYSTEM_ACTOR,
    });
  });
});

describe("the message is read in the reader's language, when it is read", () => {
  it("a reader who chose Korean reads Korean, whatever their client's Accept-Language", async () => {
    const reader = await koreanReader();
    const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks, reader.user.id);
    const commented = await onlyFor(reader, () => comment(s, s.citizen, pid(proposal)));
    const korean = `${s.citizen.user.displayName}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`;
    expect((await readAs(reader, commented)).message).toBe(korean);
    expect((await readAs(reader, commented, { 'Accept-Language': 'en' })).message).toBe(korean);
    const answered = await onlyFor(reader, () =>
      ok(
        s.t,
        ANSWER,
        { input: { proposalId: pid(proposal), status: 'ACCEPTED', body: '추진하겠습니다.' } },
        s.parksStaff.token,
      ),
    );
    expect(await readAs(reader, answered, { 'Accept-Language': 'en-US,en;q=0.9' })).toMatchObject({
      actor: departmentActor(s.parksStaff),
      message: `${PARKS}에서 [${proposal.title}] 제안에 답변했습니다: 수용.`,
    });
  });

  it('a reader who chose nothing reads their Accept-Language, else the default (en here): one stored row, either language', async () => {
    const proposal = await newProposal(s);
    const row = await onlyFor(s.author, () => comment(s, s.citizen2, pid(proposal)));
    const english = `${s.citizen2.user.displayName} commented on your proposal "${proposal.title}".`;
    const korean = `${s.citizen2.user.displayName}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`;
    expect((await readAs(s.author, row, { 'Accept-Language': 'en' })).message).toBe(english);
    expect((await readAs(s.author, row)).message).toBe(english);
    expect((await readAs(s.author, row, { 'Accept-Language': 'ko-KR' })).message).toBe(korean);
    expect((await readAs(s.author, row, { 'Accept-Language': 'fr, ko;q=0.5' })).message).toBe(
      korean,
    );
    // No language of ours: the default.
    expect((await readAs(s.author, row, { 'Accept-Language': 'fr' })).message).toBe(english);
    // What is stored is the key and its parameters, never a sentence in one language.
    expect(row).toMatchObject({
      message: null,
      message_key: 'notification.COMMENT_ON_PROPOSAL',
      params: { title: proposal.title, actor: s.citizen2.user.displayName },
    });
  });

  it('a title that looks like message syntax is printed as it is, in both languages', async () => {
    const proposal = await newProposal(s, { title: "{actor} '{0}' <b>#</b> {n, plural, one {x}}" });
    const row = await onlyFor(s.author, () => comment(s, s.citizen, pid(proposal)));
    expect((await readAs(s.author, row)).message).toBe(
      `${s.citizen.user.displayName} commented on your proposal "${proposal.title}".`,
    );
    expect((await readAs(s.author, row, { 'Accept-Language': 'ko' })).message).toBe(
      `${s.citizen.user.displayName}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`,
    );
  });
});

describe('notificationAdded: the same message and actor over the WebSocket', () => {
  const ADDED = `subscription { notificationAdded { id message
    actor { system user { id } department { id } } } }`;
  let url: string;
  const open: LiveClient[] = [];
  beforeAll(async () => {
    url = await listen(s.t.app);
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
  });

  /** `who`'s notificationAdded streams, one per set of upgrade headers, all listening. */
  async function streamsOf(
    who: TestUser,
    ...headers: (Record<string, string> | undefined)[]
  ): Promise<LiveSubscription[]> {
    const streams = headers.map((h) => {
      const client = connectLive(url, { authorization: `Bearer ${who.token}` }, h);
      open.push(client);
      return client.subscribe(ADDED);
    });
    await waitForSubscribers(s.t.app, LiveChannel.notifications(who.user.id), headers.length);
    return streams;
  }

  it("a reader who chose no language hears it in their upgrade's Accept-Language, else the default", async () => {
    const proposal = await newProposal(s);
    const [korean, plain] = await streamsOf(s.author, { 'Accept-Language': 'ko' }, undefined);
    await comment(s, s.citizen, pid(proposal));
    const name = s.citizen.user.displayName;
    expect((await korean!.next()).data!.notificationAdded).toMatchObject({
      message: `${name}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`,
      actor: { system: false, user: { id: uid(s.citizen) }, department: null },
    });
    expect((await plain!.next()).data!.notificationAdded.message).toBe(
      `${name} commented on your proposal "${proposal.title}".`,
    );
  });

  it('a reader who chose Korean hears "관리자", whatever the upgrade asked, and never who', async () => {
    const reader = await koreanReader();
    const commentId = await comment(s, reader, pid(await newProposal(s)));
    const [stream] = await streamsOf(reader, { 'Accept-Language': 'en' });
    await moderate(commentId, s.moderator.token);
    expect((await stream!.next()).data!.notificationAdded).toMatchObject({
      message: '관리자가 내 댓글을 숨겼습니다.',
      actor: { system: false, user: null, department: null },
    });
  });
});
