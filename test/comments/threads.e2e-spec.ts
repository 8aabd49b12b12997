import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import {
  cid,
  commentOn,
  DELETE,
  newProposal,
  NODE,
  pid,
  raw,
  REPLIES,
  startCommentScene,
  THREAD,
  type CommentScene,
} from './support.js';

interface Page {
  nodes: { id: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

describe('comment threads', () => {
  let s: CommentScene;
  beforeAll(async () => {
    s = await startCommentScene();
  });
  afterAll(() => s.t.close());

  /** Sets created_at of comments (global ids) to the given ISO times. */
  const setTimes = async (times: [string, string][]) => {
    for (const [id, at] of times)
      await s.t.db.query('UPDATE comment SET created_at = $2 WHERE id = $1', [raw(id), at]);
  };
  /** The ids in the order the database sorts them oldest first (created_at, then id). */
  const sqlOrder = async (where: string, params: unknown[]) =>
    (
      (await s.t.db.query(
        `SELECT id FROM comment WHERE ${where} ORDER BY created_at ASC, id ASC`,
        params,
      )) as { id: string }[]
    ).map((r) => cid(r.id));

  const threadPage = async (
    p: ProposalEntity,
    variables: Record<string, unknown>,
    token: string | null = null,
  ) => {
    const res = await s.t.gql(THREAD, { id: pid(p), ...variables }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.proposal.comments as Page;
  };
  const replyPage = async (comment: string, variables: Record<string, unknown>) => {
    const res = await s.t.gql(REPLIES, { id: comment, ...variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.node.replies as Page;
  };

  /** Follows endCursor to the end, checking each page's pageInfo on the way. */
  async function walk(
    fetch: (after: string | null) => Promise<Page>,
    size: number,
    between?: (page: number) => Promise<void>,
  ): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const connection: Page = await fetch(after);
      expect(connection.nodes.length).toBeLessThanOrEqual(size);
      expect(connection.edges.map((e) => e.node.id)).toEqual(connection.nodes.map((n) => n.id));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.startCursor).toBe(connection.edges[0]?.cursor ?? null);
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      ids.push(...connection.nodes.map((n) => n.id));
      if (!connection.pageInfo.hasNextPage) return ids;
      expect(connection.nodes).toHaveLength(size);
      after = connection.pageInfo.endCursor;
      await between?.(page);
    }
    throw new Error('the thread never ended');
  }

  describe('order and paging', () => {
    it('lists top-level comments oldest first and replies oldest first, whatever the insertion order', async () => {
      const p = await newProposal(s);
      const a = await commentOn(s.t, s.citizen.token, p, 'A');
      const b = await commentOn(s.t, s.other.token, p, 'B');
      const c = await commentOn(s.t, s.citizen.token, p, 'C');
      const r1 = await commentOn(s.t, s.other.token, p, 'r1', b);
      const r2 = await commentOn(s.t, s.citizen.token, p, 'r2', b);
      const r3 = await commentOn(s.t, s.author.token, p, 'r3', b);
      await setTimes([
        [a, '2026-03-01T10:00:00.000Z'],
        [b, '2026-01-01T10:00:00.000Z'],
        [c, '2026-02-01T10:00:00.000Z'],
        [r1, '2026-04-03T00:00:00.000Z'],
        [r2, '2026-04-01T00:00:00.000Z'],
        [r3, '2026-04-02T00:00:00.000Z'],
      ]);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.errors).toBeUndefined();
      const nodes = thread.data.proposal.comments.nodes as {
        id: string;
        body: string;
        replies: { nodes: { id: string }[] };
      }[];
      expect(nodes.map((n) => n.body)).toEqual(['B', 'C', 'A']);
      expect(nodes[0]!.replies.nodes.map((n) => n.id)).toEqual([r2, r3, r1]);
      expect((await replyPage(b, {})).nodes.map((n) => n.id)).toEqual([r2, r3, r1]);
    });

    it('pages a thread without repeats or gaps, ties in time broken by id, across page boundaries', async () => {
      const p = await newProposal(s);
      const ids: string[] = [];
      for (let i = 0; i < 11; i++) ids.push(await commentOn(s.t, s.citizen.token, p, `댓글 ${i}`));
      // Five comments share one instant, so pages must split inside the tie.
      await setTimes(
        ids.map((id, i): [string, string] => [
          id,
          i < 5 ? '2026-05-05T05:05:05.555Z' : `2026-05-0${6 + (i % 3)}T00:00:0${i % 10}.000Z`,
        ]),
      );
      const expected = await sqlOrder('proposal_id = $1 AND parent_id IS NULL', [p.id]);
      expect(expected).toHaveLength(11);
      for (const size of [1, 2, 3, 4, 11]) {
        const seen = await walk((after) => threadPage(p, { first: size, after }), size);
        expect(seen).toEqual(expected);
      }
      const all = await threadPage(p, { first: 12 });
      expect(all.nodes.map((n) => n.id)).toEqual(expected);
      expect(all.pageInfo.hasNextPage).toBe(false);
    });

    it('pages replies without repeats or gaps, only the replies of that comment', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '부모');
      const sibling = await commentOn(s.t, s.citizen.token, p, '형제');
      await commentOn(s.t, s.other.token, p, '형제의 답글', sibling);
      const replies: string[] = [];
      for (let i = 0; i < 9; i++)
        replies.push(await commentOn(s.t, s.other.token, p, `답글 ${i}`, parent));
      await setTimes(
        replies.slice(0, 4).map((id): [string, string] => [id, '2026-06-06T06:06:06.006Z']),
      );
      const ordered = await sqlOrder('parent_id = $1', [raw(parent)]);
      expect([...ordered].sort()).toEqual([...replies].sort());
      for (const size of [1, 2, 4, 9]) {
        expect(await walk((after) => replyPage(parent, { first: size, after }), size)).toEqual(
          ordered,
        );
      }
    });

    it('keeps paging stable while comments are written and deleted between pages', async () => {
      const p = await newProposal(s);
      const original: string[] = [];
      for (let i = 0; i < 8; i++)
        original.push(await commentOn(s.t, s.citizen.token, p, `원래 ${i}`));
      const added: string[] = [];
      const seen = await walk(
        (after) => threadPage(p, { first: 3, after }),
        3,
        async (page) => {
          added.push(await commentOn(s.t, s.other.token, p, `중간 ${page}`));
          // Deleting a comment already seen moves nothing: it keeps its place.
          await s.t.gql(DELETE, { id: original[page] }, s.citizen.token);
        },
      );
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...original, ...added]);
    });

    it('gives 20 by default, up to 100 on request, none for first: 0', async () => {
      const p = await newProposal(s);
      for (let i = 0; i < 22; i++) await commentOn(s.t, s.other.token, p, `댓글 ${i}`);
      const byDefault = await threadPage(p, {});
      expect(byDefault.nodes).toHaveLength(20);
      expect(byDefault.pageInfo.hasNextPage).toBe(true);
      // 100 comments with their replies would pass the cost limit (GRAPHQL_MAX_COST).
      const hundred = await threadPage(p, { first: 100, replies: 0 });
      expect(hundred.nodes).toHaveLength(22);
      expect(hundred.pageInfo.hasNextPage).toBe(false);
      const none = await threadPage(p, { first: 0 });
      expect(none.nodes).toEqual([]);
      expect(none.pageInfo.endCursor).toBeNull();
    });

    it('answers an empty connection for a proposal without comments and a comment without replies', async () => {
      const p = await newProposal(s);
      const empty = await s.t.gql(THREAD, { id: pid(p) });
      expect(empty.data.proposal).toMatchObject({
        commentCount: 0,
        comments: {
          totalCount: 0,
          nodes: [],
          edges: [],
          pageInfo: {
            hasNextPage: false,
            hasPreviousPage: false,
            startCursor: null,
            endCursor: null,
          },
        },
      });
      const c = await commentOn(s.t, s.citizen.token, p);
      const replies = await s.t.gql(REPLIES, { id: c });
      expect(replies.data.node).toMatchObject({
        replyCount: 0,
        replies: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } },
      });
    });
  });

  describe('bad paging arguments', () => {
    let p: ProposalEntity;
    let c: string;
    beforeAll(async () => {
      p = await newProposal(s);
      c = await commentOn(s.t, s.citizen.token, p, '부모');
      await commentOn(s.t, s.other.token, p, '답글', c);
      await commentOn(s.t, s.other.token, p, '둘째');
    });

    const proposalsCursor = async () => {
      const list = await s.t.gql('{ proposals(first: 1) { pageInfo { endCursor } } }');
      return list.data.proposals.pageInfo.endCursor as string;
    };
    const cursorOf = (values: unknown) =>
      Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

    const cases: [string, () => Promise<Record<string, unknown>>, string][] = [
      ['first: 101', async () => ({ first: 101 }), 'first'],
      ['first: -1', async () => ({ first: -1 }), 'first'],
      ['junk after', async () => ({ after: 'junk!' }), 'after'],
      ['base64 of nonsense', async () => ({ after: cursorOf({ x: 1 }) }), 'after'],
      ['a cursor of the proposal list', async () => ({ after: await proposalsCursor() }), 'after'],
      [
        'a cursor with a bad date',
        async () => ({ after: cursorOf(['comments-oldest', 'yesterday', randomUUID()]) }),
        'after',
      ],
      [
        'a cursor with a bad id',
        async () => ({
          after: cursorOf(['comments-oldest', '2026-01-01T00:00:00.000Z', "1' OR 1=1"]),
        }),
        'after',
      ],
      ['an overlong cursor', async () => ({ after: 'a'.repeat(600) }), 'after'],
    ];

    it.each(cases)(
      'refuses %s on Proposal.comments with BAD_USER_INPUT',
      async (_l, vars, field) => {
        const res = await s.t.gql(THREAD, { id: pid(p), ...(await vars()) });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
        expect(res.data?.proposal ?? null).toBeNull();
      },
    );

    it.each(cases)('refuses %s on Comment.replies with BAD_USER_INPUT', async (_l, vars, field) => {
      const res = await s.t.gql(REPLIES, { id: c, ...(await vars()) });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([field]);
      expect(res.data?.node ?? null).toBeNull();
    });

    it('accepts a well-formed cursor that points nowhere in particular', async () => {
      const future = cursorOf(['comments-oldest', '2999-01-01T00:00:00.000Z', randomUUID()]);
      const past = cursorOf(['comments-oldest', '2000-01-01T00:00:00.000Z', randomUUID()]);
      expect((await threadPage(p, { after: future })).nodes).toEqual([]);
      expect((await threadPage(p, { after: past })).nodes).toHaveLength(2);
    });
  });

  describe('subject, parent and node()', () => {
    const SUBJECT = `query($id: ID!) { node(id: $id) { ... on Comment { id body
      subject { __typename ... on Proposal { id title commentCount } }
      parent { id body parent { id } subject { ... on Proposal { id } } } } } }`;

    it('resolves a comment’s subject to its proposal and a reply’s parent to its comment', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '부모 글');
      const r = await commentOn(s.t, s.other.token, p, '답글', c);
      const top = await s.t.gql(SUBJECT, { id: c });
      expect(top.errors).toBeUndefined();
      expect(top.data.node).toEqual({
        id: c,
        body: '부모 글',
        subject: { __typename: 'Proposal', id: pid(p), title: p.title, commentCount: 2 },
        parent: null,
      });
      const reply = await s.t.gql(SUBJECT, { id: r });
      expect(reply.data.node).toEqual({
        id: r,
        body: '답글',
        subject: { __typename: 'Proposal', id: pid(p), title: p.title, commentCount: 2 },
        parent: { id: c, body: '부모 글', parent: null, subject: { id: pid(p) } },
      });
      // The same through the thread, and the parent of a reply in the list.
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes[0].replies.nodes[0].parent).toEqual({ id: c });
    });

    it('node() and nodes() resolve comments and replies by the id the API gave out', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '노드 글');
      const r = await commentOn(s.t, s.other.token, p, '노드 답글', c);
      const node = await s.t.gql(NODE, { id: c });
      expect(node.errors).toBeUndefined();
      expect(node.data.node).toMatchObject({
        __typename: 'Comment',
        id: c,
        body: '노드 글',
        replyCount: 1,
        author: { id: toGlobalId('User', s.citizen.user.id) },
      });
      const many = await s.t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
        ids: [r, cid(randomUUID()), 'junk', c],
      });
      expect(many.errors).toBeUndefined();
      expect(many.data.nodes).toEqual([
        { __typename: 'Comment', id: r },
        null,
        null,
        { __typename: 'Comment', id: c },
      ]);
    });

    it.each([
      ['anonymous', false, null],
      ['a citizen', false, 'citizen'],
      ['the comment’s own author', false, 'other'],
      ['staff', false, 'staff'],
      ['the proposal’s author', true, 'author'],
      ['a moderator', true, 'moderator'],
      ['an admin', true, 'admin'],
    ] as const)(
      'node() of a comment on a hidden proposal, for %s: visible = %s',
      async (_l, visible, who) => {
        const p = await newProposal(s);
        const c = await commentOn(s.t, s.other.token, p, '숨겨질 제안의 글');
        const r = await commentOn(s.t, s.citizen.token, p, '숨겨질 제안의 답글', c);
        await s.t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
        const token = who === null ? null : s[who].token;
        for (const id of [c, r]) {
          const res = await s.t.gql(NODE, { id }, token);
          expect(res.errors).toBeUndefined();
          expect(res.data.node).toEqual(visible ? expect.objectContaining({ id }) : null);
        }
        const many = await s.t.gql(
          'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
          { ids: [c, r] },
          token,
        );
        expect(many.data.nodes).toEqual(visible ? [{ id: c }, { id: r }] : [null, null]);
        const thread = await s.t.gql(THREAD, { id: pid(p) }, token);
        expect(
          thread.data.proposal?.comments.nodes.map((n: { id: string }) => n.id) ?? null,
        ).toEqual(visible ? [c] : null);
      },
    );
  });

  describe('statements per request', () => {
    const PAGE = `query($id: ID!) { proposal(id: $id) { title author { displayName }
      comments(first: 20) { nodes { body author { displayName } replyCount isOfficial } } } }`;
    const WITH_REPLIES = `query($id: ID!) { proposal(id: $id) { title
      comments(first: 20) { nodes { body author { displayName }
        replies(first: 5) { totalCount nodes { body author { displayName } } } } } } }`;

    /** A proposal with `n` comments, each by its own author, each with `replies` replies. */
    async function proposalWith(n: number, replies = 0): Promise<ProposalEntity> {
      const p = await newProposal(s, { departmentId: s.department.id });
      for (let i = 0; i < n; i++) {
        const writer = await createUser(s.t.db, s.t.jwt);
        const c = await commentOn(s.t, writer.token, p, `댓글 ${i}`);
        for (let j = 0; j < replies; j++) {
          const replier = await createUser(s.t.db, s.t.jwt);
          await commentOn(s.t, replier.token, p, `답글 ${i}-${j}`, c);
        }
      }
      return p;
    }

    const cost = async (
      query: string,
      variables: Record<string, unknown>,
      token: string | null,
    ) => {
      const { result, queries } = await countQueries(s.t.db, () =>
        s.t.gql(query, variables, token),
      );
      const res = result as GraphqlResponse;
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return { data: res.data, statements: queries.length, queries };
    };

    it.each([
      ['a signed-in viewer', 'citizen'],
      ['an anonymous viewer', null],
    ] as const)(
      'a proposal with 20 comments and their authors costs at most 7 statements, as many as with 5 (%s)',
      async (_l, who) => {
        const token = who === null ? null : s[who].token;
        const five = await cost(PAGE, { id: pid(await proposalWith(5)) }, token);
        const twenty = await cost(PAGE, { id: pid(await proposalWith(20)) }, token);
        expect(five.data.proposal.comments.nodes).toHaveLength(5);
        expect(twenty.data.proposal.comments.nodes).toHaveLength(20);
        const names = new Set(
          twenty.data.proposal.comments.nodes.map(
            (n: { author: { displayName: string } }) => n.author.displayName,
          ),
        );
        expect(names.size).toBe(20); // twenty different authors, loaded together
        expect(twenty.statements).toBe(five.statements);
        // (the viewer's session,) then one planned statement: the proposal with its author
        // and its comments with theirs (issue 21)
        expect(twenty.statements).toBe(who === null ? 1 : 2);
      },
    );

    it("the benchmark's detail page (author, department, topics, viewerHasSupported, 20 comments with authors) costs 2 statements", async () => {
      const DETAIL = `query($id: ID!) { proposal(id: $id) { title body supportCount commentCount
        viewerHasSupported author { displayName } department { name } topics { name }
        comments(first: 20) { nodes { body createdAt author { displayName } } } } }`;
      const topics: { id: string }[] = await s.t.db.query(
        `INSERT INTO topic (slug, name) VALUES ($1, '놀이터'), ($2, '산책로') RETURNING id`,
        [`t-${randomUUID()}`, `t-${randomUUID()}`],
      );
      const p = await proposalWith(20);
      await s.t.db.query('UPDATE proposal SET department_id = $2 WHERE id = $1', [
        p.id,
        s.department.id,
      ]);
      await s.t.db.query(
        'INSERT INTO proposal_topic (proposal_id, topic_id) SELECT $1, unnest($2::uuid[])',
        [p.id, topics.map((t) => t.id)],
      );
      await s.t.db.query('INSERT INTO proposal_support (proposal_id, user_id) VALUES ($1, $2)', [
        p.id,
        s.citizen.user.id,
      ]);
      const { data, statements, queries } = await cost(DETAIL, { id: pid(p) }, s.citizen.token);
      expect(data.proposal.viewerHasSupported).toBe(true);
      expect(data.proposal.department.name).toBe(s.department.name);
      expect(data.proposal.topics.map((t: { name: string }) => t.name).sort()).toEqual(
        ['산책로', '놀이터'].sort(),
      );
      expect(data.proposal.comments.nodes).toHaveLength(20);
      // the session, then one planned statement: the proposal with author, department, topics,
      // the viewer's support and the comments with their authors (issue 21)
      expect({ statements, queries }).toEqual({ statements: 2, queries: expect.any(Array) });
    });

    it('the replies of a page of comments, with their authors, cost a constant number of statements', async () => {
      const five = await cost(WITH_REPLIES, { id: pid(await proposalWith(5, 3)) }, s.citizen.token);
      const twenty = await cost(
        WITH_REPLIES,
        { id: pid(await proposalWith(20, 3)) },
        s.citizen.token,
      );
      const nodes = twenty.data.proposal.comments.nodes as {
        body: string;
        replies: { totalCount: number; nodes: { body: string }[] };
      }[];
      expect(nodes).toHaveLength(20);
      nodes.forEach((n, i) => {
        expect(n.body).toBe(`댓글 ${i}`);
        expect(n.replies.totalCount).toBe(3);
        expect(n.replies.nodes.map((r) => r.body)).toEqual([0, 1, 2].map((j) => `답글 ${i}-${j}`));
      });
      expect(twenty.statements).toBe(five.statements);
      // viewer, proposal, comments, comment authors, replies, reply counts, reply authors
      expect(twenty.statements).toBeLessThanOrEqual(8);
    });

    it('the comments of a page of proposals cost a constant number of statements, each its own page', async () => {
      const LIST = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Proposal { id
        comments(first: 2) { totalCount nodes { body author { displayName } } } } } }`;
      const few = await Promise.all([1, 2].map(() => proposalWith(3)));
      const many = await Promise.all([1, 2, 3, 4, 5, 6].map(() => proposalWith(3)));
      const a = await cost(LIST, { ids: few.map(pid) }, null);
      const b = await cost(LIST, { ids: many.map(pid) }, null);
      expect(b.data.nodes).toHaveLength(6);
      for (const n of b.data.nodes as {
        comments: { totalCount: number; nodes: { body: string }[] };
      }[]) {
        expect(n.comments.totalCount).toBe(3);
        expect(n.comments.nodes.map((c) => c.body)).toEqual(['댓글 0', '댓글 1']);
      }
      expect(b.statements).toBe(a.statements);
    });

    it('node() of many comments costs as much as of a few', async () => {
      const p = await proposalWith(12);
      const ids = (await threadPage(p, { first: 12 })).nodes.map((n) => n.id);
      const DOC = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Comment { id body author { displayName }
        subject { ... on Proposal { id } } } } }`;
      const two = await cost(DOC, { ids: ids.slice(0, 2) }, null);
      const twelve = await cost(DOC, { ids }, null);
      expect(twelve.data.nodes.map((n: { id: string }) => n.id)).toEqual(ids);
      expect(twelve.statements).toBe(two.statements);
    });
  });
});
