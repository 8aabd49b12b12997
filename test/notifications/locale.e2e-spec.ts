import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  ANSWER,
  comment,
  heardDuring,
  insertNotifications,
  MODERATE,
  newProposal,
  nid,
  ok,
  pid,
  proposalAt,
  startScene,
  type NotificationRow,
  type Scene,
} from './support.js';

/**
 * Notification messages under the city's real default language, Korean (DEFAULT_LOCALE=ko; the
 * other suites read English, test/setup/env.mjs). A reader with no language of their own, whose
 * client asks for none of ours, reads Korean; Accept-Language and their own choice still win.
 */

const INBOX = `query Inbox { notifications(first: 100) { nodes { id message } } }`;
const PARKS = '공원녹지과';

let s: Scene;
beforeAll(async () => {
  // Read when the app starts: set before startScene starts it.
  process.env.DEFAULT_LOCALE = 'ko';
  s = await startScene();
});
afterAll(async () => {
  await s.t.close();
  process.env.DEFAULT_LOCALE = 'en';
});

async function messageOf(
  who: TestUser,
  row: { id: string },
  headers?: Record<string, string>,
): Promise<string> {
  const res = await s.t.gql(INBOX, {}, who.token, headers);
  expect(res.errors).toBeUndefined();
  const entry = (res.data.notifications.nodes as { id: string; message: string }[]).find(
    (n) => n.id === nid(row.id),
  );
  if (!entry) throw new Error(`notification ${row.id} is not in the inbox`);
  return entry.message;
}

async function onlyFor(who: TestUser, work: () => Promise<unknown>): Promise<NotificationRow> {
  const { rows } = await heardDuring(s, work);
  const mine = rows.filter((r) => r.recipient_id === who.user.id);
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

it('a reader with no language of their own reads Korean, unless their client asks for English', async () => {
  const proposal = await newProposal(s);
  const row = await onlyFor(s.author, () => comment(s, s.citizen, pid(proposal)));
  const name = s.citizen.user.displayName;
  expect(await messageOf(s.author, row)).toBe(
    `${name}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`,
  );
  expect(await messageOf(s.author, row, { 'Accept-Language': 'fr' })).toBe(
    `${name}님이 [${proposal.title}] 제안에 댓글을 남겼습니다.`,
  );
  expect(await messageOf(s.author, row, { 'Accept-Language': 'en' })).toBe(
    `${name} commented on your proposal "${proposal.title}".`,
  );
});

it('an answer and a moderator, in Korean by default: the department named, "관리자"', async () => {
  const proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks);
  const answered = await onlyFor(s.author, () =>
    ok(
      s.t,
      ANSWER,
      { input: { proposalId: pid(proposal), status: 'REJECTED', body: '예산이 없습니다.' } },
      s.parksStaff.token,
    ),
  );
  expect(await messageOf(s.author, answered)).toBe(
    `${PARKS}에서 [${proposal.title}] 제안에 답변했습니다: 불수용.`,
  );
  const hidden = await onlyFor(s.author, () =>
    ok(
      s.t,
      MODERATE,
      { input: { targetId: pid(proposal), action: 'HIDE', note: '규정 위반' } },
      s.moderator.token,
    ),
  );
  const message = await messageOf(s.author, hidden);
  expect(message).toBe(`관리자가 내 [${proposal.title}] 제안을 숨겼습니다.`);
  expect(message).not.toContain(s.moderator.user.displayName);
});

it('a reader who chose English reads English, whatever the default and their client', async () => {
  const reader = await createUser(s.t.db, s.t.jwt);
  await s.t.db.query(`UPDATE app_user SET locale = 'en' WHERE id = $1`, [reader.user.id]);
  const proposal = await newProposal(s, {}, reader.user.id);
  const row = await onlyFor(reader, () => comment(s, s.citizen2, pid(proposal)));
  const english = `${s.citizen2.user.displayName} commented on your proposal "${proposal.title}".`;
  expect(await messageOf(reader, row)).toBe(english);
  expect(await messageOf(reader, row, { 'Accept-Language': 'ko' })).toBe(english);
});

it('a notification written before messages were catalogued keeps its stored sentence', async () => {
  const proposal = await newProposal(s);
  const [id] = await insertNotifications(s.t, s.author.user.id, [
    {
      subjectId: proposal.id,
      message: `Someone commented on your proposal "${proposal.title}".`,
      createdAt: new Date(),
    },
  ]);
  expect(await messageOf(s.author, { id: id! })).toBe(
    `Someone commented on your proposal "${proposal.title}".`,
  );
});
