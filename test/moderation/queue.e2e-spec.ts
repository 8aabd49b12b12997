import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import type { ProposalEntity } from '../../src/proposals/proposal.entity.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  citizens,
  commentOn,
  moderateOk,
  newProposal,
  ok,
  pid,
  QUEUE,
  REPORT,
  startModerationScene,
  type ModerationScene,
} from './support.js';

const gid = (u: TestUser) => toGlobalId('User', u.user.id);
const targetsOf = (data: any) =>
  data.moderationQueue.nodes.map((n: { target: { id: string } }) => n.target.id);

describe('moderationQueue', () => {
  let s: ModerationScene;
  let reporters: TestUser[];
  /** Reported once, waiting. */
  let a: ProposalEntity;
  /** A comment reported three times: hidden automatically, waiting. */
  let b: string;
  /** Reported once, then restored by a moderator: decided. */
  let c: ProposalEntity;
  /** A comment hidden by a moderator without any report: decided. */
  let d: string;
  const reportIds: Record<string, string> = {};

  async function reportAs(who: TestUser, targetId: string, reason: string, details?: string) {
    const data = await ok(s.t, REPORT, { input: { targetId, reason, details } }, who.token);
    return data.reportContent;
  }

  beforeAll(async () => {
    s = await startModerationScene();
    reporters = await citizens(s, 3);
    const [r1, r2, r3] = reporters as [TestUser, TestUser, TestUser];
    a = await newProposal(s);
    reportIds.a = (await reportAs(r1, pid(a), 'OFFENSIVE', 'A 신고')).id;
    b = await commentOn(s, s.author, await newProposal(s), '광고 댓글 B');
    await reportAs(r1, b, 'SPAM', '첫째');
    await reportAs(r2, b, 'OFF_TOPIC');
    await reportAs(r3, b, 'OTHER', '셋째');
    c = await newProposal(s);
    await reportAs(r2, pid(c), 'PERSONAL_INFORMATION');
    await moderateOk(s, s.moderator, pid(c), 'RESTORE', '문제 없음');
    d = await commentOn(s, s.author, await newProposal(s), '숨길 댓글 D');
    await moderateOk(s, s.admin, d, 'HIDE', '관리자 판단');
  });
  afterAll(() => s.t.close());

  describe('who may read it', () => {
    it.each(['moderator', 'admin', 'suspendedModerator'] as const)(
      'shows %s every item, most recent activity first',
      async (who) => {
        const res = await s.t.gql(QUEUE, {}, s[who].token);
        expect(res.errors).toBeUndefined();
        expect(res.data.moderationQueue.totalCount).toBe(4);
        expect(targetsOf(res.data)).toEqual([d, pid(c), b, pid(a)]);
      },
    );

    it.each(['citizen', 'staff', 'suspended'] as const)('forbids a %s', async (who) => {
      const res = await s.t.gql(QUEUE, {}, s[who].token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    });

    it('answers UNAUTHENTICATED to anonymous', async () => {
      const res = await s.t.gql(QUEUE, {}, null);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    });
  });

  describe('what an item shows', () => {
    it('an automatic hide: reports newest first with reporter, reason, details and snapshot; an automatic decision', async () => {
      const data = await ok(s.t, QUEUE, {}, s.moderator.token);
      const item = data.moderationQueue.nodes.find((n: any) => n.target.id === b);
      const [r1, r2, r3] = reporters as [TestUser, TestUser, TestUser];
      expect(item).toEqual({
        reportCount: 3,
        openReportCount: 3,
        lastReportedAt: item.reports[0].createdAt,
        resolvedAt: null,
        hidden: true,
        // Moderators read a hidden comment's body.
        target: { __typename: 'Comment', id: b, hidden: true, body: '광고 댓글 B' },
        reports: [
          [r3, 'OTHER', '셋째'],
          [r2, 'OFF_TOPIC', null],
          [r1, 'SPAM', '첫째'],
        ].map(([who, reason, details]) => ({
          id: expect.any(String),
          reason,
          details,
          contentSnapshot: '광고 댓글 B',
          createdAt: expect.any(String),
          reporter: { id: gid(who as TestUser) },
          target: { __typename: 'Comment', id: b },
        })),
        decisions: [
          {
            action: 'HIDE',
            automatic: true,
            note: 'Hidden automatically: 3 people reported it.',
            contentSnapshot: '광고 댓글 B',
            createdAt: expect.any(String),
            moderator: null,
          },
        ],
      });
      const times = item.reports.map((r: { createdAt: string }) => Date.parse(r.createdAt));
      expect([...times].sort((x, y) => y - x)).toEqual(times);
    });

    it('a moderator’s RESTORE: resolved, open reports cleared, the moderator and note kept', async () => {
      const data = await ok(s.t, QUEUE, { resolved: true }, s.admin.token);
      const item = data.moderationQueue.nodes.find((n: any) => n.target.id === pid(c));
      expect(item).toMatchObject({
        reportCount: 1,
        openReportCount: 0,
        resolvedAt: expect.any(String),
        hidden: false,
        target: { __typename: 'Proposal', id: pid(c), hidden: false },
        reports: [
          {
            reason: 'PERSONAL_INFORMATION',
            details: null,
            contentSnapshot: `${c.title}\n\n${c.body}`,
            reporter: { id: gid(reporters[1]!) },
          },
        ],
        decisions: [
          {
            action: 'RESTORE',
            automatic: false,
            note: '문제 없음',
            moderator: { id: gid(s.moderator) },
          },
        ],
      });
    });

    it('a HIDE without reports: no reports, lastReportedAt null, the admin as moderator', async () => {
      const data = await ok(s.t, QUEUE, { first: 1 }, s.moderator.token);
      expect(data.moderationQueue.nodes[0]).toMatchObject({
        reportCount: 0,
        openReportCount: 0,
        lastReportedAt: null,
        hidden: true,
        target: { __typename: 'Comment', id: d, body: '숨길 댓글 D' },
        reports: [],
        decisions: [
          {
            action: 'HIDE',
            automatic: false,
            note: '관리자 판단',
            moderator: { id: gid(s.admin) },
          },
        ],
      });
    });

    it('a Report is a node for moderators and admins only, not for its reporter nor anyone else', async () => {
      const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Report { reason details reporter { id } } } }`;
      for (const who of [s.moderator, s.admin]) {
        const res = await s.t.gql(NODE, { id: reportIds.a }, who.token);
        expect(res.data.node).toEqual({
          __typename: 'Report',
          id: reportIds.a,
          reason: 'OFFENSIVE',
          details: 'A 신고',
          reporter: { id: gid(reporters[0]!) },
        });
      }
      for (const token of [reporters[0]!.token, s.author.token, s.staff.token, null]) {
        const res = await s.t.gql(NODE, { id: reportIds.a }, token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node).toBeNull();
      }
    });
  });

  describe('filters and pages', () => {
    it.each([
      ['true: decided', true, () => [d, pid(c)]],
      ['false: waiting', false, () => [b, pid(a)]],
      ['null: all', null, () => [d, pid(c), b, pid(a)]],
    ])('resolved %s', async (_label, resolved, expected) => {
      const data = await ok(s.t, QUEUE, { resolved }, s.moderator.token);
      expect(targetsOf(data)).toEqual(expected());
      expect(data.moderationQueue.totalCount).toBe(expected().length);
    });

    it('pages with first and after without gaps or repeats', async () => {
      const first = await ok(s.t, QUEUE, { first: 3 }, s.moderator.token);
      expect(targetsOf(first)).toEqual([d, pid(c), b]);
      expect(first.moderationQueue.pageInfo.hasNextPage).toBe(true);
      expect(first.moderationQueue.totalCount).toBe(4);
      expect(first.moderationQueue.pageInfo.endCursor).toBe(first.moderationQueue.edges[2].cursor);
      const second = await ok(
        s.t,
        QUEUE,
        { first: 3, after: first.moderationQueue.pageInfo.endCursor },
        s.moderator.token,
      );
      expect(targetsOf(second)).toEqual([pid(a)]);
      expect(second.moderationQueue.pageInfo.hasNextPage).toBe(false);
    });

    it('pages within a filter', async () => {
      const first = await ok(s.t, QUEUE, { first: 1, resolved: false }, s.moderator.token);
      expect(targetsOf(first)).toEqual([b]);
      expect(first.moderationQueue.pageInfo.hasNextPage).toBe(true);
      const second = await ok(
        s.t,
        QUEUE,
        { first: 1, resolved: false, after: first.moderationQueue.pageInfo.endCursor },
        s.moderator.token,
      );
      expect(targetsOf(second)).toEqual([pid(a)]);
      expect(second.moderationQueue.pageInfo.hasNextPage).toBe(false);
    });

    it.each([
      ['first above 100', { first: 101 }, ['first']],
      ['a negative first', { first: -1 }, ['first']],
      ['a junk cursor', { after: 'junk' }, ['after']],
      ['a cursor 513 characters long', { after: 'a'.repeat(513) }, ['after']],
    ])('refuses %s with BAD_USER_INPUT', async (_label, args, fields) => {
      const res = await s.t.gql(QUEUE, args, s.moderator.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(fields);
    });

    it('refuses a cursor of another list', async () => {
      const list = await ok(
        s.t,
        `query { proposals(first: 1) { pageInfo { endCursor } } }`,
        {},
        s.moderator.token,
      );
      const res = await s.t.gql(
        QUEUE,
        { after: list.proposals.pageInfo.endCursor },
        s.moderator.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['after']);
    });

    it('refuses resolved of the wrong type', async () => {
      const res = await s.t.gql(QUEUE, { resolved: 'yes' }, s.moderator.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    });
  });

  describe('activity moves items (runs last: it changes the order)', () => {
    it('a new report puts a waiting item first', async () => {
      const [extra] = await citizens(s, 1);
      await reportAs(extra!, pid(a), 'SPAM');
      const data = await ok(s.t, QUEUE, {}, s.moderator.token);
      expect(targetsOf(data)).toEqual([pid(a), d, pid(c), b]);
    });

    it('a new report on a decided item reopens it: first, and waiting again', async () => {
      const [extra] = await citizens(s, 1);
      await reportAs(extra!, pid(c), 'OFFENSIVE');
      const all = await ok(s.t, QUEUE, {}, s.moderator.token);
      expect(targetsOf(all)).toEqual([pid(c), pid(a), d, b]);
      const item = all.moderationQueue.nodes[0];
      expect(item).toMatchObject({ resolvedAt: null, reportCount: 2, openReportCount: 1 });
      expect(targetsOf(await ok(s.t, QUEUE, { resolved: false }, s.moderator.token))).toEqual([
        pid(c),
        pid(a),
        b,
      ]);
      expect(targetsOf(await ok(s.t, QUEUE, { resolved: true }, s.moderator.token))).toEqual([d]);
    });

    it('a decision on a waiting item moves it first and into the decided ones', async () => {
      await moderateOk(s, s.moderator, b, 'HIDE', '광고 확인');
      const all = await ok(s.t, QUEUE, {}, s.moderator.token);
      expect(targetsOf(all)).toEqual([b, pid(c), pid(a), d]);
      expect(targetsOf(await ok(s.t, QUEUE, { resolved: true }, s.moderator.token))).toEqual([
        b,
        d,
      ]);
    });
  });
});
