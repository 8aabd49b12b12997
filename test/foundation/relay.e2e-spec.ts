import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on Department { slug name } ... on Topic { slug } ... on User { displayName email }
  ... on ParticipatoryProcess { slug phases { position } } } }`;

describe('Relay object identification', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  it('node() resolves each type by the id the API gave out', async () => {
    const created = await t.gql(
      `mutation { createProcess(input: { slug: "node-test", title: "노드 시험", phases: [{ title: "하나" }] }) { id } }`,
      {},
      admin.token,
    );
    const department = await createDepartment(t.db, { slug: 'node-dept' });
    const topic = await createTopic(t.db, { slug: 'node-topic' });
    const cases: [string, string, Record<string, unknown>][] = [
      [toGlobalId('Department', department.id), 'Department', { slug: 'node-dept' }],
      [toGlobalId('Topic', topic.id), 'Topic', { slug: 'node-topic' }],
      [
        created.data.createProcess.id,
        'ParticipatoryProcess',
        { slug: 'node-test', phases: [{ position: 1 }] },
      ],
      [
        toGlobalId('User', admin.user.id),
        'User',
        { displayName: admin.user.displayName, email: null },
      ],
    ];
    for (const [id, typename, fields] of cases) {
      const res = await t.gql(NODE, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual(
        expect.objectContaining({ __typename: typename, id, ...fields }),
      );
    }
  });

  it.each([
    ['junk', 'not-an-id'],
    ['a raw uuid', randomUUID()],
    ['an unknown type', toGlobalId('Spaceship', randomUUID())],
    ['a missing row', toGlobalId('Department', randomUUID())],
    ['an empty string', ''],
  ])('node() answers null, without an error, for %s', async (_case, id) => {
    const res = await t.gql(NODE, { id });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toBeNull();
  });

  it('nodes() keeps the order of the ids, with null for the unknown ones', async () => {
    const a = await createDepartment(t.db);
    const b = await createTopic(t.db);
    const ids = [
      toGlobalId('Topic', b.id),
      'junk',
      toGlobalId('Department', a.id),
      toGlobalId('Topic', randomUUID()),
    ];
    const res = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data.nodes).toEqual([
      { __typename: 'Topic', id: ids[0] },
      null,
      { __typename: 'Department', id: ids[2] },
      null,
    ]);
  });

  it('nodes() loads each type with one query, however many ids', async () => {
    const departments = await Promise.all([1, 2, 3, 4, 5, 6].map(() => createDepartment(t.db)));
    const topics = await Promise.all([1, 2, 3].map(() => createTopic(t.db)));
    const ids = [
      ...departments.map((d) => toGlobalId('Department', d.id)),
      ...topics.map((x) => toGlobalId('Topic', x.id)),
    ];
    const { result, queries } = await countQueries(t.db, () =>
      t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }),
    );
    expect(result.data.nodes.every((n: unknown) => n !== null)).toBe(true);
    expect(queries).toHaveLength(2);
  });

  it('nodes() refuses more than 100 ids', async () => {
    const ids = Array.from({ length: 101 }, () => toGlobalId('Topic', randomUUID()));
    const res = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['ids']);
  });

  it("a staff member's department costs one query for a whole page of users", async () => {
    const department = await createDepartment(t.db);
    for (let i = 0; i < 12; i++)
      await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
    const query = (first: number) =>
      t.gql(
        `{ users(first: ${first}, role: STAFF) { nodes { displayName department { name } } } }`,
        {},
        admin.token,
      );
    const one = await countQueries(t.db, () => query(1));
    const twelve = await countQueries(t.db, () => query(12));
    expect(twelve.result.data.users.nodes).toHaveLength(12);
    expect(twelve.result.data.users.nodes.every((u: { department: unknown }) => u.department)).toBe(
      true,
    );
    expect(twelve.queries.length).toBe(one.queries.length);
    // viewer, page, count, departments
    expect(twelve.queries.length).toBeLessThanOrEqual(4);
  });
});
