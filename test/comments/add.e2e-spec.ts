import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  addComment,
  cid,
  commentOn,
  commentRow,
  count,
  DELETE,
  hideComment,
  newProposal,
  pid,
  raw,
  snapshot,
  startCommentScene,
  storedCommentCount,
  THREAD,
  type CommentScene,
} from './support.js';

describe('addComment', () => {
  let s: CommentScene;
  beforeAll(async () => {
    s = await startCommentScene();
  });
  afterAll(() => s.t.close());

  describe('who may comment', () => {
    it('stores a comment by a citizen and answers it with its author, subject and counters', async () => {
      const p = await newProposal(s);
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: pid(p),
        body: '좋은 제안입니다',
      });
      expect(res.errors).toBeUndefined();
      const comment = res.data.addComment;
      expect(comment).toEqual({
        id: expect.any(String),
        body: '좋은 제안입니다',
        deleted: false,
        hidden: false,
        isOfficial: false,
        replyCount: 0,
        createdAt: expect.any(String),
        editedAt: null,
        author: {
          id: toGlobalId('User', s.citizen.user.id),
          displayName: s.citizen.user.displayName,
        },
        parent: null,
        subject: { __typename: 'Proposal', id: pid(p) },
      });
      expect(Math.abs(Date.parse(comment.createdAt) - Date.now())).toBeLessThan(60_000);

      const row = await commentRow(s.t, comment.id);
      expect(row).toMatchObject({
        proposal_id: p.id,
        parent_id: null,
        author_id: s.citizen.user.id,
        body: '좋은 제안입니다',
        is_official: false,
        reply_count: 0,
        hidden: false,
        edited_at: null,
        deleted_at: null,
      });
      expect(await storedCommentCount(s.t, p.id)).toBe(1);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(1);
      expect(thread.data.proposal.comments.nodes.map((n: { id: string }) => n.id)).toEqual([
        comment.id,
      ]);
    });

    it.each(['staff', 'otherStaff', 'moderator', 'admin', 'author'] as const)(
      'lets %s comment as well',
      async (who) => {
        const p = await newProposal(s);
        const res = await addComment(s.t, s[who].token, { subjectId: pid(p), body: '의견' });
        expect(res.errors).toBeUndefined();
        expect(res.data.addComment.author.id).toBe(toGlobalId('User', s[who].user.id));
        expect(await count(s.t, 'comment WHERE proposal_id = $1', [p.id])).toBe(1);
        expect(await storedCommentCount(s.t, p.id)).toBe(1);
      },
    );

    it('refuses an anonymous caller with UNAUTHENTICATED and writes nothing', async () => {
      const p = await newProposal(s);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, null, { subjectId: pid(p), body: '익명 댓글' });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data?.addComment ?? null).toBeNull();
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('refuses an invalid token with UNAUTHENTICATED and writes nothing', async () => {
      const p = await newProposal(s);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, `${s.citizen.token}x`, { subjectId: pid(p), body: '위조' });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('refuses a suspended user with FORBIDDEN, as a comment and as a reply, and writes nothing', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p);
      const before = await snapshot(s.t);
      const top = await addComment(s.t, s.suspended.token, { subjectId: pid(p), body: '정지됨' });
      const reply = await addComment(s.t, s.suspended.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '정지됨',
      });
      expect(codeOf(top)).toBe('FORBIDDEN');
      expect(codeOf(reply)).toBe('FORBIDDEN');
      expect(await snapshot(s.t)).toEqual(before);
      expect(await storedCommentCount(s.t, p.id)).toBe(1);
    });
  });

  describe('the body', () => {
    it('is trimmed and NFC-normalised, keeps inner newlines and tabs, and is stored as given', async () => {
      const p = await newProposal(s);
      const decomposed = '나무그늘이 필요합니다'.normalize('NFD');
      expect(decomposed).not.toBe('나무그늘이 필요합니다');
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: pid(p),
        body: ` \n\t ${decomposed}\n\t둘째 줄  \n `,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment.body).toBe('나무그늘이 필요합니다\n\t둘째 줄');
      expect((await commentRow(s.t, res.data.addComment.id))!.body).toBe(
        '나무그늘이 필요합니다\n\t둘째 줄',
      );
    });

    it.each([
      ['HTML', '<script>alert("x")</script><b>굵게</b> &amp; <img src=x onerror=alert(1)>'],
      ['SQL', "'); DROP TABLE comment; --"],
      ['percent and underscore', '100% _확실_ \\n'],
      ['emoji and astral characters', '👍🏽 𝒜 한국어 🇰🇷'],
    ])('returns and stores %s verbatim, as plain text', async (_label, body) => {
      const p = await newProposal(s);
      const res = await addComment(s.t, s.citizen.token, { subjectId: pid(p), body });
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment.body).toBe(body);
      expect((await commentRow(s.t, res.data.addComment.id))!.body).toBe(body);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes[0].body).toBe(body);
    });

    it.each([
      ['one character', '가'],
      ['5,000 Hangul syllables', '가'.repeat(5000)],
      ['5,000 astral characters (10,000 UTF-16 units)', '😀'.repeat(5000)],
      ['5,000 syllables typed as 15,000 decomposed jamo', '한'.normalize('NFD').repeat(5000)],
      ['5,000 characters between spaces', `   ${'a'.repeat(5000)}   `],
    ])('accepts %s', async (_label, body) => {
      const p = await newProposal(s);
      const res = await addComment(s.t, s.citizen.token, { subjectId: pid(p), body });
      expect(res.errors).toBeUndefined();
      const stored = (await commentRow(s.t, res.data.addComment.id))!.body!;
      expect(stored).toBe(body.normalize('NFC').trim());
      expect(Array.from(stored).length).toBeLessThanOrEqual(5000);
      expect(await storedCommentCount(s.t, p.id)).toBe(1);
    });

    it.each([
      ['empty', ''],
      ['only spaces', '    '],
      ['only newlines and tabs', '\n\t\n'],
      ['5,001 Hangul syllables', '가'.repeat(5001)],
      ['5,001 astral characters', '😀'.repeat(5001)],
      ['a NUL character', '안녕\u0000하세요'],
      ['a bell character', '안녕\u0007'],
      ['a carriage return', '첫 줄\r\n둘째 줄'],
      ['a DEL character', '지움\u007f'],
      ['a C1 control character', '다음\u0085줄'],
      ['an escape sequence', '\u001b[31m빨강\u001b[0m'],
      ['a lone surrogate', '깨진 \ud800 글자'],
    ])('refuses a body that is %s as BAD_USER_INPUT on body, writing nothing', async (_l, body) => {
      const p = await newProposal(s);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.citizen.token, { subjectId: pid(p), body });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body']);
      expect(res.errors![0]!.extensions!.fieldErrors![0]!.message).toEqual(expect.any(String));
      expect(res.data?.addComment ?? null).toBeNull();
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('refuses a hostile reply body the same way', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.other.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '가'.repeat(5001),
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body']);
      expect(await snapshot(s.t)).toEqual(before);
    });
  });

  describe('the subject', () => {
    it.each([
      ['a User id', () => toGlobalId('User', s.citizen.user.id)],
      ['a Comment id', () => toGlobalId('Comment', randomUUID())],
      ['a Department id (not commentable)', () => toGlobalId('Department', randomUUID())],
      ['junk', () => 'not-an-id'],
      ['an empty string', () => ''],
      ['a raw uuid', () => randomUUID()],
      [
        'a Proposal id with a broken uuid',
        () => Buffer.from('Proposal:1234').toString('base64url'),
      ],
    ])(
      'refuses %s as subjectId with BAD_USER_INPUT, writing nothing',
      async (_label, subjectId) => {
        await newProposal(s);
        const before = await snapshot(s.t);
        const res = await addComment(s.t, s.citizen.token, {
          subjectId: subjectId(),
          body: '댓글',
        });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['subjectId']);
        expect(await snapshot(s.t)).toEqual(before);
      },
    );

    it('refuses a Topic id as subjectId with BAD_USER_INPUT, writing nothing', async () => {
      const topic = await createTopic(s.t.db);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: toGlobalId('Topic', topic.id),
        body: '주제에 댓글',
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['subjectId']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('names every bad field at once', async () => {
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: 'x',
        parentId: toGlobalId('Proposal', randomUUID()),
        body: '\u0000',
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['body', 'parentId', 'subjectId']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it('answers NOT_FOUND for a well-formed Proposal id that does not exist, writing nothing', async () => {
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: toGlobalId('Proposal', randomUUID()),
        body: '없는 제안',
      });
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(await snapshot(s.t)).toEqual(before);
    });

    it.each([
      ['a citizen', 'NOT_FOUND', 'citizen'],
      ['a staff member', 'NOT_FOUND', 'staff'],
      ['its author', 'CONFLICT', 'author'],
      ['a moderator', 'CONFLICT', 'moderator'],
      ['an admin', 'CONFLICT', 'admin'],
    ] as const)(
      'refuses a comment on a hidden proposal by %s with %s, writing nothing',
      async (_label, code, who) => {
        const p = await newProposal(s, { hidden: true });
        const before = await snapshot(s.t);
        const res = await addComment(s.t, s[who].token, { subjectId: pid(p), body: '숨김 제안' });
        expect(codeOf(res)).toBe(code);
        expect(await snapshot(s.t)).toEqual(before);
      },
    );

    it('refuses a reply on a proposal hidden after the comment was written', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p);
      await s.t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p.id]);
      const before = await snapshot(s.t);
      const stranger = await addComment(s.t, s.other.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '답글',
      });
      const author = await addComment(s.t, s.author.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '답글',
      });
      expect(codeOf(stranger)).toBe('NOT_FOUND');
      expect(codeOf(author)).toBe('CONFLICT');
      expect(await snapshot(s.t)).toEqual(before);
    });
  });

  describe('replies', () => {
    it('stores a reply under its parent, counts it in both counters, and lists it under the parent only', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p, '원 댓글');
      const res = await addComment(s.t, s.other.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '답글입니다',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment).toMatchObject({
        body: '답글입니다',
        parent: { id: parent },
        subject: { __typename: 'Proposal', id: pid(p) },
        replyCount: 0,
      });
      expect((await commentRow(s.t, res.data.addComment.id))!.parent_id).toBe(raw(parent));
      expect((await commentRow(s.t, parent))!.reply_count).toBe(1);
      expect(await storedCommentCount(s.t, p.id)).toBe(2);

      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(2);
      expect(thread.data.proposal.comments.totalCount).toBe(1);
      expect(thread.data.proposal.comments.nodes).toEqual([
        expect.objectContaining({
          id: parent,
          replyCount: 1,
          replies: {
            totalCount: 1,
            nodes: [
              {
                id: res.data.addComment.id,
                body: '답글입니다',
                deleted: false,
                hidden: false,
                replyCount: 0,
                parent: { id: parent },
              },
            ],
          },
        }),
      ]);
    });

    it('takes a reply to a reply: it counts for its own parent only', async () => {
      const p = await newProposal(s);
      const top = await commentOn(s.t, s.citizen.token, p, '맨 위');
      const reply = await commentOn(s.t, s.other.token, p, '답글', top);
      const nested = await commentOn(s.t, s.citizen.token, p, '답글의 답글', reply);
      expect((await commentRow(s.t, top))!.reply_count).toBe(1);
      expect((await commentRow(s.t, reply))!.reply_count).toBe(1);
      expect(await storedCommentCount(s.t, p.id)).toBe(3);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.commentCount).toBe(3);
      expect(thread.data.proposal.comments.nodes.map((n: { id: string }) => n.id)).toEqual([top]);
      expect(thread.data.proposal.comments.nodes[0].replies.nodes).toEqual([
        expect.objectContaining({ id: reply, replyCount: 1 }),
      ]);
      const replies = await s.t.gql(
        `query($id: ID!) { node(id: $id) { ... on Comment { replies { nodes { id parent { id } } } } } }`,
        { id: reply },
      );
      expect(replies.data.node.replies.nodes).toEqual([{ id: nested, parent: { id: reply } }]);
    });

    it('refuses a parent on another proposal as BAD_USER_INPUT on parentId, writing nothing', async () => {
      const p = await newProposal(s);
      const q = await newProposal(s);
      const onQ = await commentOn(s.t, s.citizen.token, q);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.other.token, {
        subjectId: pid(p),
        parentId: onQ,
        body: '엇갈린 답글',
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['parentId']);
      expect(await snapshot(s.t)).toEqual(before);
    });

    it.each([
      ['a Comment id that does not exist', () => cid(randomUUID())],
      ['a Proposal id', () => toGlobalId('Proposal', randomUUID())],
      ['junk', () => '%%%'],
    ])(
      'refuses %s as parentId with BAD_USER_INPUT on parentId, writing nothing',
      async (_l, id) => {
        const p = await newProposal(s);
        const before = await snapshot(s.t);
        const res = await addComment(s.t, s.citizen.token, {
          subjectId: pid(p),
          parentId: id(),
          body: '답글',
        });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['parentId']);
        expect(await snapshot(s.t)).toEqual(before);
      },
    );

    it('accepts parentId: null as a top-level comment', async () => {
      const p = await newProposal(s);
      const res = await addComment(s.t, s.citizen.token, {
        subjectId: pid(p),
        parentId: null,
        body: '맨 위 댓글',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment.parent).toBeNull();
    });

    it('refuses a reply to a deleted comment with CONFLICT, writing nothing', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p);
      const deleted = await s.t.gql(DELETE, { id: parent }, s.citizen.token);
      expect(deleted.errors).toBeUndefined();
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.other.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '지운 글에 답글',
      });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await snapshot(s.t)).toEqual(before);
      expect((await commentRow(s.t, parent))!.reply_count).toBe(0);
    });

    it('refuses a reply to a hidden comment with CONFLICT, writing nothing', async () => {
      const p = await newProposal(s);
      const parent = await commentOn(s.t, s.citizen.token, p);
      await hideComment(s.t, parent);
      const before = await snapshot(s.t);
      const res = await addComment(s.t, s.admin.token, {
        subjectId: pid(p),
        parentId: parent,
        body: '숨긴 글에 답글',
      });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await snapshot(s.t)).toEqual(before);
    });
  });

  describe('isOfficial', () => {
    it.each([
      ['staff of the assigned department', true, 'staff'],
      ['staff of another department', false, 'otherStaff'],
      ['a citizen', false, 'citizen'],
      ['the proposal’s author', false, 'author'],
      ['a moderator', false, 'moderator'],
      ['an admin', false, 'admin'],
    ] as const)('is %s → %s', async (_label, official, who) => {
      const p = await newProposal(s, { departmentId: s.department.id });
      const res = await addComment(s.t, s[who].token, { subjectId: pid(p), body: '답변드립니다' });
      expect(res.errors).toBeUndefined();
      expect(res.data.addComment.isOfficial).toBe(official);
      expect((await commentRow(s.t, res.data.addComment.id))!.is_official).toBe(official);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes[0].isOfficial).toBe(official);
    });

    it('is false for staff on an unassigned proposal', async () => {
      const p = await newProposal(s);
      const res = await addComment(s.t, s.staff.token, { subjectId: pid(p), body: '담당 전' });
      expect(res.data.addComment.isOfficial).toBe(false);
    });

    it('holds for replies, and is fixed when writing: a later transfer does not rewrite it', async () => {
      const p = await newProposal(s, { departmentId: s.department.id });
      const question = await commentOn(s.t, s.citizen.token, p, '언제 되나요?');
      const answer = await addComment(s.t, s.staff.token, {
        subjectId: pid(p),
        parentId: question,
        body: '다음 달에 설치합니다.',
      });
      expect(answer.data.addComment.isOfficial).toBe(true);

      await s.t.db.query('UPDATE proposal SET department_id = $2 WHERE id = $1', [
        p.id,
        s.otherDepartment.id,
      ]);
      const later = await addComment(s.t, s.staff.token, { subjectId: pid(p), body: '이관됨' });
      const newOwner = await addComment(s.t, s.otherStaff.token, {
        subjectId: pid(p),
        body: '이제 저희 담당입니다',
      });
      expect(later.data.addComment.isOfficial).toBe(false);
      expect(newOwner.data.addComment.isOfficial).toBe(true);
      const thread = await s.t.gql(THREAD, { id: pid(p) });
      expect(thread.data.proposal.comments.nodes[0].replies.nodes[0].id).toBe(
        answer.data.addComment.id,
      );
      expect((await commentRow(s.t, answer.data.addComment.id))!.is_official).toBe(true);
    });
  });
});
