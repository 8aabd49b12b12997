import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { CATALOG_LIMITS } from '../../src/catalog/catalog-limits.js';
import { undeclaredLists, undeclaredTexts } from '../../src/core/graphql/cost-model.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * The cost model of issue 14 (src/core/graphql/cost-model.ts): every list counts by its real
 * maximum, long texts by their length, repeated ids are refused, and the maxima the cost
 * assumes are the ones the resolvers and the writes enforce.
 */

let t: TestApp;
/** An app whose cost limit is 10, so that every refusal names the cost it computed. */
let meter: TestApp;
let admin: TestUser;
beforeAll(async () => {
  // The meter first: passport's strategies are process-wide, so the app started last is the
  // one whose tokens are checked, and only `t` signs users in.
  const before = process.env.GRAPHQL_MAX_COST;
  process.env.GRAPHQL_MAX_COST = '10';
  try {
    meter = await startTestApp();
  } finally {
    if (before === undefined) delete process.env.GRAPHQL_MAX_COST;
    else process.env.GRAPHQL_MAX_COST = before;
  }
  t = await startTestApp();
  admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
});
afterAll(async () => {
  await meter?.close();
  await t?.close();
});

/** The cost the server computes for `query` (refused by the meter app, which says it). */
async function costOf(query: string, variables?: Record<string, unknown>): Promise<number> {
  const res = await meter.gql(query, variables);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  return res.errors![0]!.extensions!.cost as number;
}

function expectCostRefused(res: GraphqlResponse): void {
  expect(res.status).toBe(400);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  expect(res.data ?? null).toBeNull();
}

describe('every list says how long it can be', () => {
  it('no plain list of the served schema lacks @MaxItems (a list added later must declare it)', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    expect(undeclaredLists(schema)).toEqual([]);
  });

  it('no text field lacks @MaxChars (a text field added later must declare how long it can be)', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    expect(undeclaredTexts(schema)).toEqual([]);
  });
});

describe('what things cost', () => {
  it('a plain list counts by its maximum: departments is 1 + 200 × what each selects', async () => {
    expect(await costOf('{ departments { id } }')).toBe(1 + CATALOG_LIMITS.departments * 1);
    expect(await costOf('{ departments { id name slug } }')).toBe(1 + 200 * 3);
  });

  it('a paginated field under a plain list multiplies: 200 departments × 100 proposals', async () => {
    // nodes counts once per page item; body (10,000 characters) weighs 100.
    expect(await costOf('{ departments { proposals(first: 100) { nodes { body } } } }')).toBe(
      1 + 200 * (1 + 100 * (1 + 100)),
    );
  });

  it('nodes(ids:) counts one answer per id, and nested pages multiply', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);
    expect(await costOf('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids(30) })).toBe(
      1 + 30,
    );
    expect(
      await costOf(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on Proposal { comments(first: 100) { nodes { id } } } } }',
        { ids: ids(100) },
      ),
    ).toBe(1 + 100 * (1 + 100 * (1 + 1)));
  });

  it('texts weigh by their length, one per 100 characters: title 2, comment 50, body 100, workshop outcome 200', async () => {
    // Pages of 10, so that every cost is over the meter's limit of 10.
    const page = (fields: string) => costOf(`{ proposals(first: 10) { nodes { ${fields} } } }`);
    const base = await page('id');
    expect(base).toBe(1 + 10 * (1 + 1));
    expect((await page('id title')) - base).toBe(10 * 2);
    expect((await page('id body')) - base).toBe(10 * 100);
    expect(
      await costOf('{ proposals(first: 1) { nodes { comments(first: 2) { nodes { body } } } } }'),
    ).toBe(1 + 1 * (1 + (1 + 2 * (1 + 50))));
    expect(await costOf('{ workshops(first: 1) { nodes { outcome } } }')).toBe(1 + (1 + 200));
  });

  it('thirty aliases of a hundred proposal bodies are refused (they cost 6,000 before, for up to 90 MB)', async () => {
    const aliases = Array.from(
      { length: 30 },
      (_, i) => `a${i}: proposals(first: 100) { nodes { body } }`,
    ).join(' ');
    const res = await t.gql(`{ ${aliases} }`);
    expectCostRefused(res);
    expect(res.errors![0]!.extensions!.cost).toBe(30 * (1 + 100 * 101));
    // One page of a hundred bodies fits (10,101); two do not.
    expect((await t.gql('{ proposals(first: 100) { nodes { body } } }')).errors).toBeUndefined();
    expectCostRefused(
      await t.gql(
        '{ a: proposals(first: 100) { nodes { body } } b: proposals(first: 100) { nodes { body } } }',
      ),
    );
  });

  it("heavy work costs what it holds the database for: a search adds 5,000, a department's statistics 25", async () => {
    const list = '{ proposals(first: 10) { nodes { id } } }';
    const searched = '{ proposals(first: 10, filter: { search: "놀이터" }) { nodes { id } } }';
    expect((await costOf(searched)) - (await costOf(list))).toBe(5_000);
    // An empty or absent search is no search.
    expect(
      await costOf('{ proposals(first: 10, filter: { search: null }) { nodes { id } } }'),
    ).toBe(await costOf(list));
    expect(await costOf('{ departments { stats { assignedCount } } }')).toBe(1 + 200 * (25 + 1));
  });

  it('any search reaches GRAPHQL_EXPENSIVE_COST (5,000), so the gate lets one client run two at once (operation-gate.spec.ts)', async () => {
    const cost = await costOf(
      '{ proposals(first: 0, filter: { search: "놀이터" }) { totalCount } }',
    );
    expect(cost).toBeGreaterThanOrEqual(5_000);
  });

  it('introspection counts as it did (its size is the schema, not the data)', async () => {
    const res = await t.gql('{ __schema { types { name fields { name } } } }');
    expect(res.errors).toBeUndefined();
  });
});

describe('nodes(ids:)', () => {
  it('a repeated id is BAD_USER_INPUT naming ids; 100 distinct ids are served, 101 refused', async () => {
    const author = await createUser(t.db, t.jwt);
    const proposal = await createProposal(t.db, author.user.id);
    const id = toGlobalId('Proposal', proposal.id);
    const repeated = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [id, id],
    });
    expect(codeOf(repeated)).toBe('BAD_USER_INPUT');
    expect(repeated.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { field: 'ids', message: expect.stringMatching(/repeat/) },
    ]);
    const distinct = Array.from({ length: 99 }, (_, i) => toGlobalId('Proposal', fakeUuid(i)));
    const hundred = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [id, ...distinct],
    });
    expect(hundred.errors).toBeUndefined();
    expect(hundred.data.nodes).toHaveLength(100);
    expect(hundred.data.nodes[0]).toEqual({ id });
    const tooMany = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [id, ...distinct, toGlobalId('Proposal', fakeUuid(100))],
    });
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});

describe('the maxima the cost assumes are enforced', () => {
  it('departments: the 200th is created, the 201st is CONFLICT and nothing is added', async () => {
    const existing = Number((await t.db.query('SELECT count(*) FROM department'))[0].count);
    for (let i = existing; i < CATALOG_LIMITS.departments - 1; i++) await createDepartment(t.db);
    const create = (slug: string) =>
      t.gql(
        'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }',
        { input: { slug, name: `부서 ${slug}` } },
        admin.token,
      );
    expect((await create('the-200th')).errors).toBeUndefined();
    const refused = await create('the-201st');
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(Number((await t.db.query('SELECT count(*) FROM department'))[0].count)).toBe(200);
    const list = await t.gql('{ departments { id } }');
    expect(list.data.departments).toHaveLength(200);
  });

  it('a proposal lists its 20 most recent progress updates, not the 25 it has', async () => {
    const author = await createUser(t.db, t.jwt);
    const department = await createDepartment(t.db);
    const staff = await createUser(t.db, t.jwt, {
      role: Role.STAFF,
      departmentId: department.id,
    });
    const proposal = await createProposal(t.db, author.user.id, {
      departmentId: department.id,
    } as never);
    await t.db.query(
      `INSERT INTO progress_update (proposal_id, department_id, author_id, progress, body, created_at)
       SELECT $1, $2, $3, least(n, 100), 'update ' || n, now() - (200 - n) * interval '1 minute'
       FROM generate_series(1, 25) AS n`,
      [proposal.id, department.id, staff.user.id],
    );
    const res = await t.gql('query($id: ID!) { proposal(id: $id) { progressUpdates { body } } }', {
      id: toGlobalId('Proposal', proposal.id),
    });
    expect(res.errors).toBeUndefined();
    const bodies = res.data.proposal.progressUpdates.map((u: { body: string }) => u.body);
    expect(bodies).toHaveLength(20);
    expect(bodies[0]).toBe('update 6');
    expect(bodies[19]).toBe('update 25');
  });
});

function fakeUuid(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

describe('a page of texts weighs by its texts', () => {
  it("a poll's free-text answers cost their page times their length, not 1", async () => {
    const id = 'UG9sbDowMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDA';
    const page = (first: number) =>
      costOf(
        `query($id: ID!) { poll(id: $id) { questions { freeTextAnswers(first: ${first}) } } }`,
        {
          id,
        },
      );
    const [ten, hundred] = [await page(10), await page(100)];
    // Thirty questions, each a page of answers of up to 2,000 characters (20 units each).
    expect(hundred - ten).toBe(30 * 90 * 20);
    expect(hundred).toBeGreaterThan(20_000);
  });
});
