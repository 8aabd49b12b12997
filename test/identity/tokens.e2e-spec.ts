import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type GraphqlResponse, type TestApp } from '../helpers/test-app.js';
import { claimsOf, forgeJwt, globalId, ME } from './support.js';

const PUBLIC_READ = '{ departments { id } }';

describe('access tokens', () => {
  let t: TestApp;
  let citizen: TestUser;
  let admin: TestUser;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    t = await startTestApp();
    citizen = await createUser(t.db, t.jwt);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  /** Valid claims of the citizen's session, for forging variations of. */
  const claims = () => ({
    sub: citizen.user.id,
    sid: claimsOf(citizen.token).sid,
    iat: now(),
    exp: now() + 600,
  });

  /** UNAUTHENTICATED, and nothing was read: data is null, or null in every (nullable) root field. */
  function expectUnauthenticated(res: GraphqlResponse) {
    expect(res.status).toBeLessThan(500);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(Object.values((res.data ?? {}) as object).filter((v) => v !== null)).toEqual([]);
  }

  /** A token is refused on a public read, on `me`, and on an admin query alike. */
  async function expectRefused(token: string) {
    expectUnauthenticated(await t.gql(PUBLIC_READ, {}, token));
    expectUnauthenticated(await t.gql(ME, {}, token));
    expectUnauthenticated(await t.gql('{ users { totalCount } }', {}, token));
  }

  it('accepts a well-formed HS256 token with the server secret (control for the forgeries below)', async () => {
    const res = await t.gql(ME, {}, forgeJwt(claims()));
    expect(res.errors).toBeUndefined();
    expect(res.data.me.id).toBe(globalId('User', citizen.user.id));
    const factory = await t.gql(ME, {}, citizen.token);
    expect(factory.data.me.id).toBe(globalId('User', citizen.user.id));
  });

  it('refuses a token with a bad signature', async () => {
    const [header, payload, signature] = citizen.token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    await expectRefused(`${header}.${payload}.${flipped}`);
    await expectRefused(
      forgeJwt(claims(), { secret: 'another-secret-that-is-long-enough-0123456789' }),
    );
  });

  it('refuses a token whose payload was changed after signing (privilege escalation)', async () => {
    const [header, , signature] = citizen.token.split('.') as [string, string, string];
    const adminSid = claimsOf(admin.token).sid;
    const payload = Buffer.from(
      JSON.stringify({ ...claims(), sub: admin.user.id, sid: adminSid }),
    ).toString('base64url');
    await expectRefused(`${header}.${payload}.${signature}`);
  });

  it('refuses alg none, with or without a signature', async () => {
    const unsigned = forgeJwt(claims(), { alg: 'none' });
    await expectRefused(unsigned);
    await expectRefused(`${unsigned}${citizen.token.split('.')[2]}`);
  });

  it('refuses HS512 even when signed with the server secret', async () => {
    await expectRefused(forgeJwt(claims(), { alg: 'HS512' }));
  });

  it('refuses an expired token', async () => {
    await expectRefused(forgeJwt({ ...claims(), iat: now() - 3600, exp: now() - 10 }));
    const expired = await t.jwt.signAsync(
      { sub: citizen.user.id, sid: claimsOf(citizen.token).sid },
      { expiresIn: -1 },
    );
    await expectRefused(expired);
  });

  it('refuses a token whose user was deleted', async () => {
    const doomed = await createUser(t.db, t.jwt);
    expect((await t.gql(ME, {}, doomed.token)).data.me).not.toBeNull();
    await t.db.query('DELETE FROM app_user WHERE id = $1', [doomed.user.id]);
    await expectRefused(doomed.token);
  });

  it('refuses a signed token whose claims do not name a live session of that user', async () => {
    const adminSid = claimsOf(admin.token).sid;
    await expectRefused(forgeJwt({ ...claims(), sid: adminSid })); // someone else's session
    await expectRefused(forgeJwt({ ...claims(), sid: '00000000-0000-4000-8000-000000000000' }));
    await expectRefused(forgeJwt({ ...claims(), sub: 'not-a-uuid' }));
    await expectRefused(forgeJwt({ ...claims(), sid: undefined }));
    await expectRefused(forgeJwt({ ...claims(), sub: 42 }));
    await expectRefused(forgeJwt({ iat: now(), exp: now() + 600 }));
  });

  it.each([
    ['the scheme alone', 'Bearer'],
    ['a non-JWT bearer', 'Bearer not-a-jwt'],
    ['three junk segments', 'Bearer a.b.c'],
    ['a valid token followed by junk', 'Bearer __TOKEN__ extra'],
    ['a valid token with junk appended', 'Bearer __TOKEN__x'],
    ['another scheme', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['a token without the scheme', '__TOKEN__'],
    ['a token with another scheme', 'Token __TOKEN__'],
  ])('refuses a malformed Authorization header: %s', async (_label, header) => {
    for (const query of [PUBLIC_READ, ME]) {
      const res = await t
        .http()
        .post('/graphql')
        .set('Content-Type', 'application/json')
        .set('Authorization', header.replace('__TOKEN__', citizen.token))
        .send({ query });
      expectUnauthenticated({
        status: res.status,
        data: res.body.data,
        errors: res.body.errors,
        headers: {},
      });
    }
  });

  it('serves anonymous requests without a token: public reads work and me is null', async () => {
    const res = await t.gql(`{ me { id } ${PUBLIC_READ.slice(1, -1)} }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toBeNull();
    expect(Array.isArray(res.data.departments)).toBe(true);
  });

  it('answers UNAUTHENTICATED, not a partial result, when a bad token reads several fields', async () => {
    const res = await t.gql(
      `{ me { id } ${PUBLIC_READ.slice(1, -1)} }`,
      {},
      forgeJwt(claims(), { alg: 'HS512' }),
    );
    expectUnauthenticated(res);
  });
});
