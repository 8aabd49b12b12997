import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf } from '../helpers/test-app.js';
import {
  ADD_COMMENT,
  citizens,
  commentOn,
  countersOf,
  DELETE_COMMENT,
  hiddenInDb,
  LIST,
  moderateOk,
  newProposal,
  NODE,
  ok,
  pid,
  PROPOSAL,
  QUEUE,
  raw,
  reportAll,
  startModerationScene,
  SUPPORT,
  THREAD,
  uid,
  userOf,
  type ModerationScene,
} from './support.js';
import { Role } from '../../src/core/access/role.js';

const EDIT_COMMENT = `mutation Edit($input: EditCommentInput!) { editComment(input: $input) { id body } }`;

describe('what hidden means', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  const tokenOf = (who: TestUser | null) => who?.token ?? null;

  describe('a hidden proposal', () => {
    let writer: TestUser;
    let hiddenId: string;
    let visibleId: string;
    const outsiders = () => [null, s.citizen, s.staff] as const;
    const insiders = () => [writer, s.moderator, s.admin] as const;

    beforeAll(async () => {
      writer = await userOf(s, Role.CITIZEN);
      visibleId = pid(await newProposal(s, writer));
      hiddenId = pid(await newProposal(s, writer));
      await moderateOk(s, s.moderator, hiddenId, 'HIDE', '숨김');
    });

    it('is null from proposal() and node() for anonymous, other citizens and staff', async () => {
      for (const who of outsiders()) {
        const one = await s.t.gql(PROPOSAL, { id: hiddenId }, tokenOf(who));
        expect(one.errors).toBeUndefined();
        expect(one.data.proposal).toBeNull();
        const node = await s.t.gql(NODE, { id: hiddenId }, tokenOf(who));
        expect(node.errors).toBeUndefined();
        expect(node.data.node).toBeNull();
      }
    });

    it('is visible, marked hidden, to its author, moderators and admins', async () => {
      for (const who of insiders()) {
        const one = await s.t.gql(PROPOSAL, { id: hiddenId }, tokenOf(who));
        expect(one.data.proposal).toMatchObject({ id: hiddenId, hidden: true });
        const node = await s.t.gql(NODE, { id: hiddenId }, tokenOf(who));
        expect(node.data.node).toEqual({ __typename: 'Proposal', id: hiddenId, hidden: true });
      }
    });

    it('is absent from lists for outsiders and listed, marked hidden, for insiders', async () => {
      for (const who of outsiders()) {
        const list = await ok(s.t, LIST, { authorId: uid(writer) }, tokenOf(who));
        expect(list.proposals).toEqual({
          totalCount: 1,
          nodes: [{ id: visibleId, hidden: false }],
        });
      }
      for (const who of insiders()) {
        const list = await ok(s.t, LIST, { authorId: uid(writer) }, tokenOf(who));
        expect(list.proposals).toEqual({
          totalCount: 2,
          nodes: [
            { id: hiddenId, hidden: true },
            { id: visibleId, hidden: false },
          ],
        });
      }
      const ofUser = `query($id: ID!) { node(id: $id) { ... on User { proposals(first: 10) { totalCount nodes { id } } } } }`;
      const seen = await ok(s.t, ofUser, { id: uid(writer) }, s.citizen.token);
      expect(seen.node.proposals).toEqual({ totalCount: 1, nodes: [{ id: visibleId }] });
    });

    it('refuses supports with CONFLICT to those who see it, NOT_FOUND to others; nothing counted', async () => {
      for (const who of [s.moderator, s.admin]) {
        expect(codeOf(await s.t.gql(SUPPORT, { id: hiddenId }, who.token))).toBe('CONFLICT');
      }
      expect(codeOf(await s.t.gql(SUPPORT, { id: hiddenId }, s.citizen.token))).toBe('NOT_FOUND');
      const [row] = await s.t.db.query(
        `SELECT support_count, (SELECT count(*)::int FROM proposal_support WHERE proposal_id = $1) AS n
           FROM proposal WHERE id = $1`,
        [raw(hiddenId)],
      );
      expect(row).toEqual({ support_count: 0, n: 0 });
    });

    it('refuses comments with CONFLICT to its author and moderators, NOT_FOUND to others; nothing written', async () => {
      const add = (who: TestUser) =>
        s.t.gql(
          ADD_COMMENT,
          { input: { subjectId: hiddenId, body: '숨겨진 제안에 댓글' } },
          who.token,
        );
      for (const who of [writer, s.moderator, s.admin])
        expect(codeOf(await add(who))).toBe('CONFLICT');
      expect(codeOf(await add(s.citizen))).toBe('NOT_FOUND');
      const [row] = await s.t.db.query(
        `SELECT comment_count, (SELECT count(*)::int FROM comment WHERE proposal_id = $1) AS n
           FROM proposal WHERE id = $1`,
        [raw(hiddenId)],
      );
      expect(row).toEqual({ comment_count: 0, n: 0 });
    });

    it('comes back for everyone once restored, and takes supports again', async () => {
      const other = pid(await newProposal(s, writer));
      await moderateOk(s, s.moderator, other, 'HIDE', '숨김');
      await moderateOk(s, s.admin, other, 'RESTORE', '복구');
      for (const who of outsiders()) {
        expect((await s.t.gql(PROPOSAL, { id: other }, tokenOf(who))).data.proposal).toMatchObject({
          id: other,
          hidden: false,
        });
      }
      const supported = await ok(s.t, SUPPORT, { id: other }, s.citizen.token);
      expect(supported.supportProposal.supportCount).toBe(1);
    });
  });

  describe('a hidden comment', () => {
    it('keeps its place; its body is null for everyone but moderators and admins', async () => {
      const p = await newProposal(s);
      const first = await commentOn(s, s.citizen, p, '첫째 댓글');
      const middle = await commentOn(s, s.other, p, '숨길 댓글');
      const last = await commentOn(s, s.citizen, p, '셋째 댓글');
      await moderateOk(s, s.moderator, middle, 'HIDE', '욕설');

      for (const who of [null, s.citizen, s.staff, s.other]) {
        const thread = (await ok(s.t, THREAD, { id: pid(p) }, tokenOf(who))).proposal;
        expect(thread.comments.nodes.map((n: any) => [n.id, n.body, n.hidden])).toEqual([
          [first, '첫째 댓글', false],
          [middle, null, true],
          [last, '셋째 댓글', false],
        ]);
        const node = (await ok(s.t, NODE, { id: middle }, tokenOf(who))).node;
        expect(node).toMatchObject({ id: middle, hidden: true, body: null });
      }
      for (const who of [s.moderator, s.admin]) {
        const thread = (await ok(s.t, THREAD, { id: pid(p) }, who.token)).proposal;
        expect(thread.comments.nodes.map((n: any) => [n.id, n.body, n.hidden])).toEqual([
          [first, '첫째 댓글', false],
          [middle, '숨길 댓글', true],
          [last, '셋째 댓글', false],
        ]);
        const node = (await ok(s.t, NODE, { id: middle }, who.token)).node;
        expect(node).toMatchObject({ id: middle, hidden: true, body: '숨길 댓글' });
      }
    });

    it('cannot be edited by its author (CONFLICT), the stored body unchanged', async () => {
      const comment = await commentOn(s, s.other, await newProposal(s), '원래 내용');
      await moderateOk(s, s.moderator, comment, 'HIDE', '숨김');
      const res = await s.t.gql(
        EDIT_COMMENT,
        { input: { id: comment, body: '고친 내용' } },
        s.other.token,
      );
      expect(codeOf(res)).toBe('CONFLICT');
      const [row] = await s.t.db.query('SELECT body, edited_at FROM comment WHERE id = $1', [
        raw(comment),
      ]);
      expect(row).toEqual({ body: '원래 내용', edited_at: null });
    });

    it('lowers proposal.commentCount and the parent’s replyCount on hide; they come back on restore', async () => {
      const p = await newProposal(s);
      const top = await commentOn(s, s.citizen, p, '윗 댓글');
      const r1 = await commentOn(s, s.other, p, '답글 하나', top);
      await commentOn(s, s.citizen, p, '답글 둘', top);
      await commentOn(s, s.other, p, '다른 댓글');
      const shape = async () => {
        const thread = (await ok(s.t, THREAD, { id: pid(p) }, s.moderator.token)).proposal;
        const counters = await countersOf(s.t, p.id);
        expect(counters.stored).toEqual(counters.actual);
        return [thread.commentCount, thread.comments.nodes[0].replyCount];
      };
      expect(await shape()).toEqual([4, 2]);

      await moderateOk(s, s.moderator, r1, 'HIDE', '답글 숨김');
      expect(await shape()).toEqual([3, 1]);
      await moderateOk(s, s.moderator, top, 'HIDE', '윗 댓글 숨김');
      expect(await shape()).toEqual([2, 1]);
      // HIDE of hidden content moves nothing.
      await moderateOk(s, s.admin, top, 'HIDE', '확인');
      expect(await shape()).toEqual([2, 1]);

      await moderateOk(s, s.moderator, top, 'RESTORE', '윗 댓글 복구');
      expect(await shape()).toEqual([3, 1]);
      await moderateOk(s, s.moderator, r1, 'RESTORE', '답글 복구');
      expect(await shape()).toEqual([4, 2]);
      // RESTORE of visible content moves nothing either.
      await moderateOk(s, s.moderator, r1, 'RESTORE', '다시 확인');
      expect(await shape()).toEqual([4, 2]);
      // The public sees the same counts.
      const pub = (await ok(s.t, THREAD, { id: pid(p) }, null)).proposal;
      expect([pub.commentCount, pub.comments.nodes[0].replyCount]).toEqual([4, 2]);
    });

    it('deleted by its author while hidden: counted down once, restored without counting up; moderators keep the original text', async () => {
      const p = await newProposal(s);
      const top = await commentOn(s, s.citizen, p, '윗 댓글');
      const reply = await commentOn(s, s.other, p, '신고될 답글 원문', top);
      const counts = async () => {
        const thread = (await ok(s.t, THREAD, { id: pid(p) }, null)).proposal;
        const counters = await countersOf(s.t, p.id);
        expect(counters.stored).toEqual(counters.actual);
        return [thread.commentCount, thread.comments.nodes[0].replyCount];
      };
      expect(await counts()).toEqual([2, 1]);

      await reportAll(s, await citizens(s, 3), reply);
      expect(await hiddenInDb(s.t, reply)).toBe(true);
      expect(await counts()).toEqual([1, 0]);

      const deleted = await ok(s.t, DELETE_COMMENT, { id: reply }, s.other.token);
      expect(deleted.deleteComment).toEqual({ id: reply, body: null, deleted: true, hidden: true });
      expect(await counts()).toEqual([1, 0]);

      const queue = await ok(s.t, QUEUE, {}, s.moderator.token);
      const item = queue.moderationQueue.nodes.find((n: any) => n.target.id === reply);
      expect(item.target).toEqual({ __typename: 'Comment', id: reply, hidden: true, body: null });
      expect(item.reports.map((r: any) => r.contentSnapshot)).toEqual(
        Array(3).fill('신고될 답글 원문'),
      );
      expect(item.decisions.map((d: any) => d.contentSnapshot)).toEqual(['신고될 답글 원문']);

      const restored = await moderateOk(s, s.moderator, reply, 'RESTORE', '작성자가 삭제함');
      expect(restored.target).toEqual({
        __typename: 'Comment',
        id: reply,
        hidden: false,
        body: null,
      });
      expect(await counts()).toEqual([1, 0]);
      const node = (await ok(s.t, NODE, { id: reply }, s.citizen.token)).node;
      expect(node).toMatchObject({ deleted: true, hidden: false, body: null });
    });
  });
});
