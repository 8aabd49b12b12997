import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ReminderSweeps, WORKSHOP_REMINDERS_JOB } from '../../src/reminders/reminder-sweeps.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { CANCEL, REGISTER } from '../notifications/support.js';
import { inboxOf, runJob } from './support.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * WORKSHOP_REMINDER, by the job queue on a clock the test moves: the confirmed registrants the
 * day before (not a minute earlier, once however many sweeps run), the waitlist when
 * registration closes at the start; never those who cancelled or the organizer.
 */
describe('workshop reminders', () => {
  let t: TestApp;
  let confirmed: TestUser;
  let waitlisted: TestUser;
  let cancelled: TestUser;
  let organizer: TestUser;
  let workshopId: string;
  let startsAt: Date;

  beforeAll(async () => {
    t = await startTestApp({ runJobs: true });
    freezeClock(Date.now());
    const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
    const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
    [confirmed, waitlisted, cancelled] = [await user(), await user(), await user()];
    organizer = await user({ role: Role.STAFF, departmentId: parks.id });
    startsAt = new Date(Date.now() + 5 * DAY);
    [{ id: workshopId }] = await t.db.query(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity)
       VALUES ('그늘막 디자인 캠프', '함께 만들어요', 'DESIGN_CAMP', $1, $2, $2::timestamptz + interval '2 hours', 1)
       RETURNING id`,
      [parks.id, startsAt],
    );
    const wid = toGlobalId('Workshop', workshopId);
    const statuses = [];
    for (const who of [confirmed, waitlisted, cancelled]) {
      const res = await t.gql(REGISTER, { id: wid }, who.token);
      statuses.push(res.data?.registerForWorkshop.status);
    }
    await t.gql(CANCEL, { id: wid }, cancelled.token);
    if (statuses.join() !== 'CONFIRMED,WAITLISTED,WAITLISTED') {
      throw new Error(`unexpected registrations: ${statuses.join()}`);
    }
  }, 60_000);
  afterAll(async () => {
    restoreClock();
    await t?.close();
  });

  /** Runs the sweep through the queue, and twice more directly at once. */
  async function sweep(): Promise<void> {
    const sweeps = t.app.get(ReminderSweeps);
    await Promise.all([
      runJob(t.app, WORKSHOP_REMINDERS_JOB),
      sweeps.sweepWorkshops(new Date()),
      sweeps.sweepWorkshops(new Date()),
    ]);
  }
  const heard = async () =>
    Promise.all(
      [confirmed, waitlisted, cancelled, organizer].map(async (u) =>
        (await inboxOf(t, u, 'WORKSHOP_REMINDER')).map((n) => n.message),
      ),
    );

  it('tells nobody a day and a minute before', async () => {
    setClock(startsAt.getTime() - DAY - MINUTE);
    await sweep();
    expect(await heard()).toEqual([[], [], [], []]);
  }, 30_000);

  it('tells the confirmed registrant once, the day before', async () => {
    setClock(startsAt.getTime() - DAY);
    await sweep();
    await sweep();
    expect(await heard()).toEqual([['"그늘막 디자인 캠프" starts tomorrow.'], [], [], []]);
  }, 30_000);

  it('tells the waitlist once when registration closes at the start, and nobody else again', async () => {
    setClock(startsAt.getTime() - MINUTE);
    await sweep();
    expect((await heard())[1]).toEqual([]);
    setClock(startsAt.getTime());
    await sweep();
    setClock(startsAt.getTime() + 10 * MINUTE);
    await sweep();
    expect(await heard()).toEqual([
      ['"그늘막 디자인 캠프" starts tomorrow.'],
      ['Registration for "그늘막 디자인 캠프" has closed; no place came free for you.'],
      [],
      [],
    ]);
  }, 30_000);

  it('a workshop moved to a later day is reminded of again, the day before its new start', async () => {
    const moved = new Date(startsAt.getTime() + 7 * DAY);
    await t.db.query(
      `UPDATE workshop SET starts_at = $2, ends_at = $2::timestamptz + interval '2 hours' WHERE id = $1`,
      [workshopId, moved],
    );
    setClock(moved.getTime() - DAY + MINUTE);
    await sweep();
    const [toConfirmed] = await heard();
    expect(toConfirmed).toHaveLength(2);
  }, 30_000);
});
