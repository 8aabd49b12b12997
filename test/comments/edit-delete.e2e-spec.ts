import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  cid,
  commentOn,
  commentRow,
  countersOf,
  DELETE,
  EDIT,
  hideComment,
  newProposal,
  NODE,
  pid,
  snapshot,
  startCommentScene,
  storedCommentCount,
  THREAD,
  type CommentScene,
} from './support.js';

describe('editComment, deleteComment and hidden comments', () => {
  let s: CommentScene;
  beforeAll(async () => {
    s = await startCommentScene();
  });
  afterAll(() => s.t.close());

  const edit = (id: string, body: string, token: string | null) =>
    s.t.gql(EDIT, { input: { id, body } }, token);
  const del = (id: string, token: string | null) => s.t.gql(DELETE, { id }, token);

  describe('editComment', () => {
    it('lets the author edit: new body (trimmed, NFC), editedAt set, nothing else moves', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '처음 쓴 글');
      const reply = await commentOn(s.t, s.other.token, p, '답글', c);
      const before = (await commentRow(s.t, c))!;
      const res = await edit(
        c,
        `  ${'고친 글'.normalize('NFD')} <i>기울임</i>\n `,
        s.citizen.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.editComment).toMatchObject({
        id: c,
        body: '고친 글 <i>기울임</i>',
        deleted: false,
        replyCount: 1,
        author: { id: toGlobalId('User', s.citizen.user.id) },
        editedAt: expect.any(String),
      });
      const editedAt = Date.parse(res.data.editComment.editedAt);
      expect(editedAt).toBeGreaterThanOrEqual(before.created_at.getTime());
      expect(Math.abs(editedAt - Date.now())).toBeLessThan(60_000);

      const after = (await commentRow(s.t, c))!;
      expect(after).toEqual({
        ...before,
        body: '고친 글 <i>기울임</i>',
        edited_at: new Date(editedAt),
      });
      expect(await storedCommentCount(s.t, p.id)).toBe(2);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes).toEqual([
        expect.objectContaining({ id: c, body: '고친 글 <i>기울임</i>', replyCount: 1 }),
      ]);
      expect(thread.data.proposal.comments.nodes[0].replies.nodes[0].id).toBe(reply);
    });

    it('lets an admin edit anyone’s comment; the author stays the author', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '관리자가 고칠 글');
      const res = await edit(c, '관리자가 고친 글', s.admin.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.editComment).toMatchObject({
        body: '관리자가 고친 글',
        author: { id: toGlobalId('User', s.citizen.user.id) },
        editedAt: expect.any(String),
      });
      expect(await commentRow(s.t, c)).toMatchObject({
        body: '관리자가 고친 글',
        author_id: s.citizen.user.id,
        edited_at: expect.any(Date),
      });
    });

    it.each([
      ['another citizen', 'FORBIDDEN', 'other'],
      ['the proposal’s author', 'FORBIDDEN', 'author'],
      ['staff of the assigned department', 'FORBIDDEN', 'staff'],
      ['a moderator', 'FORBIDDEN', 'moderator'],
      ['a suspended user', 'FORBIDDEN', 'suspended'],
    ] as const)('refuses %s with %s, leaving the comment unchanged', async (_l, code, who) => {
      const p = await newProposal(s, { departmentId: s.department.id });
      const c = await commentOn(s.t, s.citizen.token, p, '그대로 남을 글');
      const before = await snapshot(s.t);
      const res = await edit(c, '남이 고친 글', s[who].token);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.editComment ?? null).toBeNull();
      expect(await snapshot(s.t)).toEqual(before);
      expect((await commentRow(s.t, c))!.body).toBe('그대로 남을 글');
    });

    it('refuses an anonymous caller with UNAUTHENTICATED, leaving the comment unchanged', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '그대로');
      const before = await snapshot(s.t);
      expect(codeOf(await edit(c, '익명 수정', null))).toBe('UNAUTHENTICATED');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('refuses the author once suspended, leaving the comment unchanged', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.other.token, p, '정지 전 글');
      await s.t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
        s.other.user.id,
        new Date(Date.now() + 3600_000),
      ]);
      try {
        const before = await snapshot(s.t);
        expect(codeOf(await edit(c, '정지 후 수정', s.other.token))).toBe('FORBIDDEN');
        expect(codeOf(await del(c, s.other.token))).toBe('FORBIDDEN');
        expect(await snapshot(s.t)).toEqual(before);
      } finally {
        await s.t.db.query('UPDATE app_user SET suspended_until = NULL WHERE id = $1', [
          s.other.user.id,
        ]);
      }
    });

    it.each([
      ['empty', ''],
      ['blank', ' \t\n '],
      ['5,001 characters', '가'.repeat(5001)],
      ['a control character', '고침\u0008'],
      ['a carriage return', '고\r침'],
      ['a lone surrogate', '\udfff'],
    ])('refuses a body that is %s as BAD_USER_INPUT on body, unchanged', async (_l, body) => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '원래 글');
      const before = await snapshot(s.t);
      const res = await edit(c, body, s.citizen.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('accepts 5,000 characters and returns HTML verbatim', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '원래 글');
      const link = '<a href="javascript:alert(1)">링크</a>';
      const body = link + '나'.repeat(5000 - Array.from(link).length);
      expect(Array.from(body)).toHaveLength(5000);
      const res = await edit(c, body, s.citizen.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.editComment.body).toBe(body);
      expect((await commentRow(s.t, c))!.body).toBe(body);
    });

    it.each([
      ['junk', 'junk', 'BAD_USER_INPUT'],
      ['a Proposal id', toGlobalId('Proposal', randomUUID()), 'BAD_USER_INPUT'],
      ['a Comment id that does not exist', cid(randomUUID()), 'NOT_FOUND'],
    ])('answers %s as id with %s', async (_l, id, code) => {
      const before = await snapshot(s.t);
      const res = await edit(id, '고침', s.admin.token);
      expect(codeOf(res)).toBe(code);
      if (code === 'BAD_USER_INPUT') expect(badFields(res)).toEqual(['id']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('refuses to edit a deleted comment with CONFLICT, even for an admin; the body stays erased', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '지울 글');
      expect((await del(c, s.citizen.token)).errors).toBeUndefined();
      const before = await snapshot(s.t);
      expect(codeOf(await edit(c, '되살리기', s.citizen.token))).toBe('CONFLICT');
      expect(codeOf(await edit(c, '되살리기', s.admin.token))).toBe('CONFLICT');
      expect(await snapshot(s.t)).toEqual(before);
      expect(await commentRow(s.t, c)).toMatchObject({ body: null, edited_at: null });
    });

    it('answers NOT_FOUND to a stranger editing their comment on a proposal since hidden', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '숨겨질 제안의 글');
      await s.t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      const before = await snapshot(s.t);
      expect(codeOf(await edit(c, '고침', s.citizen.token))).toBe('NOT_FOUND');
      expect(codeOf(await del(c, s.citizen.token))).toBe('NOT_FOUND');
      expect(await snapshot(s.t)).toEqual(before);
    });
  });

  describe('deleteComment', () => {
    it('lets the author delete: the comment keeps its place, body null and erased, counts drop by one', async () => {
      const p = await newProposal(s);
      const first = await commentOn(s.t, s.citizen.token, p, '첫째');
      const doomed = await commentOn(s.t, s.citizen.token, p, '지울 글');
      const last = await commentOn(s.t, s.other.token, p, '셋째');
      expect(await storedCommentCount(s.t, p.id)).toBe(3);

      const res = await del(doomed, s.citizen.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.deleteComment).toMatchObject({
        id: doomed,
        body: null,
        deleted: true,
        hidden: false,
        author: { id: toGlobalId('User', s.citizen.user.id) },
      });
      expect(await commentRow(s.t, doomed)).toMatchObject({
        body: null,
        deleted_at: expect.any(Date),
      });
      expect(await storedCommentCount(s.t, p.id)).toBe(2);

      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(2);
      expect(thread.data.proposal.comments.totalCount).toBe(3);
      expect(
        thread.data.proposal.comments.nodes.map((n: { id: string; body: string | null }) => [
          n.id,
          n.body,
        ]),
      ).toEqual([
        [first, '첫째'],
        [doomed, null],
        [last, '셋째'],
      ]);
      expect(thread.data.proposal.comments.nodes[1]).toMatchObject({ deleted: true });

      const node = await s.t.gql(NODE, { id: doomed }, s.admin.token);
      expect(node.data.node).toMatchObject({ id: doomed, body: null, deleted: true });
    });

    it('lets an admin delete anyone’s comment', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '관리자가 지울 글');
      const res = await del(c, s.admin.token);
      expect(res.data.deleteComment).toMatchObject({ id: c, body: null, deleted: true });
      expect(await storedCommentCount(s.t, p.id)).toBe(0);
      expect((await commentRow(s.t, c))!.body).toBeNull();
    });

    it.each([
      ['another citizen', 'FORBIDDEN', 'other'],
      ['the proposal’s author', 'FORBIDDEN', 'author'],
      ['staff of the assigned department', 'FORBIDDEN', 'staff'],
      ['a moderator', 'FORBIDDEN', 'moderator'],
      ['a suspended user', 'FORBIDDEN', 'suspended'],
    ] as const)('refuses %s with %s; nothing changes', async (_l, code, who) => {
      const p = await newProposal(s, { departmentId: s.department.id });
      const c = await commentOn(s.t, s.citizen.token, p, '남을 글');
      const before = await snapshot(s.t);
      const res = await del(c, s[who].token);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.deleteComment ?? null).toBeNull();
      expect(await snapshot(s.t)).toEqual(before);
      expect(await storedCommentCount(s.t, p.id)).toBe(1);
    });

    it('refuses an anonymous caller with UNAUTHENTICATED; nothing changes', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p);
      const before = await snapshot(s.t);
      expect(codeOf(await del(c, null))).toBe('UNAUTHENTICATED');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it.each([
      ['junk', 'junk', 'BAD_USER_INPUT'],
      ['a User id', toGlobalId('User', randomUUID()), 'BAD_USER_INPUT'],
      ['a Comment id that does not exist', cid(randomUUID()), 'NOT_FOUND'],
    ])('answers %s as id with %s', async (_l, id, code) => {
      const before = await snapshot(s.t);
      const res = await del(id, s.admin.token);
      expect(codeOf(res)).toBe(code);
      if (code === 'BAD_USER_INPUT') expect(badFields(res)).toEqual(['id']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('is idempotent: a second delete answers the deleted comment and moves no count', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '부모');
      const c = await commentOn(s.t, s.other.token, p, '두 번 지울 답글', parent);
      await commentOn(s.t, s.citizen.token, p, '남는 글');
      expect(await storedCommentCount(s.t, p.id)).toBe(3);

      const once = await del(c, s.other.token);
      expect(once.errors).toBeUndefined();
      const afterOnce = await snapshot(s.t);
      const twice = await del(c, s.other.token);
      const byAdmin = await del(c, s.admin.token);
      expect(twice.errors).toBeUndefined();
      expect(twice.data.deleteComment).toEqual(once.data.deleteComment);
      expect(byAdmin.data.deleteComment).toMatchObject({ id: c, body: null, deleted: true });
      expect(await snapshot(s.t)).toEqual(afterOnce);
      expect(await storedCommentCount(s.t, p.id)).toBe(2);
      expect((await commentRow(s.t, parent))!.reply_count).toBe(0);
      const { stored, actual } = await countersOf(s.t, p.id);
      expect(stored).toEqual(actual);
    });

    it('still refuses others on an already deleted comment', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p);
      await del(c, s.citizen.token);
      const before = await snapshot(s.t);
      expect(codeOf(await del(c, s.other.token))).toBe('FORBIDDEN');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('deleting a reply drops its parent’s replyCount and the proposal’s commentCount', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '부모');
      const keep = await commentOn(s.t, s.other.token, p, '남는 답글', parent);
      const gone = await commentOn(s.t, s.other.token, p, '지울 답글', parent);
      expect((await commentRow(s.t, parent))!.reply_count).toBe(2);

      expect((await del(gone, s.other.token)).errors).toBeUndefined();
      expect((await commentRow(s.t, parent))!.reply_count).toBe(1);
      expect(await storedCommentCount(s.t, p.id)).toBe(2);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(2);
      const [node] = thread.data.proposal.comments.nodes;
      expect(node.replyCount).toBe(1);
      expect(node.replies.totalCount).toBe(2);
      expect(
        node.replies.nodes.map((r: { id: string; body: string | null; deleted: boolean }) => [
          r.id,
          r.body,
          r.deleted,
        ]),
      ).toEqual([
        [keep, '남는 답글', false],
        [gone, null, true],
      ]);
    });

    it('deleting a parent leaves its replies readable and counted', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '부모');
      const reply = await commentOn(s.t, s.other.token, p, '살아남는 답글', parent);
      expect((await del(parent, s.citizen.token)).errors).toBeUndefined();
      expect(await storedCommentCount(s.t, p.id)).toBe(1);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(1);
      expect(thread.data.proposal.comments.nodes).toEqual([
        expect.objectContaining({
          id: parent,
          body: null,
          deleted: true,
          replyCount: 1,
          replies: {
            totalCount: 1,
            nodes: [expect.objectContaining({ id: reply, body: '살아남는 답글', deleted: false })],
          },
        }),
      ]);
      const node = await s.t.gql(NODE, { id: reply });
      expect(node.data.node.parent).toEqual({ id: parent });
    });
  });

  describe('hidden comments', () => {
    const bodies = async (proposal: string, token: string | null) => {
      const thread = await s.t.gql(THREAD, { id: proposal }, token);
      expect(thread.errors).toBeUndefined();
      return thread.data.proposal;
    };

    it.each([
      ['anonymous', false, null],
      ['a citizen', false, 'citizen'],
      ['the comment’s author', false, 'other'],
      ['the proposal’s author', false, 'author'],
      ['staff', false, 'staff'],
      ['a moderator', true, 'moderator'],
      ['an admin', true, 'admin'],
    ] as const)('shows a hidden comment’s body to %s: %s', async (_l, sees, who) => {
      const p = await newProposal(s);
      const before = await commentOn(s.t, s.citizen.token, p, '앞 글');
      const hidden = await commentOn(s.t, s.other.token, p, '문제 있는 글');
      const parent = await commentOn(s.t, s.citizen.token, p, '부모 글');
      const hiddenReply = await commentOn(s.t, s.other.token, p, '문제 있는 답글', parent);
      await hideComment(s.t, hidden);
      await hideComment(s.t, hiddenReply);
      const token = who === null ? null : s[who].token;

      const proposal = await bodies(pid(p), token);
      expect(proposal.commentCount).toBe(2);
      expect(
        proposal.comments.nodes.map((n: { id: string; body: string | null; hidden: boolean }) => [
          n.id,
          n.body,
          n.hidden,
        ]),
      ).toEqual([
        [before, '앞 글', false],
        [hidden, sees ? '문제 있는 글' : null, true],
        [parent, '부모 글', false],
      ]);
      expect(proposal.comments.nodes[1].deleted).toBe(false);
      expect(proposal.comments.nodes[2].replyCount).toBe(0);
      expect(proposal.comments.nodes[2].replies.nodes).toEqual([
        expect.objectContaining({
          id: hiddenReply,
          body: sees ? '문제 있는 답글' : null,
          hidden: true,
        }),
      ]);
      const node = await s.t.gql(NODE, { id: hidden }, token);
      expect(node.data.node).toMatchObject({
        id: hidden,
        body: sees ? '문제 있는 글' : null,
        hidden: true,
      });
      // Hiding keeps the text for moderators; only deletion erases it.
      expect((await commentRow(s.t, hidden))!.body).toBe('문제 있는 글');
    });

    it('refuses to edit a hidden comment (CONFLICT), for its author and for an admin', async () => {
      const p = await newProposal(s);
      const c = await commentOn(s.t, s.citizen.token, p, '숨겨진 글');
      await hideComment(s.t, c);
      const before = await snapshot(s.t);
      expect(codeOf(await edit(c, '몰래 고침', s.citizen.token))).toBe('CONFLICT');
      expect(codeOf(await edit(c, '몰래 고침', s.admin.token))).toBe('CONFLICT');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('lets the author delete a hidden comment without moving the counts a second time', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '부모');
      const c = await commentOn(s.t, s.other.token, p, '숨겨질 답글', parent);
      await commentOn(s.t, s.other.token, p, '다른 답글', parent);
      await hideComment(s.t, c);
      expect(await storedCommentCount(s.t, p.id)).toBe(2);
      expect((await commentRow(s.t, parent))!.reply_count).toBe(1);

      const res = await del(c, s.other.token);
      expect(res.data.deleteComment).toMatchObject({
        id: c,
        body: null,
        deleted: true,
        hidden: true,
      });
      expect(await storedCommentCount(s.t, p.id)).toBe(2);
      expect((await commentRow(s.t, parent))!.reply_count).toBe(1);
      expect(await commentRow(s.t, c)).toMatchObject({ body: null, deleted_at: expect.any(Date) });
      const { stored, actual } = await countersOf(s.t, p.id);
      expect(stored).toEqual(actual);
      // A moderator sees no text either once it is deleted.
      const node = await s.t.gql(NODE, { id: c }, s.moderator.token);
      expect(node.data.node).toMatchObject({ body: null, deleted: true, hidden: true });
    });
  });
});
