import { Role } from '../../src/core/access/role.js';
import { TEST_PASSWORD } from '../../src/identity/testing/identity.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, type GraphqlResponse } from '../helpers/test-app.js';
import { claimsOf, forgeJwt, LOG_IN, LOG_OUT, ME, REFRESH } from '../identity/support.js';
import { ok, SET_ROLE, uid } from '../notifications/support.js';
import { CREATE } from '../proposals/support.js';
import {
  countRows,
  databaseState,
  expectRefusedUnchanged,
  jwtWithHeader,
  rs256Jwt,
  startSecurityScene,
  withAuthorization,
  type SecurityScene,
} from './support.js';

/**
 * Hostile tokens: forged, tampered, expired or revoked access tokens, replayed refresh tokens
 * and malformed Authorization headers. Each is tried on a write (createProposal, and
 * setUserRole where the forgery aims at admin rights): it must be UNAUTHENTICATED and leave
 * the whole database as it was. Forged reads are covered by test/identity/tokens.
 */

let s: SecurityScene;
beforeAll(async () => {
  s = await startSecurityScene();
});
afterAll(() => s.t.close());

const now = () => Math.floor(Date.now() / 1000);
const NEW_PROPOSAL = {
  input: { title: '위조 토큰으로 쓴 제안', body: '이 제안은 저장되면 안 되는 제안입니다.' },
};

/** The citizen's genuine claims, to forge variations of. */
const claims = (who: TestUser = s.citizen) => ({
  sub: who.user.id,
  sid: claimsOf(who.token).sid,
  iat: now(),
  exp: now() + 600,
});

/** Replaces the payload of a genuine token, keeping its header and signature. */
function tamper(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.') as [string, string, string];
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

/** A write with this token is UNAUTHENTICATED and changes nothing. */
function writeRefused(token: string): Promise<GraphqlResponse> {
  return expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () => s.t.gql(CREATE, NEW_PROPOSAL, token));
}

/** Making the citizen an admin with this token is UNAUTHENTICATED and changes nothing. */
function promotionRefused(token: string): Promise<GraphqlResponse> {
  return expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () =>
    s.t.gql(SET_ROLE, { input: { userId: uid(s.citizen), role: 'ADMIN' } }, token),
  );
}

/** Logs in through the API (a real session with a refresh token). */
async function logIn(who: TestUser) {
  const data = await ok(
    s.t,
    LOG_IN,
    { input: { email: who.user.email, password: TEST_PASSWORD } },
    null,
  );
  return data.logIn as { accessToken: string; refreshToken: string };
}

describe('forged and tampered access tokens', () => {
  it('control: the genuine token and an HS256 token signed with the server secret do write', async () => {
    const before = await countRows(s.t, 'proposal');
    const genuine = await s.t.gql(CREATE, NEW_PROPOSAL, s.citizen.token);
    expect(genuine.errors).toBeUndefined();
    const resigned = await s.t.gql(CREATE, NEW_PROPOSAL, forgeJwt(claims()));
    expect(resigned.errors).toBeUndefined();
    expect(await countRows(s.t, 'proposal')).toBe(before + 2);
    await s.t.db.query('DELETE FROM proposal WHERE author_id = $1', [s.citizen.user.id]);
  });

  it.each<[string, () => string]>([
    [
      'HS256 signed with another secret',
      () => forgeJwt(claims(), { secret: 'a-guessed-secret-that-is-long-enough-0123456789' }),
    ],
    ['HS256 signed with an empty secret', () => forgeJwt(claims(), { secret: '' })],
    ['the signature stripped', () => `${s.citizen.token.split('.').slice(0, 2).join('.')}.`],
    [
      'the signature of another token',
      () => `${forgeJwt(claims()).split('.').slice(0, 2).join('.')}.${s.admin.token.split('.')[2]}`,
    ],
    ['alg none, unsigned', () => forgeJwt(claims(), { alg: 'none' })],
    [
      'alg none with a genuine signature appended',
      () => `${forgeJwt(claims(), { alg: 'none' })}${s.citizen.token.split('.')[2]}`,
    ],
    ['HS512 signed with the server secret', () => forgeJwt(claims(), { alg: 'HS512' })],
    ['RS256 signed with a key of the attacker', () => rs256Jwt(claims(), 'rsa')],
    [
      'RS256 header, HMAC-signed with the server secret (algorithm confusion)',
      () => rs256Jwt(claims(), 'hmac-secret'),
    ],
    [
      'a kid header pointing at /dev/null, signed with an empty secret',
      () => jwtWithHeader({ kid: '../../../../../../dev/null' }, claims(), ''),
    ],
    [
      'a jku header naming a key set of the attacker',
      () =>
        jwtWithHeader(
          { jku: 'https://attacker.example/jwks.json', kid: 'attacker' },
          claims(),
          'attacker-key-0123456789-0123456789',
        ),
    ],
    ['expired a minute ago', () => forgeJwt({ ...claims(), iat: now() - 960, exp: now() - 60 })],
    ['not valid before tomorrow (nbf)', () => forgeJwt({ ...claims(), nbf: now() + 86_400 })],
    [
      "the citizen's id with another user's session",
      () => forgeJwt({ ...claims(), sid: claimsOf(s.author.token).sid }),
    ],
  ])('refuses %s', async (_label, forge) => {
    await writeRefused(forge());
  });

  it("refuses a genuine token whose sub was changed to an admin's id (signature kept)", async () => {
    const forged = tamper(s.citizen.token, { ...claimsOf(s.citizen.token), sub: s.admin.user.id });
    await writeRefused(forged);
    await promotionRefused(forged);
    const both = tamper(s.citizen.token, {
      ...claimsOf(s.citizen.token),
      sub: s.admin.user.id,
      sid: claimsOf(s.admin.token).sid,
    });
    await promotionRefused(both);
  });

  it('refuses a genuine token given a role claim (signature kept)', async () => {
    const forged = tamper(s.citizen.token, { ...claimsOf(s.citizen.token), role: 'ADMIN' });
    await writeRefused(forged);
    await promotionRefused(forged);
  });

  it('ignores a role claim even in a correctly signed token: the role is read from the database', async () => {
    const signed = forgeJwt({ ...claims(), role: 'ADMIN', roles: ['ADMIN'], admin: true });
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      s.t.gql(SET_ROLE, { input: { userId: uid(s.citizen), role: 'ADMIN' } }, signed),
    );
    await expectRefusedUnchanged(s.t, 'FORBIDDEN', () =>
      s.t.gql('{ users { totalCount } }', {}, signed),
    );
  });

  it('refuses an expired token signed by the server itself, on a write and on an admin write', async () => {
    const admin = await createUser(s.t.db, s.t.jwt, { role: Role.ADMIN });
    const expired = await s.t.jwt.signAsync(
      { sub: admin.user.id, sid: claimsOf(admin.token).sid },
      { expiresIn: -1 },
    );
    await writeRefused(expired);
    await promotionRefused(expired);
  });

  it('refuses the token of a deleted user', async () => {
    const doomed = await createUser(s.t.db, s.t.jwt);
    expect((await s.t.gql(ME, {}, doomed.token)).data.me).not.toBeNull();
    await s.t.db.query('DELETE FROM app_user WHERE id = $1', [doomed.user.id]);
    await writeRefused(doomed.token);
  });

  it('refuses the access token of a session that logged out, also for public reads', async () => {
    const who = await createUser(s.t.db, s.t.jwt);
    const { accessToken, refreshToken } = await logIn(who);
    expect((await s.t.gql(CREATE, NEW_PROPOSAL, accessToken)).errors).toBeUndefined();
    expect((await ok(s.t, LOG_OUT, { token: refreshToken }, null)).logOut).toBe(true);
    await writeRefused(accessToken);
    expect(codeOf(await s.t.gql('{ departments { id } }', {}, accessToken))).toBe(
      'UNAUTHENTICATED',
    );
    // Another session of the same user is not affected.
    expect((await s.t.gql(ME, {}, who.token)).data.me.id).toBe(uid(who));
  });

  it('refuses a refresh token presented as an access token, and an access token as a refresh token', async () => {
    const who = await createUser(s.t.db, s.t.jwt);
    const pair = await logIn(who);
    await writeRefused(pair.refreshToken);
    await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () =>
      s.t.gql(REFRESH, { token: pair.accessToken }),
    );
    // The refresh token was not spent by either attempt.
    expect((await s.t.gql(REFRESH, { token: pair.refreshToken })).errors).toBeUndefined();
  });
});

describe('refresh-token reuse', () => {
  /** The session rows of a user, as stored. */
  const sessionsOf = (who: TestUser): Promise<{ id: string; revoked_reason: string | null }[]> =>
    s.t.db.query(
      'SELECT id, revoked_reason FROM auth_session WHERE user_id = $1 ORDER BY created_at, id',
      [who.user.id],
    );

  it('a second use is UNAUTHENTICATED and revokes the family: the new pair stops working', async () => {
    const who = await createUser(s.t.db, s.t.jwt);
    const first = await logIn(who);
    const rotated = (await ok(s.t, REFRESH, { token: first.refreshToken }, null)).refreshSession;
    expect((await s.t.gql(ME, {}, rotated.accessToken)).data.me.id).toBe(uid(who));

    const replay = await s.t.gql(REFRESH, { token: first.refreshToken });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    expect(replay.data).toBeNull();

    // The pair the legitimate holder got is dead too, for writes and reads.
    await writeRefused(rotated.accessToken);
    expect(codeOf(await s.t.gql(ME, {}, rotated.accessToken))).toBe('UNAUTHENTICATED');
    await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () =>
      s.t.gql(REFRESH, { token: rotated.refreshToken }),
    );
    expect(codeOf(await s.t.gql(ME, {}, first.accessToken))).toBe('UNAUTHENTICATED');

    // Revoked for reuse, in the database (the factory's session came first and still works).
    const sessions = await sessionsOf(who);
    expect(sessions.map((r) => r.revoked_reason)).toEqual([null, 'REUSE']);
    expect((await s.t.gql(ME, {}, who.token)).data.me.id).toBe(uid(who));
  });

  it('replaying a token spent two rotations ago ends the latest pair', async () => {
    const who = await createUser(s.t.db, s.t.jwt);
    const first = await logIn(who);
    const second = (await ok(s.t, REFRESH, { token: first.refreshToken }, null)).refreshSession;
    const third = (await ok(s.t, REFRESH, { token: second.refreshToken }, null)).refreshSession;
    expect(codeOf(await s.t.gql(REFRESH, { token: first.refreshToken }))).toBe('UNAUTHENTICATED');
    await writeRefused(third.accessToken);
    expect(codeOf(await s.t.gql(REFRESH, { token: third.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('a replayed token cannot revoke or refresh another family of the same user', async () => {
    const who = await createUser(s.t.db, s.t.jwt);
    const phone = await logIn(who);
    const laptop = await logIn(who);
    await ok(s.t, REFRESH, { token: phone.refreshToken }, null);
    expect(codeOf(await s.t.gql(REFRESH, { token: phone.refreshToken }))).toBe('UNAUTHENTICATED');
    // The laptop's family is untouched: its access token writes, its refresh token rotates.
    const write = await s.t.gql(CREATE, NEW_PROPOSAL, laptop.accessToken);
    expect(write.errors).toBeUndefined();
    expect((await s.t.gql(REFRESH, { token: laptop.refreshToken })).errors).toBeUndefined();
  });

  it('junk refresh tokens are UNAUTHENTICATED and change nothing', async () => {
    for (const token of ['', 'x', 'A'.repeat(5000), "' OR 1=1 --", '\u0007', s.citizen.token]) {
      await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () => s.t.gql(REFRESH, { token }));
    }
    // Text no argument may hold is refused before the token is looked at (test/security/values).
    await expectRefusedUnchanged(s.t, 'BAD_USER_INPUT', () =>
      s.t.gql(REFRESH, { token: '\u0000' }),
    );
  });
});

describe('malformed Authorization headers on a write', () => {
  it.each<[string, () => string]>([
    ['the scheme alone', () => 'Bearer'],
    ['the scheme and a space', () => 'Bearer '],
    ['a non-JWT bearer', () => 'Bearer not-a-jwt'],
    ['three junk segments', () => 'Bearer a.b.c'],
    ['a token followed by a word', () => `Bearer ${s.citizen.token} extra`],
    ['two tokens separated by a comma', () => `Bearer ${s.citizen.token},${s.admin.token}`],
    ['a token split by a space', () => `Bearer ${s.citizen.token.replace('.', '. ')}`],
    ['a tab instead of a space', () => `Bearer\t${s.citizen.token}`],
    ['a token without the scheme', () => s.citizen.token],
    ['another scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a token with another scheme', () => `Token ${s.citizen.token}`],
    ['10,000 junk characters', () => `Bearer ${'a'.repeat(10_000)}`],
    ['SQL in the token', () => "Bearer ' OR '1'='1' --"],
  ])('refuses %s with UNAUTHENTICATED', async (_label, header) => {
    await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () =>
      withAuthorization(s.t, header(), CREATE, NEW_PROPOSAL),
    );
  });

  it('answers a header too large for the server with 431, not a 500, and writes nothing', async () => {
    const before = await databaseState(s.t);
    const res = await withAuthorization(s.t, `Bearer ${'a'.repeat(20_000)}`, CREATE, NEW_PROPOSAL);
    expect(res.status).toBe(431);
    expect(await databaseState(s.t)).toEqual(before);
  });

  it('accepts the spellings HTTP allows (case of the scheme, several spaces), as the same user only', async () => {
    for (const header of [
      `bearer ${s.citizen.token}`,
      `BEARER ${s.citizen.token}`,
      `Bearer    ${s.citizen.token}`,
    ]) {
      const res = await withAuthorization(s.t, header, '{ me { id role } }');
      expect(res.errors).toBeUndefined();
      expect(res.data.me).toEqual({ id: uid(s.citizen), role: 'CITIZEN' });
    }
  });

  it('treats an empty Authorization header as anonymous: a write is UNAUTHENTICATED', async () => {
    await expectRefusedUnchanged(s.t, 'UNAUTHENTICATED', () =>
      withAuthorization(s.t, '', CREATE, NEW_PROPOSAL),
    );
    const read = await withAuthorization(s.t, '', '{ me { id } }');
    expect(read.errors).toBeUndefined();
    expect(read.data.me).toBeNull();
  });
});
