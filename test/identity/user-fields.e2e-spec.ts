import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import {
  createUser,
  TEST_PASSWORD,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { globalId, LOG_IN, ME, PASSWORD, rateLimitsOff, REFRESH, SIGN_UP } from './support.js';

const NODE = `query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on User { displayName role email department { id slug } createdAt }
  }
}`;

describe('User fields, visibility and global IDs', () => {
  let t: TestApp;
  let restoreLimits: () => void;
  let department: DepartmentEntity;
  let subject: TestUser;
  let viewers: Record<'citizen' | 'staff' | 'moderator' | 'admin', TestUser>;

  beforeAll(async () => {
    restoreLimits = rateLimitsOff();
    t = await startTestApp();
    department = await createDepartment(t.db);
    subject = await createUser(t.db, t.jwt, { displayName: 'Subject Person' });
    viewers = {
      citizen: await createUser(t.db, t.jwt),
      staff: await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id }),
      moderator: await createUser(t.db, t.jwt, { role: Role.MODERATOR }),
      admin: await createUser(t.db, t.jwt, { role: Role.ADMIN }),
    };
  });
  afterAll(async () => {
    await t.close();
    restoreLimits();
  });

  const nodeOf = (user: TestUser, token: string | null) =>
    t.gql(NODE, { id: globalId('User', user.user.id) }, token);

  describe('node(id) of a user', () => {
    it('returns the User behind its global ID (base64url of "User:uuid")', async () => {
      const id = globalId('User', subject.user.id);
      expect(Buffer.from(id, 'base64url').toString('utf8')).toBe(`User:${subject.user.id}`);
      const res = await t.gql(NODE, { id });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toMatchObject({
        __typename: 'User',
        id,
        displayName: 'Subject Person',
        role: 'CITIZEN',
        department: null,
      });
      expect(new Date(res.data.node.createdAt).getTime()).toBe(subject.user.createdAt.getTime());
    });

    it.each([
      ['an unknown uuid', () => globalId('User', '00000000-0000-4000-8000-000000000003')],
      ['the user uuid as another type', () => globalId('Department', subject.user.id)],
      ['the user uuid as an unknown type', () => globalId('Nothing', subject.user.id)],
      ['a raw uuid', () => subject.user.id],
      ['junk', () => 'junk'],
    ])('is null for %s', async (_label, id) => {
      const res = await t.gql(NODE, { id: id() });
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
    });

    it('resolves users among other ids in nodes(ids), in order', async () => {
      const res = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', {
        ids: [
          globalId('User', viewers.admin.user.id),
          'junk',
          globalId('Department', department.id),
          globalId('User', subject.user.id),
        ],
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual([
        { __typename: 'User', id: globalId('User', viewers.admin.user.id) },
        null,
        { __typename: 'Department', id: globalId('Department', department.id) },
        { __typename: 'User', id: globalId('User', subject.user.id) },
      ]);
    });
  });

  describe('User.email', () => {
    it('is null for anonymous viewers', async () => {
      const res = await nodeOf(subject, null);
      expect(res.data.node.__typename).toBe('User');
      expect(res.data.node.email).toBeNull();
    });

    it.each(['citizen', 'staff', 'moderator'] as const)(
      'is null for another user who is %s',
      async (who) => {
        const res = await nodeOf(subject, viewers[who].token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node.displayName).toBe('Subject Person');
        expect(res.data.node.email).toBeNull();
      },
    );

    it('is visible to the user themself, through node(id) and me', async () => {
      const viaNode = await nodeOf(subject, subject.token);
      expect(viaNode.data.node.email).toBe(subject.user.email);
      const viaMe = await t.gql(ME, {}, subject.token);
      expect(viaMe.data.me.email).toBe(subject.user.email);
    });

    it('is visible to admins', async () => {
      const res = await nodeOf(subject, viewers.admin.token);
      expect(res.data.node.email).toBe(subject.user.email);
    });

    it('stays hidden when several users are read in one request', async () => {
      const res = await t.gql(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id email } } }',
        { ids: [globalId('User', subject.user.id), globalId('User', viewers.citizen.user.id)] },
        viewers.citizen.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes).toEqual([
        { id: globalId('User', subject.user.id), email: null },
        { id: globalId('User', viewers.citizen.user.id), email: viewers.citizen.user.email },
      ]);
    });

    it('is in the AuthPayload of signUp, logIn and refreshSession, for the account signing in', async () => {
      const email = 'payload.person@example.test';
      const signUp = await t.gql(SIGN_UP, {
        input: { email, password: PASSWORD, displayName: 'Payload' },
      });
      expect(signUp.data.signUp.user.email).toBe(email);
      const logIn = await t.gql(LOG_IN, { input: { email, password: PASSWORD } });
      expect(logIn.data.logIn.user.email).toBe(email);
      const refresh = await t.gql(REFRESH, { token: logIn.data.logIn.refreshToken });
      expect(refresh.data.refreshSession.user.email).toBe(email);
    });

    it("in an AuthPayload is the signing-in account's own, whoever else holds the request", async () => {
      // A citizen's token on the request does not make the payload's user someone else's to see.
      const res = await t.gql(
        LOG_IN,
        { input: { email: subject.user.email, password: TEST_PASSWORD } },
        viewers.citizen.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.logIn.user).toMatchObject({
        id: globalId('User', subject.user.id),
        email: subject.user.email,
      });
    });
  });

  // Issue 14: who was suspended, and until when, is between the user and the moderators.
  describe('User.suspendedUntil', () => {
    let suspended: TestUser;
    let wasSuspended: TestUser;
    const until = new Date(Date.now() + 3 * 86_400_000);
    const ended = new Date(Date.now() - 86_400_000);
    const SUSPENSION = `query($id: ID!) { node(id: $id) { ... on User { id suspendedUntil } } }`;
    const suspensionOf = async (user: TestUser, token: string | null) => {
      const res = await t.gql(SUSPENSION, { id: globalId('User', user.user.id) }, token);
      expect(res.errors).toBeUndefined();
      const value = res.data.node.suspendedUntil as string | null;
      return value === null ? null : new Date(value).getTime();
    };

    beforeAll(async () => {
      suspended = await createUser(t.db, t.jwt, { suspendedUntil: until });
      wasSuspended = await createUser(t.db, t.jwt, { suspendedUntil: ended });
    });

    it.each([
      ['anonymous', () => null],
      ['another citizen', () => viewers.citizen.token],
      ['staff', () => viewers.staff.token],
    ])('is null for %s, a suspension running or ended', async (_label, token) => {
      expect(await suspensionOf(suspended, token())).toBeNull();
      expect(await suspensionOf(wasSuspended, token())).toBeNull();
    });

    it.each(['moderator', 'admin'] as const)('is visible to a %s', async (who) => {
      expect(await suspensionOf(suspended, viewers[who].token)).toBe(until.getTime());
      expect(await suspensionOf(wasSuspended, viewers[who].token)).toBe(ended.getTime());
      expect(await suspensionOf(subject, viewers[who].token)).toBeNull();
    });

    it('is visible to the user themself, through node(id), me and the AuthPayload of logIn', async () => {
      expect(await suspensionOf(suspended, suspended.token)).toBe(until.getTime());
      const me = await t.gql('{ me { suspendedUntil } }', {}, suspended.token);
      expect(new Date(me.data.me.suspendedUntil).getTime()).toBe(until.getTime());
      // Whoever else holds the request: the payload's user is the account signing in.
      const logIn = await t.gql(
        LOG_IN,
        { input: { email: suspended.user.email, password: TEST_PASSWORD } },
        viewers.citizen.token,
      );
      expect(new Date(logIn.data.logIn.user.suspendedUntil).getTime()).toBe(until.getTime());
    });

    it('stays hidden when several users are read in one request', async () => {
      const res = await t.gql(
        'query($ids: [ID!]!) { nodes(ids: $ids) { ... on User { id suspendedUntil } } }',
        { ids: [globalId('User', suspended.user.id), globalId('User', wasSuspended.user.id)] },
        wasSuspended.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.nodes[0]).toEqual({
        id: globalId('User', suspended.user.id),
        suspendedUntil: null,
      });
      expect(new Date(res.data.nodes[1].suspendedUntil).getTime()).toBe(ended.getTime());
    });
  });

  describe('User.department', () => {
    it('is the department of a STAFF member, for any viewer', async () => {
      for (const token of [null, viewers.citizen.token, viewers.staff.token]) {
        const res = await nodeOf(viewers.staff, token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node.department).toEqual({
          id: globalId('Department', department.id),
          slug: department.slug,
        });
      }
      const me = await t.gql(ME, {}, viewers.staff.token);
      expect(me.data.me).toMatchObject({
        role: 'STAFF',
        department: { id: globalId('Department', department.id) },
      });
    });

    it.each(['citizen', 'moderator', 'admin'] as const)('is null for a %s', async (who) => {
      const res = await nodeOf(viewers[who], viewers.admin.token);
      expect(res.data.node.role).toBe(who.toUpperCase());
      expect(res.data.node.department).toBeNull();
    });
  });

  describe('me', () => {
    it('is null for anonymous viewers', async () => {
      const res = await t.gql(ME);
      expect(res.errors).toBeUndefined();
      expect(res.data.me).toBeNull();
    });

    it('is the viewer, with role and department', async () => {
      const res = await t.gql(ME, {}, viewers.moderator.token);
      expect(res.data.me).toEqual({
        id: globalId('User', viewers.moderator.user.id),
        email: viewers.moderator.user.email,
        displayName: viewers.moderator.user.displayName,
        role: 'MODERATOR',
        suspendedUntil: null,
        department: null,
      });
    });
  });

  it('has no field that could leak the password hash', async () => {
    for (const field of ['passwordHash', 'password_hash', 'password']) {
      const res = await t.gql(`{ me { id ${field} } }`, {}, subject.token);
      expect(codeOf(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(res)).not.toMatch(/\$argon2/);
    }
  });
});
