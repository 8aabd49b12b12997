import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { createBudgetRow } from '../../src/budgets/testing/budgets.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Setting a budget up (issue 18): an admin creates it with its pots and dates; departments add
 * projects until voting starts and review them; every change is on the project's record.
 */

const CREATE_BUDGET = `mutation($input: CreateBudgetInput!) {
  createBudget(input: $input) {
    id title stage votingStyle selectionRule maxChoices minimumAge requiresVerifiedResidency liveTotals
    pots { amount district { slug } } process { id }
  } }`;
const CREATE_PROJECT = `mutation($input: CreateBudgetProjectInput!) {
  createBudgetProject(input: $input) {
    id title description cost feasibility onBallot department { id } district { slug }
    proposal { id budgetProjects { id } } budget { id }
  } }`;
const REVIEW = `mutation($input: ReviewBudgetProjectInput!) {
  reviewBudgetProject(input: $input) {
    id cost feasibility feasibilityReason onBallot
    history { kind costBefore costAfter feasibility reason actor { id } }
  } }`;
const BUDGET = `query($id: ID!) { budget(id: $id) { id stage projects(first: 50) { totalCount nodes { id title } } } }`;

const T0 = new Date('2031-03-01T00:00:00.000Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(T0.getTime() + days * DAY);

describe('setting a budget up', () => {
  let t: TestApp;
  let admin: TestUser;
  let parksStaff: TestUser;
  let roadsStaff: TestUser;
  let citizen: TestUser;
  let parksId: string;
  let processId: string;
  let unbong: { id: string; gid: string };
  let ingwol: { id: string; gid: string };

  /** A token minted at the clock's current time (a token minted at T0 has expired 10 days on). */
  const now = (user: TestUser) => tokenFor(t.db, t.jwt, user.user);

  const budgetInput = (overrides: Record<string, unknown> = {}) => ({
    processId,
    title: '2031 남원시 주민참여예산',
    votingStyle: 'KNAPSACK',
    selectionRule: 'GREEDY',
    pots: [
      { amount: 300_000_000 },
      { districtId: unbong.gid, amount: 50_000_000 },
      { districtId: ingwol.gid, amount: 40_000_000 },
    ],
    reviewStartsAt: at(10).toISOString(),
    votingStartsAt: at(20).toISOString(),
    votingEndsAt: at(30).toISOString(),
    ...overrides,
  });

  beforeAll(async () => {
    // The app starts on the real Date (the schema maps that class to DateTime), then the clock stops.
    t = await startTestApp();
    freezeClock(T0);
    const parks = await createDepartment(t.db, { slug: 'parks' });
    const roads = await createDepartment(t.db, { slug: 'roads' });
    parksId = toGlobalId('Department', parks.id);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roads.id });
    citizen = await createUser(t.db, t.jwt);
    const existing = await createBudgetRow(t.db); // only for its process
    processId = toGlobalId('ParticipatoryProcess', existing.processId);
    const u = await createDistrict(t.db, { slug: 'unbong', name: '운봉읍' });
    const i = await createDistrict(t.db, { slug: 'ingwol', name: '인월면' });
    unbong = { id: u.id, gid: toGlobalId('District', u.id) };
    ingwol = { id: i.id, gid: toGlobalId('District', i.id) };
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  describe('createBudget', () => {
    it('an admin creates a budget with a city-wide pot and two district pots', async () => {
      const res = await t.gql(CREATE_BUDGET, { input: budgetInput() }, admin.token);
      expect(res.errors).toBeUndefined();
      const budget = res.data.createBudget;
      expect(budget).toMatchObject({
        stage: 'COLLECTING',
        votingStyle: 'KNAPSACK',
        maxChoices: null,
        minimumAge: 14,
        requiresVerifiedResidency: true,
        liveTotals: false,
        process: { id: processId },
      });
      expect(budget.pots[0]).toEqual({ amount: 300_000_000, district: null });
      expect(budget.pots).toHaveLength(3);
      expect(budget.pots).toEqual(
        expect.arrayContaining([
          { amount: 50_000_000, district: { slug: 'unbong' } },
          { amount: 40_000_000, district: { slug: 'ingwol' } },
        ]),
      );
    });

    it.each([
      ['a citizen', () => citizen.token, 'FORBIDDEN'],
      ['staff', () => parksStaff.token, 'FORBIDDEN'],
      ['nobody signed in', () => null, 'UNAUTHENTICATED'],
    ])('%s may not create a budget', async (_who, token, code) => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM participatory_budget');
      const res = await t.gql(CREATE_BUDGET, { input: budgetInput() }, token());
      expect(res.errors?.[0].extensions?.code).toBe(code);
      const after = await t.db.query('SELECT count(*)::int AS n FROM participatory_budget');
      expect(after[0].n).toBe(before[0].n);
    });

    it.each([
      ['voting that ends as it starts', { votingEndsAt: at(20).toISOString() }, 'votingEndsAt'],
      ['voting longer than a year', { votingEndsAt: at(20 + 367).toISOString() }, 'votingEndsAt'],
      ['review after voting starts', { reviewStartsAt: at(21).toISOString() }, 'reviewStartsAt'],
      ['APPROVAL without maxChoices', { votingStyle: 'APPROVAL' }, 'maxChoices'],
      ['KNAPSACK with maxChoices', { maxChoices: 3 }, 'maxChoices'],
      ['no pot', { pots: [] }, 'pots'],
      ['two city-wide pots', { pots: [{ amount: 1 }, { amount: 2 }] }, 'pots.1.districtId'],
      ['a zero amount', { pots: [{ amount: 0 }] }, 'pots.0.amount'],
      ['a fractional amount', { pots: [{ amount: 1.5 }] }, 'pots.0.amount'],
      ['an amount past 10^15', { pots: [{ amount: 1e15 + 1 }] }, 'pots.0.amount'],
      ['a title of two characters', { title: 'ab' }, 'title'],
      ['a title of 151 characters', { title: '가'.repeat(151) }, 'title'],
      ['a minimum age of 121', { minimumAge: 121 }, 'minimumAge'],
      [
        'a district id of another type',
        { pots: [{ districtId: 'department', amount: 1 }] },
        'pots.0.districtId',
      ],
    ])(
      'refuses %s (BAD_USER_INPUT naming the field), creating nothing',
      async (_case, overrides, field) => {
        const before = await t.db.query('SELECT count(*)::int AS n FROM participatory_budget');
        // Ids are made in beforeAll, after the table above is built.
        const input = JSON.parse(
          JSON.stringify(budgetInput(overrides)).replace('"department"', JSON.stringify(parksId)),
        );
        const res = await t.gql(CREATE_BUDGET, { input }, admin.token);
        expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(
          (res.errors?.[0].extensions?.fieldErrors ?? []).map((e: { field: string }) => e.field),
        ).toContain(field);
        const after = await t.db.query('SELECT count(*)::int AS n FROM participatory_budget');
        expect(after[0].n).toBe(before[0].n);
      },
    );

    it('refuses a district that does not exist', async () => {
      const ghost = toGlobalId('District', '00000000-0000-4000-8000-000000000000');
      const res = await t.gql(
        CREATE_BUDGET,
        { input: budgetInput({ pots: [{ districtId: ghost, amount: 5 }] }) },
        admin.token,
      );
      expect(res.errors?.[0].extensions?.fieldErrors).toEqual([
        expect.objectContaining({ field: 'pots.0.districtId' }),
      ]);
    });

    it('an APPROVAL budget keeps its maxChoices', async () => {
      const res = await t.gql(
        CREATE_BUDGET,
        {
          input: budgetInput({
            votingStyle: 'APPROVAL',
            maxChoices: 3,
            selectionRule: 'EQUAL_SHARES',
            minimumAge: 16,
            requiresVerifiedResidency: false,
            liveTotals: true,
          }),
        },
        admin.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createBudget).toMatchObject({
        votingStyle: 'APPROVAL',
        selectionRule: 'EQUAL_SHARES',
        maxChoices: 3,
        minimumAge: 16,
        requiresVerifiedResidency: false,
        liveTotals: true,
      });
    });
  });

  describe('projects and their review', () => {
    let budgetId: string;
    beforeAll(async () => {
      setClock(T0);
      const res = await t.gql(CREATE_BUDGET, { input: budgetInput() }, admin.token);
      budgetId = res.data.createBudget.id;
    });
    afterEach(() => setClock(T0));

    const project = (overrides: Record<string, unknown> = {}) => ({
      budgetId,
      title: '운봉 생태놀이터 그늘막',
      description: '놀이터에 그늘막을 설치합니다.',
      cost: 30_000_000,
      districtId: unbong.gid,
      ...overrides,
    });

    it('staff add a project for their own department, pending review and not on the ballot', async () => {
      const res = await t.gql(CREATE_PROJECT, { input: project() }, parksStaff.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.createBudgetProject).toMatchObject({
        cost: 30_000_000,
        feasibility: 'PENDING',
        onBallot: false,
        department: { id: parksId },
        district: { slug: 'unbong' },
        proposal: null,
        budget: { id: budgetId },
      });
    });

    it('staff may not add a project for another department; citizens may not add one at all', async () => {
      const other = await t.gql(
        CREATE_PROJECT,
        { input: project({ departmentId: parksId }) },
        roadsStaff.token,
      );
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const byCitizen = await t.gql(CREATE_PROJECT, { input: project() }, citizen.token);
      expect(byCitizen.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });

    it('a project made from a proposal takes its title and body, and the proposal lists it', async () => {
      const proposal = await createProposal(t.db, citizen.user.id, {
        title: '인월 마을 쉼터',
        body: '어르신 쉼터가 필요합니다.',
      });
      const res = await t.gql(
        CREATE_PROJECT,
        {
          input: {
            budgetId,
            cost: 20_000_000,
            districtId: ingwol.gid,
            proposalId: toGlobalId('Proposal', proposal.id),
          },
        },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
      const made = res.data.createBudgetProject;
      expect(made).toMatchObject({
        title: '인월 마을 쉼터',
        description: '어르신 쉼터가 필요합니다.',
      });
      expect(made.proposal.budgetProjects).toEqual([{ id: made.id }]);
      const again = await t.gql(
        CREATE_PROJECT,
        {
          input: {
            budgetId,
            cost: 1_000,
            districtId: ingwol.gid,
            proposalId: toGlobalId('Proposal', proposal.id),
          },
        },
        parksStaff.token,
      );
      expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    });

    it.each([
      [
        'a cost over its pot (40,000,001 in a 40,000,000 pot)',
        { cost: 40_000_001, districtId: 'ingwol' },
        'cost',
      ],
      ['a district without a pot', { districtId: 'x' }, 'districtId'],
      ['no title and no proposal', { title: null }, 'title'],
      ['a negative cost', { cost: -5 }, 'cost'],
      ['a cost in a string', { cost: '1000' }, null],
    ])('refuses %s', async (_case, overrides, field) => {
      const before = await t.db.query('SELECT count(*)::int AS n FROM budget_project');
      let input = project(overrides);
      if ((overrides as { districtId?: string }).districtId === 'ingwol') {
        input = project({ ...overrides, districtId: ingwol.gid });
      }
      if ((overrides as { districtId?: string }).districtId === 'x') {
        const elsewhere = await createDistrict(t.db);
        input = project({ districtId: toGlobalId('District', elsewhere.id) });
      }
      const res = await t.gql(CREATE_PROJECT, { input }, parksStaff.token);
      expect(res.errors?.[0].extensions?.code).toBe(field ? 'BAD_USER_INPUT' : 'BAD_USER_INPUT');
      if (field) {
        expect(res.errors?.[0].extensions?.fieldErrors?.map((e) => e.field)).toContain(field);
      }
      const after = await t.db.query('SELECT count(*)::int AS n FROM budget_project');
      expect(after[0].n).toBe(before[0].n);
    });

    it('a project without a district is paid from the city-wide pot', async () => {
      const res = await t.gql(
        CREATE_PROJECT,
        { input: project({ districtId: null, cost: 300_000_000 }) },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createBudgetProject.district).toBeNull();
      const over = await t.gql(
        CREATE_PROJECT,
        { input: project({ districtId: null, cost: 300_000_001 }) },
        parksStaff.token,
      );
      expect(over.errors?.[0].extensions?.fieldErrors?.[0].field).toBe('cost');
    });

    it('a cost exactly the pot is allowed', async () => {
      const res = await t.gql(
        CREATE_PROJECT,
        { input: project({ cost: 40_000_000, districtId: ingwol.gid }) },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
    });

    it('the department reviews: not feasible needs a reason, a revised cost is recorded, others may not review', async () => {
      const made = await t.gql(CREATE_PROJECT, { input: project() }, await now(parksStaff));
      const projectId = made.data.createBudgetProject.id;
      setClock(at(12)); // REVIEWING
      const stage = await t.gql(BUDGET, { id: budgetId });
      expect(stage.data.budget.stage).toBe('REVIEWING');

      const noReason = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'NOT_FEASIBLE' } },
        await now(parksStaff),
      );
      expect(noReason.errors?.[0].extensions?.fieldErrors?.[0].field).toBe('reason');

      const byRoads = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'FEASIBLE' } },
        await now(roadsStaff),
      );
      expect(byRoads.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const byCitizen = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'FEASIBLE' } },
        await now(citizen),
      );
      expect(byCitizen.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const notFeasible = await t.gql(
        REVIEW,
        {
          input: {
            projectId,
            feasibility: 'NOT_FEASIBLE',
            reason: '하천 구역이라 설치할 수 없습니다.',
          },
        },
        await now(parksStaff),
      );
      expect(notFeasible.data.reviewBudgetProject).toMatchObject({
        feasibility: 'NOT_FEASIBLE',
        feasibilityReason: '하천 구역이라 설치할 수 없습니다.',
        onBallot: false,
      });

      const feasible = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'FEASIBLE', revisedCost: 35_000_000 } },
        await now(admin),
      );
      expect(feasible.errors).toBeUndefined();
      const reviewed = feasible.data.reviewBudgetProject;
      expect(reviewed).toMatchObject({
        cost: 35_000_000,
        feasibility: 'FEASIBLE',
        onBallot: true,
        feasibilityReason: null,
      });
      expect(reviewed.history).toEqual([
        {
          kind: 'CREATED',
          costBefore: null,
          costAfter: 30_000_000,
          feasibility: null,
          reason: null,
          actor: { id: toGlobalId('User', parksStaff.user.id) },
        },
        {
          kind: 'REVIEWED',
          costBefore: null,
          costAfter: null,
          feasibility: 'NOT_FEASIBLE',
          reason: '하천 구역이라 설치할 수 없습니다.',
          actor: { id: toGlobalId('User', parksStaff.user.id) },
        },
        {
          kind: 'REVIEWED',
          costBefore: 30_000_000,
          costAfter: 35_000_000,
          feasibility: 'FEASIBLE',
          reason: null,
          actor: { id: toGlobalId('User', admin.user.id) },
        },
      ]);

      const overPot = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'FEASIBLE', revisedCost: 50_000_001 } },
        await now(parksStaff),
      );
      expect(overPot.errors?.[0].extensions?.fieldErrors?.[0].field).toBe('revisedCost');
    });

    it('once voting starts the projects are fixed: no new project, no review (CONFLICT)', async () => {
      const made = await t.gql(CREATE_PROJECT, { input: project() }, await now(parksStaff));
      const projectId = made.data.createBudgetProject.id;
      setClock(at(20).getTime() - 1);
      const lastMoment = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'FEASIBLE' } },
        await now(parksStaff),
      );
      expect(lastMoment.errors).toBeUndefined();
      setClock(at(20));
      const stage = await t.gql(BUDGET, { id: budgetId });
      expect(stage.data.budget.stage).toBe('VOTING');
      const late = await t.gql(
        REVIEW,
        { input: { projectId, feasibility: 'NOT_FEASIBLE', reason: 'x' } },
        await now(parksStaff),
      );
      expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
      const added = await t.gql(CREATE_PROJECT, { input: project() }, await now(parksStaff));
      expect(added.errors?.[0].extensions?.code).toBe('CONFLICT');
      const row = await t.db.query('SELECT feasibility FROM budget_project WHERE id = $1', [
        (await t.db.query('SELECT id FROM budget_project ORDER BY created_at DESC LIMIT 1'))[0].id,
      ]);
      expect(row[0].feasibility).toBe('FEASIBLE');
    });

    it('filters projects by district and by ballot', async () => {
      setClock(at(25));
      const res = await t.gql(
        `query($id: ID!, $d: ID) { budget(id: $id) {
           all: projects(first: 100) { totalCount }
           unbong: projects(first: 100, districtId: $d) { nodes { district { slug } } }
           ballot: projects(first: 100, onBallotOnly: true) { nodes { onBallot } }
         } }`,
        { id: budgetId, d: unbong.gid },
      );
      expect(res.errors).toBeUndefined();
      const b = res.data.budget;
      expect(b.all.totalCount).toBeGreaterThanOrEqual(5);
      expect(b.unbong.nodes.length).toBeGreaterThan(0);
      expect(
        b.unbong.nodes.every((n: { district: { slug: string } }) => n.district.slug === 'unbong'),
      ).toBe(true);
      expect(b.ballot.nodes.length).toBeGreaterThan(0);
      expect(b.ballot.nodes.every((n: { onBallot: boolean }) => n.onBallot)).toBe(true);
    });
  });
});
