import { createUser, TEST_PASSWORD } from '../../src/identity/testing/identity.factory.js';
import type { UserEntity } from '../../src/identity/user.entity.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { claimsOf, globalId, LOG_IN, LOG_OUT, ME, rateLimitsOff, REFRESH } from './support.js';

interface Pair {
  accessToken: string;
  refreshToken: string;
}

describe('sessions: refreshSession and logOut', () => {
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

  async function newUser(): Promise<UserEntity> {
    return (await createUser(t.db, t.jwt)).user;
  }

  async function logIn(user: UserEntity): Promise<Pair> {
    const res = await t.gql(LOG_IN, { input: { email: user.email, password: TEST_PASSWORD } });
    expect(res.errors).toBeUndefined();
    return res.data.logIn;
  }

  const refresh = (token: unknown, accessToken?: string) => t.gql(REFRESH, { token }, accessToken);
  const logOut = (token: unknown) => t.gql(LOG_OUT, { token });

  async function refreshed(token: string): Promise<Pair> {
    const res = await refresh(token);
    expect(res.errors).toBeUndefined();
    return res.data.refreshSession;
  }

  /** Whether an access token still gets through: `me` answers, or the request is UNAUTHENTICATED. */
  async function accessWorks(accessToken: string, userId: string): Promise<boolean> {
    const res = await t.gql(ME, {}, accessToken);
    if (codeOf(res) === 'UNAUTHENTICATED') return false;
    expect(res.errors).toBeUndefined();
    expect(res.data.me.id).toBe(globalId('User', userId));
    return true;
  }

  async function session(
    id: string,
  ): Promise<{ revoked_at: Date | null; revoked_reason: string | null }> {
    const rows: { revoked_at: Date | null; revoked_reason: string | null }[] = await t.db.query(
      'SELECT revoked_at, revoked_reason FROM auth_session WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }

  describe('refreshSession', () => {
    it('returns a new pair of the same session, and the old refresh token is then spent', async () => {
      const user = await newUser();
      const first = await logIn(user);
      const res = await refresh(first.refreshToken);
      expect(res.errors).toBeUndefined();
      const second = res.data.refreshSession;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).toEqual(expect.any(String));
      expect(second.expiresIn).toBeGreaterThan(0);
      // The person refreshing is the account holder and sees their email.
      expect(second.user).toMatchObject({ id: globalId('User', user.id), email: user.email });
      expect(claimsOf(second.accessToken)).toMatchObject({
        sub: user.id,
        sid: claimsOf(first.accessToken).sid,
      });
      expect(await accessWorks(second.accessToken, user.id)).toBe(true);

      const again = await refresh(first.refreshToken);
      expect(codeOf(again)).toBe('UNAUTHENTICATED');
      expect(again.data).toBeNull();
    });

    it('issues a distinct access token on every refresh, even within the same second', async () => {
      const user = await newUser();
      freezeClock();
      try {
        const first = await logIn(user);
        const second = await refreshed(first.refreshToken);
        const third = await refreshed(second.refreshToken);
        const tokens = [first, second, third].map((pair) => pair.accessToken);
        const claims = tokens.map(claimsOf);
        // Same session, same second: only a unique claim can tell them apart.
        expect(new Set(claims.map((c) => c.iat)).size).toBe(1);
        expect(new Set(claims.map((c) => c.sid)).size).toBe(1);
        expect(new Set(tokens).size).toBe(3);
        expect(claims.map((c) => c.jti)).toEqual([
          expect.any(String),
          expect.any(String),
          expect.any(String),
        ]);
        expect(new Set(claims.map((c) => c.jti)).size).toBe(3);
        for (const token of tokens) {
          await expect(t.jwt.verifyAsync(token)).resolves.toMatchObject({ sub: user.id });
          expect(await accessWorks(token, user.id)).toBe(true);
        }
      } finally {
        restoreClock();
      }
    });

    it('revokes the whole family when a spent refresh token is presented again', async () => {
      const user = await newUser();
      const first = await logIn(user);
      const other = await logIn(user); // another device: a session of its own
      const second = await refreshed(first.refreshToken);
      const third = await refreshed(second.refreshToken);
      expect(await accessWorks(third.accessToken, user.id)).toBe(true);

      const replay = await refresh(first.refreshToken);
      expect(codeOf(replay)).toBe('UNAUTHENTICATED');

      // The newest refresh token of the family and the session's access tokens die with it.
      expect(codeOf(await refresh(third.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await accessWorks(third.accessToken, user.id)).toBe(false);
      expect(await accessWorks(first.accessToken, user.id)).toBe(false);
      const sid = claimsOf(first.accessToken).sid as string;
      expect(await session(sid)).toMatchObject({
        revoked_reason: 'REUSE',
        revoked_at: expect.any(Date),
      });

      // The other session of the same user is untouched.
      expect(await accessWorks(other.accessToken, user.id)).toBe(true);
      const otherNext = await refresh(other.refreshToken);
      expect(otherNext.errors).toBeUndefined();
    });

    it('lets exactly one of several concurrent refreshes with the same token succeed', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => refresh(pair.refreshToken)),
      );
      const succeeded = results.filter((r) => !r.errors);
      expect(succeeded).toHaveLength(1);
      for (const failed of results.filter((r) => r.errors)) {
        expect(codeOf(failed)).toBe('UNAUTHENTICATED');
      }
      const sid = claimsOf(pair.accessToken).sid as string;
      const issued: { n: number }[] = await t.db.query(
        'SELECT count(*)::int AS n FROM refresh_token WHERE session_id = $1',
        [sid],
      );
      // The login's token and exactly one successor.
      expect(issued[0]!.n).toBe(2);
    });

    it.each([
      ['junk', 'junk'],
      ['empty', ''],
      [
        'a JWT access token',
        'eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo',
      ],
      ['very long', 'x'.repeat(20_000)],
      ['full of control characters', '\u0007\u001b\u007f'],
    ])('refuses a refresh token that is %s, with UNAUTHENTICATED', async (_label, token) => {
      const res = await refresh(token);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    });

    // Text no argument may hold (a NUL, a lone surrogate) is refused before the token is looked
    // at, as in every argument (src/core/validation/validation.pipe.ts, issue 14).
    it.each([
      ['a NUL', '\u0000\u0007\u001b'],
      ['a lone surrogate', 'token\ud800'],
    ])(
      'refuses a refresh token holding %s, with BAD_USER_INPUT on refreshToken',
      async (_l, token) => {
        const res = await refresh(token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['refreshToken']);
        expect(res.data).toBeNull();
      },
    );

    it('refuses an access token in place of the refresh token of the same session', async () => {
      const pair = await logIn(await newUser());
      expect(codeOf(await refresh(pair.accessToken))).toBe('UNAUTHENTICATED');
      // ...and that mistake is not reuse: the real refresh token still works.
      expect((await refresh(pair.refreshToken)).errors).toBeUndefined();
    });

    it('refuses a wrongly typed refresh token without an internal error', async () => {
      for (const token of [null, 42, { token: 'x' }]) {
        const res = await refresh(token);
        expect(res.status).toBeLessThan(500);
        expect(codeOf(res)).toEqual(expect.any(String));
        expect(codeOf(res)).not.toBe('INTERNAL_SERVER_ERROR');
      }
    });

    it('refuses an expired refresh token', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      const sid = claimsOf(pair.accessToken).sid as string;
      await t.db.query(
        "UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE session_id = $1",
        [sid],
      );
      expect(codeOf(await refresh(pair.refreshToken))).toBe('UNAUTHENTICATED');
    });

    it('refuses the refresh token of a deleted account', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      await t.db.query('DELETE FROM app_user WHERE id = $1', [user.id]);
      expect(codeOf(await refresh(pair.refreshToken))).toBe('UNAUTHENTICATED');
    });

    it('serves the role the user holds now, not the one at log-in', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      await t.db.query("UPDATE app_user SET role = 'MODERATOR' WHERE id = $1", [user.id]);
      const next = await refreshed(pair.refreshToken);
      expect((next as Pair & { user: { role: string } }).user.role).toBe('MODERATOR');
    });
  });

  describe('logOut', () => {
    it('returns true once, then false, and ends the refresh and access tokens of the session', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      expect(await accessWorks(pair.accessToken, user.id)).toBe(true);

      expect((await logOut(pair.refreshToken)).data).toEqual({ logOut: true });
      expect((await logOut(pair.refreshToken)).data).toEqual({ logOut: false });

      expect(codeOf(await refresh(pair.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await accessWorks(pair.accessToken, user.id)).toBe(false);
      const sid = claimsOf(pair.accessToken).sid as string;
      expect(await session(sid)).toMatchObject({
        revoked_reason: 'LOG_OUT',
        revoked_at: expect.any(Date),
      });
    });

    it('does not affect another session of the same user', async () => {
      const user = await newUser();
      const laptop = await logIn(user);
      const phone = await logIn(user);
      expect((await logOut(laptop.refreshToken)).data).toEqual({ logOut: true });

      expect(await accessWorks(laptop.accessToken, user.id)).toBe(false);
      expect(await accessWorks(phone.accessToken, user.id)).toBe(true);
      const next = await refreshed(phone.refreshToken);
      expect(await accessWorks(next.accessToken, user.id)).toBe(true);
      const phoneSession = await session(claimsOf(phone.accessToken).sid as string);
      expect(phoneSession.revoked_at).toBeNull();
    });

    it('ends the family from any of its refresh tokens, spent ones included', async () => {
      const user = await newUser();
      const first = await logIn(user);
      const second = await refreshed(first.refreshToken);
      expect((await logOut(first.refreshToken)).data).toEqual({ logOut: true });
      expect(codeOf(await refresh(second.refreshToken))).toBe('UNAUTHENTICATED');
      expect(await accessWorks(second.accessToken, user.id)).toBe(false);
    });

    it('answers false for a token it does not know, and revokes nothing', async () => {
      const user = await newUser();
      const pair = await logIn(user);
      for (const token of ['junk', '', pair.accessToken]) {
        const res = await logOut(token);
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual({ logOut: false });
      }
      expect(await accessWorks(pair.accessToken, user.id)).toBe(true);
      const revoked: { n: number }[] = await t.db.query(
        'SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1 AND revoked_at IS NOT NULL',
        [user.id],
      );
      expect(revoked[0]!.n).toBe(0);
    });
  });
});
