import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  answer,
  assign,
  did,
  feedbackScene,
  INBOX,
  newProposal,
  ok,
  pid,
  RATE,
  setDueAt,
  STATS,
  type FeedbackScene,
} from './support.js';

/**
 * DepartmentStats, figure by figure, against its definition (department-stats.service.ts):
 * histories written straight into department_transfer / official_answer / answer_rating with
 * chosen times, so that every expected figure is exact and each test tells a right definition
 * from a plausible wrong one (every answer vs the first, per proposal vs per routing, from the
 * first arrival vs from the routing answered...). Every read is anonymous: stats are public.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The start of every history: long past, so a routing left unanswered is past its deadline. */
const T0 = Date.UTC(2025, 0, 6, 9);
const at = (hours: number) => new Date(T0 + hours * HOUR);

const STAT_FIELDS =
  'assignedCount answeredCount overdueCount medianFirstResponseHours averageSatisfaction transfersOut';

interface Stats {
  assignedCount: number;
  answeredCount: number;
  overdueCount: number;
  medianFirstResponseHours: number | null;
  averageSatisfaction: number | null;
  transfersOut: number;
}

const EMPTY: Stats = {
  assignedCount: 0,
  answeredCount: 0,
  overdueCount: 0,
  medianFirstResponseHours: null,
  averageSatisfaction: null,
  transfersOut: 0,
};

describe('department stats', () => {
  let t: TestApp;
  let s: FeedbackScene;

  beforeAll(async () => {
    t = await startTestApp();
    s = await feedbackScene(t);
  });
  afterAll(() => t.close());

  /** Fresh departments, so each test's figures are its own. */
  const departments = (n: number) =>
    Promise.all(Array.from({ length: n }, () => createDepartment(t.db)));

  /**
   * Routes `p` to `to` at hour `hours`, as RoutingService would: a department_transfer row from
   * the proposal's current department, and the proposal now awaiting `to`'s answer, with its
   * deadline set by the first routing and kept by the others. Returns the routing's id.
   */
  async function route(p: ProposalEntity, to: DepartmentEntity, hours: number): Promise<string> {
    const [{ id }] = (await t.db.query(
      `INSERT INTO department_transfer
         (proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
       SELECT p.id, p.department_id, $2, '담당 부서로 보냅니다', $3,
              coalesce(p.response_due_at, $4::timestamptz + interval '14 days'), $4
         FROM proposal p WHERE p.id = $1
       RETURNING id`,
      [p.id, to.id, s.admin.user.id, at(hours)],
    )) as { id: string }[];
    await t.db.query(
      `UPDATE proposal SET department_id = $2, awaiting_answer = true,
         status = CASE WHEN status = 'SUBMITTED' THEN 'UNDER_REVIEW' ELSE status END,
         response_due_at = coalesce(response_due_at, $3::timestamptz + interval '14 days')
       WHERE id = $1`,
      [p.id, to.id, at(hours)],
    );
    return id!;
  }

  /** An answer on `routingId` by the department it went to, at hour `hours`. Returns its id. */
  async function reply(routingId: string, hours: number, status = 'UNDER_REVIEW'): Promise<string> {
    const [{ id, proposal_id: proposalId, department_id: departmentId }] = (await t.db.query(
      `INSERT INTO official_answer
         (proposal_id, department_id, transfer_id, author_id, status, body, created_at)
       SELECT r.proposal_id, r.to_department_id, r.id, $2, $3, '검토했습니다.', $4
         FROM department_transfer r WHERE r.id = $1
       RETURNING id, proposal_id, department_id`,
      [routingId, s.admin.user.id, status, at(hours)],
    )) as { id: string; proposal_id: string; department_id: string }[];
    await t.db.query(
      'UPDATE proposal SET awaiting_answer = false WHERE id = $1 AND department_id = $2',
      [proposalId, departmentId],
    );
    return id!;
  }

  /** The author's rating of an answer. */
  async function rate(answerId: string, score: number): Promise<void> {
    await t.db.query('INSERT INTO answer_rating (answer_id, rater_id, score) VALUES ($1, $2, $3)', [
      answerId,
      s.author.user.id,
      score,
    ]);
  }

  async function statsOf(d: DepartmentEntity, token: string | null = null): Promise<Stats> {
    return (await ok(t, STATS, { id: did(d) }, token)).node.stats as Stats;
  }

  it('an empty department has zeros and nulls, read by anyone or no one', async () => {
    const [d] = await departments(1);
    expect(await statsOf(d!)).toEqual(EMPTY);
    expect(await statsOf(d!, s.citizen.token)).toEqual(EMPTY);
    const bySlug = await ok(
      t,
      `query($slug: String!) { department(slug: $slug) { stats { ${STAT_FIELDS} } } }`,
      { slug: d!.slug },
      null,
    );
    expect(bySlug.department.stats).toEqual(EMPTY);
  });

  it('medianFirstResponseHours: routings answered after 2 h, 10 h and 30 h give 10; an unanswered routing is not in it', async () => {
    const [a, b] = await departments(2);
    for (const [start, after] of [
      [0, 2],
      [5, 30],
      [7, 10],
    ] as const) {
      await reply(await route(await newProposal(s), a!, start), start + after);
    }
    await route(await newProposal(s), a!, 1); // never answered: not a 0, not an infinity
    // Another department's quick answer is not a's.
    await reply(await route(await newProposal(s), b!, 0), 0.5);

    expect(await statsOf(a!)).toEqual({
      assignedCount: 4,
      answeredCount: 3,
      overdueCount: 1, // the unanswered one, long past its deadline
      medianFirstResponseHours: 10,
      averageSatisfaction: null,
      transfersOut: 0,
    });
    expect((await statsOf(b!)).medianFirstResponseHours).toBe(0.5);
  });

  it('medianFirstResponseHours: four routings give the mean of the middle two, rounded to 2 decimals', async () => {
    const [even, thirds, fraction] = await departments(3);
    for (const hours of [30, 1, 10, 4]) {
      await reply(await route(await newProposal(s), even!, 0), hours);
    }
    expect((await statsOf(even!)).medianFirstResponseHours).toBe(7); // (4 + 10) / 2

    // 1 h and 1 h 40 min: 1 h 20 min = 1.333... h.
    await reply(await route(await newProposal(s), thirds!, 0), 1);
    await reply(await route(await newProposal(s), thirds!, 0), 1 + 40 / 60);
    expect((await statsOf(thirds!)).medianFirstResponseHours).toBe(1.33);

    // 40 minutes, 100 minutes, 5 hours: 1.666... h rounds up.
    for (const minutes of [40, 100, 300]) {
      await reply(await route(await newProposal(s), fraction!, 0), minutes / 60);
    }
    expect((await statsOf(fraction!)).medianFirstResponseHours).toBe(1.67);
  });

  it('a routing answered several times counts its first answer only; answeredCount counts proposals', async () => {
    const [a] = await departments(1);
    const p = await newProposal(s);
    const routing = await route(p, a!, 0);
    // Written out of order: the first answer is the earliest, not the first row.
    await reply(routing, 100, 'IN_PROGRESS');
    await reply(routing, 3, 'UNDER_REVIEW');
    await reply(routing, 50, 'ACCEPTED');
    await reply(await route(await newProposal(s), a!, 10), 15);

    // First answers 3 h and 5 h: 4. Every answer would give 27.5, the last ones 52.5.
    expect(await statsOf(a!)).toEqual({
      assignedCount: 2,
      answeredCount: 2,
      overdueCount: 0,
      medianFirstResponseHours: 4,
      averageSatisfaction: null,
      transfersOut: 0,
    });
  });

  it('ping-pong A -> B -> A: two routings to A, each timed from its own arrival; the proposal is counted once', async () => {
    const [a, b] = await departments(2);
    // P: A answers 4 h after the first routing, passes it to B, gets it back at 20 h, and
    // answers 12 h later (twice: only the first counts).
    const p = await newProposal(s);
    await reply(await route(p, a!, 0), 4);
    await route(p, b!, 6);
    const back = await route(p, a!, 20);
    await reply(back, 32, 'ACCEPTED');
    await reply(back, 40, 'IN_PROGRESS');
    // Q: A passes it on unanswered, gets it back at 10 h and answers 3 h later.
    const q = await newProposal(s);
    await route(q, a!, 0);
    await route(q, b!, 2);
    await reply(await route(q, a!, 10), 13);

    // A's answered routings: 4 h, 12 h, 3 h -> 4. Timed from the first arrival it would be
    // 4, 32, 13 -> 13; one figure per proposal (its first answer) 4 and 13 -> 8.5.
    expect(await statsOf(a!)).toEqual({
      assignedCount: 2,
      answeredCount: 2,
      overdueCount: 0,
      medianFirstResponseHours: 4,
      averageSatisfaction: null,
      transfersOut: 2,
    });
    expect(await statsOf(b!)).toEqual({
      assignedCount: 2,
      answeredCount: 0,
      overdueCount: 0,
      medianFirstResponseHours: null,
      averageSatisfaction: null,
      transfersOut: 2,
    });
  });

  it("answers and ratings of other departments on the same proposal are not a department's", async () => {
    const [a, b] = await departments(2);
    const p = await newProposal(s);
    const first = await reply(await route(p, a!, 0), 1);
    await rate(first, 1);
    const second = await reply(await route(p, b!, 2), 102, 'ACCEPTED');
    await rate(second, 5);

    expect(await statsOf(a!)).toEqual({
      assignedCount: 1,
      answeredCount: 1,
      overdueCount: 0,
      medianFirstResponseHours: 1,
      averageSatisfaction: 1,
      transfersOut: 1,
    });
    expect(await statsOf(b!)).toEqual({
      assignedCount: 1,
      answeredCount: 1,
      overdueCount: 0,
      medianFirstResponseHours: 100,
      averageSatisfaction: 5,
      transfersOut: 0,
    });
  });

  it('transfersOut counts every transfer away, repeated ones too; a first assignment is nobody’s transfer', async () => {
    const [a, b, c] = await departments(3);
    const p = await newProposal(s);
    await route(p, a!, 0);
    await route(p, b!, 1);
    await route(p, a!, 2);
    await route(p, b!, 3);
    await route(p, c!, 4);
    await route(await newProposal(s), a!, 0); // a first assignment to a: not a's transfer

    // Both proposals wait, long past their deadline: p at c, the other at a.
    expect(await statsOf(a!)).toEqual({
      ...EMPTY,
      assignedCount: 2,
      transfersOut: 2,
      overdueCount: 1,
    });
    expect(await statsOf(b!)).toEqual({ ...EMPTY, assignedCount: 1, transfersOut: 2 });
    expect(await statsOf(c!)).toEqual({
      ...EMPTY,
      assignedCount: 1,
      transfersOut: 0,
      overdueCount: 1,
    });
  });

  it('assignedCount counts a proposal routed to the department three times once', async () => {
    const [a, b, c] = await departments(3);
    const p = await newProposal(s);
    await reply(await route(p, a!, 0), 1);
    await route(p, b!, 2);
    await reply(await route(p, a!, 3), 5);
    await route(p, c!, 6);
    await reply(await route(p, a!, 7), 10);
    const q = await newProposal(s);
    const routing = await route(q, a!, 0);
    await reply(routing, 6);
    await reply(routing, 8);
    await route(await newProposal(s), a!, 0); // unanswered

    // p: 3 routings, all answered (1, 2, 3 h); q: 6 h -> median of 1, 2, 3, 6 = 2.5.
    expect(await statsOf(a!)).toEqual({
      assignedCount: 3,
      answeredCount: 2,
      overdueCount: 1,
      medianFirstResponseHours: 2.5,
      averageSatisfaction: null,
      transfersOut: 2,
    });
  });

  it("averageSatisfaction is the mean of the ratings of the department's own answers, to 2 decimals", async () => {
    const [a, b, c] = await departments(3);
    const p = await newProposal(s);
    const routing = await route(p, a!, 0);
    await rate(await reply(routing, 1), 5);
    await rate(await reply(routing, 2, 'ACCEPTED'), 4);
    await reply(routing, 3, 'IN_PROGRESS'); // unrated: not a 0
    await rate(await reply(await route(await newProposal(s), a!, 0), 4), 4);
    // b's answer on a proposal a also handled, badly rated: not a's.
    await rate(await reply(await route(p, b!, 5), 6), 1);
    expect((await statsOf(a!)).averageSatisfaction).toBe(4.33); // 13 / 3
    expect((await statsOf(b!)).averageSatisfaction).toBe(1);

    for (const score of [5, 5, 4]) {
      await rate(await reply(await route(await newProposal(s), c!, 0), 1), score);
    }
    expect((await statsOf(c!)).averageSatisfaction).toBe(4.67); // 14 / 3 rounds up
  });

  it('overdueCount counts only its current, visible, awaiting, past-due proposals, and matches its overdue inbox', async () => {
    const [a, b] = await departments(2);
    const now = Date.now();
    const held = (overrides: Partial<ProposalEntity>) =>
      newProposal(s, {
        status: ProposalStatus.UNDER_REVIEW,
        departmentId: a!.id,
        ...overrides,
      });
    const late1 = await held({ awaitingAnswer: true, responseDueAt: new Date(now - HOUR) });
    const late2 = await held({ awaitingAnswer: true, responseDueAt: new Date(now - 10 * DAY) });
    await held({ awaitingAnswer: true, responseDueAt: new Date(now + DAY) }); // not yet due
    await held({ awaitingAnswer: false, responseDueAt: new Date(now - DAY) }); // answered
    await held({ awaitingAnswer: true, responseDueAt: new Date(now - DAY), hidden: true });
    await held({
      status: ProposalStatus.WITHDRAWN,
      awaitingAnswer: false, // withdrawal clears it
      responseDueAt: new Date(now - DAY),
    });
    // Transferred away from a, unanswered and late: b's now, not a's.
    const away = await newProposal(s);
    await route(away, a!, 0);
    await route(away, b!, 1);
    await newProposal(s, { responseDueAt: new Date(now - DAY) }); // unassigned

    const stats = await statsOf(a!);
    expect(stats.overdueCount).toBe(2);
    expect(stats.assignedCount).toBe(1); // only `away` was routed by the records
    expect((await statsOf(b!)).overdueCount).toBe(1);
    // The same figure for a moderator, who sees the hidden proposal: stats are public figures.
    expect(await statsOf(a!, s.moderator.token)).toEqual(stats);

    const inbox = await ok(t, INBOX, { id: did(a!), overdue: true }, null);
    expect(inbox.node.proposals.totalCount).toBe(stats.overdueCount);
    expect(inbox.node.proposals.nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      [pid(late1), pid(late2)].sort(),
    );
  });

  it('through the API: assign, transfer, answer and rate make the figures the records say', async () => {
    const { parks, roads, welfare } = s;
    const p1 = await newProposal(s);
    const p2 = await newProposal(s);
    const p3 = await newProposal(s);
    const p4 = await newProposal(s);
    const p5 = await newProposal(s);

    // p1: triage sends it to roads, roads passes it to parks, parks answers twice.
    await assign(s, s.parksStaff, p1, roads, '도로 민원');
    await assign(s, s.roadsStaff, p1, parks, '공원 안의 길');
    const p1a = await answer(s, s.parksStaff, p1, 'UNDER_REVIEW');
    const p1b = await answer(s, s.parksStaff, p1, 'ACCEPTED');
    // p2: parks', answered by an admin: the answer is still parks'.
    await assign(s, s.parksStaff, p2, parks);
    const p2a = await answer(s, s.admin, p2, 'REJECTED');
    // p3: welfare's triage sends it to roads, which answers, passes it to parks and gets it
    // back; nobody answers again and the deadline passes.
    await assign(s, s.welfareStaff, p3, roads);
    const p3a = await answer(s, s.roadsStaff, p3, 'UNDER_REVIEW');
    await assign(s, s.roadsStaff, p3, parks);
    await assign(s, s.parksStaff, p3, roads);
    await setDueAt(t, p3.id, new Date(Date.now() - HOUR));
    // p4: parks', unanswered, not yet due.
    await assign(s, s.parksStaff, p4, parks);
    // p5: parks', withdrawn by its author before any answer, then past its deadline: nothing
    // is left to answer, so it is not overdue.
    await assign(s, s.parksStaff, p5, parks);
    await ok(
      t,
      'mutation($id: ID!) { withdrawProposal(id: $id) { id } }',
      { id: pid(p5) },
      s.author.token,
    );
    await setDueAt(t, p5.id, new Date(Date.now() - HOUR));

    for (const [answerId, score] of [
      [p1a.id, 4],
      [p1b.id, 5],
      [p2a.id, 3],
      [p3a.id, 2],
    ] as const) {
      await ok(t, RATE, { input: { answerId, score } }, s.author.token);
    }

    // Time passes between routings and answers: move the routings back. p1's routing to
    // roads goes back 100 h, its routing to parks 6 h, p2's 2 h, p3's first 10 h. If an answer
    // were linked to the wrong routing, the medians would show it.
    const routings = async (p: ProposalEntity) =>
      (
        (await t.db.query(
          'SELECT id FROM department_transfer WHERE proposal_id = $1 ORDER BY created_at',
          [p.id],
        )) as { id: string }[]
      ).map((r) => r.id);
    const [p1ToRoads, p1ToParks] = await routings(p1);
    const [p2ToParks] = await routings(p2);
    const [p3ToRoads] = await routings(p3);
    for (const [id, hours] of [
      [p1ToRoads, 100],
      [p1ToParks, 6],
      [p2ToParks, 2],
      [p3ToRoads, 10],
    ] as const) {
      await t.db.query(
        `UPDATE department_transfer SET created_at = created_at - $2 * interval '1 hour' WHERE id = $1`,
        [id, hours],
      );
    }

    // Response times are 6 h and 2 h plus the milliseconds the requests took.
    expect(await statsOf(parks)).toEqual({
      assignedCount: 5, // p1, p2, p4, p5, and p3 (there and back)
      answeredCount: 2, // p1 (twice), p2
      overdueCount: 0, // p4 is not yet due, p5 withdrawn, p3 is back at roads
      medianFirstResponseHours: 4, // (6 + 2) / 2: p1's first answer, timed from its routing to parks
      averageSatisfaction: 4, // (4 + 5 + 3) / 3
      transfersOut: 1, // p3 back to roads
    });
    expect(await statsOf(roads)).toEqual({
      assignedCount: 2, // p1, p3 (twice)
      answeredCount: 1, // p3
      overdueCount: 1, // p3, back and past its deadline
      medianFirstResponseHours: 10,
      averageSatisfaction: 2,
      transfersOut: 2, // p1 and p3 to parks
    });
    // welfare's triage routed p3 to roads: a first assignment, not a transfer out of welfare.
    expect(await statsOf(welfare)).toEqual(EMPTY);
  });

  it('the departments list and nodes() of several departments cost one stats statement, as many statements as one department', async () => {
    const five = await departments(5);
    for (const [i, d] of five.entries()) {
      const p = await newProposal(s);
      const routing = await route(p, d, 0);
      if (i % 2 === 0) await rate(await reply(routing, i + 1), 1 + i);
    }
    const statsStatements = (queries: string[]) =>
      queries.filter((q) => q.includes('percentile_cont')).length;
    const cost = async (query: string, variables: Record<string, unknown>) => {
      const { result, queries } = await countQueries(t.db, () => t.gql(query, variables, null));
      expect(result.errors).toBeUndefined();
      return { data: result.data, total: queries.length, stats: statsStatements(queries) };
    };

    const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Department { id stats { ${STAT_FIELDS} } } } }`;
    const oneNode = await cost(NODES, { ids: [did(five[0]!)] });
    const fiveNodes = await cost(NODES, { ids: five.map(did) });
    expect(fiveNodes.data.nodes).toHaveLength(5);
    expect(oneNode.stats).toBe(1);
    expect(fiveNodes.stats).toBe(1);
    expect(fiveNodes.total).toBe(oneNode.total);
    expect(fiveNodes.total).toBe(2); // the departments, their stats
    // Each department's figures are its own, as asked one by one.
    for (const [i, d] of five.entries()) {
      expect(fiveNodes.data.nodes[i].stats).toEqual(await statsOf(d));
    }
    expect(fiveNodes.data.nodes[2].stats).toEqual({
      ...EMPTY,
      assignedCount: 1,
      answeredCount: 1,
      medianFirstResponseHours: 3,
      averageSatisfaction: 3,
    });

    const all = await cost(`{ departments { id stats { ${STAT_FIELDS} } } }`, {});
    expect(all.data.departments.length).toBeGreaterThanOrEqual(5);
    expect(all.stats).toBe(1);
    const bare = await cost('{ departments { id } }', {});
    expect(all.total).toBe(bare.total + 1);
    const single = await cost(
      `query($slug: String!) { department(slug: $slug) { id stats { ${STAT_FIELDS} } } }`,
      { slug: five[0]!.slug },
    );
    expect(single.stats).toBe(1);
    expect(all.total).toBe(single.total);
  });
});
