import { Role } from '../../src/core/access/role.js';
import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import type { TopicEntity } from '../../src/catalog/topic.entity.js';
import { encodeCursor } from '../../src/core/graphql/relay/cursor.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { gid, LIST, proposalId, walk } from './support.js';

/**
 * Lists over a fixed data set of 60 proposals with known counts, dates, statuses, topics and
 * departments, so every filter and ordering can be checked against an answer computed here.
 */
describe('proposals lists', () => {
  let t: TestApp;
  let authors: TestUser[];
  let viewer: TestUser;
  let parks: DepartmentEntity;
  let traffic: DepartmentEntity;
  let shade: TopicEntity;
  let safety: TopicEntity;
  let processId: string;
  let rows: ProposalEntity[];
  const base = Date.UTC(2026, 0, 1);

  beforeAll(async () => {
    t = await startTestApp();
    authors = await Promise.all([0, 1, 2].map(() => createUser(t.db, t.jwt)));
    viewer = await createUser(t.db, t.jwt);
    parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
    traffic = await createDepartment(t.db, { slug: 'traffic', name: '교통과' });
    shade = await createTopic(t.db, { slug: 'shade', name: '그늘' });
    safety = await createTopic(t.db, { slug: 'safety', name: '안전' });
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const process = await t.gql(
      'mutation { createProcess(input: { slug: "pp", title: "과정 하나" }) { id } }',
      {},
      admin.token,
    );
    processId = process.data.createProcess.id;
    const processRow: { id: string }[] = await t.db.query(
      "SELECT id FROM participatory_process WHERE slug = 'pp'",
    );
    const statuses = Object.values(ProposalStatus);
    rows = [];
    for (let i = 0; i < 60; i++) {
      rows.push(
        await createProposal(t.db, authors[i % 3]!.user.id, {
          title: `제안 번호 ${i}`,
          status: statuses[i % statuses.length],
          // Many ties on purpose: the id must break them.
          supportCount: i % 7,
          commentCount: i % 4,
          createdAt: new Date(base + Math.floor(i / 2) * 60_000), // pairs share a timestamp
          departmentId: i % 3 === 0 ? parks.id : i % 3 === 1 ? traffic.id : null,
          responseDueAt: i % 3 === 2 ? null : new Date(base + ((i * 37) % 11) * 86_400_000),
          processId: i % 5 === 0 ? processRow[0]!.id : null,
          topicIds: i % 2 === 0 ? [shade.id] : i % 5 === 0 ? [safety.id, shade.id] : [safety.id],
        }),
      );
    }
  });
  afterAll(() => t.close());

  const ids = (list: ProposalEntity[]) => list.map((p) => proposalId(p.id));
  const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  /** The expected order of an ordering: by the key, then by id, both in one direction. */
  function sorted(
    key: (p: ProposalEntity) => number | string,
    direction: 'ASC' | 'DESC',
    list = rows,
  ): ProposalEntity[] {
    const sign = direction === 'ASC' ? 1 : -1;
    return [...list].sort((a, b) => sign * (cmp(key(a), key(b)) || cmp(a.id, b.id)));
  }
  const due = (p: ProposalEntity) =>
    p.responseDueAt ? p.responseDueAt.getTime() : Number.POSITIVE_INFINITY;

  it('lists newest first by default, 20 at a time, with totalCount', async () => {
    const res = await t.gql(LIST, {});
    expect(res.errors).toBeUndefined();
    expect(res.data.proposals.totalCount).toBe(60);
    expect(res.data.proposals.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(
      ids(sorted((p) => p.createdAt.getTime(), 'DESC')).slice(0, 20),
    );
    expect(res.data.proposals.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
    });
  });

  it.each([
    ['CREATED_AT', (p: ProposalEntity) => p.createdAt.getTime()],
    ['SUPPORT_COUNT', (p: ProposalEntity) => p.supportCount],
    ['COMMENT_COUNT', (p: ProposalEntity) => p.commentCount],
    ['RESPONSE_DUE_AT', due],
  ] as const)(
    'orders by %s in both directions, paging with ties broken by id',
    async (field, key) => {
      for (const direction of ['ASC', 'DESC'] as const) {
        const walked = await walk(t, { first: 7, orderBy: { field, direction } });
        expect({ field, direction, walked }).toEqual({
          field,
          direction,
          walked: ids(sorted(key, direction)),
        });
      }
    },
  );

  it('never repeats or skips a proposal that did not move while the list changes underneath', async () => {
    const order = { field: 'SUPPORT_COUNT', direction: 'DESC' };
    const moved = new Set<string>();
    const before = new Set(ids(rows));
    let added = 0;
    const walked = await walk(t, { first: 9, orderBy: order }, null, async (page) => {
      // Between pages: one proposal gains supports (moves), one new proposal appears.
      const mover = rows[(page * 13) % rows.length]!;
      moved.add(proposalId(mover.id));
      await t.db.query('UPDATE proposal SET support_count = support_count + 3 WHERE id = $1', [
        mover.id,
      ]);
      const fresh = await createProposal(t.db, authors[0]!.user.id, { supportCount: page % 7 });
      moved.add(proposalId(fresh.id));
      added++;
    });
    const stable = walked.filter((id) => !moved.has(id));
    expect(new Set(stable).size).toBe(stable.length); // no repeats
    for (const id of before) if (!moved.has(id)) expect(walked).toContain(id); // no skips
    expect(added).toBeGreaterThan(3);
    // Put the data back for the other tests.
    await t.db.query('DELETE FROM proposal WHERE NOT (id = ANY($1))', [rows.map((r) => r.id)]);
    for (const r of rows)
      await t.db.query('UPDATE proposal SET support_count = $2 WHERE id = $1', [
        r.id,
        r.supportCount,
      ]);
  });

  it.each([
    [
      'status',
      () => ({ status: ['SUBMITTED', 'ACCEPTED'] }),
      (p: ProposalEntity) => ['SUBMITTED', 'ACCEPTED'].includes(p.status),
    ],
    [
      'department',
      () => ({ departmentId: gid('Department', parks.id) }),
      (p: ProposalEntity) => p.departmentId === parks.id,
    ],
    ['process', () => ({ processId }), (p: ProposalEntity) => p.processId !== null],
    [
      'author',
      () => ({ authorId: gid('User', authors[1]!.user.id) }),
      (p: ProposalEntity) => p.authorId === authors[1]!.user.id,
    ],
    [
      'one topic',
      () => ({ topicIds: [gid('Topic', safety.id)] }),
      (_p: ProposalEntity, i: number) => i % 2 !== 0,
    ],
    [
      'topics (any of)',
      () => ({ topicIds: [gid('Topic', safety.id), gid('Topic', shade.id)] }),
      () => true,
    ],
    [
      'status, department and topic combined',
      () => ({
        status: ['SUBMITTED', 'UNDER_REVIEW', 'ACCEPTED'],
        departmentId: gid('Department', traffic.id),
        topicIds: [gid('Topic', shade.id)],
      }),
      (p: ProposalEntity, i: number) =>
        ['SUBMITTED', 'UNDER_REVIEW', 'ACCEPTED'].includes(p.status) &&
        p.departmentId === traffic.id &&
        (i % 2 === 0 || i % 5 === 0),
    ],
  ])('filters by %s', async (_label, filter, keep) => {
    const expected = ids(
      sorted(
        (p) => p.createdAt.getTime(),
        'DESC',
        rows.filter((p, i) => keep(p, i)),
      ),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(60);
    const walked = await walk(t, { first: 11, filter: filter() });
    expect(walked).toEqual(expected);
    const res = await t.gql(LIST, { first: 1, filter: filter() });
    expect(res.data.proposals.totalCount).toBe(expected.length);
  });

  it('answers an empty list for filters that match nothing', async () => {
    const res = await t.gql(LIST, {
      filter: {
        status: ['WITHDRAWN'],
        departmentId: gid('Department', parks.id),
        search: '없는말',
      },
    });
    expect(res.data.proposals).toMatchObject({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  describe('hidden proposals', () => {
    let hidden: ProposalEntity;
    beforeAll(async () => {
      hidden = await createProposal(t.db, viewer.user.id, { hidden: true, title: '숨겨진 제안' });
    });
    afterAll(() => t.db.query('DELETE FROM proposal WHERE id = $1', [hidden.id]));

    it('are absent from lists and null from proposal() and node() for anonymous and other citizens', async () => {
      const stranger = await createUser(t.db, t.jwt);
      for (const token of [null, stranger.token]) {
        expect(await walk(t, { first: 100 }, token)).not.toContain(proposalId(hidden.id));
        const one = await t.gql(
          'query($id: ID!) { proposal(id: $id) { id } node(id: $id) { id } }',
          { id: proposalId(hidden.id) },
          token,
        );
        expect(one.data).toEqual({ proposal: null, node: null });
      }
      const byAuthor = await t.gql(LIST, { filter: { authorId: gid('User', viewer.user.id) } });
      expect(byAuthor.data.proposals.totalCount).toBe(0);
    });

    it('are visible to their author (marked hidden), moderators and admins', async () => {
      const moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
      const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
      for (const token of [viewer.token, moderator.token, admin.token]) {
        expect(await walk(t, { first: 100 }, token)).toContain(proposalId(hidden.id));
        const one = await t.gql(
          'query($id: ID!) { proposal(id: $id) { id hidden } }',
          { id: proposalId(hidden.id) },
          token,
        );
        expect(one.data.proposal).toEqual({ id: proposalId(hidden.id), hidden: true });
      }
    });
  });

  describe('hostile arguments', () => {
    it.each([
      ['first over 100', { first: 101 }, ['first']],
      ['a negative first', { first: -1 }, ['first']],
      ['a junk cursor', { after: 'garbage' }, ['after']],
      [
        'a cursor of another ordering',
        {
          after: encodeCursor('users-created', [
            '2026-01-01T00:00:00.000Z',
            '00000000-0000-4000-8000-000000000000',
          ]),
        },
        ['after'],
      ],
      [
        'a cursor with a value of the wrong type',
        { after: encodeCursor('proposals-CREATED_AT-DESC', ["'; DROP TABLE proposal;--", 'x']) },
        ['after'],
      ],
      [
        'a cursor of a count ordering used with dates',
        {
          orderBy: { field: 'CREATED_AT', direction: 'ASC' },
          after: encodeCursor('proposals-SUPPORT_COUNT-ASC', [
            3,
            '00000000-0000-4000-8000-000000000000',
          ]),
        },
        ['after'],
      ],
      ['a status that is no status', { filter: { status: ['DONE'] } }, null],
      [
        'a department id of another type',
        { filter: { departmentId: gid('Topic', '00000000-0000-4000-8000-000000000000') } },
        ['filter.departmentId'],
      ],
      ['a junk author id', { filter: { authorId: '!!' } }, ['filter.authorId']],
      [
        '21 topics',
        {
          filter: {
            topicIds: Array.from({ length: 21 }, () =>
              gid('Topic', '00000000-0000-4000-8000-000000000000'),
            ),
          },
        },
        ['filter.topicIds'],
      ],
      ['a search of 101 characters', { filter: { search: '가'.repeat(101) } }, ['filter.search']],
      ['an empty search', { filter: { search: '   ' } }, ['filter.search']],
      [
        'an order field that does not exist',
        { orderBy: { field: 'TITLE', direction: 'ASC' } },
        null,
      ],
      ['first as a string', { first: 'ten' }, null],
    ])('refuses %s as BAD_USER_INPUT', async (_label, variables, fields) => {
      const res = await t.gql(LIST, variables);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      if (fields) expect(badFields(res)).toEqual(fields);
    });

    it('answers null for proposal() with a junk id, an id of another type, or a missing proposal', async () => {
      for (const id of [
        'junk',
        gid('User', viewer.user.id),
        proposalId('00000000-0000-4000-8000-000000000000'),
      ]) {
        const res = await t.gql('query($id: ID!) { proposal(id: $id) { id } }', { id });
        expect(res.errors).toBeUndefined();
        expect(res.data.proposal).toBeNull();
      }
    });

    it('treats a filter on an unknown department as matching nothing', async () => {
      const res = await t.gql(LIST, {
        filter: { departmentId: gid('Department', '00000000-0000-4000-8000-000000000000') },
      });
      expect(res.data.proposals.totalCount).toBe(0);
    });
  });

  describe('lists on other types', () => {
    it('User.proposals, Department.proposals (by status) and ParticipatoryProcess.proposals', async () => {
      const res = await t.gql(
        `query($user: ID!) {
          node(id: $user) { ... on User { proposals(first: 100) { totalCount nodes { id } } } }
          department(slug: "parks") { proposals(first: 100, status: [SUBMITTED]) { totalCount nodes { id status } } }
          process(slug: "pp") { proposals(first: 100, orderBy: { field: SUPPORT_COUNT, direction: DESC }) { nodes { id } } }
        }`,
        { user: gid('User', authors[2]!.user.id) },
      );
      expect(res.errors).toBeUndefined();
      const newest = (list: ProposalEntity[]) =>
        ids(sorted((p) => p.createdAt.getTime(), 'DESC', list));
      expect(res.data.node.proposals.nodes.map((n: { id: string }) => n.id)).toEqual(
        newest(rows.filter((p) => p.authorId === authors[2]!.user.id)),
      );
      expect(res.data.department.proposals.nodes.map((n: { id: string }) => n.id)).toEqual(
        newest(rows.filter((p) => p.departmentId === parks.id && p.status === 'SUBMITTED')),
      );
      expect(res.data.process.proposals.nodes.map((n: { id: string }) => n.id)).toEqual(
        ids(
          sorted(
            (p) => p.supportCount,
            'DESC',
            rows.filter((p) => p.processId !== null),
          ),
        ),
      );
    });
  });

  describe('SQL statements per page (no N+1)', () => {
    const PAGE = `query($first: Int) { proposals(first: $first) { nodes {
      id title supportCount commentCount viewerHasSupported
      author { displayName } department { name } topics { name }
    } } }`;

    it('a page with author, department, topics, counts and viewerHasSupported costs 2 statements (session and page), whatever its size', async () => {
      const costs: number[] = [];
      for (const first of [1, 5, 20, 50]) {
        const { result, queries } = await countQueries(t.db, () =>
          t.gql(PAGE, { first }, viewer.token),
        );
        expect(result.errors).toBeUndefined();
        expect(result.data.proposals.nodes).toHaveLength(first);
        costs.push(queries.length);
      }
      // the viewer's session, and the page with its authors, departments, topics and supports
      expect(costs).toEqual([2, 2, 2, 2]);
    });

    it('totalCount adds one statement, and only when asked for', async () => {
      const without = await countQueries(t.db, () =>
        t.gql('{ proposals(first: 20) { nodes { id } } }'),
      );
      const withCount = await countQueries(t.db, () =>
        t.gql('{ proposals(first: 20) { totalCount nodes { id } } }'),
      );
      expect(withCount.queries.length).toBe(without.queries.length + 1);
    });
  });
});
