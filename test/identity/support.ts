import { createHmac } from 'node:crypto';
import type { TestApp } from '../helpers/test-app.js';

/** Shared documents and small tools of the identity end-to-end tests (not a test file itself). */

export const AUTH_FIELDS = `accessToken refreshToken expiresIn
  user { id email displayName role suspendedUntil createdAt department { id } }`;

export const SIGN_UP = `mutation SignUp($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`;
export const LOG_IN = `mutation LogIn($input: LogInInput!) { logIn(input: $input) { ${AUTH_FIELDS} } }`;
export const REFRESH = `mutation Refresh($token: String!) { refreshSession(refreshToken: $token) { ${AUTH_FIELDS} } }`;
export const LOG_OUT = 'mutation LogOut($token: String!) { logOut(refreshToken: $token) }';
export const ME = '{ me { id email displayName role suspendedUntil department { id } } }';

/** A sound password that is neither too short nor the email. */
export const PASSWORD = 'a sound passphrase 42';

/** Global IDs built independently of the server's code: base64url of `Type:uuid`. */
export function globalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export async function userRowsByEmail(t: TestApp, email: string): Promise<number> {
  const rows: { n: number }[] = await t.db.query(
    'SELECT count(*)::int AS n FROM app_user WHERE email = $1',
    [email],
  );
  return rows[0]!.n;
}

export async function userCount(t: TestApp): Promise<number> {
  const rows: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM app_user');
  return rows[0]!.n;
}

export async function sessionCount(t: TestApp, userId: string): Promise<number> {
  const rows: { n: number }[] = await t.db.query(
    'SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1',
    [userId],
  );
  return rows[0]!.n;
}

export async function roleOf(
  t: TestApp,
  userId: string,
): Promise<{ role: string; department_id: string | null }> {
  const rows: { role: string; department_id: string | null }[] = await t.db.query(
    'SELECT role, department_id FROM app_user WHERE id = $1',
    [userId],
  );
  return rows[0]!;
}

/** The claims of a JWT, without checking its signature. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** A JWT made by hand, so that tests can forge what an attacker could. */
export function forgeJwt(
  payload: Record<string, unknown>,
  options: { alg?: 'HS256' | 'HS512' | 'none'; secret?: string } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const secret = options.secret ?? process.env.JWT_SECRET!;
  const signingInput = `${part({ alg, typ: 'JWT' })}.${part(payload)}`;
  if (alg === 'none') return `${signingInput}.`;
  const signature = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', secret)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * The identity tests sign up and log in far more often than the abuse limits allow one client;
 * RATE_LIMIT_ENABLED=false is the documented switch for that. Restored afterwards, because the
 * test files of one worker share process.env.
 */
export function rateLimitsOff(): () => void {
  const previous = process.env.RATE_LIMIT_ENABLED;
  process.env.RATE_LIMIT_ENABLED = 'false';
  return () => {
    if (previous === undefined) delete process.env.RATE_LIMIT_ENABLED;
    else process.env.RATE_LIMIT_ENABLED = previous;
  };
}
