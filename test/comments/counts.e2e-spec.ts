import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import {
  addComment,
  byText,
  commentOn,
  commentRow,
  count,
  countersOf,
  DELETE,
  EDIT,
  newProposal,
  pid,
  raw,
  REPLIES,
  startCommentScene,
  storedCommentCount,
  type CommentScene,
} from './support.js';

/** commentCount and replyCount under concurrent writes, checked through the API and in SQL. */
describe('comment counters under concurrency', () => {
  let s: CommentScene;
  let crowd: TestUser[];
  beforeAll(async () => {
    s = await startCommentScene();
    crowd = await Promise.all(Array.from({ length: 30 }, () => createUser(s.t.db, s.t.jwt)));
  });
  afterAll(() => s.t.close());

  const outcome = (res: GraphqlResponse) => codeOf(res) ?? (res.errors ? 'ERROR' : 'ok');
  const apiCounts = async (proposalId: string, commentId?: string) => {
    const thread = await s.t.gql('query($id: ID!) { proposal(id: $id) { commentCount } }', {
      id: pid(proposalId),
    });
    expect(thread.errors).toBeUndefined();
    const replyCount = commentId
      ? ((await s.t.gql(REPLIES, { id: commentId })).data.node.replyCount as number)
      : undefined;
    return { commentCount: thread.data.proposal.commentCount as number, replyCount };
  };

  it('keeps both counters exact under 30 concurrent comments and 30 concurrent replies from different users', async () => {
    const p = await newProposal(s);
    const root = await commentOn(s.t, s.citizen.token, p, '뿌리 댓글');
    const results = await Promise.all([
      ...crowd.map((u, i) => addComment(s.t, u.token, { subjectId: pid(p), body: `댓글 ${i}` })),
      ...crowd.map((u, i) =>
        addComment(s.t, u.token, { subjectId: pid(p), parentId: root, body: `답글 ${i}` }),
      ),
    ]);
    expect(results.map(outcome)).toEqual(results.map(() => 'ok'));
    expect(new Set(results.map((r) => r.data.addComment.id)).size).toBe(60);

    expect(await apiCounts(p.id, root)).toEqual({ commentCount: 61, replyCount: 30 });
    expect(await storedCommentCount(s.t, p.id)).toBe(61);
    expect(await count(s.t, 'comment WHERE proposal_id = $1', [p.id])).toBe(61);
    expect((await commentRow(s.t, root))!.reply_count).toBe(30);
    expect(await count(s.t, 'comment WHERE parent_id = $1', [raw(root)])).toBe(30);
    const { stored, actual } = await countersOf(s.t, p.id);
    expect(stored).toEqual(actual);

    // Every reply is listed once under the root, every comment once at the top.
    // In two reads, within the cost limit (a comment's body weighs 50): the 31 top-level
    // comments, then the root's 30 replies.
    const thread = await s.t.gql(
      `query($id: ID!) { proposal(id: $id) { comments(first: 100) { totalCount
        nodes { id replies(first: 0) { totalCount } } } } }`,
      { id: pid(p) },
    );
    const rootReplies = await s.t.gql(
      `query($id: ID!) { node(id: $id) { ... on Comment { replies(first: 50) { nodes { body } } } } }`,
      { id: root },
    );
    expect(rootReplies.errors).toBeUndefined();
    expect(thread.errors).toBeUndefined();
    expect(thread.data.proposal.comments.totalCount).toBe(31);
    expect(thread.data.proposal.comments.nodes).toHaveLength(31);
    const rootNode = thread.data.proposal.comments.nodes.find((n: { id: string }) => n.id === root);
    expect(rootNode.replies.totalCount).toBe(30);
    expect(
      rootReplies.data.node.replies.nodes.map((n: { body: string }) => n.body).sort(byText),
    ).toEqual(crowd.map((_u, i) => `답글 ${i}`).sort(byText));
  });

  it('decrements once for ten concurrent deletes of one reply, by its author and an admin', async () => {
    const p = await newProposal(s);
    const parent = await commentOn(s.t, s.citizen.token, p, '부모');
    const reply = await commentOn(s.t, s.other.token, p, '여러 번 지울 답글', parent);
    await commentOn(s.t, s.citizen.token, p, '남는 답글', parent);
    expect(await apiCounts(p.id, parent)).toEqual({ commentCount: 3, replyCount: 2 });

    const results = await Promise.all(
      Array.from({ length: 10 }, (_x, i) =>
        s.t.gql(DELETE, { id: reply }, i % 2 ? s.admin.token : s.other.token),
      ),
    );
    expect(results.map(outcome)).toEqual(results.map(() => 'ok'));
    for (const r of results)
      expect(r.data.deleteComment).toMatchObject({ id: reply, body: null, deleted: true });

    expect(await apiCounts(p.id, parent)).toEqual({ commentCount: 2, replyCount: 1 });
    expect(await storedCommentCount(s.t, p.id)).toBe(2);
    expect((await commentRow(s.t, parent))!.reply_count).toBe(1);
    expect(await count(s.t, 'comment WHERE proposal_id = $1', [p.id])).toBe(3);
    const { stored, actual } = await countersOf(s.t, p.id);
    expect(stored).toEqual(actual);
  });

  it('stays exact when replies race the deletion of their parent: each reply lands or is CONFLICT', async () => {
    const p = await newProposal(s);
    const parent = await commentOn(s.t, s.citizen.token, p, '곧 지워질 부모');
    const writers = crowd.slice(0, 20);
    const replies = writers.map((u, i) =>
      addComment(s.t, u.token, { subjectId: pid(p), parentId: parent, body: `경주 ${i}` }),
    );
    const deletion = s.t.gql(DELETE, { id: parent }, s.citizen.token);
    const [deleted, ...results] = await Promise.all([deletion, ...replies]);
    expect(deleted!.errors).toBeUndefined();
    const outcomes = results.map(outcome);
    expect(outcomes.every((o) => o === 'ok' || o === 'CONFLICT')).toBe(true);
    const landed = outcomes.filter((o) => o === 'ok').length;

    expect(await count(s.t, 'comment WHERE parent_id = $1', [raw(parent)])).toBe(landed);
    expect((await commentRow(s.t, parent))!.reply_count).toBe(landed);
    expect(await storedCommentCount(s.t, p.id)).toBe(landed);
    expect(await apiCounts(p.id, parent)).toEqual({ commentCount: landed, replyCount: landed });
    const { stored, actual } = await countersOf(s.t, p.id);
    expect(stored).toEqual(actual);
  });

  it('stays exact under a mix of concurrent comments, replies, edits and deletes on two proposals', async () => {
    const p = await newProposal(s);
    const q = await newProposal(s);
    // Before: on p, 6 comments by crowd[0..5], each with one reply by crowd[6..11]; on q, 3 comments.
    const tops: string[] = [];
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const top = await commentOn(s.t, crowd[i]!.token, p, `기존 댓글 ${i}`);
      tops.push(top);
      replies.push(await commentOn(s.t, crowd[i + 6]!.token, p, `기존 답글 ${i}`, top));
    }
    for (let i = 0; i < 3; i++) await commentOn(s.t, crowd[i]!.token, q, `q 댓글 ${i}`);
    expect(await storedCommentCount(s.t, p.id)).toBe(12);

    const work: Promise<GraphqlResponse>[] = [
      // 3 top-level comments deleted twice each (by author and admin): -3
      ...[0, 1, 2].flatMap((i) => [
        s.t.gql(DELETE, { id: tops[i] }, crowd[i]!.token),
        s.t.gql(DELETE, { id: tops[i] }, s.admin.token),
      ]),
      // 2 replies deleted: -2, and their parents' replyCount -1
      s.t.gql(DELETE, { id: replies[3] }, crowd[9]!.token),
      s.t.gql(DELETE, { id: replies[4] }, crowd[10]!.token),
      // 3 edits: no count moves
      s.t.gql(EDIT, { input: { id: replies[5], body: '고친 답글' } }, crowd[11]!.token),
      s.t.gql(EDIT, { input: { id: tops[4], body: '고친 댓글' } }, crowd[4]!.token),
      s.t.gql(EDIT, { input: { id: tops[5], body: '고친 댓글' } }, s.admin.token),
      // 10 new top-level comments on p: +10
      ...crowd
        .slice(12, 22)
        .map((u) => addComment(s.t, u.token, { subjectId: pid(p), body: '새 댓글' })),
      // 8 new replies to tops[5] (alive): +8
      ...crowd
        .slice(22, 30)
        .map((u) =>
          addComment(s.t, u.token, { subjectId: pid(p), parentId: tops[5], body: '새 답글' }),
        ),
      // 6 comments on q: they move q only
      ...crowd.slice(0, 6).map((u) => addComment(s.t, u.token, { subjectId: pid(q), body: 'q' })),
      // refused writes in the same storm: they move nothing
      s.t.gql(DELETE, { id: tops[3] }, crowd[20]!.token),
      addComment(s.t, s.suspended.token, { subjectId: pid(p), body: '정지' }),
      addComment(s.t, crowd[0]!.token, { subjectId: pid(q), parentId: tops[3], body: '엇갈림' }),
    ];
    const results = await Promise.all(work);
    expect(results.map(outcome)).toEqual([
      ...Array.from({ length: 6 + 2 + 3 + 10 + 8 + 6 }, () => 'ok'),
      'FORBIDDEN',
      'FORBIDDEN',
      'BAD_USER_INPUT',
    ]);

    const expected = 12 - 3 - 2 + 10 + 8;
    expect(await storedCommentCount(s.t, p.id)).toBe(expected);
    expect(
      await count(s.t, 'comment WHERE proposal_id = $1 AND deleted_at IS NULL AND NOT hidden', [
        p.id,
      ]),
    ).toBe(expected);
    expect(await count(s.t, 'comment WHERE proposal_id = $1', [p.id])).toBe(12 + 10 + 8);
    expect(await storedCommentCount(s.t, q.id)).toBe(9);
    expect((await apiCounts(p.id, tops[5])).commentCount).toBe(expected);
    expect((await apiCounts(p.id, tops[5])).replyCount).toBe(9);
    expect((await apiCounts(p.id, tops[3])).replyCount).toBe(0);
    expect((await apiCounts(q.id)).commentCount).toBe(9);
    expect((await commentRow(s.t, tops[3]!))!.reply_count).toBe(0);
    expect((await commentRow(s.t, tops[4]!))!.reply_count).toBe(0);
    expect((await commentRow(s.t, tops[0]!))!.reply_count).toBe(1); // its reply lives on
    for (const proposal of [p, q]) {
      const { stored, actual } = await countersOf(s.t, proposal.id);
      expect(stored).toEqual(actual);
    }
  });

  it('serialises an edit racing a delete: the comment ends deleted with its text erased', async () => {
    const p = await newProposal(s);
    const ids = await Promise.all(
      crowd.slice(0, 10).map((u) => commentOn(s.t, u.token, p, '경주할 글')),
    );
    const results = await Promise.all(
      ids.flatMap((id, i) => [
        s.t.gql(EDIT, { input: { id, body: '경주 중 수정' } }, crowd[i]!.token),
        s.t.gql(DELETE, { id }, crowd[i]!.token),
      ]),
    );
    for (let i = 0; i < ids.length; i++) {
      expect(['ok', 'CONFLICT']).toContain(outcome(results[2 * i]!));
      expect(outcome(results[2 * i + 1]!)).toBe('ok');
    }
    const rows: { body: string | null; deleted: boolean }[] = await s.t.db.query(
      'SELECT body, deleted_at IS NOT NULL AS deleted FROM comment WHERE proposal_id = $1',
      [p.id],
    );
    expect(rows).toEqual(ids.map(() => ({ body: null, deleted: true })));
    expect(await storedCommentCount(s.t, p.id)).toBe(0);
    expect((await apiCounts(p.id)).commentCount).toBe(0);
  });
});
