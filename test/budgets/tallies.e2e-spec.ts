import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { randomUUID } from 'node:crypto';
import { Feasibility } from '../../src/budgets/budget-enums.js';
import { createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bid,
  budgetIn,
  DAY,
  ENTER,
  pjid,
  RESULTS,
  resultsScene,
  T0,
  tallyRows,
  uid,
  type ResultsScene,
} from './results-support.js';

/**
 * Paper tallies (issue 18): staff enter the paper ballots of a polling place as totals, from
 * the start of voting until the results are published; a second entry for a place replaces
 * the first, and both stay on the record.
 */
describe('enterOfflineTally', () => {
  let t: TestApp;
  let s: ResultsScene;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    s = await resultsScene(t, 0);
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  async function votingBudget(options = {}) {
    const budget = await budgetIn(t, 'voting', options);
    const p1 = await createProjectRow(t.db, budget.id, { cost: 10_000_000 });
    const p2 = await createProjectRow(t.db, budget.id, { cost: 20_000_000 });
    return { budget, p1, p2 };
  }

  const input = (
    budgetId: string,
    place: string,
    paperBallots: number,
    votes: [string, number][],
  ) => ({
    input: {
      budgetId: bid(budgetId),
      place,
      paperBallots,
      votes: votes.map(([projectId, n]) => ({ projectId: pjid(projectId), votes: n })),
    },
  });

  it('staff of any department enter a tally; it is on the record with who and when', async () => {
    const { budget, p1, p2 } = await votingBudget();
    const res = await t.gql(
      ENTER,
      input(budget.id, '운봉읍 행정복지센터', 40, [
        [p1.id, 25],
        [p2.id, 40],
      ]),
      s.roadsStaff.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.enterOfflineTally).toEqual({
      place: '운봉읍 행정복지센터',
      paperBallots: 40,
      enteredAt: T0.toISOString(),
      enteredBy: { id: uid(s.roadsStaff) },
      replaced: [],
    });
    const votes = await t.db.query(
      `SELECT v.project_id, v.votes FROM offline_tally_vote v JOIN offline_tally o ON o.id = v.tally_id
        WHERE o.budget_id = $1 ORDER BY v.votes`,
      [budget.id],
    );
    expect(votes).toEqual([
      { project_id: p1.id, votes: 25 },
      { project_id: p2.id, votes: 40 },
    ]);
    const [audit] = await t.db.query(
      `SELECT action, actor_id, target_type, target_id, note FROM audit_entry
        WHERE target_id = $1 AND action = 'OFFLINE_TALLY_ENTERED'`,
      [budget.id],
    );
    expect(audit).toEqual({
      action: 'OFFLINE_TALLY_ENTERED',
      actor_id: s.roadsStaff.user.id,
      target_type: 'ParticipatoryBudget',
      target_id: budget.id,
      note: '운봉읍 행정복지센터',
    });
  });

  it('a second and a third entry for the same place (other case, spaces) replace the earlier ones, newest first', async () => {
    const { budget, p1 } = await votingBudget();
    const first = await t.gql(
      ENTER,
      input(budget.id, 'Unbong  Hall', 10, [[p1.id, 5]]),
      s.parksStaff.token,
    );
    expect(first.errors).toBeUndefined();
    const second = await t.gql(
      ENTER,
      input(budget.id, ' unbong hall', 12, [[p1.id, 7]]),
      s.admin.token,
    );
    expect(second.errors).toBeUndefined();
    expect(second.data.enterOfflineTally).toMatchObject({
      place: 'unbong hall',
      paperBallots: 12,
      enteredBy: { id: uid(s.admin) },
      replaced: [
        {
          place: 'Unbong  Hall',
          paperBallots: 10,
          enteredBy: { id: uid(s.parksStaff) },
          replaced: [],
        },
      ],
    });
    const third = await t.gql(
      ENTER,
      input(budget.id, 'UNBONG HALL', 13, [[p1.id, 8]]),
      s.roadsStaff.token,
    );
    expect(third.errors).toBeUndefined();
    expect(third.data.enterOfflineTally.replaced).toEqual([
      expect.objectContaining({
        paperBallots: 12,
        replaced: [{ place: 'Unbong  Hall', paperBallots: 10 }],
      }),
      expect.objectContaining({ paperBallots: 10, replaced: [] }),
    ]);
    const rows = await tallyRows(t, budget.id);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.place_key))).toEqual(new Set(['unbong hall']));
    const current = rows.filter((r) => r.replaced_by_id === null);
    expect(current.map((r) => r.paper_ballots)).toEqual([13]);
    // Each earlier entry points at the one that replaced it.
    const byBallots = new Map(rows.map((r) => [r.paper_ballots, r]));
    expect(byBallots.get(10)!.replaced_by_id).toBe(byBallots.get(12)!.id);
    expect(byBallots.get(12)!.replaced_by_id).toBe(byBallots.get(13)!.id);
  });

  it('Korean place names compare after NFC: decomposed jamo name the same place', async () => {
    const { budget, p1 } = await votingBudget();
    const composed = '인월면 복지회관';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    await t.gql(ENTER, input(budget.id, composed, 5, [[p1.id, 5]]), s.parksStaff.token);
    const res = await t.gql(
      ENTER,
      input(budget.id, decomposed, 6, [[p1.id, 6]]),
      s.parksStaff.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.enterOfflineTally.replaced).toHaveLength(1);
  });

  it('two entries for one new place at once: both succeed, one current and one replaced, never two current', async () => {
    for (let round = 0; round < 5; round++) {
      const { budget, p1 } = await votingBudget();
      const results = await Promise.all([
        t.gql(ENTER, input(budget.id, '산내면 센터', 30, [[p1.id, 10]]), s.parksStaff.token),
        t.gql(ENTER, input(budget.id, '산내면  센터', 31, [[p1.id, 11]]), s.roadsStaff.token),
      ]);
      for (const res of results) expect(res.errors).toBeUndefined();
      const replacedCounts = results
        .map((res) => res.data.enterOfflineTally.replaced.length)
        .sort((x: number, y: number) => x - y);
      expect(replacedCounts).toEqual([0, 1]);
      const rows = await tallyRows(t, budget.id);
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.replaced_by_id === null)).toHaveLength(1);
    }
  });

  it('shows at most the 20 entries a tally replaced, the newest first', async () => {
    const { budget, p1 } = await votingBudget();
    for (let i = 1; i <= 22; i++) {
      const res = await t.gql(
        ENTER,
        input(budget.id, '송동면', i, [[p1.id, 0]]),
        s.parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
    }
    const last = await t.gql(
      ENTER,
      input(budget.id, '송동면', 23, [[p1.id, 0]]),
      s.parksStaff.token,
    );
    const replaced = last.data.enterOfflineTally.replaced as { paperBallots: number }[];
    expect(replaced.map((r) => r.paperBallots)).toEqual(
      Array.from({ length: 20 }, (_, i) => 22 - i),
    );
    expect(await tallyRows(t, budget.id)).toHaveLength(23);
  });

  it('an entry does not wait for a ballot being cast (the budget row held FOR SHARE, as castBallot does)', async () => {
    const { budget, p1 } = await votingBudget();
    const ballot = t.db.createQueryRunner();
    await ballot.connect();
    await ballot.startTransaction();
    try {
      await ballot.query('SELECT id FROM participatory_budget WHERE id = $1 FOR SHARE', [
        budget.id,
      ]);
      // Were the entry to wait for the row, this would never resolve while the lock is held.
      const res = await t.gql(
        ENTER,
        input(budget.id, '대강면', 4, [[p1.id, 4]]),
        s.parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
    } finally {
      await ballot.rollbackTransaction();
      await ballot.release();
    }
  });

  it('an entry racing publication is either counted in the published results or refused', async () => {
    for (let round = 0; round < 6; round++) {
      const budget = await budgetIn(t, 'closed');
      const p = await createProjectRow(t.db, budget.id);
      const [published, entered] = await Promise.all([
        t.gql(
          `mutation($id: ID!) { publishBudgetResults(budgetId: $id) { projects { offlineVotes } } }`,
          { id: bid(budget.id) },
          s.admin.token,
        ),
        t.gql(ENTER, input(budget.id, '아영면', 7, [[p.id, 7]]), s.parksStaff.token),
      ]);
      expect(published.errors).toBeUndefined();
      const counted = published.data.publishBudgetResults.projects[0].offlineVotes;
      if (entered.errors) {
        expect(codeOf(entered)).toBe('CONFLICT');
        expect(counted).toBe(0);
        expect(await tallyRows(t, budget.id)).toEqual([]);
      } else {
        expect(counted).toBe(7);
      }
    }
  });

  it('the current tallies are what results show, one per place', async () => {
    const { budget, p1 } = await votingBudget({ liveTotals: true });
    await t.gql(ENTER, input(budget.id, '주천면', 10, [[p1.id, 4]]), s.parksStaff.token);
    await t.gql(ENTER, input(budget.id, '주천면 ', 9, [[p1.id, 3]]), s.parksStaff.token);
    await t.gql(ENTER, input(budget.id, '수지면', 5, [[p1.id, 5]]), s.parksStaff.token);
    const res = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(res.errors).toBeUndefined();
    expect(res.data.budget.results.offlineTallies).toEqual([
      { place: '수지면', paperBallots: 5, enteredBy: { id: uid(s.parksStaff) } },
      { place: '주천면', paperBallots: 9, enteredBy: { id: uid(s.parksStaff) } },
    ]);
    const p1Result = res.data.budget.results.projects.find(
      (p: { project: { id: string } }) => p.project.id === pjid(p1),
    );
    expect(p1Result).toMatchObject({ onlineVotes: 0, offlineVotes: 8, votes: 8 });
  });

  describe('when', () => {
    it('is refused before voting starts, to the millisecond; allowed at votingStartsAt', async () => {
      const early = await budgetIn(t, 'voting', { votingStartsAt: new Date(T0.getTime() + 1) });
      const p = await createProjectRow(t.db, early.id);
      const refused = await t.gql(ENTER, input(early.id, 'A', 1, [[p.id, 1]]), s.parksStaff.token);
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(await tallyRows(t, early.id)).toEqual([]);

      const onTime = await budgetIn(t, 'voting', { votingStartsAt: T0 });
      const q = await createProjectRow(t.db, onTime.id);
      const allowed = await t.gql(ENTER, input(onTime.id, 'A', 1, [[q.id, 1]]), s.parksStaff.token);
      expect(allowed.errors).toBeUndefined();
    });

    it('is allowed after the polls close, until the results are published', async () => {
      const closed = await budgetIn(t, 'closed');
      const p = await createProjectRow(t.db, closed.id);
      const res = await t.gql(ENTER, input(closed.id, 'B', 3, [[p.id, 2]]), s.parksStaff.token);
      expect(res.errors).toBeUndefined();
    });

    it('is refused once the results are published', async () => {
      const published = await budgetIn(t, 'closed', {
        resultsPublishedAt: new Date(T0.getTime() - DAY),
      });
      const p = await createProjectRow(t.db, published.id);
      const res = await t.gql(ENTER, input(published.id, 'B', 3, [[p.id, 2]]), s.admin.token);
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await tallyRows(t, published.id)).toEqual([]);
    });
  });

  describe('who', () => {
    it.each([
      ['a citizen', () => s.citizen.token, 'FORBIDDEN'],
      ['a moderator', () => s.moderator.token, 'FORBIDDEN'],
      ['nobody signed in', () => null, 'UNAUTHENTICATED'],
    ])('%s may not enter a tally', async (_who, token, code) => {
      const { budget, p1 } = await votingBudget();
      const res = await t.gql(ENTER, input(budget.id, 'C', 3, [[p1.id, 2]]), token());
      expect(codeOf(res)).toBe(code);
      expect(await tallyRows(t, budget.id)).toEqual([]);
    });

    it('an unknown budget is NOT_FOUND', async () => {
      const res = await t.gql(
        ENTER,
        { input: { budgetId: bid(randomUUID()), place: 'C', paperBallots: 1, votes: [] } },
        s.parksStaff.token,
      );
      expect(codeOf(res)).toBe('NOT_FOUND');
    });
  });

  describe('votes', () => {
    it('a project not on the ballot, of another budget or unknown is named as votes.N.projectId', async () => {
      const { budget, p1 } = await votingBudget();
      const notFeasible = await createProjectRow(t.db, budget.id, {
        feasibility: Feasibility.NOT_FEASIBLE,
        feasibilityReason: '부지 없음',
      });
      const pending = await createProjectRow(t.db, budget.id, { feasibility: Feasibility.PENDING });
      const other = await votingBudget();
      const res = await t.gql(
        ENTER,
        input(budget.id, 'D', 5, [
          [p1.id, 1],
          [notFeasible.id, 1],
          [pending.id, 1],
          [other.p1.id, 1],
          [randomUUID(), 1],
        ]),
        s.parksStaff.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([
        'votes.1.projectId',
        'votes.2.projectId',
        'votes.3.projectId',
        'votes.4.projectId',
      ]);
      expect(await tallyRows(t, budget.id)).toEqual([]);
    });

    it('a project named twice is refused', async () => {
      const { budget, p1, p2 } = await votingBudget();
      const res = await t.gql(
        ENTER,
        input(budget.id, 'D', 5, [
          [p1.id, 1],
          [p2.id, 1],
          [p1.id, 2],
        ]),
        s.parksStaff.token,
      );
      expect(badFields(res)).toEqual(['votes.2.projectId']);
    });

    it('a project may have as many votes as paper ballots, not one more', async () => {
      const { budget, p1, p2 } = await votingBudget();
      const over = await t.gql(
        ENTER,
        input(budget.id, 'E', 5, [
          [p1.id, 5],
          [p2.id, 6],
        ]),
        s.parksStaff.token,
      );
      expect(codeOf(over)).toBe('BAD_USER_INPUT');
      expect(badFields(over)).toEqual(['votes.1.votes']);
      const edge = await t.gql(
        ENTER,
        input(budget.id, 'E', 5, [
          [p1.id, 5],
          [p2.id, 5],
        ]),
        s.parksStaff.token,
      );
      expect(edge.errors).toBeUndefined();
    });

    it('APPROVAL: the votes of a pot are at most paper ballots × maxChoices', async () => {
      const budget = await budgetIn(t, 'voting', {
        votingStyle: 'APPROVAL' as never,
        maxChoices: 2,
      });
      const ps = [];
      for (let i = 0; i < 3; i++) ps.push(await createProjectRow(t.db, budget.id));
      const over = await t.gql(
        ENTER,
        input(budget.id, 'F', 4, [
          [ps[0].id, 4],
          [ps[1].id, 4],
          [ps[2].id, 1],
        ]),
        s.parksStaff.token,
      );
      expect(codeOf(over)).toBe('BAD_USER_INPUT');
      expect(badFields(over)).toEqual(['votes']);
      const edge = await t.gql(
        ENTER,
        input(budget.id, 'F', 4, [
          [ps[0].id, 4],
          [ps[1].id, 3],
          [ps[2].id, 1],
        ]),
        s.parksStaff.token,
      );
      expect(edge.errors).toBeUndefined();
    });

    it("a place's projects are of one district at most (city-wide ones besides)", async () => {
      const d1 = await createDistrict(t.db);
      const d2 = await createDistrict(t.db);
      const budget = await budgetIn(t, 'voting', {
        pots: [
          { districtId: null, amount: 100_000_000 },
          { districtId: d1.id, amount: 50_000_000 },
          { districtId: d2.id, amount: 50_000_000 },
        ],
      });
      const city = await createProjectRow(t.db, budget.id);
      const in1 = await createProjectRow(t.db, budget.id, { districtId: d1.id });
      const in2 = await createProjectRow(t.db, budget.id, { districtId: d2.id });
      const mixed = await t.gql(
        ENTER,
        input(budget.id, 'G', 5, [
          [city.id, 1],
          [in1.id, 1],
          [in2.id, 1],
        ]),
        s.parksStaff.token,
      );
      expect(badFields(mixed)).toEqual(['votes.2.projectId']);
      const fine = await t.gql(
        ENTER,
        input(budget.id, 'G', 5, [
          [city.id, 1],
          [in1.id, 1],
        ]),
        s.parksStaff.token,
      );
      expect(fine.errors).toBeUndefined();
    });

    it.each([
      ['an empty place', { place: '' }, 'place'],
      ['a place of 151 characters', { place: '가'.repeat(151) }, 'place'],
      ['negative paper ballots', { paperBallots: -1 }, 'paperBallots'],
      ['paper ballots past 10,000,000', { paperBallots: 10_000_001 }, 'paperBallots'],
    ])('%s is BAD_USER_INPUT', async (_what, override, field) => {
      const { budget } = await votingBudget();
      const res = await t.gql(
        ENTER,
        {
          input: { budgetId: bid(budget.id), place: 'H', paperBallots: 1, votes: [], ...override },
        },
        s.parksStaff.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([field]);
    });

    it('negative votes are BAD_USER_INPUT', async () => {
      const { budget, p1 } = await votingBudget();
      const res = await t.gql(ENTER, input(budget.id, 'H', 1, [[p1.id, -1]]), s.parksStaff.token);
      expect(badFields(res)).toEqual(['votes.0.votes']);
    });
  });

  it('a budget has at most 500 places; replacing one of them is still allowed', async () => {
    const { budget, p1 } = await votingBudget();
    await t.db.query(
      `INSERT INTO offline_tally (budget_id, place, place_key, paper_ballots, entered_by_id, entered_at)
       SELECT $1, 'place ' || i, 'place ' || i, 1, $2, now() FROM generate_series(1, 500) AS i`,
      [budget.id, s.parksStaff.user.id],
    );
    const extra = await t.gql(
      ENTER,
      input(budget.id, 'place 501', 1, [[p1.id, 1]]),
      s.parksStaff.token,
    );
    expect(codeOf(extra)).toBe('CONFLICT');
    const again = await t.gql(
      ENTER,
      input(budget.id, 'Place 500', 2, [[p1.id, 1]]),
      s.parksStaff.token,
    );
    expect(again.errors).toBeUndefined();
    expect(again.data.enterOfflineTally.replaced).toHaveLength(1);
  });
});
