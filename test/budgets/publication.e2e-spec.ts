import { randomUUID } from 'node:crypto';
import { BudgetSelectionRule } from '../../src/budgets/budget-enums.js';
import { createBallotRow, createProjectRow } from '../../src/budgets/testing/budgets.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  bid,
  budgetIn,
  ENTER,
  handBudget,
  pjid,
  PUBLISH,
  RESULTS,
  resultsScene,
  START,
  T0,
  uid,
  type ResultsScene,
} from './results-support.js';

const PROPOSAL = `query($id: ID!) { proposal(id: $id) {
  id title body status progress author { id } department { id }
  answers { status body author { id } department { id } }
  transfers { from { id } to { id } by { id } }
  progressUpdates { progress }
} }`;
const PROGRESS = `mutation($input: PostProgressUpdateInput!) { postProgressUpdate(input: $input) { progress } }`;
const PROJECT = `query($id: ID!) { node(id: $id) { ... on BudgetProject {
  id votes selected proposal { id status } history { kind actor { id } } } } }`;

const did = (id: string) => toGlobalId('Department', id);
const prid = (id: string) => toGlobalId('Proposal', id);

/**
 * Publishing results (issue 18): an admin, once voting has ended, once; the results are then
 * the stored record, and the selected projects carry on as proposals of their departments.
 */
describe('publishBudgetResults', () => {
  let t: TestApp;
  let s: ResultsScene;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    s = await resultsScene(t, 10);
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  const storedResults = async (budgetId: string) =>
    (await t.db.query(
      `SELECT project_id, position, online_votes, offline_votes, outcome FROM budget_project_result
        WHERE budget_id = $1 ORDER BY position`,
      [budgetId],
    )) as { project_id: string; position: number; outcome: string }[];

  describe('when and who', () => {
    it('is refused while voting is open, to the millisecond; allowed at votingEndsAt', async () => {
      const { budget } = await handBudget(
        t,
        s,
        { votingEndsAt: new Date(T0.getTime() + 1), votingStartsAt: new Date(T0.getTime() - 1) },
        'voting',
      );
      const early = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
      expect(codeOf(early)).toBe('CONFLICT');
      expect(await storedResults(budget.id)).toEqual([]);

      const { budget: onTime } = await handBudget(
        t,
        s,
        { votingEndsAt: T0, votingStartsAt: new Date(T0.getTime() - 1) },
        'voting',
      );
      const res = await t.gql(PUBLISH, { id: bid(onTime.id) }, s.admin.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.publishBudgetResults.final).toBe(true);
    });

    it.each([
      ['staff', () => s.parksStaff.token, 'FORBIDDEN'],
      ['a moderator', () => s.moderator.token, 'FORBIDDEN'],
      ['a citizen', () => s.citizen.token, 'FORBIDDEN'],
      ['nobody signed in', () => null, 'UNAUTHENTICATED'],
    ])('%s may not publish', async (_who, token, code) => {
      const { budget } = await handBudget(t, s);
      const res = await t.gql(PUBLISH, { id: bid(budget.id) }, token());
      expect(codeOf(res)).toBe(code);
      expect(await storedResults(budget.id)).toEqual([]);
      const [row] = await t.db.query(
        'SELECT results_published_at FROM participatory_budget WHERE id = $1',
        [budget.id],
      );
      expect(row.results_published_at).toBeNull();
    });

    it('an unknown budget, or an id of another type, is NOT_FOUND', async () => {
      const unknown = await t.gql(PUBLISH, { id: bid(randomUUID()) }, s.admin.token);
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      const other = await t.gql(PUBLISH, { id: uid(s.admin) }, s.admin.token);
      expect(codeOf(other)).toBe('NOT_FOUND');
    });
  });

  it('stores the live count as the record, marks each project, and later reads are that record', async () => {
    const { budget, a, b, c } = await handBudget(t, s, {
      selectionRule: BudgetSelectionRule.EQUAL_SHARES,
    });
    await t.gql(
      ENTER,
      {
        input: {
          budgetId: bid(budget.id),
          place: '운봉읍 센터',
          paperBallots: 2,
          votes: [{ projectId: pjid(c), votes: 1 }],
        },
      },
      s.parksStaff.token,
    );
    const live = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(live.data.budget.results.final).toBe(false);

    const res = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
    expect(res.errors).toBeUndefined();
    const published = res.data.publishBudgetResults;
    expect(published).toEqual({ ...live.data.budget.results, final: true });

    const stored = await storedResults(budget.id);
    expect(stored.map((r) => [r.project_id, r.position, r.outcome])).toEqual(
      published.projects.map((p: { project: { id: string }; outcome: string }, i: number) => [
        [a.id, b.id, c.id].find((id) => pjid(id) === p.project.id),
        i,
        p.outcome,
      ]),
    );
    const after = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(after.data.budget.stage).toBe('RESULTS');
    expect(after.data.budget.results).toEqual(published);
    const selected = Object.fromEntries(
      after.data.budget.projects.nodes.map((n: { id: string; selected: boolean }) => [
        n.id,
        n.selected,
      ]),
    );
    expect(selected).toEqual({ [pjid(a)]: true, [pjid(b)]: false, [pjid(c)]: true });

    // Each project's record says how it ended, and who published.
    const record = await t.gql(PROJECT, { id: pjid(b) });
    expect(record.data.node.history.at(-1)).toEqual({
      kind: 'NOT_SELECTED',
      actor: { id: uid(s.admin) },
    });
    const [audit] = await t.db.query(
      `SELECT actor_id FROM audit_entry WHERE action = 'BUDGET_RESULTS_PUBLISHED' AND target_id = $1`,
      [budget.id],
    );
    expect(audit.actor_id).toBe(s.admin.user.id);

    // The record, not a recount: a ballot written after publication (which the API would
    // refuse) changes nothing that is shown.
    await createBallotRow(t.db, budget.id, s.citizen.user.id, [b.id]);
    const later = await t.gql(RESULTS, { id: bid(budget.id) });
    expect(later.data.budget.results.projects).toEqual(published.projects);
    const bVotes = later.data.budget.projects.nodes.find((n: { id: string }) => n.id === pjid(b));
    expect(bVotes.votes).toBe(6);

    // No paper tally after publication.
    const tally = await t.gql(
      ENTER,
      { input: { budgetId: bid(budget.id), place: 'X', paperBallots: 1, votes: [] } },
      s.parksStaff.token,
    );
    expect(codeOf(tally)).toBe('CONFLICT');
  });

  it('publishing twice is a CONFLICT, also when both come at once', async () => {
    const { budget } = await handBudget(t, s);
    const first = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
    expect(first.errors).toBeUndefined();
    const again = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
    expect(codeOf(again)).toBe('CONFLICT');

    const { budget: raced } = await handBudget(t, s);
    const both = await Promise.all([
      t.gql(PUBLISH, { id: bid(raced.id) }, s.admin.token),
      t.gql(PUBLISH, { id: bid(raced.id) }, s.admin.token),
    ]);
    expect(both.map((res) => codeOf(res) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(await storedResults(raced.id)).toHaveLength(3);
    const [changes] = await t.db.query(
      `SELECT count(*)::int AS n FROM budget_project_change c JOIN budget_project p ON p.id = c.project_id
        WHERE p.budget_id = $1 AND c.kind IN ('SELECTED', 'NOT_SELECTED')`,
      [raced.id],
    );
    expect(changes.n).toBe(3);
  });

  describe('carry-on', () => {
    /**
     * A greedy budget with money for all: every project with a vote is selected; `loser` has
     * none (NOT_ENOUGH_VOTES).
     */
    async function carryOnBudget() {
      const budget = await budgetIn(t, 'closed', {
        title: '2031 남원시 주민참여예산',
        pots: [{ districtId: null, amount: 1_000_000_000 }],
      });
      const project = (overrides = {}) =>
        createProjectRow(t.db, budget.id, {
          cost: 10_000_000,
          departmentId: s.parks.id,
          ...overrides,
        });
      const author = s.citizen.user.id;
      const proposals = {
        underReview: await createProposal(t.db, author, {
          status: ProposalStatus.UNDER_REVIEW,
          departmentId: s.parks.id,
        }),
        submitted: await createProposal(t.db, author),
        rejectedElsewhere: await createProposal(t.db, author, {
          status: ProposalStatus.REJECTED,
          departmentId: s.roads.id,
        }),
        inProgress: await createProposal(t.db, author, {
          status: ProposalStatus.IN_PROGRESS,
          departmentId: s.parks.id,
          progress: 40,
        }),
        withdrawn: await createProposal(t.db, author, { status: ProposalStatus.WITHDRAWN }),
        ofLoser: await createProposal(t.db, author, {
          status: ProposalStatus.UNDER_REVIEW,
          departmentId: s.parks.id,
        }),
      };
      // Routed proposals carry the routing an answer refers to, as assignProposal writes it.
      for (const p of [
        proposals.underReview,
        proposals.rejectedElsewhere,
        proposals.inProgress,
        proposals.ofLoser,
      ]) {
        await t.db.query(
          `INSERT INTO department_transfer (proposal_id, to_department_id, reason, by_id, response_due_at)
           VALUES ($1, $2, 'triage', $3, now() + interval '14 days')`,
          [p.id, p.departmentId, s.admin.user.id],
        );
      }
      const projects = {
        fresh: await project({ title: '새 놀이터', description: '어린이 놀이터를 새로 짓습니다.' }),
        underReview: await project({ proposalId: proposals.underReview.id }),
        submitted: await project({ proposalId: proposals.submitted.id }),
        rejectedElsewhere: await project({ proposalId: proposals.rejectedElsewhere.id }),
        inProgress: await project({ proposalId: proposals.inProgress.id }),
        withdrawn: await project({ proposalId: proposals.withdrawn.id }),
        noDepartment: await project({ departmentId: null }),
        loser: await project({ proposalId: proposals.ofLoser.id }),
      };
      const chosen = Object.values(projects)
        .filter((p) => p !== projects.loser)
        .map((p) => p.id);
      await createBallotRow(t.db, budget.id, s.voters[0].user.id, chosen);
      const res = await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
      expect(res.errors).toBeUndefined();
      return { budget, projects, proposals };
    }

    const proposalOf = async (projectId: string) => {
      const res = await t.gql(PROJECT, { id: pjid(projectId) }, s.admin.token);
      return res.data.node.proposal as { id: string; status: string } | null;
    };
    const read = async (proposalGid: string) =>
      (await t.gql(PROPOSAL, { id: proposalGid }, s.admin.token)).data.proposal;

    let scene: Awaited<ReturnType<typeof carryOnBudget>>;
    beforeAll(async () => {
      scene = await carryOnBudget();
    });

    it('a project without a proposal gets one: ACCEPTED, in its department, answered as selected', async () => {
      const link = await proposalOf(scene.projects.fresh.id);
      expect(link?.status).toBe('ACCEPTED');
      const proposal = await read(link!.id);
      expect(proposal).toMatchObject({
        title: '새 놀이터',
        body: '어린이 놀이터를 새로 짓습니다.',
        status: 'ACCEPTED',
        author: { id: uid(s.admin) },
        department: { id: did(s.parks.id) },
        transfers: [{ from: null, to: { id: did(s.parks.id) }, by: { id: uid(s.admin) } }],
        answers: [
          { status: 'ACCEPTED', author: { id: uid(s.admin) }, department: { id: did(s.parks.id) } },
        ],
      });
      expect(proposal.answers[0].body).toBe(
        'Selected in the participatory budget "2031 남원시 주민참여예산" with 1 vote; it goes ahead at a cost of 10,000,000 won.',
      );
    });

    it("then its department's staff report progress on it, and other departments may not", async () => {
      const link = await proposalOf(scene.projects.fresh.id);
      const input = { proposalId: link!.id, progress: 30, body: '부지 정리를 시작했습니다.' };
      const other = await t.gql(PROGRESS, { input }, s.roadsStaff.token);
      expect(codeOf(other)).toBe('FORBIDDEN');
      const res = await t.gql(PROGRESS, { input }, s.parksStaff.token);
      expect(res.errors).toBeUndefined();
      const proposal = await read(link!.id);
      expect(proposal).toMatchObject({ status: 'IN_PROGRESS', progress: 30 });
    });

    it("a proposal under review in the project's department is answered ACCEPTED, not routed again", async () => {
      const proposal = await read(prid(scene.proposals.underReview.id));
      expect(proposal.status).toBe('ACCEPTED');
      expect(proposal.transfers).toHaveLength(1);
      expect(proposal.answers.map((a: { status: string }) => a.status)).toEqual(['ACCEPTED']);
      expect((await proposalOf(scene.projects.underReview.id))?.id).toBe(
        prid(scene.proposals.underReview.id),
      );
    });

    it('an unassigned proposal is routed to the department first, then accepted', async () => {
      const proposal = await read(prid(scene.proposals.submitted.id));
      expect(proposal).toMatchObject({
        status: 'ACCEPTED',
        department: { id: did(s.parks.id) },
        transfers: [{ from: null, to: { id: did(s.parks.id) } }],
      });
    });

    it("a proposal another department rejected moves to the project's department, is reconsidered, then accepted", async () => {
      const proposal = await read(prid(scene.proposals.rejectedElsewhere.id));
      expect(proposal.status).toBe('ACCEPTED');
      expect(proposal.transfers.at(-1)).toEqual({
        from: { id: did(s.roads.id) },
        to: { id: did(s.parks.id) },
        by: { id: uid(s.admin) },
      });
      expect(proposal.answers.map((a: { status: string }) => a.status)).toEqual([
        'UNDER_REVIEW',
        'ACCEPTED',
      ]);
    });

    it('a proposal already in progress is left as it is', async () => {
      const proposal = await read(prid(scene.proposals.inProgress.id));
      expect(proposal).toMatchObject({ status: 'IN_PROGRESS', progress: 40, answers: [] });
    });

    it('a withdrawn proposal stays withdrawn; the project carries on through a new proposal, and its record keeps both', async () => {
      const withdrawn = await read(prid(scene.proposals.withdrawn.id));
      expect(withdrawn.status).toBe('WITHDRAWN');
      const link = await proposalOf(scene.projects.withdrawn.id);
      expect(link!.id).not.toBe(prid(scene.proposals.withdrawn.id));
      expect(link!.status).toBe('ACCEPTED');
      const [change] = await t.db.query(
        `SELECT details FROM budget_project_change WHERE project_id = $1 AND kind = 'SELECTED'`,
        [scene.projects.withdrawn.id],
      );
      expect(change.details.proposalId).toEqual([scene.proposals.withdrawn.id, expect.any(String)]);
    });

    it('a project without a department carries on through a proposal that waits for the triage desk', async () => {
      const link = await proposalOf(scene.projects.noDepartment.id);
      const proposal = await read(link!.id);
      expect(proposal).toMatchObject({ status: 'SUBMITTED', department: null, answers: [] });
    });

    it('a project that was not selected leaves its proposal alone', async () => {
      const proposal = await read(prid(scene.proposals.ofLoser.id));
      expect(proposal).toMatchObject({ status: 'UNDER_REVIEW', answers: [] });
      const [row] = await t.db.query(
        'SELECT outcome FROM budget_project_result WHERE project_id = $1',
        [scene.projects.loser.id],
      );
      expect(row.outcome).toBe('NOT_ENOUGH_VOTES');
    });
  });

  describe('startBudgetImplementation', () => {
    it('before publication: CONFLICT; by staff: FORBIDDEN; after: IMPLEMENTING, once', async () => {
      const { budget } = await handBudget(t, s);
      const early = await t.gql(START, { id: bid(budget.id) }, s.admin.token);
      expect(codeOf(early)).toBe('CONFLICT');
      await t.gql(PUBLISH, { id: bid(budget.id) }, s.admin.token);
      const staff = await t.gql(START, { id: bid(budget.id) }, s.parksStaff.token);
      expect(codeOf(staff)).toBe('FORBIDDEN');
      const res = await t.gql(START, { id: bid(budget.id) }, s.admin.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.startBudgetImplementation).toEqual({
        id: bid(budget.id),
        stage: 'IMPLEMENTING',
      });
      const again = await t.gql(START, { id: bid(budget.id) }, s.admin.token);
      expect(codeOf(again)).toBe('CONFLICT');
      const audits = await t.db.query(
        `SELECT actor_id FROM audit_entry WHERE action = 'BUDGET_IMPLEMENTATION_STARTED' AND target_id = $1`,
        [budget.id],
      );
      expect(audits).toEqual([{ actor_id: s.admin.user.id }]);
    });
  });
});
