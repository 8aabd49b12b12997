import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import {
  auditAbout,
  CREATE_PROPOSAL,
  DAY_MS,
  HOUR_MS,
  LIFT,
  moderationSnapshot,
  newProposal,
  pid,
  report,
  startModerationScene,
  SUSPEND,
  uid,
  userOf,
  sorted,
  type ModerationScene,
} from './support.js';

const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

describe('suspendUser and liftSuspension', () => {
  let s: ModerationScene;
  beforeAll(async () => {
    s = await startModerationScene();
  });
  afterAll(() => s.t.close());

  function suspend(
    who: TestUser | null,
    target: TestUser | string,
    until: unknown = inDays(7),
    reason: unknown = '반복적인 광고 게시',
  ): Promise<GraphqlResponse> {
    const userId = typeof target === 'string' ? target : uid(target);
    return s.t.gql(SUSPEND, { input: { userId, until, reason } }, who?.token ?? null);
  }

  function lift(
    who: TestUser | null,
    target: TestUser | string,
    reason: unknown = '소명을 받아들임',
  ): Promise<GraphqlResponse> {
    const userId = typeof target === 'string' ? target : uid(target);
    return s.t.gql(LIFT, { input: { userId, reason } }, who?.token ?? null);
  }

  async function suspendedUntil(u: TestUser): Promise<Date | null> {
    const [row] = await s.t.db.query('SELECT suspended_until FROM app_user WHERE id = $1', [
      u.user.id,
    ]);
    return row.suspended_until;
  }

  /** A fresh user of `role`, suspended until tomorrow when asked. */
  function fresh(role: Role, suspended = false): Promise<TestUser> {
    return createUser(s.t.db, s.t.jwt, {
      role,
      departmentId: role === Role.STAFF ? s.department.id : null,
      suspendedUntil: suspended ? new Date(Date.now() + DAY_MS) : null,
    });
  }

  async function expectRefused(
    send: () => Promise<GraphqlResponse>,
    code: string,
    fields?: string[],
  ): Promise<void> {
    const before = await moderationSnapshot(s.t);
    const res = await send();
    expect(codeOf(res)).toBe(code);
    if (fields) expect(badFields(res)).toEqual(fields);
    // Null when the resolver refused; absent when the variables were refused before execution.
    expect(res.data ?? null).toBeNull();
    expect(await moderationSnapshot(s.t)).toEqual(before);
  }

  describe('suspendUser: who may suspend whom', () => {
    it('lets a moderator suspend a citizen, audited with the reason', async () => {
      const target = await fresh(Role.CITIZEN);
      const until = inDays(7);
      const res = await suspend(s.moderator, target, until, '  반복적인 광고 게시  ');
      expect(res.errors).toBeUndefined();
      expect(res.data.suspendUser).toEqual({
        id: uid(target),
        role: 'CITIZEN',
        suspendedUntil: until,
      });
      expect(await suspendedUntil(target)).toEqual(new Date(until));
      expect(await auditAbout(s.t, uid(target))).toEqual([
        {
          action: 'USER_SUSPENDED',
          actor_id: s.moderator.user.id,
          target_type: 'User',
          target_id: target.user.id,
          note: '반복적인 광고 게시',
          before: 'not suspended',
          after: `suspended until ${until}`,
        },
      ]);
    });

    it.each([
      ['STAFF', Role.STAFF],
      ['another MODERATOR', Role.MODERATOR],
      ['an ADMIN', Role.ADMIN],
    ])('forbids a moderator to suspend %s', async (_label, role) => {
      const target = await fresh(role);
      await expectRefused(() => suspend(s.moderator, target), 'FORBIDDEN');
      expect(await suspendedUntil(target)).toBeNull();
    });

    it.each([
      ['a CITIZEN', Role.CITIZEN],
      ['STAFF', Role.STAFF],
      ['a MODERATOR', Role.MODERATOR],
    ])('lets an admin suspend %s', async (_label, role) => {
      const target = await fresh(role);
      const until = inDays(30);
      const res = await suspend(s.admin, target, until);
      expect(res.errors).toBeUndefined();
      expect(res.data.suspendUser).toEqual({ id: uid(target), role, suspendedUntil: until });
      expect(await suspendedUntil(target)).toEqual(new Date(until));
    });

    it('forbids an admin to suspend another admin', async () => {
      await expectRefused(() => suspend(s.admin, s.admin2), 'FORBIDDEN');
    });

    it('lets nobody suspend themselves', async () => {
      await expectRefused(() => suspend(s.moderator, s.moderator), 'FORBIDDEN');
      await expectRefused(() => suspend(s.admin, s.admin), 'FORBIDDEN');
    });

    it.each(['citizen', 'staff', 'suspendedModerator'] as const)('forbids a %s', async (who) => {
      const target = await fresh(Role.CITIZEN);
      await expectRefused(() => suspend(s[who], target), 'FORBIDDEN');
    });

    it('answers UNAUTHENTICATED to anonymous', async () => {
      const target = await fresh(Role.CITIZEN);
      await expectRefused(() => suspend(null, target), 'UNAUTHENTICATED');
    });

    it('suspending a suspended user replaces the end, keeping the old one in the audit', async () => {
      const target = await fresh(Role.CITIZEN);
      const first = inDays(3);
      const second = inDays(1);
      expect((await suspend(s.moderator, target, first)).errors).toBeUndefined();
      expect((await suspend(s.moderator2, target, second, '기간 단축')).errors).toBeUndefined();
      expect(await suspendedUntil(target)).toEqual(new Date(second));
      expect(
        (await auditAbout(s.t, uid(target))).map((e) => [e.actor_id, e.before, e.after]),
      ).toEqual([
        [s.moderator.user.id, 'not suspended', `suspended until ${first}`],
        [s.moderator2.user.id, `suspended until ${first}`, `suspended until ${second}`],
      ]);
    });
  });

  describe('suspendUser: hostile input, each changing nothing', () => {
    it.each([
      ['an hour ago', () => new Date(Date.now() - HOUR_MS).toISOString()],
      ['a year ago', () => inDays(-365)],
      ['3651 days ahead', () => inDays(3651)],
      ['in the year 9999', () => '9999-12-31T00:00:00Z'],
    ])('refuses until %s, naming until', async (_label, until) => {
      const target = await fresh(Role.CITIZEN);
      await expectRefused(() => suspend(s.moderator, target, until()), 'BAD_USER_INPUT', ['until']);
    });

    it('accepts until 3649 days ahead', async () => {
      const target = await fresh(Role.CITIZEN);
      const until = inDays(3649);
      expect((await suspend(s.admin, target, until)).errors).toBeUndefined();
      expect(await suspendedUntil(target)).toEqual(new Date(until));
    });

    it.each([
      ['junk', 'tomorrow'],
      ['epoch milliseconds', Date.now() + DAY_MS],
      ['a date-time without a zone', '2031-01-01T00:00:00'],
      ['a date only', '2031-01-01'],
      ['null', null],
    ])('refuses %s as until', async (_label, until) => {
      const target = await fresh(Role.CITIZEN);
      await expectRefused(() => suspend(s.moderator, target, until), 'BAD_USER_INPUT');
    });

    it.each([
      ['empty', ''],
      ['only whitespace', ' \n\t '],
      ['1001 characters', 'r'.repeat(1001)],
      ['a control character', '정지\u0007'],
      ['a number', 5],
    ])('refuses a reason that is %s', async (label, reason) => {
      const target = await fresh(Role.CITIZEN);
      await expectRefused(
        () => suspend(s.moderator, target, inDays(1), reason),
        'BAD_USER_INPUT',
        label === 'a number' ? undefined : ['reason'],
      );
    });

    it('accepts a reason of exactly 1000 characters', async () => {
      const target = await fresh(Role.CITIZEN);
      expect(
        (await suspend(s.moderator, target, inDays(1), '사'.repeat(1000))).errors,
      ).toBeUndefined();
      expect((await auditAbout(s.t, uid(target)))[0]!.note).toBe('사'.repeat(1000));
    });

    it.each([
      ['junk', () => 'junk'],
      ['a raw uuid', () => randomUUID()],
      ['a Proposal id', () => toGlobalId('Proposal', randomUUID())],
      ['a Comment id', () => toGlobalId('Comment', randomUUID())],
    ])('refuses %s as userId, naming userId', async (_label, id) => {
      await expectRefused(() => suspend(s.moderator, id()), 'BAD_USER_INPUT', ['userId']);
      await expectRefused(() => lift(s.moderator, id()), 'BAD_USER_INPUT', ['userId']);
    });

    it('answers NOT_FOUND for a user id that does not exist', async () => {
      const ghost = toGlobalId('User', randomUUID());
      await expectRefused(() => suspend(s.moderator, ghost), 'NOT_FOUND');
      await expectRefused(() => lift(s.moderator, ghost), 'NOT_FOUND');
    });
  });

  describe('liftSuspension', () => {
    it('lets a moderator lift a citizen’s suspension, audited', async () => {
      const target = await fresh(Role.CITIZEN, true);
      const before = await suspendedUntil(target);
      const res = await lift(s.moderator, target);
      expect(res.errors).toBeUndefined();
      expect(res.data.liftSuspension).toEqual({
        id: uid(target),
        role: 'CITIZEN',
        suspendedUntil: null,
      });
      expect(await suspendedUntil(target)).toBeNull();
      expect(await auditAbout(s.t, uid(target))).toEqual([
        {
          action: 'SUSPENSION_LIFTED',
          actor_id: s.moderator.user.id,
          target_type: 'User',
          target_id: target.user.id,
          note: '소명을 받아들임',
          before: `suspended until ${before!.toISOString()}`,
          after: 'not suspended',
        },
      ]);
    });

    it.each([
      ['STAFF', Role.STAFF],
      ['another MODERATOR', Role.MODERATOR],
      ['an ADMIN', Role.ADMIN],
    ])('forbids a moderator to lift the suspension of %s', async (_label, role) => {
      const target = await fresh(role, true);
      await expectRefused(() => lift(s.moderator, target), 'FORBIDDEN');
    });

    it.each([
      ['STAFF', Role.STAFF],
      ['a MODERATOR', Role.MODERATOR],
    ])('lets an admin lift the suspension of %s', async (_label, role) => {
      const target = await fresh(role, true);
      expect((await lift(s.admin, target)).errors).toBeUndefined();
      expect(await suspendedUntil(target)).toBeNull();
    });

    it('forbids an admin to lift another admin’s suspension', async () => {
      const target = await fresh(Role.ADMIN, true);
      await expectRefused(() => lift(s.admin, target), 'FORBIDDEN');
    });

    it('forbids a suspended moderator to lift their own suspension', async () => {
      await expectRefused(() => lift(s.suspendedModerator, s.suspendedModerator), 'FORBIDDEN');
    });

    it.each(['citizen', 'staff'] as const)('forbids a %s', async (who) => {
      const target = await fresh(Role.CITIZEN, true);
      await expectRefused(() => lift(s[who], target), 'FORBIDDEN');
    });

    it('answers UNAUTHENTICATED to anonymous', async () => {
      const target = await fresh(Role.CITIZEN, true);
      await expectRefused(() => lift(null, target), 'UNAUTHENTICATED');
    });

    it('answers CONFLICT when the user is not suspended, or their suspension has ended', async () => {
      const never = await fresh(Role.CITIZEN);
      await expectRefused(() => lift(s.moderator, never), 'CONFLICT');
      const ended = await createUser(s.t.db, s.t.jwt, {
        suspendedUntil: new Date(Date.now() - HOUR_MS),
      });
      await expectRefused(() => lift(s.moderator, ended), 'CONFLICT');
    });

    it('lets one of two simultaneous lifts through; the other is a CONFLICT', async () => {
      const target = await fresh(Role.CITIZEN, true);
      const results = await Promise.all([lift(s.moderator, target), lift(s.moderator2, target)]);
      expect(sorted(results.map((r) => (r.errors ? codeOf(r) : 'OK')))).toEqual(['CONFLICT', 'OK']);
      expect((await auditAbout(s.t, uid(target))).map((e) => e.action)).toEqual([
        'SUSPENSION_LIFTED',
      ]);
    });

    it.each([
      ['empty', ''],
      ['1001 characters', 'r'.repeat(1001)],
      ['a control character', '\u0001해제'],
    ])('refuses a reason that is %s, naming reason', async (_label, reason) => {
      const target = await fresh(Role.CITIZEN, true);
      await expectRefused(() => lift(s.moderator, target, reason), 'BAD_USER_INPUT', ['reason']);
    });
  });

  describe('what a suspension does', () => {
    it('a suspended citizen can read but not write, and writes again once it is lifted', async () => {
      const target = await userOf(s, Role.CITIZEN);
      const input = { title: '정지 시험 제안', body: '정지된 동안에는 쓸 수 없습니다.' };
      const p = await newProposal(s);
      expect((await suspend(s.moderator, target, inDays(2))).errors).toBeUndefined();

      const [{ n: proposalsBefore }] = await s.t.db.query(
        'SELECT count(*)::int AS n FROM proposal WHERE author_id = $1',
        [target.user.id],
      );
      const refused = await s.t.gql(CREATE_PROPOSAL, { input }, target.token);
      expect(codeOf(refused)).toBe('FORBIDDEN');
      expect(codeOf(await report(s, target, pid(p)))).toBe('FORBIDDEN');
      const [{ n: proposalsDuring }] = await s.t.db.query(
        'SELECT count(*)::int AS n FROM proposal WHERE author_id = $1',
        [target.user.id],
      );
      expect(proposalsDuring).toBe(proposalsBefore);
      const me = await s.t.gql(`query { me { id suspendedUntil } }`, {}, target.token);
      expect(me.errors).toBeUndefined();
      expect(me.data.me.id).toBe(uid(target));
      expect(me.data.me.suspendedUntil).not.toBeNull();

      expect((await lift(s.moderator2, target)).errors).toBeUndefined();
      const created = await s.t.gql(CREATE_PROPOSAL, { input }, target.token);
      expect(created.errors).toBeUndefined();
      expect(created.data.createProposal.title).toBe('정지 시험 제안');
      expect((await report(s, target, pid(p))).errors).toBeUndefined();
    });
  });
});
