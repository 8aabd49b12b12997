/**
 * Proves the floor honest: for every read scenario, the floor server's JSON equals the GraphQL
 * API's `{"data": ...}` for the same request, deep-equal and byte for byte. Two data sets:
 *
 * 1. The benchmark's own (bench/dataset.ts, buildDataset) at a small scale, with the search
 *    word the runner uses: the scenarios exactly as the runner sends them (every sampled
 *    proposal for proposal-detail, every department for department-stats), and both
 *    SEARCH_WORDS.
 * 2. A small set made to hit the edges: hidden proposals and comments, deleted comments,
 *    replies, more than 20 comments, ties in every sort key, proposals without department or
 *    topics, a department without answers and one without anything, revoked sessions and a
 *    suspended user. Besides the scenarios, the floor's other paths: every proposal (hidden
 *    ones too) seen by a moderator, by the author of hidden proposals and by a citizen; the
 *    lists signed in; unknown ids.
 *
 * On both it also checks that deepCursor is the API's own cursor of the row 90% of the way
 * down, that support-toggle ends where it should, and counts the SQL statements each side runs
 * per request (`--sql` prints the API's statements for the first request of each scenario).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     node --disable-warning=DEP0205 --import @swc-node/register/esm-register bench/scenarios.check.ts [--sql]
 *
 * Works in its own database `wontak_scenarios_check`, dropped and rebuilt on each run. Exits
 * with 1 when anything differs.
 */
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { startBench } from './bench-kit.js';
import { buildDataset, SEARCH_WORDS, type DatasetScale } from './dataset.js';
import { startFloorServer, type FloorServer } from './floor-server.js';
import {
  prepareContext,
  SCENARIOS,
  type BenchContext,
  type Scenario,
  type ScenarioRequest,
} from './scenarios.js';

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
// Thousands of requests from one IP in a minute: the read limit (600) is not what is checked.
process.env.RATE_LIMIT_ENABLED ??= 'false';

/** The benchmark's data set, small enough to compare every sampled proposal in seconds. */
const SMALL_SCALE: DatasetScale = {
  proposals: 3_000,
  supports: 30_000,
  comments: 12_000,
  users: 1_000,
  workshops: 20,
};

/* Every statement any pg client of this process sends (the API's pool, the floor's pool). */
let statements: string[] = [];
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientProto.query;
clientProto.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0];
  statements.push(
    typeof first === 'string' ? first : String((first as { text?: string })?.text ?? '?'),
  );
  return originalQuery.apply(this, args);
};
async function counted<T>(work: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  statements = [];
  const result = await work();
  const sql = statements;
  statements = [];
  return { result, sql };
}

const bench = await startBench('wontak_scenarios_check');
const { db } = bench;
const showSql = process.argv.includes('--sql');

/* ------------------------------------------------------------------------------------------ */
/* Both servers                                                                                */
/* ------------------------------------------------------------------------------------------ */

const jwt = new JwtService({
  secret: process.env.JWT_SECRET,
  signOptions: { algorithm: 'HS256', expiresIn: 900 },
});
const tokens = new Map<string, Promise<string>>();
/** An access token as logIn mints it (jwt.strategy.ts): HS256 over { sub, sid }. */
function tokenOf(user: { id: string; sessionId: string }): Promise<string> {
  let token = tokens.get(user.sessionId);
  if (!token) {
    token = jwt.signAsync({ sub: user.id, sid: user.sessionId });
    tokens.set(user.sessionId, token);
  }
  return token;
}

async function api(request: ScenarioRequest, user?: { id: string; sessionId: string }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user) headers.authorization = `Bearer ${await tokenOf(user)}`;
  const res = await fetch(bench.endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  return { status: res.status, text: await res.text() };
}

/** The floor server of the current data set, started with its prepared context. */
let floorServer: FloorServer;
let serverCtx: BenchContext;
const directPool = new pg.Pool({ connectionString: bench.url, max: 2 });
async function floor(name: string, i: number, viewer: string | null) {
  const res = await fetch(`${floorServer.url}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ i, viewer }),
  });
  return { status: res.status, text: await res.text() };
}

/** The first path where two JSON values differ, for the DIFF line. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (typeof a === 'object' && a && typeof b === 'object' && b) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found) return found;
    }
  }
  return `${path || '(root)'}: api ${JSON.stringify(a)?.slice(0, 200)} / floor ${JSON.stringify(b)?.slice(0, 200)}`;
}

interface Tally {
  compared: number;
  deepEqual: number;
  byteEqual: number;
  /** Answers with something in them: a page with nodes, a proposal, a department. */
  nonEmpty: number;
  apiStatements: number[];
  floorStatements: number[];
  apiSql?: string[];
  diffs: string[];
}

function isNonEmpty(data: any): boolean {
  if (!data) return false;
  if (data.proposals) return data.proposals.nodes.length > 0;
  return Object.values(data).some((v) => v !== null);
}

/**
 * Sends request(c, i) to the API and the floor and compares the answers. For the context the
 * floor server was started with, the floor is asked over HTTP; for any other context its
 * floor function is called directly, with a pool of its own, and its answer serialised as the
 * server would.
 */
async function compare(scenario: Scenario, c: BenchContext, i: number, tally: Tally) {
  const request = scenario.request(c, i);
  const user = request.userIndex === undefined ? undefined : c.users[request.userIndex];
  const a = await counted(() => api(request, user));
  const f = await counted(async () =>
    c === serverCtx
      ? floor(scenario.name, i, user?.id ?? null)
      : {
          status: 200,
          text: `${JSON.stringify(await scenario.floor!(directPool, c, i, user?.id ?? null))}\n`,
        },
  );
  tally.compared++;
  tally.apiStatements.push(a.sql.length);
  tally.floorStatements.push(f.sql.length);
  tally.apiSql ??= a.sql;
  const apiJson = JSON.parse(a.result.text) as { data?: unknown; errors?: unknown };
  if (a.result.status !== 200 || apiJson.errors) {
    tally.diffs.push(`i=${i}: API ${a.result.status} ${a.result.text.slice(0, 300)}`);
    return;
  }
  if (f.result.status !== 200) {
    tally.diffs.push(`i=${i}: floor ${f.result.status} ${f.result.text.slice(0, 300)}`);
    return;
  }
  const floorJson = JSON.parse(f.result.text) as unknown;
  if (isNonEmpty(apiJson.data)) tally.nonEmpty++;
  if (isDeepStrictEqual(apiJson, floorJson)) tally.deepEqual++;
  else tally.diffs.push(`i=${i}: ${firstDifference(apiJson, floorJson)}`);
  if (a.result.text === f.result.text) tally.byteEqual++;
}

const newTally = (): Tally => ({
  compared: 0,
  deepEqual: 0,
  byteEqual: 0,
  nonEmpty: 0,
  apiStatements: [],
  floorStatements: [],
  diffs: [],
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const spread = (list: number[]) =>
  Math.min(...list) === Math.max(...list)
    ? String(list[0])
    : `${Math.min(...list)}-${Math.max(...list)}`;
const byName = (name: string) => SCENARIOS.find((s) => s.name === name)!;

let failed = false;
function report(label: string, tally: Tally, printSql = false): void {
  const ok =
    tally.diffs.length === 0 &&
    tally.deepEqual === tally.compared &&
    tally.byteEqual === tally.compared;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'OK  ' : 'DIFF'} ${label.padEnd(48)} ${String(tally.compared).padStart(4)} requests ` +
      `(${tally.nonEmpty} non-empty), ${tally.deepEqual} deep-equal, ${tally.byteEqual} byte-equal; ` +
      `statements: API ${spread(tally.apiStatements)}, floor ${spread(tally.floorStatements)}`,
  );
  for (const diff of tally.diffs.slice(0, 5)) console.log(`       ${diff}`);
  if (printSql && showSql) {
    for (const sql of tally.apiSql ?? []) console.log(`       API:   ${sql.replace(/\s+/g, ' ')}`);
  }
}

/** Every read scenario as the runner sends it (each id of the context once). */
async function compareScenarios(ctx: BenchContext): Promise<void> {
  for (const scenario of SCENARIOS.filter((s) => !s.write)) {
    const iterations =
      scenario.name === 'proposal-detail'
        ? range(ctx.proposalIds.length)
        : scenario.name === 'department-stats'
          ? range(ctx.departmentIds.length)
          : range(3);
    const tally = newTally();
    for (const i of iterations) await compare(scenario, ctx, i, tally);
    report(scenario.name, tally, true);
  }
}

/** deepCursor is the API's own cursor of row floor(0.9 n) of the anonymous SUPPORT_COUNT list. */
async function checkDeepCursor(ctx: BenchContext): Promise<void> {
  const cursors: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await api({
      query: `query($after: String) { proposals(first: 100, after: $after, orderBy: { field: SUPPORT_COUNT, direction: DESC }) {
        edges { cursor } pageInfo { hasNextPage endCursor } } }`,
      variables: { after },
    });
    const page = (JSON.parse(res.text) as any).data.proposals;
    cursors.push(...page.edges.map((e: { cursor: string }) => e.cursor));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const at = cursors.indexOf(ctx.deepCursor);
  const expected = Math.floor(cursors.length * 0.9);
  const ok = at === expected;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'OK  ' : 'DIFF'} deepCursor is the API's cursor of row ${at} of ${cursors.length} (expected ${expected})`,
  );
}

/**
 * Two rounds of support-toggle: every sampled user supports the hot proposal, then every one
 * unsupports it. The count must end where the rows say, having passed through the predicted
 * values.
 */
async function checkSupportToggle(ctx: BenchContext): Promise<void> {
  const toggle = byName('support-toggle');
  const supportsOf = async (ids: string[]) =>
    (
      await db.query(
        `SELECT (SELECT support_count FROM proposal WHERE id = $1) AS count,
                (SELECT count(*)::int FROM proposal_support WHERE proposal_id = $1) AS rows,
                (SELECT count(*)::int FROM proposal_support WHERE proposal_id = $1 AND user_id = ANY($2::uuid[])) AS sample`,
        [ctx.hotProposalId, ids],
      )
    ).rows[0] as { count: number; rows: number; sample: number };
  const ids = ctx.users.map((u) => u.id);
  const before = await supportsOf(ids);
  const n = ctx.users.length;
  const errors: string[] = [];
  const answered: number[] = [];
  const apiStatements: number[] = [];
  let sampleSql: string[] = [];
  for (const i of range(2 * n)) {
    const request = toggle.request(ctx, i);
    const { result, sql } = await counted(() => api(request, ctx.users[request.userIndex!]));
    apiStatements.push(sql.length);
    if (i === 0 || i === n) sampleSql = [...sampleSql, ...sql];
    const body = JSON.parse(result.text) as any;
    if (body.errors) errors.push(`i=${i}: ${JSON.stringify(body.errors).slice(0, 200)}`);
    else answered.push((body.data.supportProposal ?? body.data.unsupportProposal).supportCount);
  }
  const after = await supportsOf(ids);
  const ok =
    errors.length === 0 &&
    answered[n - 1] === before.count + (n - before.sample) &&
    answered[2 * n - 1] === before.count - before.sample &&
    after.count === after.rows &&
    after.sample === 0;
  if (!ok) failed = true;
  console.log(
    `${ok ? 'OK  ' : 'DIFF'} support-toggle: ${2 * n} requests by ${n} users, supportCount ${before.count} -> ` +
      `${answered[n - 1]} (all support) -> ${answered[2 * n - 1]} (none); ` +
      `statements: API ${spread(apiStatements)} (BEGIN and COMMIT included)`,
  );
  for (const error of errors.slice(0, 5)) console.log(`       ${error}`);
  if (showSql)
    for (const sql of sampleSql) console.log(`       API:   ${sql.replace(/\s+/g, ' ')}`);
}

async function describe(ctx: BenchContext): Promise<void> {
  const counts = (
    await db.query(
      `SELECT (SELECT count(*) FROM proposal)::int AS proposals,
              (SELECT count(*) FROM proposal WHERE hidden)::int AS hidden,
              (SELECT count(*) FROM comment)::int AS comments,
              (SELECT count(*) FROM proposal_support)::int AS supports,
              (SELECT count(*) FROM department_transfer)::int AS routings,
              (SELECT count(*) FROM official_answer)::int AS answers`,
    )
  ).rows[0];
  console.log(`data set: ${JSON.stringify(counts)}`);
  console.log(
    `context: ${ctx.proposalIds.length} proposals, ${ctx.users.length} users, ${ctx.departmentIds.length} departments, search "${ctx.searchWord}"`,
  );
}

/* ------------------------------------------------------------------------------------------ */
/* 1. The benchmark's data set, at a small scale                                               */
/* ------------------------------------------------------------------------------------------ */

console.log(`\n1. bench/dataset.ts at ${JSON.stringify(SMALL_SCALE)}`);
await buildDataset(db, SMALL_SCALE);
{
  const ctx = await prepareContext(db, SEARCH_WORDS[0]);
  await describe(ctx);
  serverCtx = ctx;
  floorServer = await startFloorServer(bench.url, ctx);
  await compareScenarios(ctx);
  for (const word of SEARCH_WORDS.slice(1)) {
    const tally = newTally();
    await compare(byName('search'), { ...ctx, searchWord: word }, 0, tally);
    report(`search "${word}"`, tally);
  }
  await checkDeepCursor(ctx);
  await checkSupportToggle(ctx);
  await floorServer.close();
}

/* ------------------------------------------------------------------------------------------ */
/* 2. A small data set that hits the edges                                                     */
/* ------------------------------------------------------------------------------------------ */

console.log('\n2. The edge cases');
const tables = (
  await db.query(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = 'public' AND tablename <> 'migrations'`,
  )
).rows.map((r: { name: string }) => r.name);
await db.query(`TRUNCATE ${tables.join(', ')} CASCADE`);
const PROPOSALS = 360;
await db.query(`
  INSERT INTO department (slug, name)
  SELECT 'dept-' || d, (ARRAY['기획실', '시민소통실', '공원녹지과', '교통과', '복지과', '문화관광과', '감사실'])[d]
  FROM generate_series(1, 7) d;
  INSERT INTO topic (slug, name)
  SELECT 'topic-' || k, (ARRAY['환경', '교통', '복지', '안전', '문화', '놀이터', '주거'])[k]
  FROM generate_series(1, 7) k;
  INSERT INTO app_user (email, password_hash, display_name)
  SELECT 'citizen-' || u || '@example.test', 'x', '시민 ' || u FROM generate_series(1, 150) u;
  INSERT INTO app_user (email, password_hash, display_name, role) VALUES
    ('moderator@example.test', 'x', '중재자', 'MODERATOR'), ('admin@example.test', 'x', '관리자', 'ADMIN');
  INSERT INTO app_user (email, password_hash, display_name, role, department_id)
  SELECT 'staff-' || d.slug || '@example.test', 'x', '담당 ' || d.name, 'STAFF', d.id FROM department d;
  UPDATE app_user SET suspended_until = now() + interval '10 days' WHERE email = 'citizen-3@example.test';
  -- Everyone but citizens 140-150 has an open session; some also a newer, revoked one.
  INSERT INTO auth_session (user_id, created_at)
  SELECT id, now() - interval '1 hour' FROM app_user WHERE email !~ '^citizen-1[45][0-9]@';
  INSERT INTO auth_session (user_id, revoked_at, revoked_reason)
  SELECT id, now(), 'LOG_OUT' FROM app_user WHERE email ~ '^citizen-1[0-9]@';

  CREATE TEMP TABLE plan AS
  SELECT g, gen_random_uuid() AS id,
    now() - interval '1 day' - (g / 2) * interval '3 hours' AS created_at  -- pairs share created_at
  FROM generate_series(1, ${PROPOSALS}) g;

  INSERT INTO proposal (id, title, body, author_id, department_id, status, response_due_at,
                        awaiting_answer, progress, location_address, hidden, created_at, updated_at)
  SELECT pl.id,
    '제안 ' || pl.g || CASE WHEN pl.g % 9 = 0 THEN ' 산책로 정비' WHEN pl.g % 13 = 0 THEN ' 공원 Park' ELSE ' 공원 그늘막' END,
    '시험용 본문입니다 ' || pl.g || CASE WHEN pl.g % 7 = 0 THEN ' 요천 산책 길이 어둡습니다.' ELSE ' 동네에 쉼터가 필요합니다.' END,
    (SELECT id FROM app_user WHERE email = 'citizen-' || (1 + pl.g % 40) || '@example.test'),
    d.id,
    CASE WHEN d.id IS NULL THEN (CASE WHEN pl.g % 10 = 0 THEN 'WITHDRAWN' ELSE 'SUBMITTED' END)
         ELSE (ARRAY['UNDER_REVIEW', 'ACCEPTED', 'REJECTED', 'IN_PROGRESS', 'IMPLEMENTED', 'UNDER_REVIEW'])[1 + pl.g % 6]
    END::proposal_status,
    CASE WHEN d.id IS NOT NULL THEN pl.created_at + interval '14 days' END,
    d.id IS NOT NULL AND pl.g % 4 = 0,
    (pl.g % 3) * 30,
    CASE WHEN pl.g % 11 = 0 THEN '남원시 요천로 ' || pl.g END,
    pl.g % 17 = 0,
    pl.created_at, pl.created_at + (pl.g % 5) * interval '1 hour'
  FROM plan pl
  LEFT JOIN department d ON pl.g % 5 <> 0 AND d.slug = 'dept-' || (1 + pl.g % 6);

  -- 0, 3 or 4 topics.
  INSERT INTO proposal_topic (proposal_id, topic_id)
  SELECT pl.id, t.id FROM plan pl CROSS JOIN generate_series(1, 7) k
  JOIN topic t ON t.slug = 'topic-' || k
  WHERE (pl.g + k * k) % 4 = 0;

  -- Supports spread from none to most users, with many ties.
  INSERT INTO proposal_support (proposal_id, user_id)
  SELECT pl.id, u.id FROM plan pl
  CROSS JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM app_user) u
  WHERE pl.g % 40 > u.n % 40 AND (pl.g + u.n) % 3 = 0;
  UPDATE proposal p SET support_count = (SELECT count(*) FROM proposal_support s WHERE s.proposal_id = p.id);

  -- g % 27 top-level comments (up to 26: more than a page), in pairs of equal created_at;
  -- every sixth deleted, every seventh hidden; and two replies to the first, older than the rest.
  INSERT INTO comment (proposal_id, author_id, body, hidden, created_at, deleted_at)
  SELECT pl.id,
    (SELECT id FROM app_user WHERE email = 'citizen-' || (1 + (pl.g + j) % 60) || '@example.test'),
    CASE WHEN j % 6 = 5 THEN NULL ELSE '의견 ' || j || ': 좋은 제안입니다.' END,
    j % 7 = 3,
    pl.created_at + interval '1 hour' + (j / 2) * interval '5 minutes',
    CASE WHEN j % 6 = 5 THEN pl.created_at + interval '3 days' END
  FROM plan pl CROSS JOIN LATERAL generate_series(0, pl.g % 27 - 1) j;
  INSERT INTO comment (proposal_id, parent_id, author_id, body, created_at)
  SELECT c.proposal_id, c.id, c.author_id, '답글 ' || r, c.created_at - interval '1 minute'
  FROM (SELECT DISTINCT ON (proposal_id) * FROM comment ORDER BY proposal_id, created_at, id) c
  CROSS JOIN generate_series(1, 2) r;
  UPDATE proposal p SET comment_count = (SELECT count(*) FROM comment c
    WHERE c.proposal_id = p.id AND c.deleted_at IS NULL AND NOT c.hidden);

  -- Routings: one per assigned proposal, two (a transfer) for every tenth.
  INSERT INTO department_transfer (proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
  SELECT p.id, NULL,
    CASE WHEN pl.g % 10 = 1 THEN (SELECT id FROM department WHERE slug = 'dept-' || (1 + (pl.g + 1) % 6)) ELSE p.department_id END,
    '담당 부서입니다', (SELECT id FROM app_user WHERE email = 'admin@example.test'), p.response_due_at,
    p.created_at + interval '1 hour'
  FROM plan pl JOIN proposal p ON p.id = pl.id WHERE p.department_id IS NOT NULL;
  INSERT INTO department_transfer (proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
  SELECT p.id, t.to_department_id, p.department_id, '소관이 아닙니다',
    (SELECT id FROM app_user WHERE email = 'admin@example.test'), p.response_due_at, p.created_at + interval '5 hours'
  FROM plan pl JOIN proposal p ON p.id = pl.id JOIN department_transfer t ON t.proposal_id = p.id
  WHERE pl.g % 10 = 1 AND p.department_id IS NOT NULL;
  -- Answers on the last routing, none by 문화관광과 (dept-6: g % 6 = 5); 감사실 has nothing at all.
  INSERT INTO official_answer (proposal_id, department_id, transfer_id, author_id, status, body, created_at)
  SELECT p.id, p.department_id, t.id, s.id, p.status, '답변드립니다 ' || pl.g || '-' || k,
    t.created_at + (pl.g % 50 + 1) * interval '1 hour' + (pl.g % 7) * interval '1 minute' + k * interval '1 day'
  FROM plan pl JOIN proposal p ON p.id = pl.id
  JOIN department_transfer t ON t.proposal_id = p.id AND t.to_department_id = p.department_id
  JOIN app_user s ON s.department_id = p.department_id
  CROSS JOIN generate_series(0, CASE WHEN pl.g % 8 = 2 THEN 1 ELSE 0 END) k
  WHERE NOT p.awaiting_answer AND pl.g % 6 <> 5;
  INSERT INTO answer_rating (answer_id, rater_id, score)
  SELECT a.id, p.author_id, 1 + abs(hashtext(a.body)) % 5
  FROM official_answer a JOIN proposal p ON p.id = a.proposal_id
  WHERE abs(hashtext(a.body || 'r')) % 3 = 0;
  ANALYZE;
`);
{
  const ctx = await prepareContext(db, '산책');
  await describe(ctx);
  serverCtx = ctx;
  floorServer = await startFloorServer(bench.url, ctx);
  await compareScenarios(ctx);

  // The floor beyond the sample: hidden proposals and comments, other viewers, unknown ids.
  const allProposalIds = (await db.query('SELECT id FROM proposal ORDER BY id')).rows.map(
    (r: { id: string }) => r.id,
  );
  const viewerOf = async (where: string) => {
    const {
      rows: [row],
    } = await db.query(
      `SELECT u.id, s.id AS session_id FROM app_user u JOIN auth_session s ON s.user_id = u.id
        WHERE s.revoked_at IS NULL AND ${where} ORDER BY u.id LIMIT 1`,
    );
    return { id: row.id as string, sessionId: row.session_id as string };
  };
  const viewers = {
    moderator: await viewerOf(`u.role = 'MODERATOR'`),
    'author of hidden ones': await viewerOf(
      `u.role = 'CITIZEN' AND EXISTS (SELECT 1 FROM proposal p WHERE p.author_id = u.id AND p.hidden)`,
    ),
    citizen: await viewerOf(
      `u.role = 'CITIZEN' AND NOT EXISTS (SELECT 1 FROM proposal p WHERE p.author_id = u.id AND p.hidden)`,
    ),
  };
  for (const [label, viewer] of Object.entries(viewers)) {
    const c = { ...ctx, proposalIds: allProposalIds, users: [viewer] };
    const tally = newTally();
    for (const i of range(allProposalIds.length))
      await compare(byName('proposal-detail'), c, i, tally);
    report(`proposal-detail, every proposal, ${label}`, tally);
  }
  // The anonymous lists, signed in: the floor's visibility rule for viewers who see hidden ones.
  for (const name of ['proposal-list', 'search', 'deep-page'] as const) {
    const scenario = byName(name);
    const signed: Scenario = {
      ...scenario,
      request: (c, i) => ({ ...scenario.request(c, i), userIndex: 0 }),
    };
    for (const [label, viewer] of Object.entries(viewers)) {
      const tally = newTally();
      await compare(signed, { ...ctx, users: [viewer] }, 0, tally);
      report(`${name}, signed in, ${label}`, tally);
    }
  }
  {
    const tally = newTally();
    await compare(byName('department-stats'), { ...ctx, departmentIds: [randomUUID()] }, 0, tally);
    report('department-stats, unknown department (null)', tally);
    const missing = newTally();
    await compare(byName('proposal-detail'), { ...ctx, proposalIds: [randomUUID()] }, 0, missing);
    report('proposal-detail, unknown proposal (null)', missing);
  }
  // A one-character search has no bigram: the floor scans as the API does.
  {
    const tally = newTally();
    await compare(byName('search'), { ...ctx, searchWord: ' 산 ' }, 0, tally);
    report('search " 산 " (one character, trimmed)', tally);
  }
  await checkDeepCursor(ctx);
  await checkSupportToggle(ctx);
  await floorServer.close();
}

await directPool.end();
if (failed) {
  console.log('\nFAILED');
  process.exit(1);
}
console.log('\nAll equal.');
await bench.stop();
