import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import {
  createChildRegistrationRow,
  createChildRow,
} from '../../src/guardians/testing/guardians.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ReminderSweeps } from '../../src/reminders/reminder-sweeps.js';
import { RegistrationStatus } from '../../src/workshops/workshop-status.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { inboxOf } from '../reminders/support.js';

const DAY = 86_400_000;

/**
 * A child has no account: their guardian hears the workshop reminders in their place. Once per
 * guardian however many children, naming the workshop only; never for a cancelled child.
 */
describe("workshop reminders reach children's guardians", () => {
  let t: TestApp;
  let twoChildren: TestUser;
  let waiting: TestUser;
  let cancelled: TestUser;
  let startsAt: Date;
  const names: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(Date.now());
    const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
    const user = () => createUser(t.db, t.jwt, {});
    [twoChildren, waiting, cancelled] = [await user(), await user(), await user()];
    startsAt = new Date(Date.now() + 5 * DAY);
    const [{ id: workshopId }] = await t.db.query(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, children_allowed)
       VALUES ('어린이 디자인 캠프', '함께 만들어요', 'DESIGN_CAMP', $1, $2, $2::timestamptz + interval '2 hours', true)
       RETURNING id`,
      [parks.id, startsAt],
    );
    const place = async (guardian: TestUser, status: RegistrationStatus) => {
      const child = await createChildRow(t.db, guardian.user.id);
      names.push(child.firstName);
      await createChildRegistrationRow(t.db, child, workshopId, { status });
    };
    await place(twoChildren, RegistrationStatus.CONFIRMED);
    await place(twoChildren, RegistrationStatus.CONFIRMED);
    await place(waiting, RegistrationStatus.WAITLISTED);
    await place(cancelled, RegistrationStatus.CANCELLED);
  }, 60_000);
  afterAll(async () => {
    restoreClock();
    await t?.close();
  });

  const heard = async () =>
    Promise.all(
      [twoChildren, waiting, cancelled].map(async (u) =>
        (await inboxOf(t, u, 'WORKSHOP_REMINDER')).map((n) => n.message),
      ),
    );

  it('the day before: the guardian of confirmed children once; nobody else', async () => {
    setClock(startsAt.getTime() - DAY);
    await t.app.get(ReminderSweeps).sweepWorkshops(new Date());
    expect(await heard()).toEqual([['"어린이 디자인 캠프" starts tomorrow.'], [], []]);
  });

  it("at the start: the waiting child's guardian hears that no place came", async () => {
    setClock(startsAt.getTime());
    await t.app.get(ReminderSweeps).sweepWorkshops(new Date());
    const [, toWaiting, toCancelled] = await heard();
    expect(toWaiting).toEqual([
      'Registration for "어린이 디자인 캠프" has closed; no place came free for you.',
    ]);
    expect(toCancelled).toEqual([]);
  });

  it('no notification names a child', async () => {
    const rows: { text: string }[] = await t.db.query('SELECT n::text AS text FROM notification n');
    expect(rows.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(rows.filter((row) => row.text.includes(name))).toEqual([]);
    }
  });
});
