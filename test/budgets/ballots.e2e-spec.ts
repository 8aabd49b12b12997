import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import {
  createBudgetRow,
  createProjectRow,
  makeResident,
} from '../../src/budgets/testing/budgets.factory.js';
import { BudgetVotingStyle, Feasibility } from '../../src/budgets/budget-enums.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Casting a ballot (issue 18): who may vote and when, the ballot rules of each voting style,
 * changing one's mind (the last ballot counts), and a person's two ballots sent at once.
 */

const CAST = `mutation($input: CastBallotInput!) {
  castBallot(input: $input) { updatedAt budget { id } projects { id } } }`;
const MINE = `query($id: ID!) { budget(id: $id) { myBallot { projects { id } } } }`;

const T0 = new Date('2031-06-10T03:00:00.000Z');
const HOUR = 3_600_000;
const gid = (type: string, id: string) => toGlobalId(type, id);

describe('castBallot', () => {
  let t: TestApp;
  let unbong: string;
  let ingwol: string;

  /** A token minted now (the clock moves within this file). */
  const tokenOf = (user: TestUser) => tokenFor(t.db, t.jwt, user.user);
  const cast = async (user: TestUser, budgetId: string, projectIds: string[]) =>
    t.gql(
      CAST,
      {
        input: {
          budgetId: gid('ParticipatoryBudget', budgetId),
          projectIds: projectIds.map((id) => gid('BudgetProject', id)),
        },
      },
      await tokenOf(user),
    );
  const choicesOf = async (budgetId: string, voterId: string): Promise<string[]> =>
    (
      await t.db.query(
        `SELECT c.project_id FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id
          WHERE b.budget_id = $1 AND b.voter_id = $2 ORDER BY c.project_id`,
        [budgetId, voterId],
      )
    ).map((r: { project_id: string }) => r.project_id);
  const resident = async (districtId: string | null, birthYear: number | null = 1980) => {
    const user = await createUser(t.db, t.jwt);
    await makeResident(t.db, user.user.id, districtId, birthYear);
    return user;
  };

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    unbong = (await createDistrict(t.db, { name: '운봉읍' })).id;
    ingwol = (await createDistrict(t.db, { name: '인월면' })).id;
  });
  afterEach(() => setClock(T0));
  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  describe('when', () => {
    it('is open from votingStartsAt up to, not including, votingEndsAt (CONFLICT outside)', async () => {
      const budget = await createBudgetRow(t.db, {
        votingStartsAt: new Date(T0.getTime() + HOUR),
        votingEndsAt: new Date(T0.getTime() + 2 * HOUR),
      });
      const project = await createProjectRow(t.db, budget.id);
      const voter = await resident(null);
      setClock(T0.getTime() + HOUR - 1);
      expect((await cast(voter, budget.id, [project.id])).errors?.[0].extensions?.code).toBe(
        'CONFLICT',
      );
      expect(await choicesOf(budget.id, voter.user.id)).toEqual([]);
      setClock(T0.getTime() + HOUR);
      expect((await cast(voter, budget.id, [project.id])).errors).toBeUndefined();
      setClock(T0.getTime() + 2 * HOUR - 1);
      expect((await cast(voter, budget.id, [])).errors).toBeUndefined();
      setClock(T0.getTime() + 2 * HOUR);
      const late = await cast(voter, budget.id, [project.id]);
      expect(late.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await choicesOf(budget.id, voter.user.id)).toEqual([]);
    });

    it('refuses anyone not signed in', async () => {
      const budget = await createBudgetRow(t.db, {}, T0);
      const project = await createProjectRow(t.db, budget.id);
      const res = await t.gql(CAST, {
        input: {
          budgetId: gid('ParticipatoryBudget', budget.id),
          projectIds: [gid('BudgetProject', project.id)],
        },
      });
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('who', () => {
    it('needs the minimum age reached this year: born 2017 votes at 14 in 2031, born 2018 does not', async () => {
      const budget = await createBudgetRow(t.db, { minimumAge: 14 }, T0);
      const project = await createProjectRow(t.db, budget.id);
      const fourteen = await resident(null, 2017);
      const thirteen = await resident(null, 2018);
      const unknown = await resident(null, null);
      expect((await cast(fourteen, budget.id, [project.id])).errors).toBeUndefined();
      const young = await cast(thirteen, budget.id, [project.id]);
      expect(young.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'TOO_YOUNG',
      });
      const ageless = await cast(unknown, budget.id, [project.id]);
      expect(ageless.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'AGE_UNKNOWN',
      });
      expect(await choicesOf(budget.id, thirteen.user.id)).toEqual([]);
      expect(await choicesOf(budget.id, unknown.user.id)).toEqual([]);
    });

    it('needs a verified residency when the budget says so (NOT_VERIFIED)', async () => {
      const budget = await createBudgetRow(t.db, { requiresVerifiedResidency: true }, T0);
      const project = await createProjectRow(t.db, budget.id);
      const unverified = await resident(null);
      const verified = await resident(unbong);
      const res = await cast(unverified, budget.id, [project.id]);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_VERIFIED',
      });
      expect((await cast(verified, budget.id, [project.id])).errors).toBeUndefined();
    });

    it("refuses a resident of a district without a pot when the budget has only districts' pots (OTHER_DISTRICT)", async () => {
      const budget = await createBudgetRow(
        t.db,
        { pots: [{ districtId: unbong, amount: 50_000_000 }] },
        T0,
      );
      const project = await createProjectRow(t.db, budget.id, { districtId: unbong });
      const fromIngwol = await resident(ingwol);
      const res = await cast(fromIngwol, budget.id, [project.id]);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'OTHER_DISTRICT',
      });
      expect((await cast(await resident(unbong), budget.id, [project.id])).errors).toBeUndefined();
    });

    it('lets a suspended resident vote: a ballot is read by nobody', async () => {
      const budget = await createBudgetRow(t.db, {}, T0);
      const project = await createProjectRow(t.db, budget.id);
      const suspended = await createUser(t.db, t.jwt, {
        suspendedUntil: new Date(T0.getTime() + 10 * HOUR),
      });
      await makeResident(t.db, suspended.user.id, null);
      expect((await cast(suspended, budget.id, [project.id])).errors).toBeUndefined();
    });
  });

  describe('what (KNAPSACK, a city-wide pot of 100,000,000 and a district pot of 30,000,000)', () => {
    let budgetId: string;
    let city: { a: string; b: string; c: string };
    let inUnbong: string;
    let inIngwol: string;
    let pending: string;
    let notFeasible: string;
    let otherBudgets: string;

    beforeAll(async () => {
      const budget = await createBudgetRow(
        t.db,
        {
          pots: [
            { districtId: null, amount: 100_000_000 },
            { districtId: unbong, amount: 30_000_000 },
            { districtId: ingwol, amount: 30_000_000 },
          ],
        },
        T0,
      );
      budgetId = budget.id;
      city = {
        a: (await createProjectRow(t.db, budgetId, { cost: 60_000_000 })).id,
        b: (await createProjectRow(t.db, budgetId, { cost: 40_000_000 })).id,
        c: (await createProjectRow(t.db, budgetId, { cost: 1 })).id,
      };
      inUnbong = (await createProjectRow(t.db, budgetId, { cost: 30_000_000, districtId: unbong }))
        .id;
      inIngwol = (await createProjectRow(t.db, budgetId, { cost: 10, districtId: ingwol })).id;
      pending = (await createProjectRow(t.db, budgetId, { feasibility: Feasibility.PENDING })).id;
      notFeasible = (
        await createProjectRow(t.db, budgetId, {
          feasibility: Feasibility.NOT_FEASIBLE,
          feasibilityReason: '불가',
        })
      ).id;
      otherBudgets = (await createProjectRow(t.db, (await createBudgetRow(t.db, {}, T0)).id)).id;
    });

    it('takes projects that cost exactly the amount of each pot', async () => {
      const voter = await resident(unbong);
      const res = await cast(voter, budgetId, [city.a, city.b, inUnbong]);
      expect(res.errors).toBeUndefined();
      expect(res.data.castBallot.projects.map((p: { id: string }) => p.id).sort()).toEqual(
        [city.a, city.b, inUnbong].map((id) => gid('BudgetProject', id)).sort(),
      );
      expect(await choicesOf(budgetId, voter.user.id)).toEqual([city.a, city.b, inUnbong].sort());
    });

    it('refuses one won over the amount, naming the projects field and the totals', async () => {
      const voter = await resident(unbong);
      const res = await cast(voter, budgetId, [city.a, city.b, city.c]);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fieldErrors).toEqual([
        { field: 'projectIds.2', message: expect.stringContaining('100000001') },
      ]);
      expect(await choicesOf(budgetId, voter.user.id)).toEqual([]);
    });

    it.each([
      ['a project pending review', () => pending, 'projectIds.0'],
      ['a project judged not feasible', () => notFeasible, 'projectIds.0'],
      ['a project of another budget', () => otherBudgets, 'projectIds.0'],
      ['a project of another district', () => inIngwol, 'projectIds.0'],
    ])('refuses %s (BAD_USER_INPUT), keeping the earlier ballot', async (_case, project, field) => {
      const voter = await resident(unbong);
      await cast(voter, budgetId, [city.c]);
      const res = await cast(voter, budgetId, [project()]);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fieldErrors?.[0].field).toBe(field);
      expect(await choicesOf(budgetId, voter.user.id)).toEqual([city.c]);
    });

    it('refuses an unverified voter any district project (they have no district)', async () => {
      const voter = await resident(null);
      const res = await cast(voter, budgetId, [inUnbong]);
      expect(res.errors?.[0].extensions?.fieldErrors?.[0].field).toBe('projectIds.0');
    });

    it.each([
      [
        'the same project twice',
        (ids: string[]) => [ids[0], ids[0]].map((id) => gid('BudgetProject', id)),
      ],
      [
        '101 projects',
        () =>
          Array.from({ length: 101 }, (_, i) =>
            gid('BudgetProject', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
          ),
      ],
      [
        'an id of another type',
        () => [gid('ParticipatoryBudget', '00000000-0000-4000-8000-000000000001')],
      ],
      ['junk', () => ['not-an-id']],
      ['a number', () => [42]],
    ])('refuses %s (BAD_USER_INPUT)', async (_case, ids) => {
      const voter = await resident(unbong);
      const res = await t.gql(
        CAST,
        { input: { budgetId: gid('ParticipatoryBudget', budgetId), projectIds: ids([city.c]) } },
        await tokenOf(voter),
      );
      expect(res.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
      expect(await choicesOf(budgetId, voter.user.id)).toEqual([]);
    });

    it('the last ballot counts; an empty one withdraws it; myBallot shows it to its voter alone', async () => {
      const voter = await resident(unbong);
      const other = await resident(unbong);
      const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
      await cast(voter, budgetId, [city.a]);
      await cast(voter, budgetId, [city.b, inUnbong]);
      expect(await choicesOf(budgetId, voter.user.id)).toEqual([city.b, inUnbong].sort());
      const rows = await t.db.query(
        'SELECT count(*)::int AS n FROM ballot WHERE budget_id = $1 AND voter_id = $2',
        [budgetId, voter.user.id],
      );
      expect(rows[0].n).toBe(1);

      const mine = await t.gql(
        MINE,
        { id: gid('ParticipatoryBudget', budgetId) },
        await tokenOf(voter),
      );
      expect(mine.data.budget.myBallot.projects.map((p: { id: string }) => p.id).sort()).toEqual(
        [city.b, inUnbong].map((id) => gid('BudgetProject', id)).sort(),
      );
      for (const reader of [other, admin]) {
        const theirs = await t.gql(
          MINE,
          { id: gid('ParticipatoryBudget', budgetId) },
          await tokenOf(reader),
        );
        expect(theirs.data.budget.myBallot).toBeNull();
      }
      const anonymous = await t.gql(MINE, { id: gid('ParticipatoryBudget', budgetId) });
      expect(anonymous.data.budget.myBallot).toBeNull();

      const withdrawn = await cast(voter, budgetId, []);
      expect(withdrawn.data.castBallot.projects).toEqual([]);
      const after = await t.gql(
        MINE,
        { id: gid('ParticipatoryBudget', budgetId) },
        await tokenOf(voter),
      );
      expect(after.data.budget.myBallot).toBeNull();
    });

    it("a voter's two ballots sent at once end as one ballot holding one of them whole", async () => {
      for (let round = 0; round < 5; round += 1) {
        const voter = await resident(unbong);
        const first = [city.a, inUnbong];
        const second = [city.b, city.c];
        const token = await tokenOf(voter);
        const send = (ids: string[]) =>
          t.gql(
            CAST,
            {
              input: {
                budgetId: gid('ParticipatoryBudget', budgetId),
                projectIds: ids.map((id) => gid('BudgetProject', id)),
              },
            },
            token,
          );
        const results = await Promise.all([send(first), send(second)]);
        expect(results.map((r) => r.errors)).toEqual([undefined, undefined]);
        const held = await choicesOf(budgetId, voter.user.id);
        expect([first.sort(), second.sort()]).toContainEqual(held);
        const rows = await t.db.query(
          'SELECT count(*)::int AS n FROM ballot WHERE budget_id = $1 AND voter_id = $2',
          [budgetId, voter.user.id],
        );
        expect(rows[0].n).toBe(1);
      }
    });
  });

  describe('APPROVAL with maxChoices 2', () => {
    it('takes 2 projects in a pot and refuses 3, per pot', async () => {
      const budget = await createBudgetRow(
        t.db,
        {
          votingStyle: BudgetVotingStyle.APPROVAL,
          maxChoices: 2,
          pots: [
            { districtId: null, amount: 10 },
            { districtId: unbong, amount: 10 },
          ],
        },
        T0,
      );
      const [a, b, c] = await Promise.all(
        [1, 2, 3].map(() => createProjectRow(t.db, budget.id, { cost: 10 })),
      );
      const [d, e] = await Promise.all(
        [1, 2].map(() => createProjectRow(t.db, budget.id, { cost: 10, districtId: unbong })),
      );
      const voter = await resident(unbong);
      // Approval ignores the costs: two 10-won projects in a 10-won pot are fine.
      expect((await cast(voter, budget.id, [a.id, b.id, d.id, e.id])).errors).toBeUndefined();
      const three = await cast(voter, budget.id, [a.id, b.id, c.id]);
      expect(three.errors?.[0].extensions?.fieldErrors).toEqual([
        { field: 'projectIds.2', message: expect.stringContaining('2') },
      ]);
      expect(await choicesOf(budget.id, voter.user.id)).toEqual([a.id, b.id, d.id, e.id].sort());
    });
  });

  it("a process's budgets with the viewer's ballot in each cost the same statements for 1 budget as for 5", async () => {
    const voter = await resident(null);
    const statementsFor = async (budgets: number) => {
      const first = await createBudgetRow(t.db, {}, T0);
      for (let i = 1; i < budgets; i += 1) {
        await createBudgetRow(t.db, { processId: first.processId }, T0);
      }
      const rows = await t.db.query('SELECT id FROM participatory_budget WHERE process_id = $1', [
        first.processId,
      ]);
      for (const { id } of rows) {
        await cast(voter, id, [(await createProjectRow(t.db, id)).id]);
      }
      const token = await tokenOf(voter);
      const { result, queries } = await countQueries(t.db, () =>
        t.gql(
          `query($id: ID!) { node(id: $id) { ... on ParticipatoryProcess {
             budgets { myBallot { projects { id } } } } } }`,
          { id: gid('ParticipatoryProcess', first.processId) },
          token,
        ),
      );
      expect(result.errors).toBeUndefined();
      const ballots = result.data.node.budgets.map(
        (b: { myBallot: { projects: unknown[] } }) => b.myBallot.projects.length,
      );
      expect(ballots).toEqual(Array.from({ length: budgets }, () => 1));
      return queries;
    };
    expect((await statementsFor(5)).length).toBe((await statementsFor(1)).length);
  });
});
