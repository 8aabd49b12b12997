import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const ADD = `mutation Add($input: AddCommentInput!) { addComment(input: $input) {
  id body deleted hidden isOfficial replyCount editedAt author { id } parent { id } subject { ... on Proposal { id } }
} }`;
const EDIT = `mutation Edit($input: EditCommentInput!) { editComment(input: $input) { id body editedAt } }`;
const DELETE = `mutation Delete($id: ID!) { deleteComment(id: $id) { id body deleted } }`;
const THREAD = `query Thread($id: ID!, $first: Int, $after: String) { proposal(id: $id) {
  commentCount
  comments(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id body deleted hidden replyCount replies(first: 5) { nodes { id body } } }
  }
} }`;

describe('comments', () => {
  let t: TestApp;
  let author: TestUser;
  let citizen: TestUser;
  let admin: TestUser;
  let moderator: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    author = await createUser(t.db, t.jwt);
    citizen = await createUser(t.db, t.jwt);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
  });
  afterAll(() => t.close());

  const pid = (p: ProposalEntity) => toGlobalId('Proposal', p.id);
  const add = (input: Record<string, unknown>, token: string | null = citizen.token) =>
    t.gql(ADD, { input }, token);
  const rows = async (sql: string, params: unknown[] = []) =>
    (
      (await t.db.query(`SELECT count(*)::int AS n FROM comment ${sql}`, params)) as { n: number }[]
    )[0]!.n;
  const counts = async (p: ProposalEntity) =>
    (
      (await t.db.query('SELECT comment_count FROM proposal WHERE id = $1', [p.id])) as {
        comment_count: number;
      }[]
    )[0]!.comment_count;

  it('adds a comment and a reply, verbatim after trim and NFC, with the counts following', async () => {
    const p = await createProposal(t.db, author.user.id);
    const first = await add({
      subjectId: pid(p),
      body: `  <b>좋은</b> ${'제안'.normalize('NFD')}입니다\n정말로  `,
    });
    expect(first.errors).toBeUndefined();
    expect(first.data.addComment).toMatchObject({
      body: '<b>좋은</b> 제안입니다\n정말로',
      deleted: false,
      hidden: false,
      isOfficial: false,
      replyCount: 0,
      editedAt: null,
      parent: null,
      author: { id: toGlobalId('User', citizen.user.id) },
      subject: { id: pid(p) },
    });
    const reply = await add(
      { subjectId: pid(p), parentId: first.data.addComment.id, body: '동의합니다' },
      author.token,
    );
    expect(reply.data.addComment.parent).toEqual({ id: first.data.addComment.id });
    const thread = await t.gql(THREAD, { id: pid(p) });
    expect(thread.data.proposal.commentCount).toBe(2);
    expect(thread.data.proposal.comments.nodes).toEqual([
      expect.objectContaining({
        id: first.data.addComment.id,
        replyCount: 1,
        replies: { nodes: [{ id: reply.data.addComment.id, body: '동의합니다' }] },
      }),
    ]);
    expect(await counts(p)).toBe(2);
  });

  it('marks staff of the assigned department as official, nobody else', async () => {
    const parks = await createDepartment(t.db);
    const other = await createDepartment(t.db);
    const p = await createProposal(t.db, author.user.id, { departmentId: parks.id });
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    const otherStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: other.id });
    const official = async (token: string) =>
      (await add({ subjectId: pid(p), body: '답변' }, token)).data.addComment.isOfficial;
    expect(await official(staff.token)).toBe(true);
    expect(await official(otherStaff.token)).toBe(false);
    expect(await official(admin.token)).toBe(false);
    expect(await official(citizen.token)).toBe(false);
  });

  it('refuses anonymous (UNAUTHENTICATED) and suspended users (FORBIDDEN), writing nothing', async () => {
    const p = await createProposal(t.db, author.user.id);
    const suspended = await createUser(t.db, t.jwt, {
      suspendedUntil: new Date(Date.now() + 60_000),
    });
    expect(codeOf(await add({ subjectId: pid(p), body: '익명' }, null))).toBe('UNAUTHENTICATED');
    expect(codeOf(await add({ subjectId: pid(p), body: '정지' }, suspended.token))).toBe(
      'FORBIDDEN',
    );
    expect(await rows('WHERE proposal_id = $1', [p.id])).toBe(0);
  });

  it.each([
    ['an empty body', { body: '' }, ['body']],
    ['a blank body', { body: ' \n ' }, ['body']],
    ['5,001 characters', { body: '가'.repeat(5001) }, ['body']],
    ['a control character', { body: '나쁜\u0007글' }, ['body']],
    ['a subject that is a user', { subjectId: toGlobalId('User', randomUUID()) }, ['subjectId']],
    ['a junk subject', { subjectId: '???' }, ['subjectId']],
    ['a junk parent', { parentId: 'x' }, ['parentId']],
    [
      'everything wrong',
      { subjectId: 'x', parentId: 'y', body: '' },
      ['body', 'parentId', 'subjectId'],
    ],
  ])('refuses %s as BAD_USER_INPUT, writing nothing', async (_label, change, fields) => {
    const p = await createProposal(t.db, author.user.id);
    const res = await add({ subjectId: pid(p), body: '괜찮은 댓글', ...change });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(fields);
    expect(await rows('WHERE proposal_id = $1', [p.id])).toBe(0);
  });

  it('accepts 5,000 characters', async () => {
    const p = await createProposal(t.db, author.user.id);
    expect((await add({ subjectId: pid(p), body: '가'.repeat(5000) })).errors).toBeUndefined();
  });

  it('refuses a missing proposal (NOT_FOUND), a parent on another proposal (BAD_USER_INPUT) and a deleted parent (CONFLICT)', async () => {
    const p = await createProposal(t.db, author.user.id);
    const q = await createProposal(t.db, author.user.id);
    expect(
      codeOf(await add({ subjectId: toGlobalId('Proposal', randomUUID()), body: '없음' })),
    ).toBe('NOT_FOUND');
    const onQ = await add({ subjectId: pid(q), body: '다른 제안의 댓글' });
    const cross = await add({
      subjectId: pid(p),
      parentId: onQ.data.addComment.id,
      body: '엇갈린 답글',
    });
    expect(badFields(cross)).toEqual(['parentId']);
    await t.gql(DELETE, { id: onQ.data.addComment.id }, citizen.token);
    expect(
      codeOf(
        await add({ subjectId: pid(q), parentId: onQ.data.addComment.id, body: '지운 글에 답' }),
      ),
    ).toBe('CONFLICT');
    expect(await rows('WHERE proposal_id = ANY($1)', [[p.id, q.id]])).toBe(1);
  });

  it('refuses comments on a hidden proposal: NOT_FOUND for those who cannot see it, CONFLICT for its author', async () => {
    const p = await createProposal(t.db, author.user.id, { hidden: true });
    expect(codeOf(await add({ subjectId: pid(p), body: '숨김' }))).toBe('NOT_FOUND');
    expect(codeOf(await add({ subjectId: pid(p), body: '숨김' }, author.token))).toBe('CONFLICT');
    expect(await rows('WHERE proposal_id = $1', [p.id])).toBe(0);
  });

  it('keeps commentCount and replyCount exact under 30 concurrent comments and 20 concurrent replies', async () => {
    const p = await createProposal(t.db, author.user.id);
    const root = (await add({ subjectId: pid(p), body: '뿌리 댓글' })).data.addComment.id as string;
    const users = await Promise.all(Array.from({ length: 30 }, () => createUser(t.db, t.jwt)));
    const results = await Promise.all([
      ...users.map((u) => add({ subjectId: pid(p), body: '동시 댓글' }, u.token)),
      ...users
        .slice(0, 20)
        .map((u) => add({ subjectId: pid(p), parentId: root, body: '동시 답글' }, u.token)),
    ]);
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(await counts(p)).toBe(51);
    expect(await rows('WHERE proposal_id = $1', [p.id])).toBe(51);
    const replyCount = (await t.db.query('SELECT reply_count FROM comment WHERE id = $1', [
      Buffer.from(root, 'base64url').toString().split(':')[1],
    ])) as { reply_count: number }[];
    expect(replyCount[0]!.reply_count).toBe(20);
  });

  describe('editComment and deleteComment', () => {
    it('lets the author edit (editedAt set) and refuses others, leaving the body', async () => {
      const p = await createProposal(t.db, author.user.id);
      const c = (await add({ subjectId: pid(p), body: '처음 글' })).data.addComment.id as string;
      for (const [token, code] of [
        [author.token, 'FORBIDDEN'],
        [moderator.token, 'FORBIDDEN'],
        [null, 'UNAUTHENTICATED'],
      ] as const) {
        expect(codeOf(await t.gql(EDIT, { input: { id: c, body: '남이 고침' } }, token))).toBe(
          code,
        );
      }
      const edited = await t.gql(EDIT, { input: { id: c, body: '  고친 글 ' } }, citizen.token);
      expect(edited.data.editComment).toMatchObject({
        body: '고친 글',
        editedAt: expect.any(String),
      });
      expect(badFields(await t.gql(EDIT, { input: { id: c, body: '' } }, citizen.token))).toEqual([
        'body',
      ]);
      expect(
        badFields(await t.gql(EDIT, { input: { id: 'junk', body: '글' } }, citizen.token)),
      ).toEqual(['id']);
      const byAdmin = await t.gql(EDIT, { input: { id: c, body: '관리자 수정' } }, admin.token);
      expect(byAdmin.data.editComment.body).toBe('관리자 수정');
    });

    it('deletes: the comment keeps its place with body null, counts drop once, twice is harmless', async () => {
      const p = await createProposal(t.db, author.user.id);
      const c = (await add({ subjectId: pid(p), body: '지울 글' })).data.addComment.id as string;
      await add({ subjectId: pid(p), body: '남는 글' });
      expect(codeOf(await t.gql(DELETE, { id: c }, author.token))).toBe('FORBIDDEN');
      expect(await counts(p)).toBe(2);
      const both = await Promise.all([
        t.gql(DELETE, { id: c }, citizen.token),
        t.gql(DELETE, { id: c }, citizen.token),
      ]);
      expect(both.map((r) => r.data.deleteComment)).toEqual([
        { id: c, body: null, deleted: true },
        { id: c, body: null, deleted: true },
      ]);
      expect(await counts(p)).toBe(1);
      const thread = await t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes[0]).toMatchObject({
        id: c,
        body: null,
        deleted: true,
      });
      expect(thread.data.proposal.comments.totalCount).toBe(2);
      expect(codeOf(await t.gql(EDIT, { input: { id: c, body: '되살리기' } }, citizen.token))).toBe(
        'CONFLICT',
      );
      const stored = (await t.db.query(
        'SELECT body FROM comment WHERE deleted_at IS NOT NULL AND proposal_id = $1',
        [p.id],
      )) as { body: null }[];
      expect(stored).toEqual([{ body: null }]); // the text is erased, not just hidden
    });
  });

  it('hides a hidden comment’s body from all but moderators and admins', async () => {
    const p = await createProposal(t.db, author.user.id);
    const c = (await add({ subjectId: pid(p), body: '문제 글' })).data.addComment.id as string;
    await t.db.query('UPDATE comment SET hidden = true WHERE proposal_id = $1', [p.id]);
    const bodyFor = async (token: string | null) =>
      (await t.gql(THREAD, { id: pid(p) }, token)).data.proposal.comments.nodes[0] as {
        id: string;
        body: string | null;
        hidden: boolean;
      };
    expect(await bodyFor(null)).toMatchObject({ id: c, body: null, hidden: true });
    expect(await bodyFor(citizen.token)).toMatchObject({ body: null });
    expect(await bodyFor(moderator.token)).toMatchObject({ body: '문제 글' });
    expect(await bodyFor(admin.token)).toMatchObject({ body: '문제 글' });
  });

  it('pages a thread oldest first without repeats or gaps, and refuses bad paging arguments', async () => {
    const p = await createProposal(t.db, author.user.id);
    const made: string[] = [];
    for (let i = 0; i < 12; i++)
      made.push((await add({ subjectId: pid(p), body: `댓글 ${i}` })).data.addComment.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: {
        data: {
          proposal: {
            comments: {
              nodes: { id: string }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          };
        };
      } = await t.gql(THREAD, { id: pid(p), first: 5, after });
      seen.push(...res.data.proposal.comments.nodes.map((n) => n.id));
      if (!res.data.proposal.comments.pageInfo.hasNextPage) break;
      after = res.data.proposal.comments.pageInfo.endCursor;
    }
    expect(seen).toEqual(made);
    for (const variables of [{ first: 101 }, { first: -1 }, { after: 'junk' }]) {
      expect(codeOf(await t.gql(THREAD, { id: pid(p), ...variables }))).toBe('BAD_USER_INPUT');
    }
  });

  it('node() shows a comment, and null when its proposal is hidden from the viewer', async () => {
    const p = await createProposal(t.db, author.user.id);
    const c = (await add({ subjectId: pid(p), body: '노드 댓글' })).data.addComment.id as string;
    const NODE = 'query($id: ID!) { node(id: $id) { ... on Comment { id body } } }';
    expect((await t.gql(NODE, { id: c })).data.node).toEqual({ id: c, body: '노드 댓글' });
    await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
    expect((await t.gql(NODE, { id: c })).data.node).toBeNull();
    expect((await t.gql(NODE, { id: c }, moderator.token)).data.node).toEqual({
      id: c,
      body: '노드 댓글',
    });
  });

  it('costs a constant number of statements for a proposal with its comments, authors and replies', async () => {
    const DOC = `query($id: ID!) { proposal(id: $id) { title author { displayName }
      comments(first: 20) { nodes { body replyCount isOfficial author { displayName }
        replies(first: 5) { nodes { body author { displayName } } } } } } }`;
    const costOf = async (comments: number) => {
      const p = await createProposal(t.db, author.user.id);
      for (let i = 0; i < comments; i++) {
        const writer = await createUser(t.db, t.jwt);
        const c = (await add({ subjectId: pid(p), body: `댓글 ${i}` }, writer.token)).data
          .addComment.id;
        await add(
          { subjectId: pid(p), parentId: c, body: `답글 ${i}` },
          (await createUser(t.db, t.jwt)).token,
        );
      }
      const { result, queries } = await countQueries(t.db, () =>
        t.gql(DOC, { id: pid(p) }, citizen.token),
      );
      expect(result.data.proposal.comments.nodes).toHaveLength(comments);
      return queries.length;
    };
    const five = await costOf(5);
    const twenty = await costOf(20);
    expect(twenty).toBe(five);
    expect(twenty).toBeLessThanOrEqual(7);
  });
});
