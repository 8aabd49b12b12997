import { codeOf, startTestApp, type TestApp } from './helpers/test-app.js';
import { createUser } from '../src/identity/testing/identity.factory.js';
import { Role } from '../src/core/access/role.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves departments and me', async () => {
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const res = await t.gql('{ me { id displayName role email } departments { id } }', {}, admin.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.role).toBe('ADMIN');
    expect(res.data.me.email).toBe(admin.user.email);
  });

  it('refuses anonymous admin queries', async () => {
    const res = await t.gql('{ users { totalCount } }');
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

describe('signing in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('shows the person signing up their own email in the payload', async () => {
    const res = await t.gql(
      'mutation($input: SignUpInput!) { signUp(input: $input) { user { email displayName } } }',
      { input: { email: ' New.Person@Example.TEST ', password: 'a sound password', displayName: '새 시민' } },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.signUp.user).toEqual({ email: 'new.person@example.test', displayName: '새 시민' });
  });
});

describe('refreshing with a stale access token still in the header', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('ignores the header on the auth mutations, so the refresh goes through', async () => {
    const signUp = await t.gql(
      'mutation($input: SignUpInput!) { signUp(input: $input) { refreshToken } }',
      { input: { email: 'stale@example.test', password: 'a sound password', displayName: '토큰' } },
    );
    const stale = await t.jwt.signAsync({ sub: 'x', sid: 'y' }, { expiresIn: -10 });
    const res = await t.gql(
      'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken user { email } } }',
      { t: signUp.data.signUp.refreshToken },
      stale,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.refreshSession.user.email).toBe('stale@example.test');
    // The same stale header on a public read is still refused.
    expect(codeOf(await t.gql('{ departments { id } }', {}, stale))).toBe('UNAUTHENTICATED');
  });
});
