import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { GraphqlResponse, TestApp } from '../helpers/test-app.js';
import { startScene, type Scene } from '../notifications/support.js';

/**
 * Shared tools of the hostile end-to-end tests (issue 7), not a test file itself. The scenes,
 * factories and documents come from the other suites' support files; what is here is what a
 * hostile test needs on top: a picture of the whole database (to prove a refused request
 * changed nothing at all), raw HTTP bodies, and a few more forged tokens.
 */

// ---- the scene -------------------------------------------------------------------------------

export interface SecurityScene extends Scene {
  /** A second moderator and a second admin, to act on each other. */
  moderator2: TestUser;
  admin2: TestUser;
  /** Suspended until tomorrow, one of each role that can do more than a citizen. */
  suspendedStaff: TestUser;
  suspendedModerator: TestUser;
  suspendedAdmin: TestUser;
}

/** The notification tests' scene (three departments, every role) and a few more users. */
export async function startSecurityScene(): Promise<SecurityScene> {
  const s = await startScene();
  const user = (overrides = {}) => createUser(s.t.db, s.t.jwt, overrides);
  const tomorrow = new Date(Date.now() + 86_400_000);
  return {
    ...s,
    moderator2: await user({ role: Role.MODERATOR }),
    admin2: await user({ role: Role.ADMIN }),
    suspendedStaff: await user({
      role: Role.STAFF,
      departmentId: s.parks.id,
      suspendedUntil: tomorrow,
    }),
    suspendedModerator: await user({ role: Role.MODERATOR, suspendedUntil: tomorrow }),
    suspendedAdmin: await user({ role: Role.ADMIN, suspendedUntil: tomorrow }),
  };
}

// ---- the whole database ----------------------------------------------------------------------

/** Every table the API writes to (all of them but the migrations' bookkeeping). */
export const TABLES = [
  'answer_rating',
  'api_client',
  'app_user',
  'audit_entry',
  'auth_session',
  'ballot',
  'ballot_choice',
  'budget_pot',
  'budget_project',
  'budget_project_change',
  'budget_project_result',
  'child',
  'child_registration',
  'comment',
  'consent_text',
  'content_report',
  'department',
  'department_transfer',
  'district',
  'email_delivery',
  'escalation_crossing',
  'escalation_ladder',
  'escalation_rung',
  'guardian_consent',
  'moderation_decision',
  'moderation_item',
  'notification',
  'notification_preference',
  'official_answer',
  'offline_tally',
  'offline_tally_vote',
  'oversight_setting',
  'participatory_budget',
  'participatory_process',
  'poll',
  'poll_answer_choice',
  'poll_answer_text',
  'poll_option',
  'poll_question',
  'poll_response',
  'process_phase',
  'progress_update',
  'proposal',
  'proposal_event',
  'proposal_reminder',
  'proposal_search',
  'proposal_support',
  'proposal_topic',
  'refresh_token',
  'round_table',
  'round_table_seat',
  'session_priority',
  'table_idea',
  'table_idea_correction',
  'topic',
  'trusted_document',
  'webhook_attempt',
  'webhook_delivery',
  'webhook_subscription',
  'workshop',
  'workshop_proposal',
  'workshop_registration',
  'workshop_reminder',
] as const;

/**
 * Every row of every table, in a stable order: take one before a hostile request and compare
 * it with one taken after, and "nothing changed" covers side effects (a notification, an audit
 * entry, a session) as well as the row the request aimed at.
 */
export async function databaseState(t: TestApp): Promise<Record<string, unknown[]>> {
  const state: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    state[table] = await t.db.query(`SELECT * FROM ${table} x ORDER BY x::text`);
  }
  return state;
}

/**
 * Runs `attack`, expects it refused with errors that all carry `code` (one per bad field, for
 * some), and the database exactly as before.
 */
export async function expectRefusedUnchanged(
  t: TestApp,
  code: string,
  attack: () => Promise<GraphqlResponse>,
): Promise<GraphqlResponse> {
  const before = await databaseState(t);
  const res = await attack();
  expect(res.status).toBeLessThan(500);
  const codes = res.errors?.map((e) => e.extensions?.code) ?? [];
  expect(codes.length).toBeGreaterThan(0);
  expect([...new Set(codes)]).toEqual([code]);
  expect(await databaseState(t)).toEqual(before);
  return res;
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as { n: number }[];
  return n;
}

// ---- raw HTTP --------------------------------------------------------------------------------

/** A POST to /graphql with exactly these bytes and headers, as GraphqlResponse. */
export async function rawPost(
  t: TestApp,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<GraphqlResponse> {
  const req = t.http().post('/graphql').set('content-type', 'application/json');
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  // superagent would JSON-encode a Buffer ({"type":"Buffer","data":[...]}) under a JSON
  // content type; an identity serializer sends the bytes as they are.
  const res = await req.serialize((bytes: unknown) => bytes as string).send(body);
  return {
    status: res.status,
    data: res.body?.data,
    errors: res.body?.errors,
    headers: res.headers as Record<string, string>,
  };
}

/** One operation with an Authorization header given verbatim (not `Bearer ${token}`). */
export function withAuthorization(
  t: TestApp,
  authorization: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse> {
  return rawPost(t, JSON.stringify({ query, variables }), { authorization });
}

// ---- tokens ----------------------------------------------------------------------------------

const segment = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * A JWT with an RS256 header. `signature: 'rsa'` signs it with a fresh RSA key (a key the
 * server never saw); `'hmac-secret'` signs it with HMAC-SHA256 and the server's own secret as
 * the key: the algorithm-confusion attack on servers that pick the algorithm from the header.
 * (forgeJwt of test/identity covers HS256, HS512 and none.)
 */
export function rs256Jwt(
  payload: Record<string, unknown>,
  signature: 'rsa' | 'hmac-secret',
): string {
  const input = `${segment({ alg: 'RS256', typ: 'JWT' })}.${segment(payload)}`;
  if (signature === 'rsa') {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sig = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
    return `${input}.${sig}`;
  }
  // The HMAC half of the confusion: same bytes as an HS256 signature, under an RS256 header.
  return `${input}.${hmacSha256(input)}`;
}

function hmacSha256(input: string): string {
  return createHmac('sha256', process.env.JWT_SECRET!).update(input).digest('base64url');
}

/** A JWT whose header carries extra, attacker-chosen fields (kid, jku), HS256 with `secret`. */
export function jwtWithHeader(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
): string {
  const input = `${segment({ alg: 'HS256', typ: 'JWT', ...header })}.${segment(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

// ---- hostile text ----------------------------------------------------------------------------

/**
 * Text that looks like code to some interpreter (SQL, HTML, template engines, printf, paths);
 * the API must store and return it as is. Each is 10-50 characters, so it fits every text
 * field, display names included.
 */
export const HOSTILE_TEXTS = [
  "'; DROP TABLE proposal; --",
  '<script>alert(1)</script><b onclick=x>',
  '{{7*7}} ${7*7} #{7*7} <%= 7*7 %>',
  "\\' OR '1'='1' -- %s %n ../../etc/passwd",
] as const;
