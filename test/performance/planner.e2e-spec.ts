import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { PlannedStatements } from '../../src/core/graphql/planning/planned-statements.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { ProposalStatus } from '../../src/proposals/proposal-status.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { commentOn, pid, raw } from '../comments/support.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';

/**
 * The planner (issue 21) against the resolvers: every document below is answered twice, once
 * planned as one statement and once through the field resolvers (QUERY_PLANNER off, the way
 * every document was served before), for each kind of viewer, and the two answers must be the
 * same, byte for byte: fields, nulls, order, cursors, page info, counts and errors. Fast and
 * wrong is not faster.
 */
describe('planned reads answer what the resolvers answer', () => {
  let t: TestApp;
  let statements: PlannedStatements;
  let author: TestUser;
  let citizen: TestUser;
  let moderator: TestUser;
  let admin: TestUser;
  let staff: TestUser;
  let proposals: ProposalEntity[];
  let hiddenOne: ProposalEntity;
  let threaded: ProposalEntity;
  const viewers: [string, () => string | null][] = [
    ['anonymous', () => null],
    ['the author of a hidden proposal', () => author.token],
    ['another citizen', () => citizen.token],
    ['a moderator', () => moderator.token],
    ['an admin', () => admin.token],
    ['staff', () => staff.token],
  ];

  beforeAll(async () => {
    t = await startTestApp();
    statements = t.app.get(PlannedStatements);
    const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
    departmentId = toGlobalId('Department', parks.id);
    const shade = await createTopic(t.db, { slug: 'shade', name: '그늘' });
    const safety = await createTopic(t.db, { slug: 'safety', name: '안전' });
    author = await createUser(t.db, t.jwt);
    citizen = await createUser(t.db, t.jwt);
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    const base = Date.UTC(2026, 2, 1);
    const statuses = Object.values(ProposalStatus);
    proposals = [];
    for (let i = 0; i < 14; i++) {
      proposals.push(
        await createProposal(t.db, i % 2 ? author.user.id : citizen.user.id, {
          title: i % 4 === 0 ? `놀이터 그늘 ${i}` : `제안 ${i}`,
          status: statuses[i % statuses.length],
          supportCount: i % 3,
          commentCount: 0,
          createdAt: new Date(base + Math.floor(i / 2) * 60_000),
          departmentId: i % 2 ? parks.id : null,
          responseDueAt: i % 3 ? new Date(base + i * 86_400_000) : null,
          awaitingAnswer: i % 4 === 1,
          locationAddress: i % 5 === 0 ? '남원시 요천로' : null,
          locationLatitude: i % 5 === 0 ? 35.41 : i % 5 === 1 ? 35.4 : null,
          locationLongitude: i % 5 === 0 ? 127.39 : i % 5 === 1 ? 127.38 : null,
          topicIds: i % 3 === 0 ? [safety.id, shade.id] : i % 3 === 1 ? [shade.id] : [],
        }),
      );
    }
    hiddenOne = proposals[5]!;
    threaded = proposals[3]!;
    // Supports by the citizen and the author, for viewerHasSupported.
    for (const p of proposals.filter((_, i) => i % 3 === 0)) {
      await t.db.query('INSERT INTO proposal_support (proposal_id, user_id) VALUES ($1, $2)', [
        p.id,
        citizen.user.id,
      ]);
    }
    // A thread: five comments, one deleted, one hidden, one with a reply.
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await commentOn(t, i % 2 ? author.token : citizen.token, threaded, `댓글 ${i}`));
    await commentOn(t, author.token, threaded, '답글', ids[0]);
    await t.gql(
      'mutation($id: ID!) { deleteComment(id: $id) { id } }',
      { id: ids[1] },
      author.token,
    );
    await t.db.query('UPDATE comment SET hidden = true WHERE id = $1', [raw(ids[2]!)]);
    await commentOn(t, citizen.token, hiddenOne, '숨겨진 제안의 댓글');
    await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [hiddenOne.id]);
  });
  afterAll(() => t.close());

  const PROPOSAL_FIELDS = `id title body status responseDueAt supportCount commentCount progress
    hidden createdAt updatedAt viewerHasSupported location { address latitude longitude }
    author { id displayName role createdAt } department { id slug name description }
    topics { id slug name }`;
  const COMMENT_FIELDS = `id body deleted hidden isOfficial replyCount createdAt editedAt
    author { id displayName }`;

  /** Documents the planner serves: [name, document, variables]. */
  const planned: [string, string, () => Record<string, unknown>][] = [
    [
      'a first page with every planned field',
      `{ proposals { nodes { ${PROPOSAL_FIELDS} } } }`,
      () => ({}),
    ],
    [
      'edges, cursors, page info and totalCount',
      `query($first: Int) { proposals(first: $first) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id title } } nodes { id supportCount } } }`,
      () => ({ first: 4 }),
    ],
    ...(['CREATED_AT', 'SUPPORT_COUNT', 'COMMENT_COUNT', 'RESPONSE_DUE_AT'] as const).flatMap(
      (field) =>
        (['ASC', 'DESC'] as const).map(
          (direction): [string, string, () => Record<string, unknown>] => [
            `ordered by ${field} ${direction}`,
            `query($o: ProposalOrder) { proposals(first: 50, orderBy: $o) { edges { cursor node { id } } } }`,
            () => ({ o: { field, direction } }),
          ],
        ),
    ),
    [
      'filtered by status, department, search and overdue',
      `query($s: [ProposalStatus!], $d: ID, $q: String) {
        a: proposals(filter: { status: $s }) { nodes { id status } }
        b: proposals(filter: { departmentId: $d }) { nodes { id } totalCount }
        c: proposals(filter: { search: $q }) { nodes { id title } totalCount }
        d: proposals(filter: { search: "그" }) { nodes { id } }
        e: proposals(filter: { overdue: true }) { nodes { id } }
        f: proposals(filter: { overdue: false }) { nodes { id } }
      }`,
      () => ({
        s: [ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW],
        d: departmentId,
        q: '놀이터 그늘',
      }),
    ],
    [
      'aliases, fragments, inline fragments, @skip and @include, __typename',
      `query($yes: Boolean!, $no: Boolean!) { proposals(first: 5) { nodes { __typename t: title ...F
        ... on Node { id } ... on Proposal { supportCount @include(if: $yes) body @skip(if: $yes) }
        commentCount @include(if: $no) author { __typename ... on User { displayName } } } } }
        fragment F on Proposal { tt: title status }`,
      () => ({ yes: true, no: false }),
    ],
    [
      'a proposal with its thread (deleted and hidden comments keep their place)',
      `query($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS}
        comments(first: 10) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } } nodes { ${COMMENT_FIELDS} } } } }`,
      () => ({ id: pid(threaded) }),
    ],
    [
      'a first page of a thread, two at a time',
      `query($id: ID!, $after: String) { proposal(id: $id) {
        comments(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id body } } } }`,
      () => ({ id: pid(threaded), after: null }),
    ],
    [
      'an empty page of a thread',
      `query($id: ID!) { proposal(id: $id) { none: comments(first: 0) { totalCount pageInfo { hasNextPage } nodes { id } } } }`,
      () => ({ id: pid(threaded) }),
    ],
    [
      'a hidden proposal',
      `query($id: ID!) { proposal(id: $id) { id hidden title comments { nodes { id body } } } }`,
      () => ({ id: pid(hiddenOne) }),
    ],
    [
      'a missing proposal',
      `query($id: ID!) { proposal(id: $id) { id } }`,
      () => ({ id: pid('00000000-0000-4000-8000-000000000000') }),
    ],
    [
      'threads of a whole page',
      `{ proposals(first: 20) { nodes { id comments(first: 3) { totalCount nodes { id body author { id } } } } } }`,
      () => ({}),
    ],
  ];

  /** Documents with a field no plan covers: served by the resolvers whatever the switch. */
  const unplanned: [string, string][] = [
    ['a proposal with its process', '{ proposals { nodes { id process { id } } } }'],
    ['an author with an e-mail address', '{ proposals { nodes { id author { id email } } } }'],
    [
      'a comment with its replies',
      '{ proposals { nodes { comments { nodes { replies { totalCount } } } } } }',
    ],
    [
      'two aliases of one field with other arguments',
      '{ proposals { nodes { a: comments(first: 1) { totalCount } b: comments(first: 2) { totalCount } } } }',
    ],
  ];

  let departmentId = '';

  async function both(query: string, variables: Record<string, unknown>, token: string | null) {
    statements.enabled = true;
    const { result: on, queries: onQueries } = await countQueries(t.db, () =>
      t.gql(query, variables, token),
    );
    statements.enabled = false;
    const { result: off, queries: offQueries } = await countQueries(t.db, () =>
      t.gql(query, variables, token),
    );
    statements.enabled = true;
    return { on, off, onQueries, offQueries };
  }

  const body = (res: GraphqlResponse) => JSON.stringify({ data: res.data, errors: res.errors });

  describe.each(viewers)('as %s', (_who, token) => {
    it.each(planned)('%s: planned, and the same answer', async (_name, query, variables) => {
      const { on, off, onQueries } = await both(query, variables(), token());
      expect(on.errors).toBeUndefined();
      expect(body(on)).toBe(body(off));
      // The planner served it: its statements are the ones that begin with json_build_object.
      expect(onQueries.some((q) => q.trim().startsWith('SELECT json_build_object'))).toBe(true);
      expect(onQueries.some((q) => /"ProposalEntity"|FROM "proposal"/.test(q))).toBe(false);
    });

    it.each(unplanned)('%s: not planned, and the same answer', async (_name, query) => {
      const { on, off, onQueries } = await both(query, {}, token());
      expect(body(on)).toBe(body(off));
      expect(onQueries.some((q) => q.trim().startsWith('SELECT json_build_object'))).toBe(false);
    });
  });

  it('pages through a thread by cursor the same way, page after page', async () => {
    const query = `query($id: ID!, $after: String) { proposal(id: $id) {
      comments(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { id body } } } }`;
    let after: string | null = null;
    let pages = 0;
    do {
      const { on, off } = await both(query, { id: pid(threaded), after }, moderator.token);
      expect(body(on)).toBe(body(off));
      const info: { hasNextPage: boolean; endCursor: string } = on.data.proposal.comments.pageInfo;
      after = info.hasNextPage ? info.endCursor : null;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(3); // five comments, two a page
  });

  it('pages through every ordering by cursor the same way, and the cursors are interchangeable', async () => {
    const query = `query($after: String) { proposals(first: 3, after: $after, orderBy: { field: RESPONSE_DUE_AT, direction: ASC }) {
      pageInfo { hasNextPage endCursor } nodes { id } } }`;
    let after: string | null = null;
    const seen: string[] = [];
    do {
      const { on, off } = await both(query, { after }, admin.token);
      expect(body(on)).toBe(body(off));
      seen.push(...on.data.proposals.nodes.map((n: { id: string }) => n.id));
      after = on.data.proposals.pageInfo.hasNextPage ? on.data.proposals.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(proposals.length);
  });

  it('refuses the same hostile arguments with the same errors', async () => {
    const hostile: [string, Record<string, unknown>][] = [
      ['query($a: String) { proposals(after: $a) { nodes { id } } }', { a: 'junk!' }],
      ['query($a: String) { proposals(after: $a) { nodes { id } } }', { a: 'eyJ4Ijp9' }],
      ['query($f: Int) { proposals(first: $f) { nodes { id } } }', { f: 101 }],
      ['query($f: Int) { proposals(first: $f) { nodes { id } } }', { f: -1 }],
      [
        `query($id: ID!, $f: Int) { proposal(id: $id) { comments(first: $f) { nodes { id } } } }`,
        { id: pid(threaded), f: 101 },
      ],
      [
        `query($id: ID!, $a: String) { proposal(id: $id) { id comments(after: $a) { nodes { id } } } }`,
        { id: pid(threaded), a: 'x'.repeat(600) },
      ],
      [
        `query($id: ID!, $a: String) { proposal(id: $id) { id comments(after: $a) { nodes { id } } } }`,
        { id: pid(threaded), a: 'WyJwcm9wb3NhbHMtQ1JFQVRFRF9BVC1ERVNDIiwxLDJd' },
      ],
      ['query($id: ID!) { proposal(id: $id) { id } }', { id: 'not an id' }],
    ];
    for (const [query, variables] of hostile) {
      const { on, off } = await both(query, variables, citizen.token);
      expect(body(on)).toBe(body(off));
    }
  });

  it('reads a page, or a proposal with its thread, in one statement after the session check', async () => {
    const list = `{ proposals(first: 20) { nodes { ${PROPOSAL_FIELDS} } } }`;
    const detail = `query($id: ID!) { proposal(id: $id) { ${PROPOSAL_FIELDS} comments(first: 20) { nodes { ${COMMENT_FIELDS} } } } }`;
    const { queries: listQueries } = await countQueries(t.db, () => t.gql(list, {}, citizen.token));
    expect(listQueries).toHaveLength(2);
    const { queries: detailQueries } = await countQueries(t.db, () =>
      t.gql(detail, { id: pid(threaded) }, citizen.token),
    );
    expect(detailQueries).toHaveLength(2);
    const { queries: anonymous } = await countQueries(t.db, () =>
      t.gql(detail, { id: pid(threaded) }),
    );
    expect(anonymous).toHaveLength(1);
  });

  it('names at most 256 statement texts however many shapes clients send; the rest run unnamed, answered the same', async () => {
    const fields = [
      'title',
      'body',
      'status',
      'progress',
      'hidden',
      'createdAt',
      'updatedAt',
      'supportCount',
      'commentCount',
      'responseDueAt',
    ];
    for (let i = 1; i <= 300; i++) {
      const picked = fields.filter((_, bit) => (i >> bit) & 1).join(' ');
      const query = `{ proposals(first: 2) { nodes { id ${picked} } } }`;
      const { on, off } = await both(query, {}, null);
      expect(body(on)).toBe(body(off));
    }
    const names = (statements as unknown as { names: Map<string, string> }).names;
    expect(names.size).toBe(256);
  });

  it('answers two requests at once each with its own viewer', async () => {
    const query = `query($id: ID!) { proposal(id: $id) { id viewerHasSupported comments { nodes { id body } } } }`;
    const target = proposals[0]!; // supported by the citizen only
    const answers = await Promise.all(
      [citizen, author, moderator, citizen, author, moderator].map((u) =>
        t.gql(query, { id: pid(target) }, u.token),
      ),
    );
    expect(answers.map((a) => a.data.proposal.viewerHasSupported)).toEqual([
      true,
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});
