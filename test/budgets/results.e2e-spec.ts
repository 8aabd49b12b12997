import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { BudgetSelectionRule, Feasibility } from '../../src/budgets/budget-enums.js';
import { createBallotRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bid,
  budgetIn,
  ENTER,
  handBudget,
  pjid,
  RESULTS,
  resultsScene,
  T0,
  type ResultsScene,
} from './results-support.js';

interface ProjectResultJson {
  project: { id: string; title: string; cost: number };
  onlineVotes: number;
  offlineVotes: number;
  votes: number;
  outcome: string;
  explanation: string | null;
}

/**
 * Results (issue 18): counted from the ballots and current paper tallies, decided per pot by
 * the budget's rule, with each project's reason in the reader's language.
 */
describe('budget results', () => {
  let t: TestApp;
  let s: ResultsScene;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    s = await resultsScene(t, 12);
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  const byTitle = (projects: ProjectResultJson[]) =>
    Object.fromEntries(projects.map((p) => [p.project.title, p]));

  describe('the hand-computed budget (results-support.ts handBudget)', () => {
    it('greedy: A and B fill the pot, C no longer fits', async () => {
      const { budget } = await handBudget(t, s, { selectionRule: BudgetSelectionRule.GREEDY });
      const res = await t.gql(RESULTS, { id: bid(budget.id) }, null, { 'Accept-Language': 'en' });
      expect(res.errors).toBeUndefined();
      const results = res.data.budget.results;
      expect(results).toMatchObject({ rule: 'GREEDY', ballots: 10, final: false });
      expect(results.spent).toEqual([{ amount: 100_000_000, district: null }]);
      expect(
        results.projects.map((p: ProjectResultJson) => [p.project.title, p.votes, p.outcome]),
      ).toEqual([
        ['A 놀이터', 6, 'SELECTED'],
        ['B 산책로', 6, 'SELECTED'],
        ['C 도서관', 4, 'OVER_BUDGET'],
      ]);
      const c = byTitle(results.projects)['C 도서관'];
      expect(c.explanation).toBe(
        'Number 3 by votes (4 votes), but when its turn came only ₩0 was left, less than its cost of ₩40,000,000.',
      );
    });

    it('Equal Shares: A, then C with its supporters\u2019 share; B is left over budget', async () => {
      const { budget } = await handBudget(t, s, {
        selectionRule: BudgetSelectionRule.EQUAL_SHARES,
      });
      const res = await t.gql(RESULTS, { id: bid(budget.id) }, null, { 'Accept-Language': 'en' });
      expect(res.errors).toBeUndefined();
      const results = res.data.budget.results;
      expect(results).toMatchObject({ rule: 'EQUAL_SHARES', ballots: 10, final: false });
      expect(results.spent).toEqual([{ amount: 90_000_000, district: null }]);
      expect(
        results.projects.map((p: ProjectResultJson) => [p.project.title, p.votes, p.outcome]),
      ).toEqual([
        ['A 놀이터', 6, 'SELECTED'],
        ['C 도서관', 4, 'SELECTED'],
        ['B 산책로', 6, 'OVER_BUDGET'],
      ]);
      const { 'A 놀이터': a, 'C 도서관': c, 'B 산책로': b } = byTitle(results.projects);
      // ₩50,000,000 / 6 = ₩8,333,333⅓, shown rounded.
      expect(a.explanation).toBe(
        'Selected in round 1: its 6 supporters paid up to ₩8,333,333 each, ₩50,000,000 in all.',
      );
      expect(c.explanation).toBe(
        'Selected in round 2: its 4 supporters paid up to ₩10,000,000 each, ₩40,000,000 in all.',
      );
      expect(b.explanation).toBe(
        'It costs ₩50,000,000, more than the ₩10,000,000 left in the pot.',
      );
    });

    it("explanations are in the reader's language (Accept-Language: ko)", async () => {
      const { budget } = await handBudget(t, s, {
        selectionRule: BudgetSelectionRule.EQUAL_SHARES,
      });
      const res = await t.gql(RESULTS, { id: bid(budget.id) }, null, { 'Accept-Language': 'ko' });
      const a = byTitle(res.data.budget.results.projects)['A 놀이터'];
      expect(a.explanation).toBe(
        '1번째로 선정되었습니다. 지지자 6명이 각자 최대 8,333,333원씩 나누어 비용 50,000,000원을 냈습니다.',
      );
    });
  });

  it('votes are online plus current paper votes, equal to a recount from the tables, pot by pot', async () => {
    const unbong = await createDistrict(t.db, { slug: 'unbong-r', name: '운봉읍' });
    const budget = await budgetIn(t, 'voting', {
      liveTotals: true,
      pots: [
        { districtId: null, amount: 100_000_000 },
        { districtId: unbong.id, amount: 30_000_000 },
      ],
    });
    const city1 = await createProjectRow(t.db, budget.id, { cost: 60_000_000 });
    const city2 = await createProjectRow(t.db, budget.id, { cost: 50_000_000 });
    const local = await createProjectRow(t.db, budget.id, {
      cost: 30_000_000,
      districtId: unbong.id,
    });
    const choices = [
      [city1.id],
      [city1.id, local.id],
      [city2.id, local.id],
      [city2.id],
      [city2.id],
      [local.id],
      [],
    ];
    for (const [i, chosen] of choices.entries()) {
      await createBallotRow(t.db, budget.id, s.voters[i].user.id, chosen, unbong.id);
    }
    const enter = (place: string, paperBallots: number, votes: [string, number][]) =>
      t.gql(
        ENTER,
        {
          input: {
            budgetId: bid(budget.id),
            place,
            paperBallots,
            votes: votes.map(([id, n]) => ({ projectId: pjid(id), votes: n })),
          },
        },
        s.parksStaff.token,
      );
    await enter('운봉읍 센터', 10, [
      [city1.id, 9],
      [local.id, 2],
    ]);
    // Replaced: its votes no longer count.
    await enter('운봉읍  센터', 10, [
      [city1.id, 4],
      [local.id, 3],
    ]);
    await enter('시청', 5, [[city2.id, 1]]);

    const res = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(res.errors).toBeUndefined();
    const results = res.data.budget.results;
    // Ballots with at least one choice: the empty one is not counted.
    expect(results.ballots).toBe(6);
    const recount = (await t.db.query(
      `SELECT p.id,
              (SELECT count(*)::int FROM ballot_choice c WHERE c.project_id = p.id) AS online,
              (SELECT coalesce(sum(v.votes), 0)::int FROM offline_tally_vote v
                 JOIN offline_tally o ON o.id = v.tally_id AND o.replaced_by_id IS NULL
                WHERE v.project_id = p.id) AS offline
         FROM budget_project p WHERE p.budget_id = $1`,
      [budget.id],
    )) as { id: string; online: number; offline: number }[];
    const shown = new Map(
      results.projects.map((p: ProjectResultJson) => [p.project.id, p] as const),
    );
    for (const row of recount) {
      expect(shown.get(pjid(row.id))).toMatchObject({
        onlineVotes: row.online,
        offlineVotes: row.offline,
        votes: row.online + row.offline,
      });
    }
    expect(Object.fromEntries(recount.map((r) => [r.id, [r.online, r.offline]]))).toEqual({
      [city1.id]: [2, 4],
      [city2.id]: [3, 1],
      [local.id]: [3, 3],
    });
    // BudgetProject.votes says the same.
    for (const node of res.data.budget.projects.nodes) {
      expect(node.votes).toBe((shown.get(node.id) as ProjectResultJson).votes);
      expect(node.selected).toBeNull();
    }
    // The city pot first, then the district; greedy per pot: city1 (6) spends 60M, city2 (4)
    // no longer fits in the 40M left; the district's project (6) fits its 30M exactly.
    expect(results.spent).toEqual([
      { amount: 60_000_000, district: null },
      { amount: 30_000_000, district: { slug: 'unbong-r' } },
    ]);
    expect(results.projects.map((p: ProjectResultJson) => [p.project.id, p.outcome])).toEqual([
      [pjid(city1), 'SELECTED'],
      [pjid(city2), 'OVER_BUDGET'],
      [pjid(local), 'SELECTED'],
    ]);
  });

  it('projects off the ballot are not in the results; a pot without projects spends nothing', async () => {
    const empty = await createDistrict(t.db, { slug: 'sannae-r', name: '산내면' });
    const budget = await budgetIn(t, 'closed', {
      pots: [
        { districtId: null, amount: 10_000_000 },
        { districtId: empty.id, amount: 5_000_000 },
      ],
    });
    const on = await createProjectRow(t.db, budget.id, { cost: 10_000_000 });
    const off = await createProjectRow(t.db, budget.id, {
      feasibility: Feasibility.NOT_FEASIBLE,
      feasibilityReason: '사유지',
    });
    await createBallotRow(t.db, budget.id, s.voters[0].user.id, [on.id]);
    const res = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(res.errors).toBeUndefined();
    const results = res.data.budget.results;
    expect(results.projects.map((p: ProjectResultJson) => p.project.id)).toEqual([pjid(on)]);
    expect(results.spent).toEqual([
      { amount: 10_000_000, district: null },
      { amount: 0, district: { slug: 'sannae-r' } },
    ]);
    const nodes = Object.fromEntries(
      res.data.budget.projects.nodes.map((n: { id: string }) => [n.id, n]),
    );
    expect(nodes[pjid(off)]).toMatchObject({ votes: null, selected: null });
    expect(nodes[pjid(on)]).toMatchObject({ votes: 1, selected: null });

    await t.db.query('UPDATE participatory_budget SET results_published_at = now() WHERE id = $1', [
      budget.id,
    ]);
    await t.db.query(
      `INSERT INTO budget_project_result (project_id, budget_id, position, online_votes, offline_votes, outcome)
       VALUES ($1, $2, 0, 1, 0, 'SELECTED')`,
      [on.id, budget.id],
    );
    const after = await t.gql(RESULTS, { id: bid(budget.id) });
    const published = Object.fromEntries(
      after.data.budget.projects.nodes.map((n: { id: string }) => [n.id, n]),
    );
    expect(published[pjid(off)]).toMatchObject({ votes: null, selected: false });
    expect(published[pjid(on)]).toMatchObject({ votes: 1, selected: true });
    expect(after.data.budget.results.final).toBe(true);
  });

  it('BudgetProject.votes and selected cost the same statements for 3 projects as for 30 (no N+1)', async () => {
    const small = await budgetIn(t, 'closed');
    const large = await budgetIn(t, 'closed');
    for (let i = 0; i < 3; i++) await createProjectRow(t.db, small.id);
    for (let i = 0; i < 30; i++) await createProjectRow(t.db, large.id);
    const QUERY = `query($id: ID!) { budget(id: $id) { projects(first: 100) { nodes { id votes selected } } } }`;
    // Warm up (schema caches, the first statements of a connection).
    await t.gql(QUERY, { id: bid(small.id) });
    const few = await countQueries(t.db, () => t.gql(QUERY, { id: bid(small.id) }));
    const many = await countQueries(t.db, () => t.gql(QUERY, { id: bid(large.id) }));
    expect(few.result.errors).toBeUndefined();
    expect(many.result.data.budget.projects.nodes).toHaveLength(30);
    expect(
      many.result.data.budget.projects.nodes.every((n: { votes: number }) => n.votes === 0),
    ).toBe(true);
    expect(many.queries.length).toBe(few.queries.length);
    const totals = many.queries.filter((q) => q.includes('offline_tally_vote'));
    expect(totals).toHaveLength(1);
  });

  it('while the totals are secret, a project list counts nothing', async () => {
    const budget = await budgetIn(t, 'voting');
    for (let i = 0; i < 5; i++) await createProjectRow(t.db, budget.id);
    const QUERY = `query($id: ID!) { budget(id: $id) { results { ballots } projects(first: 100) { nodes { id votes selected } } } }`;
    const { result, queries } = await countQueries(t.db, () =>
      t.gql(QUERY, { id: bid(budget.id) }),
    );
    expect(result.data.budget.results).toBeNull();
    expect(queries.filter((q) => /ballot_choice|offline_tally/.test(q))).toEqual([]);
  });

  it('results cost the same statements for 10 ballots as for 60', async () => {
    const { budget: small } = await handBudget(t, s);
    const large = await budgetIn(t, 'closed');
    const p = await createProjectRow(t.db, large.id);
    const q = await createProjectRow(t.db, large.id);
    for (let i = 0; i < 60; i++) {
      await createBallotRow(
        t.db,
        large.id,
        (await createVoter()).id,
        i % 2 ? [p.id] : [p.id, q.id],
      );
    }
    const QUERY = `query($id: ID!) { budget(id: $id) { results { ballots projects { votes outcome } } } }`;
    await t.gql(QUERY, { id: bid(small.id) });
    const few = await countQueries(t.db, () => t.gql(QUERY, { id: bid(small.id) }));
    const many = await countQueries(t.db, () => t.gql(QUERY, { id: bid(large.id) }));
    expect(many.result.data.budget.results.ballots).toBe(60);
    expect(many.queries.length).toBe(few.queries.length);
  });

  async function createVoter(): Promise<{ id: string }> {
    const [row] = (await t.db.query(
      `INSERT INTO app_user (email, display_name, password_hash, role)
       VALUES ('v-' || gen_random_uuid() || '@example.test', 'voter', 'x', 'CITIZEN') RETURNING id`,
    )) as { id: string }[];
    return row;
  }
});
