import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { ANSWER_REMINDERS_JOB, ReminderSweeps } from '../../src/reminders/reminder-sweeps.js';
import { answer, feedbackScene, pid, proposalAt, type FeedbackScene } from '../feedback/support.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { eventsOf, inboxOf, runJob, setOversight, tokenNow } from './support.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

const OVERSIGHT = `query Oversight($first: Int, $after: String) { oversight(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { daysOverdue escalatedAt proposal { id responseDueAt } } } }`;
const DUE_AT = `query Due($id: ID!) { proposal(id: $id) { responseDueAt } }`;

/**
 * Issue 16's reminders, run by the job queue of TWO API instances on one database, with the
 * application's clock moved by the test (the sweeps read it; see src/reminders/reminder-sweeps.ts):
 * ANSWER_DUE_SOON once when the due date is REMINDER_DAYS_BEFORE_DUE (3) days away and not a
 * minute before, PROPOSAL_OVERDUE once to the department and the oversight department, and one
 * escalation to the oversight list, however many sweeps run and on whichever instance.
 */
describe('answer reminders and overdue escalation (two instances)', () => {
  let t: TestApp;
  let t2: TestApp;
  let s: FeedbackScene;
  let proposal: ProposalEntity;
  let dueAt: Date;
  const T0 = new Date(Date.UTC(2027, 2, 1, 9, 0, 0));

  beforeAll(async () => {
    // Started before the clock is frozen: the schema is built with the real Date class.
    t = await startTestApp({ runJobs: true });
    t2 = await startTestApp({ runJobs: true, database: t.database });
    freezeClock(T0);
    s = await feedbackScene(t);
    dueAt = new Date(T0.getTime() + 10 * DAY);
    proposal = await proposalAt(s, 'UNDER_REVIEW', s.parks, { responseDueAt: dueAt });
    await setOversight(t, s, s.welfare);
  }, 60_000);
  afterAll(async () => {
    restoreClock();
    await t2?.app.close(); // the database is t's, dropped once by t.close()
    await t?.close();
  });

  /** Sweeps on both instances at once, through their queues and directly, several times over. */
  async function sweepEverywhere(): Promise<void> {
    const now = new Date();
    await Promise.all([
      runJob(t.app, ANSWER_REMINDERS_JOB),
      runJob(t2.app, ANSWER_REMINDERS_JOB),
      runJob(t.app, ANSWER_REMINDERS_JOB),
      runJob(t2.app, ANSWER_REMINDERS_JOB),
      t.app.get(ReminderSweeps).sweepAnswers(now),
      t2.app.get(ReminderSweeps).sweepAnswers(now),
    ]);
  }

  const parksStaff = () => [s.parksStaff, s.parksStaff2, s.suspendedParksStaff];
  const kindsFor = async (kind: string) =>
    Promise.all(
      [...parksStaff(), s.welfareStaff, s.roadsStaff, s.author].map(
        async (u) => (await inboxOf(t, u, kind)).length,
      ),
    );

  it('sends nothing 3 days and 1 minute before the due date', async () => {
    setClock(dueAt.getTime() - 3 * DAY - MINUTE);
    await sweepEverywhere();
    expect(await kindsFor('ANSWER_DUE_SOON')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await eventsOf(t, proposal.id, 'REMINDER_SENT')).toHaveLength(0);
  }, 60_000);

  it('tells the department staff once, 3 days before, however many sweeps run', async () => {
    setClock(dueAt.getTime() - 3 * DAY);
    await sweepEverywhere();
    await sweepEverywhere();
    // parks' three staff once each; not the oversight department, another department or the author
    expect(await kindsFor('ANSWER_DUE_SOON')).toEqual([1, 1, 1, 0, 0, 0]);
    const [note] = await inboxOf(t, s.parksStaff, 'ANSWER_DUE_SOON');
    expect(note.subject?.id).toBe(pid(proposal));
    expect(note.message).toBe(`An answer to "${proposal.title}" is due within 3 days.`);
    const events = await eventsOf(t, proposal.id, 'REMINDER_SENT');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_system: true, to_department_id: s.parks.id });
    expect(new Date(events[0].at).getTime()).toBe(dueAt.getTime() - 3 * DAY);
  }, 60_000);

  it('is not overdue and not on the oversight list a minute before the due date', async () => {
    setClock(dueAt.getTime() - MINUTE);
    await sweepEverywhere();
    expect(await kindsFor('PROPOSAL_OVERDUE')).toEqual([0, 0, 0, 0, 0, 0]);
    const list = await t.gql(OVERSIGHT, {}, await tokenNow(t, s.welfareStaff));
    expect(list.errors).toBeUndefined();
    expect(list.data.oversight.totalCount).toBe(0);
  }, 60_000);

  it('once overdue: the department and the oversight department are told once, and it is escalated once', async () => {
    const overdueAt = dueAt.getTime() + MINUTE;
    setClock(overdueAt);
    await sweepEverywhere();
    await sweepEverywhere();
    // parks' staff and welfare's (the oversight department) once each; roads and the author not
    expect(await kindsFor('PROPOSAL_OVERDUE')).toEqual([1, 1, 1, 1, 0, 0]);
    expect(await kindsFor('ANSWER_DUE_SOON')).toEqual([1, 1, 1, 0, 0, 0]);
    // The department is told it is late; the oversight department why it hears of it.
    expect((await inboxOf(t, s.parksStaff, 'PROPOSAL_OVERDUE'))[0]!.message).toBe(
      `The answer to "${proposal.title}" is overdue.`,
    );
    expect((await inboxOf(t, s.welfareStaff, 'PROPOSAL_OVERDUE'))[0]!.message).toBe(
      `"${proposal.title}" is overdue and was escalated to your department for oversight.`,
    );
    const events = await eventsOf(t, proposal.id, 'OVERDUE');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_system: true,
      from_department_id: s.parks.id,
      to_department_id: s.welfare.id,
    });
    const rows = await t.db.query(
      `SELECT kind, escalated_to_department_id FROM proposal_reminder WHERE proposal_id = $1 ORDER BY kind`,
      [proposal.id],
    );
    expect(rows).toEqual([
      { kind: 'DUE_SOON', escalated_to_department_id: null },
      { kind: 'OVERDUE', escalated_to_department_id: s.welfare.id },
    ]);

    const list = await t2.gql(OVERSIGHT, {}, await tokenNow(t2, s.welfareStaff));
    expect(list.errors).toBeUndefined();
    expect(list.data.oversight.totalCount).toBe(1);
    expect(list.data.oversight.nodes).toEqual([
      {
        daysOverdue: 0,
        escalatedAt: new Date(overdueAt).toISOString(),
        proposal: { id: pid(proposal), responseDueAt: dueAt.toISOString() },
      },
    ]);
  }, 60_000);

  it('counts the days overdue on the clock, never moves the due date, and never repeats', async () => {
    setClock(dueAt.getTime() + 3 * DAY + 60 * MINUTE);
    await sweepEverywhere();
    expect(await kindsFor('PROPOSAL_OVERDUE')).toEqual([1, 1, 1, 1, 0, 0]);
    const list = await t.gql(OVERSIGHT, {}, await tokenNow(t, s.admin));
    expect(list.data.oversight.nodes.map((n: any) => n.daysOverdue)).toEqual([3]);
    const due = await t.gql(DUE_AT, { id: pid(proposal) }, null);
    expect(due.data.proposal.responseDueAt).toBe(dueAt.toISOString());
  }, 60_000);

  it('a proposal already overdue at its first sweep is told OVERDUE only; an answer takes it off the list', async () => {
    const late = await proposalAt(s, 'UNDER_REVIEW', s.roads, {
      responseDueAt: new Date(Date.now() - 2 * DAY),
    });
    await sweepEverywhere();
    expect(await inboxOf(t, s.roadsStaff, 'ANSWER_DUE_SOON')).toHaveLength(0);
    expect(await inboxOf(t, s.roadsStaff, 'PROPOSAL_OVERDUE')).toHaveLength(1);
    const before = await t.gql(OVERSIGHT, { first: 1 }, await tokenNow(t, s.welfareStaff));
    expect(before.data.oversight.totalCount).toBe(2);
    expect(before.data.oversight.pageInfo.hasNextPage).toBe(true);
    const after = await t.gql(
      OVERSIGHT,
      { first: 1, after: before.data.oversight.pageInfo.endCursor },
      await tokenNow(t, s.welfareStaff),
    );
    const ids = [...before.data.oversight.nodes, ...after.data.oversight.nodes].map(
      (n: any) => n.proposal.id,
    );
    expect(new Set(ids)).toEqual(new Set([pid(proposal), pid(late)]));

    await answer(s, { ...s.roadsStaff, token: await tokenNow(t, s.roadsStaff) }, late, 'ACCEPTED');
    const list = await t.gql(OVERSIGHT, {}, await tokenNow(t, s.welfareStaff));
    expect(list.data.oversight.nodes.map((n: any) => n.proposal.id)).toEqual([pid(proposal)]);
  }, 60_000);
});
