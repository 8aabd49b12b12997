import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { globalId, ME, roleOf } from './support.js';

const SET_ROLE = `mutation SetRole($input: SetUserRoleInput!) {
  setUserRole(input: $input) { id role email department { id name } }
}`;

describe('setUserRole', () => {
  let t: TestApp;
  let admin: TestUser;
  let department: DepartmentEntity;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    department = await createDepartment(t.db);
  });
  afterAll(() => t.close());

  const setRole = (input: Record<string, unknown>, token: string | null = admin.token) =>
    t.gql(SET_ROLE, { input }, token);
  const citizen = async () => createUser(t.db, t.jwt);

  it('lets an admin make a citizen a moderator, in the database and in the answer', async () => {
    const target = await citizen();
    const res = await setRole({ userId: globalId('User', target.user.id), role: 'MODERATOR' });
    expect(res.errors).toBeUndefined();
    expect(res.data.setUserRole).toEqual({
      id: globalId('User', target.user.id),
      role: 'MODERATOR',
      email: target.user.email, // admins see emails
      department: null,
    });
    expect(await roleOf(t, target.user.id)).toEqual({ role: 'MODERATOR', department_id: null });
  });

  it('makes a citizen STAFF of a department, and back to CITIZEN without one', async () => {
    const target = await citizen();
    const userId = globalId('User', target.user.id);
    const staff = await setRole({
      userId,
      role: 'STAFF',
      departmentId: globalId('Department', department.id),
    });
    expect(staff.errors).toBeUndefined();
    expect(staff.data.setUserRole.department).toEqual({
      id: globalId('Department', department.id),
      name: department.name,
    });
    expect(await roleOf(t, target.user.id)).toEqual({
      role: 'STAFF',
      department_id: department.id,
    });
    const me = await t.gql(ME, {}, target.token);
    expect(me.data.me.department).toEqual({ id: globalId('Department', department.id) });

    const back = await setRole({ userId, role: 'CITIZEN' });
    expect(back.errors).toBeUndefined();
    expect(back.data.setUserRole).toMatchObject({ role: 'CITIZEN', department: null });
    expect(await roleOf(t, target.user.id)).toEqual({ role: 'CITIZEN', department_id: null });
  });

  it('moves a STAFF member to another department', async () => {
    const other = await createDepartment(t.db);
    const target = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
    const res = await setRole({
      userId: globalId('User', target.user.id),
      role: 'STAFF',
      departmentId: globalId('Department', other.id),
    });
    expect(res.errors).toBeUndefined();
    expect(await roleOf(t, target.user.id)).toEqual({ role: 'STAFF', department_id: other.id });
  });

  describe('is for admins only, and a refusal changes nothing', () => {
    it('anonymous: UNAUTHENTICATED', async () => {
      const target = await citizen();
      const res = await setRole({ userId: globalId('User', target.user.id), role: 'ADMIN' }, null);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
      expect(await roleOf(t, target.user.id)).toEqual({ role: 'CITIZEN', department_id: null });
    });

    it.each([Role.CITIZEN, Role.STAFF, Role.MODERATOR])('%s: FORBIDDEN', async (role) => {
      const actor = await createUser(t.db, t.jwt, {
        role,
        departmentId: role === Role.STAFF ? department.id : null,
      });
      const target = await citizen();
      for (const [userId, newRole] of [
        [target.user.id, 'ADMIN'],
        [target.user.id, 'MODERATOR'],
        [actor.user.id, 'ADMIN'], // promoting oneself
      ] as const) {
        const res = await setRole({ userId: globalId('User', userId), role: newRole }, actor.token);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.data).toBeNull();
      }
      expect(await roleOf(t, target.user.id)).toEqual({ role: 'CITIZEN', department_id: null });
      expect((await roleOf(t, actor.user.id)).role).toBe(role);
    });

    it('a suspended admin: FORBIDDEN', async () => {
      const suspended = await createUser(t.db, t.jwt, {
        role: Role.ADMIN,
        suspendedUntil: new Date(Date.now() + 86_400_000),
      });
      const target = await citizen();
      const res = await setRole(
        { userId: globalId('User', target.user.id), role: 'ADMIN' },
        suspended.token,
      );
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await roleOf(t, target.user.id)).toEqual({ role: 'CITIZEN', department_id: null });
    });
  });

  describe('refuses bad input and changes nothing', () => {
    let target: TestUser;
    let userId: string;

    beforeAll(async () => {
      target = await citizen();
      userId = globalId('User', target.user.id);
    });

    /** A refused change leaves the target as it was. */
    async function expectUnchanged() {
      expect(await roleOf(t, target.user.id)).toEqual({ role: 'CITIZEN', department_id: null });
    }

    it('STAFF without departmentId: BAD_USER_INPUT on departmentId', async () => {
      for (const input of [
        { userId, role: 'STAFF' },
        { userId, role: 'STAFF', departmentId: null },
      ]) {
        const res = await setRole(input);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['departmentId']);
      }
      await expectUnchanged();
    });

    it.each(['CITIZEN', 'MODERATOR', 'ADMIN'])(
      'a departmentId with role %s: BAD_USER_INPUT',
      async (role) => {
        const res = await setRole({
          userId,
          role,
          departmentId: globalId('Department', department.id),
        });
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['departmentId']);
        await expectUnchanged();
      },
    );

    it.each([
      [
        'an unknown department',
        () => globalId('Department', '00000000-0000-4000-8000-000000000001'),
      ],
      ['junk', () => 'junk'],
      ['the id of a user', () => globalId('User', admin.user.id)],
    ])('STAFF with departmentId of %s: BAD_USER_INPUT', async (_label, departmentId) => {
      const res = await setRole({ userId, role: 'STAFF', departmentId: departmentId() });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['departmentId']);
      await expectUnchanged();
    });

    it('an unknown user (well-formed User id): NOT_FOUND', async () => {
      const res = await setRole({
        userId: globalId('User', '00000000-0000-4000-8000-000000000002'),
        role: 'ADMIN',
      });
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(res.data).toBeNull();
      await expectUnchanged();
    });

    it.each([
      ['junk', () => 'junk'],
      ['empty', () => ''],
      ['a raw uuid', () => target.user.id],
      ['the id of a department', () => globalId('Department', department.id)],
      ['the user uuid under another type', () => globalId('Proposal', target.user.id)],
      ['a User id that is not a uuid', () => globalId('User', 'not-a-uuid')],
      ['an SQL injection', () => globalId('User', "' OR 1=1 --")],
    ])('a userId that is %s: BAD_USER_INPUT on userId', async (_label, id) => {
      const res = await setRole({ userId: id(), role: 'ADMIN' });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['userId']);
      await expectUnchanged();
    });

    it('an unknown role: an error code, not a 500', async () => {
      const res = await setRole({ userId, role: 'SUPERUSER' });
      expect(res.status).toBeLessThan(500);
      expect(codeOf(res)).toEqual(expect.any(String));
      expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
      await expectUnchanged();
    });
  });

  it('refuses an admin changing their own role with CONFLICT', async () => {
    for (const role of ['CITIZEN', 'MODERATOR', 'ADMIN']) {
      const res = await setRole({ userId: globalId('User', admin.user.id), role });
      expect(codeOf(res)).toBe('CONFLICT');
    }
    expect(await roleOf(t, admin.user.id)).toEqual({ role: 'ADMIN', department_id: null });
    const stillAdmin = await t.gql('{ users(first: 1) { totalCount } }', {}, admin.token);
    expect(stillAdmin.errors).toBeUndefined();
  });

  it('takes effect at once for the existing token of the promoted user', async () => {
    const target = await citizen();
    const before = await t.gql('{ users(first: 1) { totalCount } }', {}, target.token);
    expect(codeOf(before)).toBe('FORBIDDEN');

    const res = await setRole({ userId: globalId('User', target.user.id), role: 'ADMIN' });
    expect(res.errors).toBeUndefined();

    const after = await t.gql('{ users(first: 1) { totalCount } me { role } }', {}, target.token);
    expect(after.errors).toBeUndefined();
    expect(after.data.me.role).toBe('ADMIN');
    expect(after.data.users.totalCount).toBeGreaterThanOrEqual(2);
  });

  it('takes effect at once for the existing token of a demoted admin', async () => {
    const other = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    expect(
      (await t.gql('{ users(first: 1) { totalCount } }', {}, other.token)).errors,
    ).toBeUndefined();

    const res = await setRole({ userId: globalId('User', other.user.id), role: 'CITIZEN' });
    expect(res.errors).toBeUndefined();

    expect(codeOf(await t.gql('{ users(first: 1) { totalCount } }', {}, other.token))).toBe(
      'FORBIDDEN',
    );
    const target = await citizen();
    const attempt = await setRole(
      { userId: globalId('User', target.user.id), role: 'ADMIN' },
      other.token,
    );
    expect(codeOf(attempt)).toBe('FORBIDDEN');
    expect((await roleOf(t, target.user.id)).role).toBe('CITIZEN');
  });
});
