import { Locale } from '../../src/core/i18n/locale.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { NotificationKind } from '../../src/notifications/notification-kind.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MailTokens } from '../../src/mail/mail-tokens.js';
import {
  deliverer,
  deliveriesOf,
  digests,
  header,
  notifyNow,
  TestSmtp,
  tokenIn,
  withEnv,
} from './support.js';

/**
 * The daily digest: one mail per person per local day, at (or, after an outage, past) their
 * digest hour in their own time zone, grouping by kind what waited for it. The clock is passed
 * to the sweep and the deliverer (the application's clock when the job runs), never slept.
 *
 * Dates in January 2027: New York is UTC-5 then, Seoul UTC+9 (neither moves its clocks).
 */

const smtp = new TestSmtp();
let t: TestApp;
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const INBOX = `{ notifications(first: 50) { nodes { kind emailState } } }`;

beforeAll(async () => {
  await smtp.start();
  t = await withEnv({ SMTP_URL: smtp.url }, () => startTestApp());
});

afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

beforeEach(async () => {
  smtp.received.length = 0;
  // Each test's people only: what earlier tests left waiting is out of the way.
  await t.db.query(
    `UPDATE email_delivery SET state = 'SKIPPED' WHERE state IN ('PENDING', 'RETRYING')`,
  );
});

const newYorker = () =>
  createUser(t.db, t.jwt, {
    emailVerifiedAt: new Date(),
    locale: Locale.EN,
    timeZone: 'America/New_York',
    digestHour: 8,
    displayName: 'Ann',
  });

async function commentsFor(who: TestUser, comments: number, replies: number): Promise<void> {
  for (let i = 0; i < comments; i++)
    await notifyNow(t, [who.user.id], {
      kind: NotificationKind.COMMENT_ON_PROPOSAL,
      messageKey: 'notification.COMMENT_ON_PROPOSAL',
      title: `Bench ${i + 1}`,
    });
  for (let i = 0; i < replies; i++)
    await notifyNow(t, [who.user.id], {
      kind: NotificationKind.COMMENT_REPLY,
      messageKey: 'notification.COMMENT_REPLY',
      title: `Shade ${i + 1}`,
    });
}

/** Makes the digests due at `now` and sends what is due then; the mails `who` received. */
async function dayAt(now: Date, who: TestUser) {
  await digests(t).sweep(now);
  await deliverer(t).deliverDue(now);
  return smtp.to(who.user.email);
}

describe('the daily digest', () => {
  it('comes at 08:00 in New York, not a minute before, grouped by kind, and its items read SENT', async () => {
    const ann = await newYorker();
    await commentsFor(ann, 2, 1);
    const rows = await deliveriesOf(t, ann.user.id);
    expect(rows.map((r) => [r.purpose, r.state])).toEqual([
      ['DIGEST_ITEM', 'PENDING'],
      ['DIGEST_ITEM', 'PENDING'],
      ['DIGEST_ITEM', 'PENDING'],
    ]);

    // 07:59 in New York is 21:59 in Seoul: Seoul's hour means nothing for Ann.
    expect(await dayAt(at('2027-01-15T12:59:00Z'), ann)).toHaveLength(0);
    const [mail] = await dayAt(at('2027-01-15T13:00:00Z'), ann);
    expect(smtp.to(ann.user.email)).toHaveLength(1);
    expect(mail.subject).toBe('[Wontak] 3 notifications for January 15');
    expect(mail.text).toContain('Hello Ann,');
    expect(mail.text).toContain(
      'Here are the 3 things that happened on Wontak since your last digest.',
    );
    const comments = mail.text!.indexOf('■ Comments on proposals (2)');
    const replies = mail.text!.indexOf('■ Replies to comments (1)');
    expect(comments).toBeGreaterThan(0);
    expect(replies).toBeGreaterThan(comments);
    expect(mail.text).toContain('Wontak commented on your proposal "Bench 1".');
    expect(mail.text).toContain('Wontak commented on your proposal "Bench 2".');
    expect(mail.html).toContain('<h3>Replies to comments (1)</h3>');
    expect(mail.text).toContain('Stop e-mails about "Comments on proposals"');
    expect(mail.text).toContain('Stop e-mails about "Replies to comments"');
    // One mail, several kinds: the one-click header stops them all.
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const oneClick = tokenIn(header(mail, 'List-Unsubscribe'), 'token=');
    expect(new MailTokens(process.env.JWT_SECRET!).verify(oneClick)).toEqual({
      purpose: 'unsubscribe',
      userId: ann.user.id,
      kind: 'ALL',
    });

    const after = await deliveriesOf(t, ann.user.id);
    const digest = after.find((r) => r.purpose === 'DIGEST')!;
    expect(digest).toMatchObject({ state: 'SENT', attempts: 1 });
    expect(mail.messageId).toBe(`<${digest.id}@wontak.localhost>`);
    expect(
      after.filter((r) => r.purpose === 'DIGEST_ITEM').every((r) => r.digest_id === digest.id),
    ).toBe(true);
    const inbox = await t.gql(INBOX, {}, ann.token);
    expect(inbox.data.notifications.nodes.map((n: { emailState: string }) => n.emailState)).toEqual(
      ['SENT', 'SENT', 'SENT'],
    );
  });

  it('is one a day: later that day new items wait for the next morning', async () => {
    const ann = await newYorker();
    await commentsFor(ann, 1, 0);
    expect(await dayAt(at('2027-01-16T13:05:00Z'), ann)).toHaveLength(1);
    await commentsFor(ann, 0, 1);
    // The same local day, in the evening; and 23:59.
    expect(await dayAt(at('2027-01-16T23:00:00Z'), ann)).toHaveLength(1);
    expect(await dayAt(at('2027-01-17T04:59:00Z'), ann)).toHaveLength(1);
    // Midnight in New York: a new day, but not yet 08:00.
    expect(await dayAt(at('2027-01-17T05:00:00Z'), ann)).toHaveLength(1);
    const mails = await dayAt(at('2027-01-17T13:00:00Z'), ann);
    expect(mails).toHaveLength(2);
    expect(mails[1].subject).toBe('[Wontak] 1 notification for January 17');
    expect(mails[1].text).toContain('Here is what happened on Wontak since your last digest.');
    const digestsMade = (await deliveriesOf(t, ann.user.id)).filter((r) => r.purpose === 'DIGEST');
    expect(digestsMade.map((r) => r.state)).toEqual(['SENT', 'SENT']);
  });

  it('catches up the same day after a worker that was down at the hour', async () => {
    const ann = await newYorker();
    await commentsFor(ann, 1, 0);
    // The first sweep after the outage is at 15:40 in New York.
    expect(await dayAt(at('2027-01-18T20:40:00Z'), ann)).toHaveLength(1);
  });

  it('two sweeps at once make one digest', async () => {
    const ann = await newYorker();
    await commentsFor(ann, 2, 0);
    const now = at('2027-01-19T13:00:00Z');
    await Promise.all([digests(t).sweep(now), digests(t).sweep(now), digests(t).sweep(now)]);
    const rows = await deliveriesOf(t, ann.user.id);
    expect(rows.filter((r) => r.purpose === 'DIGEST')).toHaveLength(1);
    await deliverer(t).deliverDue(now);
    expect(smtp.to(ann.user.email)).toHaveLength(1);
  });

  it('in Seoul, in Korean, with the counts of the catalogue', async () => {
    const minji = await createUser(t.db, t.jwt, {
      emailVerifiedAt: new Date(),
      locale: Locale.KO,
      displayName: '김민지',
    });
    await commentsFor(minji, 2, 1);
    // 08:00 in Seoul is 23:00 UTC the day before.
    expect(await dayAt(at('2027-01-19T22:59:00Z'), minji)).toHaveLength(0);
    const [mail] = await dayAt(at('2027-01-19T23:00:00Z'), minji);
    expect(mail.subject).toBe('[원탁] 1월 20일 알림 3건');
    expect(mail.text).toContain('김민지님, 안녕하세요.');
    expect(mail.text).toContain('■ 제안의 댓글 (2건)');
    expect(mail.text).toContain('■ 댓글의 답글 (1건)');
    expect(mail.text).toContain('원탁님이 [Bench 1] 제안에 댓글을 남겼습니다.');
  });

  it('leaves out the kinds stopped since, and is SKIPPED for an address no longer verified', async () => {
    const ann = await newYorker();
    const bob = await newYorker();
    await commentsFor(ann, 1, 1);
    await commentsFor(bob, 1, 0);
    const now = at('2027-01-21T13:00:00Z');
    await digests(t).sweep(now);
    await t.db.query(
      `INSERT INTO notification_preference (user_id, kind, channel) VALUES ($1, 'COMMENT_REPLY', 'IN_APP')`,
      [ann.user.id],
    );
    await t.db.query(`UPDATE app_user SET email_verified_at = NULL WHERE id = $1`, [bob.user.id]);
    await deliverer(t).deliverDue(now);

    const [mail] = smtp.to(ann.user.email);
    expect(mail.subject).toBe('[Wontak] 1 notification for January 21');
    expect(mail.text).not.toContain('Replies to comments');
    const annStates = (await deliveriesOf(t, ann.user.id)).map((r) => [r.purpose, r.state]);
    expect(annStates).toEqual(
      expect.arrayContaining([
        ['DIGEST_ITEM', 'SENT'],
        ['DIGEST_ITEM', 'SKIPPED'],
        ['DIGEST', 'SENT'],
      ]),
    );
    expect(smtp.to(bob.user.email)).toHaveLength(0);
    const bobStates = (await deliveriesOf(t, bob.user.id)).map((r) => [r.purpose, r.state]);
    expect(bobStates).toEqual(
      expect.arrayContaining([
        ['DIGEST_ITEM', 'SKIPPED'],
        ['DIGEST', 'SKIPPED'],
      ]),
    );
    const inbox = await t.gql(INBOX, {}, bob.token);
    expect(inbox.data.notifications.nodes.map((n: { emailState: string }) => n.emailState)).toEqual(
      ['SKIPPED'],
    );
  });

  it('waits for the mail server like any mail: RETRYING, then SENT, its items with it', async () => {
    const ann = await newYorker();
    await commentsFor(ann, 1, 0);
    const now = at('2027-01-22T13:00:00Z');
    smtp.refuseNext({ code: 451, message: 'Greylisted' });
    await digests(t).sweep(now);
    await deliverer(t).deliverDue(now);
    const digest = (await deliveriesOf(t, ann.user.id)).find((r) => r.purpose === 'DIGEST')!;
    expect(digest.state).toBe('RETRYING');
    const waiting = await t.gql(INBOX, {}, ann.token);
    expect(waiting.data.notifications.nodes[0].emailState).toBe('RETRYING');
    await deliverer(t).deliverDue(new Date(now.getTime() + HOUR));
    expect(smtp.to(ann.user.email)).toHaveLength(1);
    const sent = await t.gql(INBOX, {}, ann.token);
    expect(sent.data.notifications.nodes[0].emailState).toBe('SENT');
  });
});
