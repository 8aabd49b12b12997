import { DemoSeeder } from '../../src/seed/demo-seeder.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The demo city's timelines: the seeder dates its history back (days ago), and each proposal's
 * events move with the rows they describe, so the timeline tells the same story as the record.
 */
describe('demo seed: timelines', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    if (!(await t.app.get(DemoSeeder).seedOnce())) throw new Error('the database was not empty');
  }, 120_000);
  afterAll(() => t.close());

  /** Per proposal, the times of one kind of event, and of the rows it describes, in order. */
  async function pairs(kinds: string[], recordSql: string) {
    return (await t.db.query(
      `SELECT p.id,
              ARRAY(SELECT e.at FROM proposal_event e
                     WHERE e.proposal_id = p.id AND e.kind = ANY($1::proposal_event_kind[])
                     ORDER BY e.at) AS events,
              ARRAY(${recordSql} ORDER BY 1) AS records
         FROM proposal p ORDER BY p.id`,
      [kinds],
    )) as { id: string; events: Date[]; records: Date[] }[];
  }

  it.each([
    ['SUBMITTED', ['SUBMITTED'], 'SELECT p.created_at'],
    [
      'ASSIGNED and TRANSFERRED',
      ['ASSIGNED', 'TRANSFERRED'],
      'SELECT r.created_at FROM department_transfer r WHERE r.proposal_id = p.id',
    ],
    [
      'ANSWERED',
      ['ANSWERED'],
      'SELECT a.created_at FROM official_answer a WHERE a.proposal_id = p.id',
    ],
    [
      'PROGRESS_UPDATED',
      ['PROGRESS_UPDATED'],
      'SELECT u.created_at FROM progress_update u WHERE u.proposal_id = p.id',
    ],
  ])('%s events are dated with their records', async (_label, kinds, recordSql) => {
    const rows = await pairs(kinds, recordSql);
    expect(rows.some((r) => r.records.length > 0)).toBe(true);
    // The event's time is its record's, to the millisecond the event keeps.
    const ms = (dates: Date[]) => dates.map((d) => Math.round(d.getTime()));
    for (const row of rows) {
      expect({ id: row.id, at: ms(row.events) }).toEqual({ id: row.id, at: ms(row.records) });
    }
  });
});
