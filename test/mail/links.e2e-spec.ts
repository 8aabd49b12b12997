import { Locale } from '../../src/core/i18n/locale.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { MailTokens } from '../../src/mail/mail-tokens.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  deliverer,
  deliveriesOf,
  header,
  notifyNow,
  TestSmtp,
  tokenIn,
  withEnv,
} from './support.js';
import { NotificationKind } from '../../src/notifications/notification-kind.js';

/**
 * What a person does from a mail without logging in: prove their address (verifyEmail, from the
 * mail signUp and resendVerificationEmail queue) and stop a kind of mail (unsubscribe, and the
 * one-click POST of RFC 8058). Every token is tried hostile too: empty, too long, forged,
 * altered, of the other purpose, expired, for an address the account has left.
 */

const smtp = new TestSmtp();
let t: TestApp;
const DAY = 86_400_000;
const WEB = 'https://wontak.test';

const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) }`;
const RESEND = `mutation { resendVerificationEmail }`;
const UNSUBSCRIBE = `mutation($token: String!) { unsubscribe(token: $token) }`;
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }`;
const ME = `{ me { emailVerified } }`;

beforeAll(async () => {
  await smtp.start();
  t = await withEnv(
    { SMTP_URL: smtp.url, PUBLIC_WEB_URL: WEB, PUBLIC_API_URL: 'https://api.wontak.test' },
    () => startTestApp(),
  );
});

afterAll(async () => {
  restoreClock();
  await t?.close();
  await smtp.stop();
});

beforeEach(() => {
  smtp.received.length = 0;
});

const soon = () => new Date(Date.now() + 1000);
const verifiedAt = async (who: TestUser): Promise<Date | null> =>
  (await t.db.query(`SELECT email_verified_at FROM app_user WHERE id = $1`, [who.user.id]))[0]
    .email_verified_at;

/** Sends what is due and returns the one mail `who` received. */
async function mailOf(who: TestUser) {
  await deliverer(t).deliverDue(soon());
  const mails = smtp.to(who.user.email);
  expect(mails).toHaveLength(1);
  return mails[0];
}

describe('verifying an address', () => {
  it('signUp mails a link; verifyEmail with it, signed out, verifies the address', async () => {
    const email = `new-${Date.now()}@example.test`;
    const res = await t.gql(SIGN_UP, {
      input: { email, password: 'correct horse battery staple', displayName: 'Newcomer' },
    });
    expect(res.errors).toBeUndefined();
    const token = res.data.signUp.accessToken as string;
    expect((await t.gql(ME, {}, token)).data.me.emailVerified).toBe(false);

    await deliverer(t).deliverDue(soon());
    const [mail] = smtp.to(email);
    expect(mail.subject).toBe('[Wontak] Please confirm your e-mail address');
    expect(mail.text).toContain('Hello Newcomer,');
    expect(mail.text).toContain('This link works for 7 days.');
    // It answers the person's own act: no unsubscribe.
    expect(header(mail, 'List-Unsubscribe')).toBe('');
    const link = tokenIn(mail.text!, `${WEB}/verify-email?token=`);
    expect(mail.html).toContain(`href="${WEB}/verify-email?token=${link}"`);

    expect(await t.gql(VERIFY, { token: link })).toMatchObject({ data: { verifyEmail: true } });
    expect((await t.gql(ME, {}, token)).data.me.emailVerified).toBe(true);
    // The same link again: still true, the first time kept.
    const [{ email_verified_at: first }] = await t.db.query(
      `SELECT email_verified_at FROM app_user WHERE email = $1`,
      [email],
    );
    expect((await t.gql(VERIFY, { token: link })).data.verifyEmail).toBe(true);
    const [{ email_verified_at: again }] = await t.db.query(
      `SELECT email_verified_at FROM app_user WHERE email = $1`,
      [email],
    );
    expect(again).toEqual(first);
  });

  it('resendVerificationEmail queues a new link; false, and nothing queued, once verified', async () => {
    const who = await createUser(t.db, t.jwt, { emailVerifiedAt: null, locale: Locale.KO });
    expect((await t.gql(RESEND, {}, who.token)).data.resendVerificationEmail).toBe(true);
    const mail = await mailOf(who);
    expect(mail.subject).toBe('[원탁] 이메일 주소를 확인해 주세요');
    expect(mail.text).toContain('이 링크는 7일 동안 유효합니다.');
    await t.gql(VERIFY, { token: tokenIn(mail.text!, `${WEB}/verify-email?token=`) });
    expect(await verifiedAt(who)).toBeInstanceOf(Date);

    expect((await t.gql(RESEND, {}, who.token)).data.resendVerificationEmail).toBe(false);
    const rows = await deliveriesOf(t, who.user.id);
    expect(rows.map((r) => [r.purpose, r.state])).toEqual([['VERIFICATION', 'SENT']]);
  });

  it('resendVerificationEmail needs a signed-in user', async () => {
    expect(codeOf(await t.gql(RESEND))).toBe('UNAUTHENTICATED');
  });

  it('refuses hostile tokens with BAD_USER_INPUT on token, and changes nothing', async () => {
    const who = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    await t.gql(RESEND, {}, who.token);
    const good = tokenIn((await mailOf(who)).text!, `${WEB}/verify-email?token=`);
    const [body, mac] = good.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const other = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, u: other.user.id })).toString(
      'base64url',
    );
    const unsubscribeToken = new MailTokens(process.env.JWT_SECRET!).sign({
      purpose: 'unsubscribe',
      userId: who.user.id,
      kind: 'ALL',
    });
    const otherSecret = new MailTokens('another-secret-0123456789abcdefghijklmnopqrstuvwxyz').sign({
      purpose: 'verify',
      userId: who.user.id,
      email: who.user.email,
      expiresAt: new Date(Date.now() + DAY),
    });
    const hostile = [
      '',
      ' ',
      'x'.repeat(601),
      `${good}x`,
      good.slice(0, -1),
      `${forgedBody}.${mac}`,
      `${body}.${mac}.${mac}`,
      unsubscribeToken,
      otherSecret,
      '\u0000',
      '한글.토큰',
    ];
    for (const token of hostile) {
      const res = await t.gql(VERIFY, { token });
      expect({ token, code: codeOf(res), fields: badFields(res) }).toEqual({
        token,
        code: 'BAD_USER_INPUT',
        fields: ['token'],
      });
    }
    // Not a string at all: refused by GraphQL before it reaches us.
    expect(codeOf(await t.gql(VERIFY, { token: 12 }))).toBe('BAD_USER_INPUT');
    expect(await verifiedAt(who)).toBeNull();
    expect(await verifiedAt(other)).toBeNull();
  });

  it('refuses a link for an address the account has since left', async () => {
    const who = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    await t.gql(RESEND, {}, who.token);
    const link = tokenIn((await mailOf(who)).text!, `${WEB}/verify-email?token=`);
    await t.db.query(`UPDATE app_user SET email = $2 WHERE id = $1`, [
      who.user.id,
      `moved-${who.user.email}`,
    ]);
    const res = await t.gql(VERIFY, { token: link });
    expect([codeOf(res), badFields(res)]).toEqual(['BAD_USER_INPUT', ['token']]);
    expect(await verifiedAt(who)).toBeNull();
  });

  it('a verification mail queued for an address the account has left is SKIPPED', async () => {
    const who = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    await t.gql(RESEND, {}, who.token);
    await t.db.query(`UPDATE app_user SET email = $2 WHERE id = $1`, [
      who.user.id,
      `left-${who.user.email}`,
    ]);
    await deliverer(t).deliverDue(soon());
    expect((await deliveriesOf(t, who.user.id)).map((r) => r.state)).toEqual(['SKIPPED']);
    expect(smtp.received).toHaveLength(0);
  });

  it('a link works for 7 days, not a minute more (the clock moved, not slept)', async () => {
    const who = await createUser(t.db, t.jwt, { emailVerifiedAt: null });
    await t.gql(RESEND, {}, who.token);
    const sentAt = soon();
    await deliverer(t).deliverDue(sentAt);
    const link = tokenIn(smtp.to(who.user.email)[0].text!, `${WEB}/verify-email?token=`);
    try {
      // Token expiry is kept to the second.
      freezeClock(sentAt.getTime() + 7 * DAY + 1000);
      expect(badFields(await t.gql(VERIFY, { token: link }))).toEqual(['token']);
      expect(await verifiedAt(who)).toBeNull();
      setClock(sentAt.getTime() + 7 * DAY - 2000);
      expect((await t.gql(VERIFY, { token: link })).data.verifyEmail).toBe(true);
    } finally {
      restoreClock();
    }
  });
});

describe('unsubscribing', () => {
  const reader = async () =>
    createUser(t.db, t.jwt, { emailVerifiedAt: new Date(), locale: Locale.EN });
  const preferences = async (who: TestUser) =>
    Object.fromEntries(
      (
        await t.db.query(`SELECT kind, channel FROM notification_preference WHERE user_id = $1`, [
          who.user.id,
        ])
      ).map((r: { kind: string; channel: string }) => [r.kind, r.channel]),
    );

  it("one click (RFC 8058 POST to the header's address), signed out: that kind only, and no more mail of it", async () => {
    const who = await reader();
    await notifyNow(t, [who.user.id]);
    const mail = await mailOf(who);
    const url = new URL(header(mail, 'List-Unsubscribe').slice(1, -1));
    expect(url.origin).toBe('https://api.wontak.test');
    const res = await t
      .http()
      .post(`${url.pathname}${url.search}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(await preferences(who)).toEqual({ PROPOSAL_OVERDUE: 'IN_APP' });

    // The next notification of that kind is in the app only; another kind still comes by mail.
    smtp.received.length = 0;
    await notifyNow(t, [who.user.id]);
    await notifyNow(t, [who.user.id], {
      kind: NotificationKind.ANSWER_DUE_SOON,
      messageKey: 'notification.ANSWER_DUE_SOON',
      params: { days: 2 },
    });
    await deliverer(t).deliverDue(soon());
    expect(smtp.to(who.user.email).map((m) => m.subject)).toEqual([
      expect.stringContaining('[Wontak] An answer to'),
    ]);
    // Twice is fine.
    expect((await t.http().post(`${url.pathname}${url.search}`)).status).toBe(200);
  });

  it('the footer link for all kinds, through GraphQL signed out: every e-mailed kind IN_APP, NONE stays NONE', async () => {
    const who = await reader();
    await t.db.query(
      `INSERT INTO notification_preference (user_id, kind, channel) VALUES ($1, 'COMMENT_REPLY', 'NONE')`,
      [who.user.id],
    );
    await notifyNow(t, [who.user.id]);
    const mail = await mailOf(who);
    const all = tokenIn(
      mail.text!.slice(mail.text!.indexOf('Stop all notification e-mails')),
      `${WEB}/unsubscribe?token=`,
    );
    expect((await t.gql(UNSUBSCRIBE, { token: all })).data.unsubscribe).toBe(true);
    const chosen = await preferences(who);
    for (const kind of Object.values(NotificationKind))
      expect([kind, chosen[kind]]).toEqual([kind, kind === 'COMMENT_REPLY' ? 'NONE' : 'IN_APP']);
  });

  it('a mail queued before the click is SKIPPED, not sent', async () => {
    const who = await reader();
    await notifyNow(t, [who.user.id]);
    const token = new MailTokens(process.env.JWT_SECRET!).sign({
      purpose: 'unsubscribe',
      userId: who.user.id,
      kind: NotificationKind.PROPOSAL_OVERDUE,
    });
    expect((await t.gql(UNSUBSCRIBE, { token })).data.unsubscribe).toBe(true);
    await deliverer(t).deliverDue(soon());
    expect((await deliveriesOf(t, who.user.id)).map((r) => r.state)).toEqual(['SKIPPED']);
    expect(smtp.received).toHaveLength(0);
  });

  it('refuses hostile tokens: BAD_USER_INPUT over GraphQL, 400 on the one-click POST; nothing changes', async () => {
    const who = await reader();
    const tokens = new MailTokens(process.env.JWT_SECRET!);
    const good = tokens.sign({ purpose: 'unsubscribe', userId: who.user.id, kind: 'ALL' });
    const [body, mac] = good.split('.');
    const someoneElse = await reader();
    const forged = `${Buffer.from(JSON.stringify({ p: 'u', u: someoneElse.user.id, k: 'ALL' })).toString('base64url')}.${mac}`;
    const verifyToken = tokens.sign({
      purpose: 'verify',
      userId: who.user.id,
      email: who.user.email,
      expiresAt: new Date(Date.now() + DAY),
    });
    const gone = tokens.sign({
      purpose: 'unsubscribe',
      userId: '00000000-0000-4000-8000-000000000000',
      kind: 'ALL',
    });
    const hostile = ['', 'x'.repeat(601), forged, `${body}.`, verifyToken, gone, `${good}.${mac}`];
    for (const token of hostile) {
      const res = await t.gql(UNSUBSCRIBE, { token });
      expect([token, codeOf(res), badFields(res)]).toEqual([token, 'BAD_USER_INPUT', ['token']]);
      const post = await t.http().post(`/mail/unsubscribe?token=${encodeURIComponent(token)}`);
      expect([token, post.status]).toEqual([token, 400]);
    }
    expect((await t.http().post('/mail/unsubscribe')).status).toBe(400);
    expect((await t.http().post(`/mail/unsubscribe?token=${good}&token=${good}`)).status).toBe(400);
    // Refused in the reader's language.
    const korean = await t.http().post('/mail/unsubscribe?token=nope').set('Accept-Language', 'ko');
    expect(korean.body.message).toBe('수신 거부 링크가 올바르지 않습니다.');
    expect(await preferences(who)).toEqual({});
    expect(await preferences(someoneElse)).toEqual({});
  });
});

describe('resendVerificationEmail is rate-limited', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await withEnv({ RATE_LIMIT_ENABLED: 'true', SMTP_URL: smtp.url }, () =>
      startTestApp(),
    );
  });
  afterAll(() => limited?.close());

  it('3 an hour per user: the 3rd is allowed, the 4th RATE_LIMITED; another user is not held up', async () => {
    const who = await createUser(limited.db, limited.jwt, { emailVerifiedAt: null });
    for (let i = 1; i <= 3; i++)
      expect((await limited.gql(RESEND, {}, who.token)).data?.resendVerificationEmail).toBe(true);
    const fourth = await limited.gql(RESEND, {}, who.token);
    expect(codeOf(fourth)).toBe('RATE_LIMITED');
    expect(fourth.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(3000);
    const rows = await limited.db.query(
      `SELECT count(*)::int AS n FROM email_delivery WHERE recipient_id = $1`,
      [who.user.id],
    );
    expect(rows[0].n).toBe(3);
    const other = await createUser(limited.db, limited.jwt, { emailVerifiedAt: null });
    expect((await limited.gql(RESEND, {}, other.token)).data.resendVerificationEmail).toBe(true);
  });
});
