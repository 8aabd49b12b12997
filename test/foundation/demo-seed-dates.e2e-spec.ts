import {
  DEMO_PASSWORD,
  DEMO_PROCESS_LADDER,
  DEMO_PROPOSALS,
  DEMO_WORKSHOPS,
} from '../../src/seed/demo-city.js';
import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The demo city's dates, seeded on a frozen clock at a moment chosen to be awkward: 15:37:12.345
 * UTC, already the next day (00:37) in Seoul, so a start time taken from the seed's minute, or
 * a day counted in UTC, shows.
 */
const SEEDED_AT = new Date('2031-03-04T15:37:12.345Z');

/** Year, month, day, hour, minute, second of an instant on the clocks of Seoul. */
function seoulClock(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Seoul',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

describe('demo seed: dates', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(SEEDED_AT);
    if (!(await t.app.get(DemoSeeder).seedOnce())) throw new Error('the database was not empty');
  }, 120_000);
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  async function logIn(email: string): Promise<string> {
    const res = await t.gql(
      'mutation($input: LogInInput!) { logIn(input: $input) { accessToken } }',
      { input: { email, password: DEMO_PASSWORD } },
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.logIn.accessToken;
  }

  it('starts the workshops on the hour, Seoul time, on the day counted in Seoul', async () => {
    const res = await t.gql('{ workshops { nodes { title startsAt endsAt } } }');
    expect(res.errors).toBeUndefined();
    const byTitle = new Map<string, { startsAt: string; endsAt: string }>(
      res.data.workshops.nodes.map((n: any) => [n.title, n]),
    );
    expect(byTitle.size).toBe(DEMO_WORKSHOPS.length);
    const [camp, roundTable] = DEMO_WORKSHOPS;
    // Seeded on 5 March in Seoul: the camp ten days later at 10:00, the round table sixty days
    // earlier at 14:00.
    expect(seoulClock(byTitle.get(camp!.title)!.startsAt)).toBe('2031-03-15 10:00:00');
    expect(byTitle.get(camp!.title)!.startsAt).toBe('2031-03-15T01:00:00.000Z');
    expect(seoulClock(byTitle.get(roundTable!.title)!.startsAt)).toBe('2031-01-04 14:00:00');
    for (const demo of DEMO_WORKSHOPS) {
      const { startsAt, endsAt } = byTitle.get(demo.title)!;
      expect([demo.title, seoulClock(startsAt).slice(11)]).toEqual([
        demo.title,
        `${String(demo.startsAtHour).padStart(2, '0')}:00:00`,
      ]);
      expect(Date.parse(endsAt) - Date.parse(startsAt)).toBe(demo.hours * 3_600_000);
    }
  });

  it('dates each feedback notification when what it tells of happened, not when the seeder ran', async () => {
    const rows: {
      kind: string;
      notified: Date;
      happened: Date | null;
    }[] = await t.db.query(
      `SELECT n.kind, n.created_at AS notified,
              CASE n.subject_type
                WHEN 'OfficialAnswer' THEN (SELECT created_at FROM official_answer WHERE id = n.subject_id)
                WHEN 'ProgressUpdate' THEN (SELECT created_at FROM progress_update WHERE id = n.subject_id)
                -- the routing of that proposal made at the very moment of the notification
                WHEN 'Proposal' THEN (SELECT max(created_at) FROM department_transfer
                                       WHERE proposal_id = n.subject_id AND created_at = n.created_at)
              END AS happened
         FROM notification n
        WHERE n.kind IN ('PROPOSAL_ASSIGNED', 'PROPOSAL_TRANSFERRED', 'PROPOSAL_ANSWERED', 'PROGRESS_UPDATED')`,
    );
    const kinds = new Set(rows.map((r) => r.kind));
    expect(kinds).toEqual(
      new Set([
        'PROPOSAL_ASSIGNED',
        'PROPOSAL_TRANSFERRED',
        'PROPOSAL_ANSWERED',
        'PROGRESS_UPDATED',
      ]),
    );
    for (const row of rows) {
      expect([row.kind, row.happened?.toISOString()]).toEqual([
        row.kind,
        row.notified.toISOString(),
      ]);
      // Days before the seed, as the history it tells of.
      expect(row.notified.getTime()).toBeLessThan(SEEDED_AT.getTime() - 86_400_000);
    }
  });

  it('shows the citizen their proposal’s history in the order it happened', async () => {
    const token = await logIn('citizen@demo.wontak.kr');
    const res = await t.gql(
      '{ notifications(first: 100) { nodes { kind createdAt } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    const history = (res.data.notifications.nodes as { kind: string; createdAt: string }[])
      .filter((n) => n.kind !== 'COMMENT_ON_PROPOSAL' && n.kind !== 'COMMENT_REPLY')
      .reverse();
    // What the demo data says happened to citizen@'s proposals, and when: a playground
    // proposal with enough supports reached the first rung of its ladder the day it was made.
    const expected = DEMO_PROPOSALS.filter((p) => p.author === 'citizen@demo.wontak.kr')
      .flatMap((p) => [
        ...(p.process &&
        p.daysAgo !== undefined &&
        p.supporters.length >= DEMO_PROCESS_LADDER[0].threshold
          ? [['PROPOSAL_ESCALATED', p.daysAgo] as [string, number]]
          : []),
        ...(p.feedback ?? []).flatMap((step, i, steps): [string, number][] => {
          if ('assignTo' in step) {
            const first = !steps.slice(0, i).some((s) => 'assignTo' in s);
            return [[first ? 'PROPOSAL_ASSIGNED' : 'PROPOSAL_TRANSFERRED', step.daysAgo]];
          }
          if ('answer' in step) return [['PROPOSAL_ANSWERED', step.daysAgo]];
          if ('progress' in step) return [['PROGRESS_UPDATED', step.daysAgo]];
          return [];
        }),
      ])
      .sort((a, b) => b[1] - a[1]);
    expect(expected.length).toBeGreaterThan(5);
    const daysBefore = (iso: string) => (SEEDED_AT.getTime() - Date.parse(iso)) / 86_400_000;
    expect(history.map((n) => [n.kind, daysBefore(n.createdAt)])).toEqual(expected);
  });
});
