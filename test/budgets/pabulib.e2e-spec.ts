import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { randomUUID } from 'node:crypto';
import { BudgetSelectionRule } from '../../src/budgets/budget-enums.js';
import { parsePabulib } from '../../src/budgets/results/pabulib.js';
import { createBallotRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bid,
  budgetIn,
  ENTER,
  pjid,
  PUBLISH,
  raw,
  RESULTS,
  resultsScene,
  T0,
  type Phase,
  type ResultsScene,
} from './results-support.js';

interface ProjectResultJson {
  project: { id: string };
  votes: number;
  outcome: string;
}

/**
 * The Pabulib export (issue 18): GET /budgets/:id/pabulib.pb?pot=city|<district slug>, once
 * voting has ended; parsed back with the engine's own parser, its numbers are the results'.
 */
describe('GET /budgets/:id/pabulib.pb', () => {
  let t: TestApp;
  let s: ResultsScene;
  let districtSlug: string;
  let districtId: string;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    s = await resultsScene(t, 8);
    districtSlug = `unbong-${randomUUID().slice(0, 6)}`;
    districtId = (await createDistrict(t.db, { slug: districtSlug, name: '운봉읍' })).id;
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  /** A city pot and a district pot, eight online ballots and a paper tally. */
  async function election(phase: Phase, options = {}) {
    const budget = await budgetIn(t, phase, {
      title: '2031 남원시; "주민"참여예산',
      pots: [
        { districtId: null, amount: 100_000_000 },
        { districtId, amount: 30_000_000 },
      ],
      ...options,
    });
    const c1 = await createProjectRow(t.db, budget.id, {
      title: '놀이터; 1단계',
      cost: 60_000_000,
    });
    const c2 = await createProjectRow(t.db, budget.id, {
      title: '도서관 "책마루"',
      cost: 50_000_000,
    });
    const c3 = await createProjectRow(t.db, budget.id, { title: '가로등', cost: 30_000_000 });
    const d1 = await createProjectRow(t.db, budget.id, { cost: 20_000_000, districtId });
    const d2 = await createProjectRow(t.db, budget.id, { cost: 15_000_000, districtId });
    const ballots = [
      [c1.id, c3.id, d1.id],
      [c1.id, d1.id],
      [c2.id],
      [c2.id, c3.id, d2.id],
      [c1.id],
      [c3.id, d2.id],
      [d1.id],
      [c1.id, c2.id],
    ];
    for (const [i, chosen] of ballots.entries()) {
      await createBallotRow(t.db, budget.id, s.voters[i].user.id, chosen, districtId);
    }
    return { budget, c1, c2, c3, d1, d2 };
  }

  const get = (budgetId: string, pot?: string) =>
    t
      .http()
      .get(`/budgets/${encodeURIComponent(bid(budgetId))}/pabulib.pb${pot ? `?pot=${pot}` : ''}`)
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });

  it('after the close: the city pot as a file whose numbers are the results', async () => {
    const { budget, c1, c2, c3 } = await election('closed');
    const enter = await t.gql(
      ENTER,
      {
        input: {
          budgetId: bid(budget.id),
          place: '시청',
          paperBallots: 3,
          votes: [
            { projectId: pjid(c2), votes: 3 },
            { projectId: pjid(c3), votes: 1 },
          ],
        },
      },
      s.parksStaff.token,
    );
    expect(enter.errors).toBeUndefined();
    const res = await get(budget.id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="budget-${budget.id}-city.pb"`,
    );
    const file = parsePabulib(res.body as string);
    expect(file.meta).toMatchObject({
      description: '2031 남원시; "주민"참여예산 (잠정 집계: 결과 공표 전)',
      country: 'Korea, Republic of',
      unit: '남원시',
      num_projects: '3',
      // Seven online ballots, and each of the four paper votes as a row of its own.
      num_votes: '11',
      budget: '100000000',
      vote_type: 'approval',
      rule: 'greedy',
      currency: 'KRW',
      language: 'ko',
      max_sum_cost: '100000000',
    });
    expect(file.meta.district).toBeUndefined();

    const results = (await t.gql(RESULTS, { id: bid(budget.id) })).data.budget.results;
    const city = new Set([c1.id, c2.id, c3.id]);
    const shown = results.projects.filter((p: ProjectResultJson) => city.has(raw(p.project.id)));
    expect(shown).toHaveLength(3);
    expect(file.projects).toHaveLength(3);
    for (const p of shown) {
      const row = file.projects.find((r) => r.project_id === raw(p.project.id))!;
      expect(Number(row.votes)).toBe(p.votes);
      expect(row.selected).toBe(p.outcome === 'SELECTED' ? '1' : '0');
    }
    // Online: c1 4, c2 3, c3 3; paper: c2 +3, c3 +1. Greedy: c2 (6) 50M, then c1 (4) 60M no
    // longer fits the 50M left, c3 (4, cheaper than c1, so before it) 30M fits.
    expect(Object.fromEntries(file.projects.map((r) => [r.name, [r.votes, r.selected]]))).toEqual({
      '놀이터; 1단계': ['4', '0'],
      '도서관 "책마루"': ['6', '1'],
      가로등: ['4', '1'],
    });
    // The votes: the ballots of this pot (the district-only one is not), then the paper votes,
    // each a row choosing one project; numbered 1..n.
    expect(file.votes.map((v) => v.voter_id)).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1)),
    );
    const rows = (method: string) =>
      file.votes
        .filter((v) => v.voting_method === method)
        .map((v) => v.vote.split(',').sort().join(','))
        .sort();
    const online = [
      [c1.id, c3.id],
      [c1.id],
      [c2.id],
      [c2.id, c3.id],
      [c1.id],
      [c3.id],
      [c1.id, c2.id],
    ]
      .map((ids) => [...ids].sort().join(','))
      .sort();
    expect(rows('internet')).toEqual(online);
    expect(rows('paper')).toEqual([c2.id, c2.id, c2.id, c3.id].sort());
    // PROJECTS.votes is what VOTES counts (Pabulib's checker requires it).
    for (const project of file.projects) {
      const counted = file.votes.filter((v) => v.vote.split(',').includes(project.project_id));
      expect(counted).toHaveLength(Number(project.votes));
    }
  });

  it('nothing in the file names a voter or a ballot', async () => {
    const { budget } = await election('closed');
    const res = await get(budget.id);
    const text = res.body as string;
    const ballots = (await t.db.query('SELECT id, voter_id FROM ballot WHERE budget_id = $1', [
      budget.id,
    ])) as { id: string; voter_id: string }[];
    expect(ballots).toHaveLength(8);
    for (const ballot of ballots) {
      expect(text).not.toContain(ballot.id);
      expect(text).not.toContain(ballot.voter_id);
    }
    for (const voter of s.voters) {
      expect(text).not.toContain(voter.user.email);
      expect(text).not.toContain(voter.user.displayName);
    }
  });

  it("a district's pot by its slug, with the district named", async () => {
    const { budget, d1, d2 } = await election('closed', {
      selectionRule: BudgetSelectionRule.EQUAL_SHARES,
    });
    const res = await get(budget.id, districtSlug);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="budget-${budget.id}-${districtSlug}.pb"`,
    );
    const file = parsePabulib(res.body as string);
    expect(file.meta).toMatchObject({
      district: '운봉읍',
      num_projects: '2',
      num_votes: '5',
      budget: '30000000',
      rule: 'equalshares',
    });
    expect(Object.fromEntries(file.projects.map((r) => [r.project_id, r.votes]))).toEqual({
      [d1.id]: '3',
      [d2.id]: '2',
    });
  });

  it('after publication: the published outcome', async () => {
    const { budget } = await election('closed');
    const published = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
    expect(published.errors).toBeUndefined();
    const file = parsePabulib((await get(budget.id)).body as string);
    // No longer provisional.
    expect(file.meta.description).toBe('2031 남원시; "주민"참여예산');
    const selected = published.data.publishBudgetResults.projects
      .filter((p: ProjectResultJson) => p.outcome === 'SELECTED')
      .map((p: ProjectResultJson) => raw(p.project.id));
    expect(
      file.projects
        .filter((r) => r.selected === '1')
        .map((r) => r.project_id)
        .sort(),
    ).toEqual(
      selected.filter((id: string) => file.projects.some((r) => r.project_id === id)).sort(),
    );
  });

  it('is a 404 while voting is open, even with live totals, and for an unknown budget or pot', async () => {
    const { budget } = await election('voting', { liveTotals: true });
    const live = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(live.data.budget.results).not.toBeNull();
    expect((await get(budget.id)).status).toBe(404);

    const { budget: closed } = await election('closed');
    expect((await get(closed.id, 'nowhere')).status).toBe(404);
    expect((await get(randomUUID())).status).toBe(404);
    const garbage = await t.http().get('/budgets/not-an-id/pabulib.pb');
    expect(garbage.status).toBe(404);
  });

  it("a 404's message is in the client's language", async () => {
    const res = await t
      .http()
      .get(`/budgets/${encodeURIComponent(bid(randomUUID()))}/pabulib.pb`)
      .set('Accept-Language', 'ko');
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).toContain('아직 공개되지 않았습니다');
  });
});
