import type { ParsedMail } from 'mailparser';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { deliverer, digests, header, TestSmtp } from '../mail/support.js';
import {
  ANSWER,
  ASSIGN,
  CANCEL,
  comment,
  MODERATE,
  newWorkshop,
  ok,
  register,
  startScene,
  wid,
  type Scene,
} from '../notifications/support.js';

/**
 * Issue 17's "done when": the demo flows (answer, transfer, comment, reply, workshop
 * promotion, content hidden) reach the right people over HTTP, through the real outbox, job
 * and SMTP server, in Korean and in English, once each, respecting their choices and digests.
 *
 * People: the author reads Korean (no choice: the city's language); the English author chose
 * EN; the staff of 공원녹지과 and 도로과 read Korean; citizen3 chose to hear no replies.
 */

let s: Scene;
let englishAuthor: TestUser;
const smtp = new TestSmtp();

beforeAll(async () => {
  // The city's real default, Korean, and a real mail server: set before the app reads them.
  process.env.DEFAULT_LOCALE = 'ko';
  await smtp.start();
  process.env.SMTP_URL = smtp.url;
  s = await startScene();
  englishAuthor = s.citizen2;
  await s.t.db.query(`UPDATE app_user SET email_verified_at = now()`);
  await s.t.db.query(`UPDATE app_user SET locale = 'en', digest_hour = 0 WHERE id = $1`, [
    englishAuthor.user.id,
  ]);
  await s.t.db.query(
    `INSERT INTO notification_preference (user_id, kind, channel) VALUES ($1, 'COMMENT_REPLY', 'NONE')`,
    [s.citizen3.user.id],
  );
});
afterAll(async () => {
  await s.t.close();
  await smtp.stop();
  delete process.env.SMTP_URL;
});

/** Runs the deliverer as the job queue would, twice: the second run must send nothing. */
async function deliver(): Promise<ParsedMail[]> {
  const before = smtp.received.length;
  await deliverer(s.t).deliverDue(new Date());
  const sent = smtp.received.slice(before);
  await deliverer(s.t).deliverDue(new Date());
  expect(smtp.received.length).toBe(before + sent.length);
  return sent;
}

const to = (mails: ParsedMail[], who: TestUser) =>
  mails.filter((m) => JSON.stringify(m.to).includes(who.user.email));
const only = (mails: ParsedMail[], who: TestUser): ParsedMail => {
  const theirs = to(mails, who);
  expect(theirs).toHaveLength(1);
  return theirs[0]!;
};

it('routing and an answer: the author and each department hear it by mail at once, in their language, once', async () => {
  const korean = await createProposal(s.t.db, s.author.user.id, { title: '요천 산책로 가로등' });
  const english = await createProposal(s.t.db, englishAuthor.user.id, {
    title: '버스 도착 안내판',
  });
  const pid = (id: string) => toGlobalId('Proposal', id);

  for (const proposal of [korean, english])
    await ok(
      s.t,
      ASSIGN,
      {
        input: {
          proposalId: pid(proposal.id),
          departmentId: toGlobalId('Department', s.parks.id),
          reason: '담당 부서입니다',
        },
      },
      s.admin.token,
    );
  let mails = await deliver();
  expect(only(mails, s.author).text).toContain(
    '[요천 산책로 가로등] 제안이 공원녹지과에 배정되었습니다.',
  );
  expect(only(mails, englishAuthor).text).toContain(
    'Your proposal "버스 도착 안내판" was assigned to 공원녹지과.',
  );
  // Each staff member of 공원녹지과 hears of the two new proposals; other departments do not.
  expect(to(mails, s.parksStaff)).toHaveLength(2);
  expect(to(mails, s.parksStaff2)).toHaveLength(2);
  expect(to(mails, s.parksStaff)[0]!.subject).toMatch(/배정/);
  expect(to(mails, s.roadsStaff)).toHaveLength(0);
  expect(mails).toHaveLength(6);

  // 공원녹지과 passes the Korean one on to 도로과.
  await ok(
    s.t,
    ASSIGN,
    {
      input: {
        proposalId: pid(korean.id),
        departmentId: toGlobalId('Department', s.roads.id),
        reason: '도로 조명은 도로과 소관입니다',
      },
    },
    s.parksStaff.token,
  );
  mails = await deliver();
  expect(only(mails, s.author).text).toContain(
    '[요천 산책로 가로등] 제안이 도로과에 이관되었습니다.',
  );
  expect(only(mails, s.roadsStaff).text).toContain('우리 부서(도로과)로 이관되었습니다');
  expect(to(mails, s.parksStaff)).toHaveLength(0);
  expect(mails).toHaveLength(2);

  // 도로과 answers: the author reads that the department (not its official) answered.
  await ok(
    s.t,
    ANSWER,
    {
      input: {
        proposalId: pid(korean.id),
        status: 'ACCEPTED',
        body: '내년 예산에 반영하겠습니다.',
      },
    },
    s.roadsStaff.token,
  );
  await ok(
    s.t,
    ANSWER,
    { input: { proposalId: pid(english.id), status: 'REJECTED', body: '예산이 없습니다.' } },
    s.parksStaff.token,
  );
  mails = await deliver();
  expect(only(mails, s.author).text).toContain(
    '도로과에서 [요천 산책로 가로등] 제안에 답변했습니다: 수용.',
  );
  expect(only(mails, englishAuthor).text).toContain(
    '공원녹지과 answered your proposal "버스 도착 안내판": not accepted.',
  );
  expect(mails).toHaveLength(2);
  for (const mail of mails) {
    expect(mail.html).toBeTruthy();
    expect(header(mail, 'List-Unsubscribe')).toMatch(/^<http.*\/mail\/unsubscribe\?token=/);
  }
});

it('comments and replies wait for the daily digest; a person who chose no replies gets none', async () => {
  const proposal = await createProposal(s.t.db, englishAuthor.user.id, { title: '놀이터 그늘막' });
  const pid = toGlobalId('Proposal', proposal.id);
  const first = await comment(s, s.citizen3, pid, undefined, '그늘막이 꼭 필요해요');
  await comment(s, s.citizen, pid, undefined, '저도 찬성합니다');
  // The English author replies to citizen3, who chose not to hear of replies.
  await comment(s, englishAuthor, pid, first, 'Thank you!');
  expect(await deliver()).toHaveLength(0);
  const replyRows = await s.t.db.query(
    `SELECT 1 FROM notification WHERE recipient_id = $1 AND kind = 'COMMENT_REPLY'`,
    [s.citizen3.user.id],
  );
  expect(replyRows).toHaveLength(0);

  // The English author's hour (0, in Asia/Seoul) has come: one digest with both comments.
  expect(await digests(s.t).sweep(new Date())).toBeGreaterThanOrEqual(1);
  const mails = await deliver();
  const digest = only(mails, englishAuthor);
  expect(digest.text).toContain('commented on your proposal "놀이터 그늘막"');
  expect(digest.text!.match(/commented on your proposal/g)).toHaveLength(2);
  // Swept again the same day: nothing more.
  await digests(s.t).sweep(new Date());
  expect(to(await deliver(), englishAuthor)).toHaveLength(0);
});

it('a place coming free and content hidden reach their person at once', async () => {
  const workshop = await newWorkshop(s, s.parks, 1);
  await register(s, s.citizen, workshop.id);
  await register(s, s.author, workshop.id);
  await ok(s.t, CANCEL, { id: wid(workshop.id) }, s.citizen.token);
  const proposal = await createProposal(s.t.db, s.author.user.id, { title: '광고성 제안' });
  await ok(
    s.t,
    MODERATE,
    {
      input: { targetId: toGlobalId('Proposal', proposal.id), action: 'HIDE', note: '광고입니다' },
    },
    s.moderator.token,
  );
  const mails = await deliver();
  const theirs = to(mails, s.author).map((m) => m.text ?? '');
  expect(theirs).toHaveLength(2);
  expect(
    theirs.some((t) =>
      t.includes(`자리가 생겨 [${workshop.title}] 대기에서 참가 확정으로 바뀌었습니다.`),
    ),
  ).toBe(true);
  expect(theirs.some((t) => t.includes('관리자가 내 [광고성 제안] 제안을 숨겼습니다.'))).toBe(true);
  // The moderator is never named to the author.
  expect(theirs.join('\n')).not.toContain(s.moderator.user.displayName);
  expect(mails).toHaveLength(2);
});
