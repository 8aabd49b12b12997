import { Role } from '../../src/core/access/role.js';
import { createUser, TEST_PASSWORD } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  claimsOf,
  globalId,
  LOG_IN,
  ME,
  PASSWORD,
  rateLimitsOff,
  REFRESH,
  sessionCount,
  SIGN_UP,
} from './support.js';

const CREATE_DEPARTMENT =
  'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id slug } }';

describe('logIn', () => {
  let t: TestApp;
  let restoreLimits: () => void;

  beforeAll(async () => {
    restoreLimits = rateLimitsOff();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    restoreLimits();
  });

  const logIn = (email: unknown, password: unknown) =>
    t.gql(LOG_IN, { input: { email, password } });

  async function departmentCount(slug: string): Promise<number> {
    const rows: { n: number }[] = await t.db.query(
      'SELECT count(*)::int AS n FROM department WHERE slug = $1',
      [slug],
    );
    return rows[0]!.n;
  }

  describe('with a signed-up account', () => {
    const email = 'login.person@example.test';
    let userId: string;

    beforeAll(async () => {
      const res = await t.gql(SIGN_UP, {
        input: { email, password: PASSWORD, displayName: 'Login Person' },
      });
      if (res.errors) throw new Error(`signUp failed: ${JSON.stringify(res.errors)}`);
      userId = Buffer.from(res.data.signUp.user.id, 'base64url').toString().split(':')[1]!;
    });

    it.each([
      ['as signed up', email],
      ['in upper case', email.toUpperCase()],
      ['in mixed case with spaces around', '  Login.Person@EXAMPLE.test  '],
    ])('works with the email %s, opening a new session each time', async (_label, typed) => {
      const sessionsBefore = await sessionCount(t, userId);
      const res = await logIn(typed, PASSWORD);
      expect(res.errors).toBeUndefined();
      const payload = res.data.logIn;
      expect(payload.user).toMatchObject({
        id: globalId('User', userId),
        email,
        displayName: 'Login Person',
      });
      expect(claimsOf(payload.accessToken)).toMatchObject({ sub: userId });
      expect(await sessionCount(t, userId)).toBe(sessionsBefore + 1);

      const me = await t.gql(ME, {}, payload.accessToken);
      expect(me.data.me).toMatchObject({ id: globalId('User', userId), email });
      const refreshed = await t.gql(REFRESH, { token: payload.refreshToken });
      expect(refreshed.errors).toBeUndefined();
    });

    it('gives a wrong password and an unknown email the same UNAUTHENTICATED error, and no session', async () => {
      const sessionsBefore = await sessionCount(t, userId);
      const attempts = await Promise.all([
        logIn(email, `${PASSWORD}x`),
        logIn(email, PASSWORD.toUpperCase()),
        logIn(email, ` ${PASSWORD}`),
        logIn('nobody.here@example.test', PASSWORD),
        logIn('not an email at all', PASSWORD),
        logIn(email, ''),
        logIn('', ''),
        logIn(email, 'x'.repeat(5000)),
      ]);
      const reference = attempts[0]!;
      expect(codeOf(reference)).toBe('UNAUTHENTICATED');
      const message = reference.errors![0]!.message;
      expect(message).not.toMatch(/unknown|not found|no account|exist/i);
      for (const res of attempts) {
        expect(codeOf(res)).toBe('UNAUTHENTICATED');
        expect(res.errors![0]!.message).toBe(message);
        expect(res.data).toBeNull();
      }
      expect(await sessionCount(t, userId)).toBe(sessionsBefore);
    });

    it('refuses wrong GraphQL types without an internal error', async () => {
      for (const [mail, password] of [
        [42, PASSWORD],
        [email, { password: PASSWORD }],
        [[email], PASSWORD],
        [email, null],
      ]) {
        const res = await logIn(mail, password);
        expect(res.status).toBeLessThan(500);
        expect(codeOf(res)).toEqual(expect.any(String));
        expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
        expect(res.data ?? null).toBeNull();
      }
    });
  });

  it('checks the credentials of each aliased logIn of one document on their own', async () => {
    const a = await createUser(t.db, t.jwt);
    const b = await createUser(t.db, t.jwt);
    const twice = `mutation($a: LogInInput!, $b: LogInInput!) {
      a: logIn(input: $a) { user { id } }
      b: logIn(input: $b) { user { id } }
    }`;
    const bSessions = await sessionCount(t, b.user.id);
    const wrongSecond = await t.gql(twice, {
      a: { email: a.user.email, password: TEST_PASSWORD },
      b: { email: b.user.email, password: 'not the password of b' },
    });
    // logIn is non-null, so b's error nulls the whole data; what matters is that b failed.
    expect(wrongSecond.data?.b ?? null).toBeNull();
    expect(await sessionCount(t, b.user.id)).toBe(bSessions);
    expect(wrongSecond.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([
      ['b', 'UNAUTHENTICATED'],
    ]);

    const both = await t.gql(twice, {
      a: { email: a.user.email, password: TEST_PASSWORD },
      b: { email: b.user.email, password: TEST_PASSWORD },
    });
    expect(both.errors).toBeUndefined();
    expect(both.data.a.user.id).toBe(globalId('User', a.user.id));
    expect(both.data.b.user.id).toBe(globalId('User', b.user.id));
    expect(await sessionCount(t, b.user.id)).toBe(bSessions + 1);
  });

  describe('suspension', () => {
    it('lets a suspended admin log in and read, but refuses every write with FORBIDDEN', async () => {
      const until = new Date(Date.now() + 3 * 86_400_000);
      const suspended = await createUser(t.db, t.jwt, { role: Role.ADMIN, suspendedUntil: until });

      const login = await logIn(suspended.user.email, TEST_PASSWORD);
      expect(login.errors).toBeUndefined();
      const { accessToken, refreshToken } = login.data.logIn;
      expect(new Date(login.data.logIn.user.suspendedUntil).getTime()).toBe(until.getTime());

      const me = await t.gql(ME, {}, accessToken);
      expect(me.errors).toBeUndefined();
      expect(me.data.me).toMatchObject({ id: globalId('User', suspended.user.id), role: 'ADMIN' });
      // Reading stays open, admin reads included.
      const users = await t.gql('{ users { totalCount } departments { id } }', {}, accessToken);
      expect(users.errors).toBeUndefined();
      expect(users.data.users.totalCount).toBeGreaterThanOrEqual(1);

      for (const token of [accessToken, suspended.token]) {
        const slug = `suspended-${Math.random().toString(36).slice(2, 8)}`;
        const res = await t.gql(CREATE_DEPARTMENT, { input: { slug, name: 'Nope' } }, token);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.data).toBeNull();
        expect(await departmentCount(slug)).toBe(0);
      }

      // Signing in, refreshing and signing out stay open while suspended.
      const refreshed = await t.gql(REFRESH, { token: refreshToken }, accessToken);
      expect(refreshed.errors).toBeUndefined();
      const logOut = await t.gql(
        'mutation($token: String!) { logOut(refreshToken: $token) }',
        { token: refreshed.data.refreshSession.refreshToken },
        refreshed.data.refreshSession.accessToken,
      );
      expect(logOut.data).toEqual({ logOut: true });
    });

    it('refuses writes to an already issued token as soon as the account is suspended', async () => {
      const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
      const before = await t.gql(
        CREATE_DEPARTMENT,
        { input: { slug: 'before-suspension', name: 'Before' } },
        admin.token,
      );
      expect(before.errors).toBeUndefined();
      await t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
        admin.user.id,
        new Date(Date.now() + 3_600_000),
      ]);
      const after = await t.gql(
        CREATE_DEPARTMENT,
        { input: { slug: 'after-suspension', name: 'After' } },
        admin.token,
      );
      expect(codeOf(after)).toBe('FORBIDDEN');
      expect(await departmentCount('after-suspension')).toBe(0);
    });

    it('does not block a user whose suspension has ended', async () => {
      const formerly = await createUser(t.db, t.jwt, {
        role: Role.ADMIN,
        suspendedUntil: new Date(Date.now() - 60_000),
      });
      const login = await logIn(formerly.user.email, TEST_PASSWORD);
      expect(login.errors).toBeUndefined();
      const res = await t.gql(
        CREATE_DEPARTMENT,
        { input: { slug: 'after-the-suspension', name: 'Open again' } },
        login.data.logIn.accessToken,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createDepartment.slug).toBe('after-the-suspension');
      expect(await departmentCount('after-the-suspension')).toBe(1);
    });
  });
});
