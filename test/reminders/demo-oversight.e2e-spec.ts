import { ReminderSweeps } from '../../src/reminders/reminder-sweeps.js';
import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import { DEMO_PASSWORD } from '../../src/seed/demo-city.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const DAY = 86_400_000;

/**
 * The demo city: 기획실 is the oversight department, and the overdue weekend-parking proposal
 * (교통과, due 10 days before the seed) was escalated to it when it fell due, with its
 * reminders, timeline events and notices dated then, not when the seeder ran.
 */
describe('the demo city: overdue proposals escalated to 기획실', () => {
  let t: TestApp;
  const now = new Date();

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(DemoSeeder).seedOnce(now);
  }, 120_000);
  afterAll(() => t.close());

  const logIn = async (email: string) =>
    (
      await t.gql('mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }', {
        input: { email, password: DEMO_PASSWORD },
      })
    ).data.logIn.accessToken as string;

  it('기획실 staff see the parking proposal on the oversight list, 10 days overdue', async () => {
    const res = await t.gql(
      `query { oversight { totalCount nodes { daysOverdue escalatedAt
         proposal { title responseDueAt department { slug } } } } }`,
      {},
      await logIn('planning@demo.wontak.kr'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.oversight.totalCount).toBe(1);
    const [item] = res.data.oversight.nodes;
    expect(item.proposal.title).toBe('공설시장 앞 주말 주차 문제');
    expect(item.proposal.department.slug).toBe('transportation');
    expect(item.daysOverdue).toBe(10);
    const due = new Date(item.proposal.responseDueAt).getTime();
    expect(new Date(item.escalatedAt).getTime()).toBe(due + 60_000);
    expect(due).toBeLessThan(now.getTime() - 9 * DAY);
  });

  it('교통과 heard it was due soon and overdue, each once, dated when it happened', async () => {
    const token = await logIn('transport@demo.wontak.kr');
    const res = await t.gql(
      `query { notifications(first: 100) { nodes { kind createdAt } } }`,
      {},
      token,
    );
    const reminders = res.data.notifications.nodes.filter((n: any) =>
      ['ANSWER_DUE_SOON', 'PROPOSAL_OVERDUE'].includes(n.kind),
    );
    expect(reminders.map((n: any) => n.kind).sort()).toEqual([
      'ANSWER_DUE_SOON',
      'PROPOSAL_OVERDUE',
    ]);
    for (const n of reminders)
      expect(new Date(n.createdAt).getTime()).toBeLessThan(now.getTime() - 9 * DAY);
    const [{ kinds }] = await t.db.query(
      `SELECT array_agg(e.kind::text ORDER BY e.at) AS kinds FROM proposal_event e
         JOIN proposal p ON p.id = e.proposal_id
        WHERE p.title = '공설시장 앞 주말 주차 문제' AND e.kind IN ('REMINDER_SENT', 'OVERDUE')
          AND e.at < $1`,
      [new Date(now.getTime() - 9 * DAY)],
    );
    expect(kinds).toEqual(['REMINDER_SENT', 'OVERDUE']);
  });

  it('a sweep now changes nothing of it', async () => {
    expect(await t.app.get(ReminderSweeps).sweepAnswers(new Date())).toEqual({
      dueSoon: 0,
      overdue: 0,
    });
  });
});
