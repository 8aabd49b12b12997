import { createUser } from '../../src/identity/testing/identity.factory.js';
import { MAIL_DIGEST_JOB } from '../../src/mail/digest-sweep.js';
import { MAIL_DELIVERY_JOB } from '../../src/mail/mail-deliverer.js';
import { NotificationKind } from '../../src/notifications/notification-kind.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { runJob } from '../reminders/support.js';
import { deliverer, deliveriesOf, notifyNow, TestSmtp, withEnv } from './support.js';

/**
 * The mail jobs on the job queue (pg-boss), as production runs them: two API instances on one
 * database, each working the queue, each run at once on both and directly besides: every mail
 * goes once.
 */

const smtp = new TestSmtp();
let t: TestApp;
let t2: TestApp;

beforeAll(async () => {
  await smtp.start();
  t = await withEnv({ SMTP_URL: smtp.url }, () => startTestApp({ runJobs: true }));
  t2 = await withEnv({ SMTP_URL: smtp.url }, () =>
    startTestApp({ runJobs: true, database: t.database }),
  );
}, 60_000);

afterAll(async () => {
  await t2?.app.close(); // the database is t's, dropped once by t.close()
  await t?.close();
  await smtp.stop();
});

it('the delivery job on two instances at once sends each mail once', async () => {
  const readers = await Promise.all(
    Array.from({ length: 12 }, () => createUser(t.db, t.jwt, { emailVerifiedAt: new Date() })),
  );
  await notifyNow(
    t,
    readers.map((r) => r.user.id),
  );
  await Promise.all([
    runJob(t.app, MAIL_DELIVERY_JOB),
    runJob(t2.app, MAIL_DELIVERY_JOB),
    deliverer(t).deliverDue(new Date()),
    deliverer(t2).deliverDue(new Date()),
  ]);
  for (const reader of readers) {
    expect(smtp.to(reader.user.email)).toHaveLength(1);
    expect((await deliveriesOf(t, reader.user.id)).map((r) => r.state)).toEqual(['SENT']);
  }
  const ids = smtp.received.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
}, 60_000);

it('the digest job makes the digests due now, then the delivery job sends them', async () => {
  // Hour 0 in UTC: due whatever the real time is.
  const reader = await createUser(t.db, t.jwt, {
    emailVerifiedAt: new Date(),
    timeZone: 'UTC',
    digestHour: 0,
  });
  await notifyNow(t, [reader.user.id], {
    kind: NotificationKind.COMMENT_ON_PROPOSAL,
    messageKey: 'notification.COMMENT_ON_PROPOSAL',
  });
  await Promise.all([runJob(t.app, MAIL_DIGEST_JOB), runJob(t2.app, MAIL_DIGEST_JOB)]);
  await runJob(t2.app, MAIL_DELIVERY_JOB);
  const mails = smtp.to(reader.user.email);
  expect(mails).toHaveLength(1);
  expect(mails[0].subject).toMatch(/^\[Wontak\] 1 notification for /);
  const rows = await deliveriesOf(t, reader.user.id);
  expect(rows.map((r) => [r.purpose, r.state]).sort((a, b) => a[0].localeCompare(b[0]))).toEqual([
    ['DIGEST', 'SENT'],
    ['DIGEST_ITEM', 'SENT'],
  ]);
}, 60_000);
