import { ReminderSweeps } from '../../src/reminders/reminder-sweeps.js';
import { feedbackScene, proposalAt, type FeedbackScene } from '../feedback/support.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { inboxOf } from './support.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** REMINDER_DAYS_BEFORE_DUE sets the window: with 5, the reminder comes 5 days before, not 3. */
describe('REMINDER_DAYS_BEFORE_DUE=5', () => {
  let t: TestApp;
  let s: FeedbackScene;
  const saved = process.env.REMINDER_DAYS_BEFORE_DUE;

  beforeAll(async () => {
    process.env.REMINDER_DAYS_BEFORE_DUE = '5';
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.REMINDER_DAYS_BEFORE_DUE;
    else process.env.REMINDER_DAYS_BEFORE_DUE = saved;
    await t.close();
  });

  it('reminds 5 days before the due date, not a minute earlier', async () => {
    const dueAt = new Date(Date.now() + 10 * DAY);
    await proposalAt(s, 'UNDER_REVIEW', s.parks, { responseDueAt: dueAt });
    const sweeps = t.app.get(ReminderSweeps);
    expect(await sweeps.sweepAnswers(new Date(dueAt.getTime() - 5 * DAY - MINUTE))).toEqual({
      dueSoon: 0,
      overdue: 0,
    });
    expect(await inboxOf(t, s.parksStaff, 'ANSWER_DUE_SOON')).toHaveLength(0);
    expect(await sweeps.sweepAnswers(new Date(dueAt.getTime() - 5 * DAY))).toEqual({
      dueSoon: 1,
      overdue: 0,
    });
    expect(await inboxOf(t, s.parksStaff, 'ANSWER_DUE_SOON')).toHaveLength(1);
  });
});
