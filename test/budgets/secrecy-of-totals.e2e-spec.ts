import { createBallotRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bid,
  budgetIn,
  ENTER,
  pjid,
  resultsScene,
  T0,
  type ResultsScene,
} from './results-support.js';

const TOTALS = `query($id: ID!) { budget(id: $id) {
  results { ballots projects { votes } offlineTallies { paperBallots } }
  projects(first: 10) { nodes { votes selected } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on BudgetProject { votes selected } } }`;

/**
 * Totals are secret while people vote (issue 18): results, BudgetProject.votes (by the budget
 * or by node id) and selected say nothing to anyone, admins included, until voting has closed,
 * unless the budget chose live totals, and then only from the start of voting.
 */
describe('the secrecy of totals', () => {
  let t: TestApp;
  let s: ResultsScene;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    s = await resultsScene(t, 3);
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  async function votedBudget(
    dates: { votingStartsAt: Date; votingEndsAt: Date },
    liveTotals = false,
  ) {
    const budget = await budgetIn(t, 'voting', { ...dates, liveTotals });
    const project = await createProjectRow(t.db, budget.id);
    for (const voter of s.voters)
      await createBallotRow(t.db, budget.id, voter.user.id, [project.id]);
    return { budget, project };
  }

  const readers = () =>
    [
      ['nobody signed in', null],
      ['a voter', s.voters[0].token],
      ['staff', s.parksStaff.token],
      ['an admin', s.admin.token],
    ] as const;

  async function expectHidden(budgetId: string, projectId: string) {
    for (const [who, token] of readers()) {
      const res = await t.gql(TOTALS, { id: bid(budgetId) }, token);
      expect(res.errors).toBeUndefined();
      expect([who, res.data.budget.results]).toEqual([who, null]);
      expect([who, res.data.budget.projects.nodes]).toEqual([
        who,
        [{ votes: null, selected: null }],
      ]);
      const node = await t.gql(NODE, { id: pjid(projectId) }, token);
      expect([who, node.data.node]).toEqual([who, { votes: null, selected: null }]);
    }
  }

  async function expectShown(budgetId: string, projectId: string) {
    for (const [who, token] of readers()) {
      const res = await t.gql(TOTALS, { id: bid(budgetId) }, token);
      expect(res.errors).toBeUndefined();
      expect([who, res.data.budget.results?.ballots]).toEqual([who, 3]);
      expect([who, res.data.budget.projects.nodes]).toEqual([who, [{ votes: 3, selected: null }]]);
      const node = await t.gql(NODE, { id: pjid(projectId) }, token);
      expect([who, node.data.node]).toEqual([who, { votes: 3, selected: null }]);
    }
  }

  it('hidden from everyone while voting is open, until the last millisecond', async () => {
    const { budget, project } = await votedBudget({
      votingStartsAt: new Date(T0.getTime() - 1000),
      votingEndsAt: new Date(T0.getTime() + 1),
    });
    await expectHidden(budget.id, project.id);
  });

  it('shown to everyone from votingEndsAt', async () => {
    const { budget, project } = await votedBudget({
      votingStartsAt: new Date(T0.getTime() - 1000),
      votingEndsAt: T0,
    });
    await expectShown(budget.id, project.id);
  });

  it('live totals: shown from votingStartsAt, not a millisecond before', async () => {
    const early = await votedBudget(
      { votingStartsAt: new Date(T0.getTime() + 1), votingEndsAt: new Date(T0.getTime() + 1000) },
      true,
    );
    await expectHidden(early.budget.id, early.project.id);
    const open = await votedBudget(
      { votingStartsAt: T0, votingEndsAt: new Date(T0.getTime() + 1000) },
      true,
    );
    await expectShown(open.budget.id, open.project.id);
  });

  it('a paper tally entered while voting is open shows nothing of the totals, to staff either', async () => {
    const { budget, project } = await votedBudget({
      votingStartsAt: new Date(T0.getTime() - 1000),
      votingEndsAt: new Date(T0.getTime() + 1000),
    });
    const res = await t.gql(
      ENTER,
      {
        input: {
          budgetId: bid(budget.id),
          place: '운봉읍',
          paperBallots: 2,
          votes: [{ projectId: pjid(project), votes: 2 }],
        },
      },
      s.parksStaff.token,
    );
    expect(res.errors).toBeUndefined();
    await expectHidden(budget.id, project.id);
  });
});
