import {
  getIntrospectionQuery,
  type IntrospectionObjectType,
  type IntrospectionQuery,
  type IntrospectionTypeRef,
} from 'graphql';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import {
  createBallotRow,
  createBudgetRow,
  createProjectRow,
  makeResident,
} from '../../src/budgets/testing/budgets.factory.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Ballots are secret (issue 18): nobody, admins included, can learn through the API who chose
 * what. The schema itself is walked, so a field added later that returns a ballot, or a way
 * from a ballot to its voter, fails here; and during voting no total leaks, to anyone.
 */

function named(ref: IntrospectionTypeRef): string {
  return 'ofType' in ref && ref.ofType ? named(ref.ofType) : (ref as { name: string }).name;
}

describe('the secrecy of ballots', () => {
  let t: TestApp;
  let types: IntrospectionObjectType[];
  let admin: TestUser;
  let voter: TestUser;
  let budgetId: string;
  let projectId: string;
  let ballotRowId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.gql<IntrospectionQuery>(getIntrospectionQuery());
    types = res.data.__schema.types.filter(
      (type): type is IntrospectionObjectType =>
        type.kind === 'OBJECT' && !type.name.startsWith('__'),
    );
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    voter = await createUser(t.db, t.jwt);
    await makeResident(t.db, voter.user.id, null);
    // Voting is open, without live totals.
    const budget = await createBudgetRow(t.db);
    budgetId = budget.id;
    projectId = (await createProjectRow(t.db, budget.id)).id;
    ballotRowId = (await createBallotRow(t.db, budget.id, voter.user.id, [projectId])).id;
  });
  afterAll(() => t.close());

  const fieldsReturning = (typeName: string): string[] =>
    types.flatMap((type) =>
      (type.fields ?? [])
        .filter((field) => named(field.type) === typeName)
        .map((field) => `${type.name}.${field.name}`),
    );

  it('only two fields anywhere return a Ballot: the voter casting it and reading their own', () => {
    expect(fieldsReturning('Ballot').sort()).toEqual([
      'Mutation.castBallot',
      'ParticipatoryBudget.myBallot',
    ]);
  });

  it('a Ballot has no id and leads to no person', () => {
    const ballot = types.find((type) => type.name === 'Ballot')!;
    expect(ballot.fields.map((f) => f.name).sort()).toEqual(['budget', 'projects', 'updatedAt']);
    expect(ballot.interfaces).toEqual([]);
  });

  it('no subscription carries ballots, totals or results', () => {
    const subscription = types.find((type) => type.name === 'Subscription');
    const carried = (subscription?.fields ?? []).map((f) => named(f.type));
    for (const secret of [
      'Ballot',
      'BudgetResults',
      'ProjectResult',
      'BudgetProject',
      'ParticipatoryBudget',
    ]) {
      expect(carried).not.toContain(secret);
    }
  });

  it('from a budget, a person is reached only as the staff who acted (record, paper tallies)', () => {
    const budgetTypes = new Set([
      'ParticipatoryBudget',
      'BudgetProject',
      'BudgetProjectChange',
      'Ballot',
      'BudgetResults',
      'ProjectResult',
      'OfflineTally',
      'BudgetPot',
    ]);
    const toUsers = types
      .filter((type) => budgetTypes.has(type.name))
      .flatMap((type) =>
        type.fields.filter((f) => named(f.type) === 'User').map((f) => `${type.name}.${f.name}`),
      );
    expect(toUsers.sort()).toEqual(['BudgetProjectChange.actor', 'OfflineTally.enteredBy']);
  });

  it('no global id names a ballot, whatever type is written into it', async () => {
    for (const type of ['Ballot', 'BallotChoice', 'BudgetBallot']) {
      const res = await t.gql(
        `query($id: ID!) { node(id: $id) { id } }`,
        { id: toGlobalId(type, ballotRowId) },
        admin.token,
      );
      expect(res.data?.node ?? null).toBeNull();
    }
  });

  it('while voting is open nobody sees a total, admins included', async () => {
    const query = `query($id: ID!) { budget(id: $id) { results { ballots } projects(first: 10) { nodes { votes selected } } } }`;
    for (const token of [admin.token, voter.token, null]) {
      const res = await t.gql(query, { id: toGlobalId('ParticipatoryBudget', budgetId) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.budget.results).toBeNull();
      expect(res.data.budget.projects.nodes).toEqual([{ votes: null, selected: null }]);
    }
    const path = `/budgets/${toGlobalId('ParticipatoryBudget', budgetId)}/pabulib.pb`;
    const file = await t.http().get(path).set('authorization', `Bearer ${admin.token}`);
    expect(file.status).toBe(404);
    expect(file.text).not.toContain('VOTES');
  });

  it('the ballots file exists once voting has closed, its voters numbered, never named', async () => {
    const closed = await createBudgetRow(t.db, {
      votingStartsAt: new Date(Date.now() - 86_400_000),
      votingEndsAt: new Date(Date.now() - 1_000),
    });
    const project = await createProjectRow(t.db, closed.id);
    await createBallotRow(t.db, closed.id, voter.user.id, [project.id]);
    const path = `/budgets/${toGlobalId('ParticipatoryBudget', closed.id)}/pabulib.pb`;
    const file = await t.http().get(path);
    expect(file.status).toBe(200);
    expect(file.text).toContain('VOTES');
    expect(file.text).not.toContain(voter.user.id);
    expect(file.text).not.toContain(toGlobalId('User', voter.user.id));
    expect(file.text).not.toContain(voter.user.email);
  });

  it("an admin's myBallot is their own (none), not the voter's", async () => {
    const res = await t.gql(
      `query($id: ID!) { budget(id: $id) { myBallot { projects { id } } } }`,
      { id: toGlobalId('ParticipatoryBudget', budgetId) },
      admin.token,
    );
    expect(res.data.budget.myBallot).toBeNull();
  });

  it('casting a ballot writes no audit entry and no notification: nothing records a choice elsewhere', async () => {
    const count = async () =>
      (
        await t.db.query(
          `SELECT (SELECT count(*) FROM audit_entry)::int AS audit, (SELECT count(*) FROM notification)::int AS notes`,
        )
      )[0];
    const before = await count();
    const other = await createUser(t.db, t.jwt);
    await makeResident(t.db, other.user.id, null);
    const res = await t.gql(
      `mutation($input: CastBallotInput!) { castBallot(input: $input) { updatedAt } }`,
      {
        input: {
          budgetId: toGlobalId('ParticipatoryBudget', budgetId),
          projectIds: [toGlobalId('BudgetProject', projectId)],
        },
      },
      other.token,
    );
    expect(res.errors).toBeUndefined();
    expect(await count()).toEqual(before);
  });

  it("the staff a budget names (a project's record, a paper tally) show others no private field", async () => {
    const parks = await createDepartment(t.db);
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    await makeResident(t.db, staff.user.id, null, 1975);
    const open = await createBudgetRow(t.db, {
      votingStartsAt: new Date(Date.now() + 86_400_000),
      votingEndsAt: new Date(Date.now() + 2 * 86_400_000),
    });
    const made = await t.gql(
      `mutation($input: CreateBudgetProjectInput!) { createBudgetProject(input: $input) { id } }`,
      {
        input: {
          budgetId: toGlobalId('ParticipatoryBudget', open.id),
          title: '사업입니다',
          description: '설명',
          cost: 1_000,
        },
      },
      staff.token,
    );
    expect(made.errors).toBeUndefined();
    const read = `query($id: ID!) { node(id: $id) { ... on BudgetProject {
      history { actor { id email birthYear residency { status } } } } } }`;
    const asCitizen = await t.gql(read, { id: made.data.createBudgetProject.id }, voter.token);
    expect(asCitizen.data.node.history).toEqual([
      {
        actor: {
          id: toGlobalId('User', staff.user.id),
          email: null,
          birthYear: null,
          residency: null,
        },
      },
    ]);
    const asAdmin = await t.gql(read, { id: made.data.createBudgetProject.id }, admin.token);
    expect(asAdmin.data.node.history[0].actor).toMatchObject({
      email: staff.user.email,
      birthYear: 1975,
    });
  });
});
