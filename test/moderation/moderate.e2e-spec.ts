import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf } from '../helpers/test-app.js';
import {
  auditAbout,
  cid,
  citizens,
  commentOn,
  decisionRows,
  hiddenInDb,
  hiddenNotices,
  itemRow,
  moderate,
  moderateOk,
  moderationSnapshot,
  newProposal,
  pid,
  report,
  reportAll,
  startModerationScene,
  userOf,
  type ModerationScene,
} from './support.js';

describe('moderateContent', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  describe('HIDE and RESTORE', () => {
    it('hides a citizen’s proposal that nobody reported, resolving a new item, telling the author', async () => {
      const p = await newProposal(s);
      const started = Date.now();
      const res = await moderate(
        s,
        s.moderator,
        pid(p),
        'HIDE',
        '  개인정보가 노출되어 있습니다  ',
      );
      expect(res.errors).toBeUndefined();
      const item = res.data.moderateContent;
      expect(item).toEqual({
        reportCount: 0,
        openReportCount: 0,
        lastReportedAt: null,
        resolvedAt: expect.any(String),
        hidden: true,
        target: { __typename: 'Proposal', id: pid(p), hidden: true },
        reports: [],
        decisions: [
          {
            action: 'HIDE',
            automatic: false,
            note: '개인정보가 노출되어 있습니다',
            contentSnapshot: `${p.title}\n\n${p.body}`,
            createdAt: expect.any(String),
            moderator: { id: toGlobalId('User', s.moderator.user.id) },
          },
        ],
      });
      expect(Math.abs(Date.parse(item.resolvedAt) - started)).toBeLessThan(60_000);
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      expect((await itemRow(s.t, pid(p)))!.resolved_at).toEqual(new Date(item.resolvedAt));
      expect(await hiddenNotices(s.t, pid(p))).toEqual([
        {
          recipient_id: s.author.user.id,
          actor_id: s.moderator.user.id,
          actor_kind: 'MODERATOR',
          kind: 'CONTENT_HIDDEN',
          subject_type: 'Proposal',
          subject_id: p.id,
          message: `Your proposal "${p.title}" was hidden by a moderator.`,
        },
      ]);
      expect(await auditAbout(s.t, pid(p))).toEqual([
        {
          action: 'CONTENT_HIDDEN',
          actor_id: s.moderator.user.id,
          target_type: 'Proposal',
          target_id: p.id,
          note: '개인정보가 노출되어 있습니다',
          before: 'visible',
          after: 'hidden',
        },
      ]);
      // Moderation is not an edit: the proposal's updatedAt stays.
      const [{ updated_at }] = await s.t.db.query('SELECT updated_at FROM proposal WHERE id = $1', [
        p.id,
      ]);
      expect(updated_at).toEqual(p.updatedAt);
    });

    it('restores it: visible again, a second decision, resolvedAt moved, audited, nobody notified', async () => {
      const p = await newProposal(s);
      const hidden = await moderateOk(s, s.moderator, pid(p), 'HIDE', '숨김');
      const restored = await moderateOk(s, s.moderator2, pid(p), 'RESTORE', '다시 검토하니 괜찮음');
      expect(restored).toMatchObject({
        hidden: false,
        openReportCount: 0,
        target: { hidden: false },
      });
      expect(Date.parse(restored.resolvedAt)).toBeGreaterThanOrEqual(Date.parse(hidden.resolvedAt));
      expect(
        restored.decisions.map((d: any) => [d.action, d.automatic, d.note, d.moderator.id]),
      ).toEqual([
        ['HIDE', false, '숨김', toGlobalId('User', s.moderator.user.id)],
        ['RESTORE', false, '다시 검토하니 괜찮음', toGlobalId('User', s.moderator2.user.id)],
      ]);
      expect(await hiddenInDb(s.t, pid(p))).toBe(false);
      expect(
        (await auditAbout(s.t, pid(p))).map((e) => [e.action, e.actor_id, e.before, e.after]),
      ).toEqual([
        ['CONTENT_HIDDEN', s.moderator.user.id, 'visible', 'hidden'],
        ['CONTENT_RESTORED', s.moderator2.user.id, 'hidden', 'visible'],
      ]);
      expect((await hiddenNotices(s.t, pid(p))).length).toBe(1);
      const [{ n }] = await s.t.db.query(
        'SELECT count(*)::int AS n FROM notification WHERE subject_id = $1',
        [p.id],
      );
      expect(n).toBe(1);
    });

    it('a HIDE of automatically hidden content confirms it: resolved, no second notification', async () => {
      const p = await newProposal(s);
      await reportAll(s, await citizens(s, 3), pid(p));
      expect((await itemRow(s.t, pid(p)))!.resolved_at).toBeNull();
      const confirmed = await moderateOk(s, s.moderator, pid(p), 'HIDE', '신고 내용 확인');
      expect(confirmed).toMatchObject({ hidden: true, reportCount: 3, openReportCount: 3 });
      expect(confirmed.resolvedAt).not.toBeNull();
      expect(
        confirmed.decisions.map((d: any) => [d.action, d.automatic, d.moderator?.id ?? null]),
      ).toEqual([
        ['HIDE', true, null],
        ['HIDE', false, toGlobalId('User', s.moderator.user.id)],
      ]);
      expect((await hiddenNotices(s.t, pid(p))).map((n) => n.actor_id)).toEqual([null]);
      expect((await auditAbout(s.t, pid(p))).map((e) => [e.actor_id, e.before, e.after])).toEqual([
        [null, 'visible', 'hidden'],
        [s.moderator.user.id, 'hidden', 'hidden'],
      ]);
    });

    it('two moderators hiding at the same moment hide it once and notify once', async () => {
      const p = await newProposal(s);
      const results = await Promise.all([
        moderate(s, s.moderator, pid(p), 'HIDE', '첫째'),
        moderate(s, s.moderator2, pid(p), 'HIDE', '둘째'),
        moderate(s, s.admin, pid(p), 'HIDE', '셋째'),
      ]);
      expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      expect((await decisionRows(s.t, pid(p))).map((d) => d.action)).toEqual([
        'HIDE',
        'HIDE',
        'HIDE',
      ]);
      expect(await hiddenNotices(s.t, pid(p))).toHaveLength(1);
      const [{ n }] = await s.t.db.query(
        'SELECT count(*)::int AS n FROM moderation_item WHERE proposal_id = $1',
        [p.id],
      );
      expect(n).toBe(1);
    });

    it('sets resolvedAt on a decision, and a new report clears it', async () => {
      const p = await newProposal(s);
      const [a, b] = await citizens(s, 2);
      await reportAll(s, [a!], pid(p));
      expect((await itemRow(s.t, pid(p)))!.resolved_at).toBeNull();
      const dismissed = await moderateOk(s, s.moderator, pid(p), 'RESTORE', '문제 없음');
      expect(dismissed.resolvedAt).not.toBeNull();
      expect((await itemRow(s.t, pid(p)))!.resolved_at).toEqual(new Date(dismissed.resolvedAt));

      const again = await report(s, b!, pid(p));
      expect(again.errors).toBeUndefined();
      expect(await itemRow(s.t, pid(p))).toMatchObject({
        resolved_at: null,
        report_count: 2,
        open_report_count: 1,
        last_reported_at: new Date(again.data.reportContent.createdAt),
        activity_at: new Date(again.data.reportContent.createdAt),
      });
    });

    it('hides and restores a comment with the comment’s snapshot and label', async () => {
      const comment = await commentOn(s, s.citizen, await newProposal(s), '문제의 댓글');
      const hidden = await moderateOk(s, s.moderator, comment, 'HIDE', '욕설');
      expect(hidden).toMatchObject({
        hidden: true,
        target: { __typename: 'Comment', id: comment, hidden: true, body: '문제의 댓글' },
        decisions: [{ action: 'HIDE', contentSnapshot: '문제의 댓글' }],
      });
      expect((await hiddenNotices(s.t, comment)).map((n) => [n.recipient_id, n.message])).toEqual([
        [s.citizen.user.id, 'Your comment was hidden by a moderator.'],
      ]);
      const restored = await moderateOk(s, s.admin, comment, 'RESTORE', '복구');
      expect(restored.target).toEqual({
        __typename: 'Comment',
        id: comment,
        hidden: false,
        body: '문제의 댓글',
      });
    });
  });

  describe('who may moderate whom', () => {
    /** A proposal and a comment written by `writer`. */
    async function contentOf(writer: TestUser): Promise<string[]> {
      const p = await newProposal(s, writer);
      const comment = await commentOn(s, writer, await newProposal(s), '누군가의 댓글');
      return [pid(p), comment];
    }

    async function expectRefused(
      who: TestUser | null,
      targetId: string,
      code: string,
      action = 'HIDE',
    ) {
      const before = await moderationSnapshot(s.t);
      const res = await moderate(s, who, targetId, action);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.moderateContent ?? null).toBeNull();
      expect(await moderationSnapshot(s.t)).toEqual(before);
    }

    it('lets a moderator hide what a citizen wrote', async () => {
      for (const target of await contentOf(s.citizen)) {
        expect((await moderate(s, s.moderator, target, 'HIDE')).errors).toBeUndefined();
        expect(await hiddenInDb(s.t, target)).toBe(true);
      }
    });

    it.each([
      ['STAFF', Role.STAFF],
      ['another MODERATOR', Role.MODERATOR],
      ['an ADMIN', Role.ADMIN],
    ])('forbids a moderator to moderate what %s wrote, changing nothing', async (_label, role) => {
      const writer = await userOf(s, role);
      for (const target of await contentOf(writer)) {
        await expectRefused(s.moderator, target, 'FORBIDDEN', 'HIDE');
        await expectRefused(s.moderator, target, 'FORBIDDEN', 'RESTORE');
        expect(await hiddenInDb(s.t, target)).toBe(false);
      }
    });

    // Until issue 14 a moderator could not restore staff content the reports had hidden: the
    // hierarchy protected a decision nobody made. Reports no longer hide staff content; what
    // they hid before (or hid while its writer was a citizen) a moderator may restore.
    it('lets a moderator restore what the reports hid though its writer is staff now, but not confirm the hide', async () => {
      const writer = await userOf(s, Role.CITIZEN);
      const p = await newProposal(s, writer);
      await reportAll(s, await citizens(s, 3), pid(p));
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      await s.t.db.query(`UPDATE app_user SET role = 'STAFF', department_id = $2 WHERE id = $1`, [
        writer.user.id,
        s.department.id,
      ]);
      await expectRefused(s.moderator, pid(p), 'FORBIDDEN', 'HIDE');
      const restored = await moderateOk(s, s.moderator, pid(p), 'RESTORE', '자동 숨김 해제');
      expect(restored).toMatchObject({ hidden: false, openReportCount: 0 });
      expect(await hiddenInDb(s.t, pid(p))).toBe(false);
      expect(
        (await auditAbout(s.t, pid(p))).map((e) => [e.action, e.actor_id, e.before, e.after]),
      ).toEqual([
        ['CONTENT_HIDDEN', null, 'visible', 'hidden'],
        ['CONTENT_RESTORED', s.moderator.user.id, 'hidden', 'visible'],
      ]);
      // Visible again, it is staff content: the moderator may not hide it back.
      await expectRefused(s.moderator, pid(p), 'FORBIDDEN', 'HIDE');
    });

    it('forbids a moderator to restore such content once an admin confirmed the hide', async () => {
      const writer = await userOf(s, Role.CITIZEN);
      const p = await newProposal(s, writer);
      await reportAll(s, await citizens(s, 3), pid(p));
      await s.t.db.query(`UPDATE app_user SET role = 'MODERATOR' WHERE id = $1`, [writer.user.id]);
      await moderateOk(s, s.admin, pid(p), 'HIDE', '관리자가 확인함');
      await expectRefused(s.moderator, pid(p), 'FORBIDDEN', 'RESTORE');
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      expect((await moderate(s, s.admin, pid(p), 'RESTORE')).errors).toBeUndefined();
      expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    });

    it('forbids a moderator to restore their own content, even what the reports hid', async () => {
      const writer = await userOf(s, Role.CITIZEN);
      const p = await newProposal(s, writer);
      await reportAll(s, await citizens(s, 3), pid(p));
      await s.t.db.query(`UPDATE app_user SET role = 'MODERATOR' WHERE id = $1`, [writer.user.id]);
      await expectRefused(writer, pid(p), 'FORBIDDEN', 'RESTORE');
      expect(await hiddenInDb(s.t, pid(p))).toBe(true);
      expect((await moderate(s, s.moderator, pid(p), 'RESTORE')).errors).toBeUndefined();
    });

    it('forbids a moderator to moderate their own content', async () => {
      for (const target of await contentOf(s.moderator)) {
        await expectRefused(s.moderator, target, 'FORBIDDEN');
      }
    });

    it.each([
      ['a CITIZEN', Role.CITIZEN],
      ['STAFF', Role.STAFF],
      ['a MODERATOR', Role.MODERATOR],
    ])('lets an admin hide and restore what %s wrote', async (_label, role) => {
      const writer = await userOf(s, role);
      for (const target of await contentOf(writer)) {
        const hidden = await moderate(s, s.admin, target, 'HIDE');
        expect(hidden.errors).toBeUndefined();
        expect(await hiddenInDb(s.t, target)).toBe(true);
        expect((await hiddenNotices(s.t, target)).map((n) => [n.recipient_id, n.actor_id])).toEqual(
          [[writer.user.id, s.admin.user.id]],
        );
        expect((await moderate(s, s.admin, target, 'RESTORE')).errors).toBeUndefined();
        expect(await hiddenInDb(s.t, target)).toBe(false);
      }
    });

    it('forbids an admin to moderate another admin’s content or their own', async () => {
      for (const target of [...(await contentOf(s.admin2)), ...(await contentOf(s.admin))]) {
        await expectRefused(s.admin, target, 'FORBIDDEN');
      }
    });

    it.each(['citizen', 'staff'] as const)(
      'forbids a %s by role, changing nothing',
      async (who) => {
        const [proposal, comment] = await contentOf(s.other);
        await expectRefused(s[who], proposal!, 'FORBIDDEN');
        await expectRefused(s[who], comment!, 'FORBIDDEN');
      },
    );

    it('forbids a suspended moderator', async () => {
      const [proposal] = await contentOf(s.other);
      await expectRefused(s.suspendedModerator, proposal!, 'FORBIDDEN');
    });

    it('answers UNAUTHENTICATED to anonymous and to a bad token', async () => {
      const [proposal] = await contentOf(s.other);
      await expectRefused(null, proposal!, 'UNAUTHENTICATED');
      const before = await moderationSnapshot(s.t);
      const res = await s.t.gql(
        `mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden } }`,
        { input: { targetId: proposal, action: 'HIDE', note: '숨김' } },
        'not-a-token',
      );
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(await moderationSnapshot(s.t)).toEqual(before);
    });
  });

  describe('hostile input, each changing nothing', () => {
    async function expectBad(input: Record<string, unknown>, fields?: string[]) {
      const before = await moderationSnapshot(s.t);
      const res = await s.t.gql(
        `mutation($input: ModerateContentInput!) { moderateContent(input: $input) { hidden } }`,
        { input },
        s.moderator.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      if (fields) expect(badFields(res)).toEqual(fields);
      expect(await moderationSnapshot(s.t)).toEqual(before);
    }

    it.each([
      ['empty', ''],
      ['only whitespace', '  \n\t '],
      ['1001 characters', 'x'.repeat(1001)],
      ['a control character', '숨김\u0007'],
      ['a NUL character', '숨\u0000김'],
    ])('refuses a note that is %s, naming note', async (_label, note) => {
      const p = await newProposal(s);
      await expectBad({ targetId: pid(p), action: 'HIDE', note }, ['note']);
      expect(await hiddenInDb(s.t, pid(p))).toBe(false);
    });

    it('refuses a missing or null note', async () => {
      const p = await newProposal(s);
      await expectBad({ targetId: pid(p), action: 'HIDE' });
      await expectBad({ targetId: pid(p), action: 'HIDE', note: null });
      await expectBad({ targetId: pid(p), action: 'HIDE', note: 7 });
    });

    it('accepts a note of exactly 1000 characters, kept whole', async () => {
      const p = await newProposal(s);
      await moderateOk(s, s.moderator, pid(p), 'HIDE', '가'.repeat(1000));
      expect((await decisionRows(s.t, pid(p)))[0]!.note).toBe('가'.repeat(1000));
    });

    it.each([['DELETE'], ['hide'], [''], [1]])('refuses the action %p', async (action) => {
      const p = await newProposal(s);
      await expectBad({ targetId: pid(p), action, note: '숨김' });
    });

    it.each([
      ['junk', () => 'junk'],
      ['a raw uuid', () => randomUUID()],
      ['a User id', () => toGlobalId('User', randomUUID())],
      ['a Workshop id', () => toGlobalId('Workshop', randomUUID())],
      ['a Report id', () => toGlobalId('Report', randomUUID())],
    ])('refuses %s as targetId, naming targetId', async (_label, id) => {
      await expectBad({ targetId: id(), action: 'HIDE', note: '숨김' }, ['targetId']);
    });

    it('answers NOT_FOUND for unknown proposal and comment ids', async () => {
      for (const targetId of [pid(randomUUID()), cid(randomUUID())]) {
        const before = await moderationSnapshot(s.t);
        const res = await moderate(s, s.moderator, targetId, 'HIDE');
        expect(codeOf(res)).toBe('NOT_FOUND');
        expect(await moderationSnapshot(s.t)).toEqual(before);
      }
    });
  });
});
