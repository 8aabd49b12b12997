import { Locale } from '../../src/core/i18n/locale.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { jest } from '@jest/globals';
import { COMPOSE_FAILED, MAX_ATTEMPTS } from '../../src/mail/mail-deliverer.js';
import { MailLinks } from '../../src/mail/mail-links.js';
import {
  createChildRegistrationRow,
  createChildRow,
} from '../../src/guardians/testing/guardians.factory.js';
import { NotificationKind } from '../../src/notifications/notification-kind.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  deliverer,
  deliveriesOf,
  header,
  notifyNow,
  TestSmtp,
  tokenIn,
  withEnv,
} from './support.js';

/**
 * The deliverer against a real SMTP server in this process: what a person receives (headers,
 * both parts, their language, the links), and what becomes of a mail when the server refuses
 * it, refuses it for good, or is down; two deliverers at once.
 */

const smtp = new TestSmtp();
let t: TestApp;
const SECOND = 1000;
const PROPOSAL_ID = '00000000-0000-4000-8000-0000000000aa';

beforeAll(async () => {
  await smtp.start();
  t = await withEnv(
    {
      SMTP_URL: smtp.url,
      MAIL_FROM: '원탁 Wontak <no-reply@mail.wontak.test>',
      PUBLIC_WEB_URL: 'https://wontak.test',
      PUBLIC_API_URL: 'https://api.wontak.test/',
    },
    () => startTestApp(),
  );
});

afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

beforeEach(async () => {
  // Each test sends only its own rows: the ones an earlier test left are out of the way.
  await t.db.query(
    `UPDATE email_delivery SET state = 'SKIPPED' WHERE state IN ('PENDING', 'RETRYING')`,
  );
  smtp.received.length = 0;
  smtp.onAccepted = null;
});

const verifiedUser = (overrides: Parameters<typeof createUser>[2] = {}): Promise<TestUser> =>
  createUser(t.db, t.jwt, { emailVerifiedAt: new Date(), ...overrides });

/** For sorting what tests compare, whatever its order of arrival. */
const byText = (a: unknown, b: unknown) => String(a).localeCompare(String(b));

/** A little later than the rows' creation, on the application's clock. */
const soon = () => new Date(Date.now() + SECOND);

describe('a notification by e-mail at once', () => {
  it('reaches a Korean reader in Korean: headers, text and HTML parts, the links', async () => {
    const reader = await verifiedUser({ locale: Locale.KO, displayName: '김민지' });
    await notifyNow(t, [reader.user.id], {
      title: '놀이터 <그늘막> & 벤치',
      subject: { type: 'Proposal', id: PROPOSAL_ID },
    });
    const report = await deliverer(t).deliverDue(soon());
    expect(report).toMatchObject({ sent: 1, failed: 0, retrying: 0, unreachable: false });

    const [row] = await deliveriesOf(t, reader.user.id);
    expect(row).toMatchObject({ purpose: 'NOTIFICATION', state: 'SENT', attempts: 1 });
    expect(row.sent_at).toBeInstanceOf(Date);

    const [mail] = smtp.to(reader.user.email);
    expect(smtp.received).toHaveLength(1);
    expect(mail.from?.value[0]).toEqual({
      address: 'no-reply@mail.wontak.test',
      name: '원탁 Wontak',
    });
    expect(mail.messageId).toBe(`<${row.id}@mail.wontak.test>`);
    expect(mail.subject).toBe('[원탁] [놀이터 <그늘막> & 벤치] 제안의 답변 기한이 지났습니다.');
    expect(mail.text).toContain('김민지님, 안녕하세요.');
    expect(mail.text).toContain('[놀이터 <그늘막> & 벤치] 제안의 답변 기한이 지났습니다.');
    expect(mail.text).toContain(
      `제안 보기: https://wontak.test/proposals/${toGlobalId('Proposal', PROPOSAL_ID)}`,
    );
    // The HTML part says the same, escaped: a title cannot add markup to a mail.
    expect(mail.html).toContain(
      '[놀이터 &lt;그늘막&gt; &amp; 벤치] 제안의 답변 기한이 지났습니다.',
    );
    expect(mail.html).not.toContain('<그늘막>');
    expect(mail.html).toContain(
      `href="https://wontak.test/proposals/${toGlobalId('Proposal', PROPOSAL_ID)}"`,
    );
    expect(mail.text).toContain(
      '「답변 기한 경과」 알림 메일 그만 받기: https://wontak.test/unsubscribe?token=',
    );

    // RFC 8058: the one-click address is this API's, with a token for this kind.
    const listUnsubscribe = header(mail, 'List-Unsubscribe');
    expect(listUnsubscribe).toMatch(
      /^<https:\/\/api\.wontak\.test\/mail\/unsubscribe\?token=[A-Za-z0-9_.-]+>$/,
    );
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const token = tokenIn(listUnsubscribe, 'token=');
    expect(mail.text).toContain(`https://wontak.test/unsubscribe?token=${token}`);
  });

  it('reaches an English reader in English, and a reader with no choice in the city default', async () => {
    const english = await verifiedUser({ locale: Locale.EN, displayName: 'Jane' });
    const unsaid = await verifiedUser({ locale: null, displayName: '박서준' });
    await notifyNow(t, [english.user.id, unsaid.user.id], { title: 'Shade' });
    await deliverer(t).deliverDue(soon());

    const [en] = smtp.to(english.user.email);
    expect(en.subject).toBe('[Wontak] The answer to "Shade" is overdue.');
    expect(en.text).toContain('Hello Jane,');
    expect(en.text).toContain('See the proposal: https://wontak.test/proposals/');
    expect(en.text).toContain(
      'Stop e-mails about "Answer overdue": https://wontak.test/unsubscribe?token=',
    );
    expect(en.html).toContain('Stop all notification e-mails from Wontak');
    // The test apps' DEFAULT_LOCALE is en (test/setup/env.mjs).
    const [defaulted] = smtp.to(unsaid.user.email);
    expect(defaulted.subject).toBe('[Wontak] The answer to "Shade" is overdue.');
  });

  it('is never sent to an unverified address: SKIPPED when written', async () => {
    const unverified = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    await notifyNow(t, [unverified.user.id]);
    expect(await deliverer(t).deliverDue(soon())).toMatchObject({ sent: 0 });
    expect((await deliveriesOf(t, unverified.user.id)).map((r) => r.state)).toEqual(['SKIPPED']);
    expect(smtp.received).toHaveLength(0);
  });

  it('is SKIPPED when the person unsubscribed from the kind, or lost their verification, before it went', async () => {
    const stopped = await verifiedUser();
    const inAppOnly = await verifiedUser();
    const lost = await verifiedUser();
    const stillWants = await verifiedUser();
    await notifyNow(t, [stopped.user.id, inAppOnly.user.id, lost.user.id, stillWants.user.id]);
    await t.db.query(
      `INSERT INTO notification_preference (user_id, kind, channel)
       VALUES ($1, 'PROPOSAL_OVERDUE', 'NONE'), ($2, 'PROPOSAL_OVERDUE', 'IN_APP'),
              ($3, 'PROPOSAL_OVERDUE', 'EMAIL_DIGEST')`,
      [stopped.user.id, inAppOnly.user.id, stillWants.user.id],
    );
    await t.db.query(`UPDATE app_user SET email_verified_at = NULL WHERE id = $1`, [lost.user.id]);

    expect(await deliverer(t).deliverDue(soon())).toMatchObject({ sent: 1, skipped: 3 });
    for (const who of [stopped, inAppOnly, lost])
      expect((await deliveriesOf(t, who.user.id)).map((r) => r.state)).toEqual(['SKIPPED']);
    // Who moved the kind to the digest still wants it by e-mail: it goes, now.
    expect(smtp.received.map((m) => m.to)).toHaveLength(1);
    expect(smtp.to(stillWants.user.email)).toHaveLength(1);
  });

  it('links what a notification is about: a workshop, or the proposal of an answer', async () => {
    const reader = await verifiedUser({ locale: Locale.EN });
    const [{ id: workshopId }] = await t.db
      .query(`INSERT INTO department (slug, name) VALUES ('mail-parks', 'Parks') RETURNING id`)
      .then(async ([dept]: { id: string }[]) =>
        t.db.query(
          `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity)
         VALUES ('Camp', 'd', 'DESIGN_CAMP', $1, now() + interval '2 days', now() + interval '3 days', 10)
         RETURNING id`,
          [dept.id],
        ),
      );
    await notifyNow(t, [reader.user.id], {
      kind: NotificationKind.WORKSHOP_REMINDER,
      messageKey: 'notification.WORKSHOP_REMINDER',
      subject: { type: 'Workshop', id: workshopId },
    });
    await deliverer(t).deliverDue(soon());
    const [mail] = smtp.to(reader.user.email);
    expect(mail.text).toContain(
      `See the workshop: https://wontak.test/workshops/${toGlobalId('Workshop', workshopId)}`,
    );
  });

  it("links a child's promotion to the workshop, and the mail names no child", async () => {
    const guardian = await verifiedUser({ locale: Locale.EN });
    const [{ id: departmentId }] = await t.db.query(
      `INSERT INTO department (slug, name) VALUES ('mail-camp', 'Camp') RETURNING id`,
    );
    const [{ id: workshopId }] = await t.db.query(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity, children_allowed)
       VALUES ('Kids camp', 'd', 'DESIGN_CAMP', $1, now() + interval '2 days', now() + interval '3 days', 10, true)
       RETURNING id`,
      [departmentId],
    );
    const child = await createChildRow(t.db, guardian.user.id, { firstName: 'Zebediah' });
    const registration = await createChildRegistrationRow(t.db, child, workshopId);
    await notifyNow(t, [guardian.user.id], {
      kind: NotificationKind.WORKSHOP_WAITLIST_PROMOTED,
      messageKey: 'notification.WORKSHOP_WAITLIST_PROMOTED.child',
      params: { title: 'Kids camp' },
      subject: { type: 'ChildRegistration', id: registration.id },
    });
    await deliverer(t).deliverDue(soon());
    const [mail] = smtp.to(guardian.user.email);
    expect(mail.text).toContain(
      `See the workshop: https://wontak.test/workshops/${toGlobalId('Workshop', workshopId)}`,
    );
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain('Zebediah');
  });
});

describe('when the server refuses', () => {
  it('a 4xx is RETRYING with back-off, then sent once the server takes it', async () => {
    const reader = await verifiedUser();
    await notifyNow(t, [reader.user.id]);
    smtp.refuseNext({ code: 451, message: 'Try again later' });
    const now = soon();
    expect(await deliverer(t).deliverDue(now)).toMatchObject({ retrying: 1, unreachable: false });
    const [row] = await deliveriesOf(t, reader.user.id);
    expect(row).toMatchObject({ state: 'RETRYING', attempts: 1 });
    expect(row.last_error).toContain('451');
    expect(row.next_attempt_at.getTime()).toBe(now.getTime() + 60 * SECOND);

    // Not before its time.
    expect(await deliverer(t).deliverDue(new Date(now.getTime() + 59 * SECOND))).toMatchObject({
      sent: 0,
      retrying: 0,
    });
    expect(smtp.received).toHaveLength(0);

    // A second refusal doubles the wait.
    smtp.refuseNext({ code: 450, message: 'Mailbox busy' });
    const second = new Date(now.getTime() + 60 * SECOND);
    await deliverer(t).deliverDue(second);
    const [again] = await deliveriesOf(t, reader.user.id);
    expect(again).toMatchObject({ state: 'RETRYING', attempts: 2 });
    expect(again.next_attempt_at.getTime()).toBe(second.getTime() + 120 * SECOND);

    expect(await deliverer(t).deliverDue(new Date(second.getTime() + 120 * SECOND))).toMatchObject({
      sent: 1,
    });
    const [sent] = await deliveriesOf(t, reader.user.id);
    expect(sent).toMatchObject({ state: 'SENT', attempts: 3 });
    expect(smtp.to(reader.user.email)).toHaveLength(1);
  });

  it('a 5xx is FAILED at once, with the reason for the admins', async () => {
    const reader = await verifiedUser();
    await notifyNow(t, [reader.user.id]);
    smtp.refuseNext({ code: 550, message: 'No such mailbox' });
    expect(await deliverer(t).deliverDue(soon())).toMatchObject({ failed: 1 });
    const [row] = await deliveriesOf(t, reader.user.id);
    expect(row).toMatchObject({ state: 'FAILED', attempts: 1 });
    expect(row.last_error).toMatch(/550.*No such mailbox/);
    // Never tried again.
    expect(await deliverer(t).deliverDue(new Date(Date.now() + 86_400_000))).toMatchObject({
      sent: 0,
      failed: 0,
    });

    // Until an operator sends it again (docs/operations.md, "Mail"), once its cause is fixed.
    await t.db.query(
      `UPDATE email_delivery SET state = 'RETRYING', attempts = 0, next_attempt_at = now() WHERE state = 'FAILED' AND purpose <> 'DIGEST_ITEM'`,
    );
    expect(await deliverer(t).deliverDue(soon())).toMatchObject({ sent: 1 });
    expect(smtp.to(reader.user.email)).toHaveLength(1);
  });

  it(`refused ${MAX_ATTEMPTS} times, it is FAILED`, async () => {
    const reader = await verifiedUser();
    await notifyNow(t, [reader.user.id]);
    let at = soon();
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      smtp.refuseNext({ code: 452, message: 'Insufficient storage' });
      await deliverer(t).deliverDue(at);
      const [row] = await deliveriesOf(t, reader.user.id);
      expect(row).toMatchObject({ state: i < MAX_ATTEMPTS ? 'RETRYING' : 'FAILED', attempts: i });
      at = row.next_attempt_at;
    }
    expect(smtp.received).toHaveLength(0);
  });
});

describe('a mail that cannot be made', () => {
  it('is FAILED with a reason, and does not hold up the mails behind it', async () => {
    const readers = [await verifiedUser(), await verifiedUser()];
    await notifyNow(
      t,
      readers.map((r) => r.user.id),
    );
    const page = jest.spyOn(t.app.get(MailLinks), 'page').mockImplementationOnce(() => {
      throw new Error('a bug of ours');
    });
    try {
      expect(await deliverer(t).deliverDue(soon())).toMatchObject({ sent: 1, failed: 1 });
    } finally {
      page.mockRestore();
    }
    const rows = (await Promise.all(readers.map((r) => deliveriesOf(t, r.user.id)))).flat();
    expect(rows.map((r) => [r.state, r.last_error]).sort(byText)).toEqual([
      ['FAILED', COMPOSE_FAILED],
      ['SENT', null],
    ]);
    expect(smtp.received).toHaveLength(1);
  });
});

describe('a mail server that goes down', () => {
  it('stopped mid-batch and started again: every mail arrives exactly once', async () => {
    const readers = await Promise.all(Array.from({ length: 8 }, () => verifiedUser()));
    await notifyNow(
      t,
      readers.map((r) => r.user.id),
    );
    const rows = (await Promise.all(readers.map((r) => deliveriesOf(t, r.user.id)))).flat();
    expect(rows).toHaveLength(8);

    // Down after the third mail, between two mails, as a crash would.
    smtp.onAccepted = (count) => {
      if (count === 3) setImmediate(() => void smtp.stop());
    };
    const now = soon();
    const first = await deliverer(t).deliverDue(now);
    expect(first).toMatchObject({ sent: 3, retrying: 1, unreachable: true });
    // The run stopped at the first unreachable attempt: the others wait, untouched.
    const states = (await Promise.all(readers.map((r) => deliveriesOf(t, r.user.id)))).flat();
    expect(states.filter((r) => r.state === 'PENDING' && r.attempts === 0)).toHaveLength(4);
    // The one that met the closed door: RETRYING in a minute, no attempt counted.
    const retrying = states.find((r) => r.state === 'RETRYING')!;
    expect(retrying.last_error).toMatch(/ECONNECTION|ECONNREFUSED|421/);
    expect(retrying.attempts).toBe(0);
    expect(retrying.next_attempt_at.getTime()).toBe(now.getTime() + 60 * SECOND);

    // Still down for a day of runs: nothing lost, nothing FAILED, no attempt counted; each run
    // tries one connection and stops.
    const DAY_MINUTES = 24 * 60;
    for (let minute = 1; minute <= DAY_MINUTES; minute += 97) {
      const run = await deliverer(t).deliverDue(new Date(now.getTime() + minute * 60 * SECOND));
      expect(run).toMatchObject({ sent: 0, failed: 0, retrying: 1, unreachable: true });
    }
    const waiting = (await Promise.all(readers.map((r) => deliveriesOf(t, r.user.id)))).flat();
    expect(waiting.filter((r) => r.state === 'SENT')).toHaveLength(3);
    expect(waiting.filter((r) => r.state === 'SENT' || r.attempts === 0)).toHaveLength(8);

    smtp.onAccepted = null;
    await smtp.start();
    // Back: everything goes within the next run (a minute after the last failed one at most).
    const after = await deliverer(t).deliverDue(
      new Date(now.getTime() + (DAY_MINUTES + 1) * 60 * SECOND),
    );
    expect(after).toMatchObject({ sent: 5, unreachable: false });

    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(ids.sort(byText)).toEqual(rows.map((r) => `<${r.id}@mail.wontak.test>`).sort(byText));
    for (const reader of readers) expect(smtp.to(reader.user.email)).toHaveLength(1);
  });

  it('two deliverers at once never send one mail twice', async () => {
    const readers = await Promise.all(Array.from({ length: 24 }, () => verifiedUser()));
    await notifyNow(
      t,
      readers.map((r) => r.user.id),
    );
    const now = soon();
    const [a, b] = await Promise.all([deliverer(t).deliverDue(now), deliverer(t).deliverDue(now)]);
    expect(a.sent + b.sent).toBe(24);
    const ids = smtp.received.map((m) => m.messageId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const states = (await Promise.all(readers.map((r) => deliveriesOf(t, r.user.id)))).flat();
    expect(states.every((r) => r.state === 'SENT' && r.attempts === 1)).toBe(true);
  });
});
