/**
 * The data set of the city-scale benchmark: a Namwon-like city with FULL_SCALE's 100,000
 * proposals, 1,000,000 supports, 300,000 comments, 20,000 users and 2,000 workshops, built
 * into an empty, migrated database by set-based SQL in well under a minute.
 *
 *   const bench = await startBench('wontak_bench_city');
 *   const summary = await buildDataset(bench.db, FULL_SCALE);
 *   const problems = await checkDataset(bench.db); // [] when every counter matches its rows
 *
 * What it holds (numbers for FULL_SCALE; every count scales with its DatasetScale field):
 * - 10 departments (DEPARTMENTS of korean-text.ts: 시민소통실 triages, the others answer),
 *   9 topics, 5 participatory processes with 5 phases each.
 * - Users: `admin@bench.wontak.kr` (ADMIN), `moderator1..3@bench.wontak.kr` (MODERATOR), 3
 *   STAFF per department `staff-<department slug>-<1..3>@bench.wontak.kr`, and citizens
 *   `citizen<n>@bench.wontak.kr` (n = 1..users - 34). Every user has exactly one open
 *   auth_session, so a benchmark mints an access token with `sub` = app_user.id and `sid` =
 *   that session's id (see userSessions below). password_hash is a dummy: nobody logs in.
 * - Proposals over two years (created_at), in Korean built from civic vocabulary (titles like
 *   "도통동 놀이터가 너무 낡았습니다", bodies of 100-600 characters), each about one facility
 *   whose department answers it; 1% hidden by moderation, ~35% located.
 * - Supports with a long tail: a few proposals with thousands, the median with a handful,
 *   ~1/6 with none (unique (proposal, user) pairs, all by citizens).
 * - Comments: ~70% top-level, ~30% replies to a top-level comment of the same proposal; 1%
 *   deleted, 0.5% hidden by moderation, a few official (staff of the proposal's department).
 * - The feedback history of bench/feedback.bench.ts, but in time order and tied to the
 *   facility's department: routings by 시민소통실's staff (some transferred once or twice,
 *   sometimes back), answers that follow the lifecycle table, ratings by the proposal's
 *   author, progress updates on accepted work; recent proposals are still waiting, ~2% are
 *   overdue, ~3% withdrawn.
 * - Workshops from two years ago to three months ahead, with registrations (confirmed up to
 *   the capacity, then waitlisted; some cancelled), linked proposals and published outcomes.
 * - A moderation queue: every hidden proposal or comment has its three reports and decisions;
 *   a few more were reported once or twice (some kept by a moderator, some still open).
 *
 * Deterministic: no random(); every choice is a hash of the row's number (hashint8extended),
 * ids are UUIDs hashed from (kind, number), and times are offsets from the moment the build
 * started, so two builds hold the same data relative to their `now()`.
 *
 * Fast (under a minute for FULL_SCALE on two cores): the build first drops every foreign key
 * of the schema and the primary keys, unique constraints and indexes of the tables it fills,
 * loads them with INSERT ... SELECT, then recreates each from the definition Postgres printed
 * for it before (pg_get_constraintdef, pg_get_indexdef), and checks that the schema ends
 * exactly as it began. It commits three times: the proposals first, so that a second
 * connection builds their search index while this one loads the rest, then the rest, then the
 * foreign keys that touch proposal (which wait for the index). A failure before the first
 * commit leaves the database as it was; after it, half-built (drop it and start again).
 *
 * The search rows (proposal_search: the bigrams of every proposal, and their GIN index) are
 * the slow part. A trigger writes them one by one as proposals are inserted; the build turns it
 * off for its insert and has buildSearchIndex compute them all at once instead: linearly and
 * by parallel workers, with search_bigrams swapped for a lookup of the computed values while
 * proposal_search is filled and indexed, then put back as it was (the migrations' first
 * search_bigrams was quadratic in multibyte text, four minutes of CPU for 100,000 proposals).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  CLOSINGS,
  DEPARTMENTS,
  facilityTexts,
  GENERIC_COMMENTS,
  GENERIC_SENTENCES,
  GIVEN_NAMES,
  INTROS,
  NEIGHBOURHOODS,
  OFFICIAL_COMMENTS,
  PHASE_TITLES,
  PROCESSES,
  RATING_COMMENTS_BAD,
  RATING_COMMENTS_GOOD,
  REPLIES,
  SURNAMES,
  TOPICS,
  WORKSHOP_LOCATIONS,
  type FacilityText,
} from './korean-text.js';

export interface DatasetScale {
  proposals: number;
  supports: number;
  comments: number;
  users: number;
  workshops: number;
}

export const FULL_SCALE: DatasetScale = {
  proposals: 100_000,
  supports: 1_000_000,
  comments: 300_000,
  users: 20_000,
  workshops: 2_000,
};

/** A tenth of FULL_SCALE. */
export const QUICK_SCALE: DatasetScale = {
  proposals: 10_000,
  supports: 100_000,
  comments: 30_000,
  users: 2_000,
  workshops: 200,
};

/**
 * Words for the search scenarios, in the order of their frequency: each is found in the
 * title or body of about 2% and 1.2% of proposals (only through the facility nouns that
 * contain them: 놀이터, 생태놀이터, 물놀이터, 반려견 놀이터; 산책로, 요천 산책로).
 */
export const SEARCH_WORDS = ['놀이터', '산책로'] as const;

/** Accounts other than citizens: user numbers 1..34 (see the header). */
const MODERATORS = 3;
const STAFF_PER_DEPARTMENT = 3;
const FIRST_CITIZEN = 2 + MODERATORS + STAFF_PER_DEPARTMENT * DEPARTMENTS.length; // 35
const EMAIL_DOMAIN = 'bench.wontak.kr';

/** The emails of the data set's accounts (userSessions gives their ids and sessions). */
export const ACCOUNTS = {
  admin: `admin@${EMAIL_DOMAIN}`,
  /** i = 1..3 */
  moderator: (i: number) => `moderator${i}@${EMAIL_DOMAIN}`,
  /** `department` a slug of DEPARTMENTS (korean-text.ts), i = 1..3 */
  staff: (department: string, i: number) => `staff-${department}-${i}@${EMAIL_DOMAIN}`,
  /** n = 1..users - 34; the first quarter of them are the most active */
  citizen: (n: number) => `citizen${n}@${EMAIL_DOMAIN}`,
  citizens: (scale: DatasetScale) => scale.users - FIRST_CITIZEN + 1,
};

export interface DatasetSummary extends DatasetScale {
  departments: number;
  topics: number;
  processes: number;
  staff: number;
  moderators: number;
  /** Top-level comments and replies (their sum is `comments`). */
  topLevelComments: number;
  replies: number;
  deletedComments: number;
  hiddenComments: number;
  hiddenProposals: number;
  /** Proposals by status. */
  statuses: Record<string, number>;
  /** Supports of the most supported proposal, of the median one, and proposals with none. */
  maxSupports: number;
  medianSupports: number;
  proposalsWithoutSupport: number;
  /** Body length in characters. */
  bodyLength: { min: number; avg: number; max: number };
  routings: number;
  transferredProposals: number;
  answers: number;
  answeredProposals: number;
  ratings: number;
  progressUpdates: number;
  overdue: number;
  registrations: number;
  workshopProposalLinks: number;
  moderationItems: number;
  contentReports: number;
  /** Proposals whose title or body holds each of SEARCH_WORDS. */
  searchMatches: Record<string, number>;
  /** Wall-clock seconds of the whole build, VACUUM ANALYZE included. */
  seconds: number;
  /** Each step and its seconds, in order. */
  steps: { label: string; seconds: number; rows: number | null }[];
}

export interface BuildOptions {
  /** Called with a line per step as it ends (label, seconds, rows). */
  log?: (line: string) => void;
  /**
   * Opens a second connection to the same database, on which the search index is built while
   * `db` loads the rest (a new pg.Client with db's parameters by default); null builds
   * everything through `db`, one step after the other.
   */
  connect?: (() => Promise<pg.Client>) | null;
}

/** Kinds of ids: uid(kind, n) is a UUID made of two 64-bit hashes of n seeded by the kind. */
const KIND = {
  user: 1,
  session: 2,
  proposal: 3,
  comment: 4,
  routing: 5,
  answer: 6,
  progress: 7,
  workshop: 8,
  registration: 9,
  process: 10,
  phase: 11,
  department: 12,
  topic: 13,
  moderationItem: 14,
  moderationDecision: 15,
  report: 16,
} as const;

/** The tables the build fills: their keys and indexes are dropped while it loads them. */
const LOADED_TABLES = [
  'department',
  'topic',
  'participatory_process',
  'process_phase',
  'app_user',
  'auth_session',
  'proposal',
  'proposal_search',
  'proposal_topic',
  'proposal_support',
  'comment',
  'department_transfer',
  'official_answer',
  'answer_rating',
  'progress_update',
  'workshop',
  'workshop_registration',
  'workshop_proposal',
  'moderation_item',
  'moderation_decision',
  'content_report',
];

/**
 * search_bigrams(t) of the ProposalsSupportsComments migration computes, for every position i,
 * substr(lower(t), i, 2): each substr walks the multibyte text from its start, so the whole
 * is quadratic (2-3 ms for 300 Korean characters). LINEAR_BIGRAMS gives the same bigrams in
 * linear time: the pairs starting at odd positions, then those starting at even positions,
 * each cut by a regular expression, with duplicates. chr(1) cannot occur in the generated
 * text (nor in any text the API accepts). The bodies below make them distinct and sorted as
 * array_agg(DISTINCT ...) of the original does: by the database's collation, or by code point
 * when it is the same order.
 */
const LINEAR_BIGRAMS = `array_remove(
    string_to_array(regexp_replace(left(lower(t), char_length(t) / 2 * 2), '(..)', '\\1' || chr(1), 'g'), chr(1))
    || string_to_array(regexp_replace(substr(lower(t), 2, (char_length(t) - 1) / 2 * 2), '(..)', '\\1' || chr(1), 'g'), chr(1)),
    '')`;
const EXACT_BIGRAMS_BODY = `SELECT coalesce(array_agg(DISTINCT e), '{}') FROM unnest(${LINEAR_BIGRAMS}) e`;
const EXACT_C_BIGRAMS_BODY = `SELECT coalesce(array_agg(DISTINCT e COLLATE "C"), '{}') FROM unnest(${LINEAR_BIGRAMS}) e`;

function assertScale(scale: DatasetScale): void {
  for (const [key, value] of Object.entries(scale)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`scale.${key} must be a whole number`);
  }
  if (scale.users < FIRST_CITIZEN + 10) {
    throw new Error(`scale.users must be at least ${FIRST_CITIZEN + 10} (34 are not citizens)`);
  }
  if (scale.proposals < 10) throw new Error('scale.proposals must be at least 10');
}

/** Primes above `n`: steps that visit every residue modulo any m <= n (they cannot divide it). */
function primesAbove(n: number, count: number): number[] {
  const out: number[] = [];
  for (let p = n + 1 + Math.floor(n / 3); out.length < count; p++) {
    let prime = p > 1;
    for (let d = 2; d * d <= p; d++) {
      if (p % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(p);
    if (out.length > 0) p += Math.floor(n / 7); // spread them
  }
  return out;
}

const sqlText = (db: pg.Client, s: string) => db.escapeLiteral(s);
const sqlTextArray = (db: pg.Client, list: readonly string[]) =>
  `ARRAY[${list.map((s) => sqlText(db, s)).join(',')}]::text[]`;

/** Facilities per chunk of a sentence pool (see helperFunctions). */
const CHUNK = 8;

/**
 * The session's helper functions, in pg_temp (they vanish with the session and are dropped at
 * the end of the build): hashes, ids, the time origin and the word lists. All are single SQL
 * expressions declared IMMUTABLE, which the planner inlines into the statements.
 */
function helperFunctions(db: pg.Client, t0: string, facilities: FacilityText[]): string[] {
  const fns: string[] = [
    `CREATE FUNCTION pg_temp.h(x bigint, s bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT hashint8extended(x, s) & 9223372036854775807 $$`,
    `CREATE FUNCTION pg_temp.u(x bigint, s bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (hashint8extended(x, s) & 4503599627370495)::float8 / 4503599627370496 $$`,
    `CREATE FUNCTION pg_temp.uid(k int, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (lpad(to_hex(hashint8extended(n, 2 * k)), 16, '0')
                     || lpad(to_hex(hashint8extended(n, 2 * k + 1)), 16, '0'))::uuid $$`,
    `CREATE FUNCTION pg_temp.t0() RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT ${sqlText(db, t0)}::timestamptz $$`,
    `CREATE FUNCTION pg_temp.bigrams_exact(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ ${EXACT_BIGRAMS_BODY} $$`,
    `CREATE FUNCTION pg_temp.bigrams_c(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       AS $$ ${EXACT_C_BIGRAMS_BODY} $$`,
  ];
  const list = (name: string, words: readonly string[]) =>
    fns.push(
      `CREATE FUNCTION pg_temp.l_${name}(h bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT (${sqlTextArray(db, words)})[1 + (h % ${words.length})::int] $$`,
    );
  list('place', NEIGHBOURHOODS);
  list('intro', INTROS);
  list('generic', GENERIC_SENTENCES);
  list('closing', CLOSINGS);
  list('gcomment', GENERIC_COMMENTS);
  list('reply', REPLIES);
  list('official', OFFICIAL_COMMENTS);
  list('rating_good', RATING_COMMENTS_GOOD);
  list('rating_bad', RATING_COMMENTS_BAD);
  list('surname', SURNAMES);
  list('given', GIVEN_NAMES);
  list('ws_location', WORKSHOP_LOCATIONS);
  fns.push(
    `CREATE FUNCTION pg_temp.dept_name(d int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (${sqlTextArray(
         db,
         DEPARTMENTS.map((d) => d.name),
       )})[d + 1] $$`,
  );
  // Per facility: its department and topic, and each of its sentence pools as one flat array
  // with the offset and length of every facility's part.
  const ints = (xs: number[]) => `ARRAY[${xs.join(',')}]::int[]`;
  fns.push(
    `CREATE FUNCTION pg_temp.fac_dept(f int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (${ints(facilities.map((f) => f.department))})[f + 1] $$`,
    `CREATE FUNCTION pg_temp.fac_topic(f int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
       AS $$ SELECT (${ints(facilities.map((f) => TOPICS.findIndex((t) => t.slug === f.topic)))})[f + 1] $$`,
  );
  const pools: [string, (f: FacilityText) => string[]][] = [
    ['title', (f) => f.titles],
    ['problem', (f) => f.problems],
    ['request', (f) => f.requests],
    ['comment', (f) => f.comments],
    ['ans_under_review', (f) => f.answersUnderReview],
    ['ans_accepted', (f) => f.answersAccepted],
    ['ans_rejected', (f) => f.answersRejected],
    ['ans_in_progress', (f) => f.answersInProgress],
    ['ans_implemented', (f) => f.answersImplemented],
    ['progress', (f) => f.progress],
    ['ws_title', (f) => f.workshopTitles],
    ['ws_kind', (f) => f.workshopKinds],
    ['ws_description', (f) => f.workshopDescriptions],
    ['ws_outcome', (f) => f.workshopOutcomes],
  ];
  for (const [name, of] of pools) {
    const flat: string[] = [];
    const offsets: number[] = [];
    const counts: number[] = [];
    for (const f of facilities) {
      offsets.push(flat.length);
      counts.push(of(f).length);
      flat.push(...of(f));
    }
    // Split in chunks of 8 facilities: reading element i of a text[] walks the i before it.
    const chunks: string[] = [];
    for (let c = 0; c * CHUNK < facilities.length; c++) {
      const base = offsets[c * CHUNK]!;
      const end = offsets[(c + 1) * CHUNK] ?? flat.length;
      chunks.push(
        `WHEN ${c} THEN (${sqlTextArray(db, flat.slice(base, end))})[(${ints(offsets)})[f + 1] - ${base} + 1 + (h % (${ints(counts)})[f + 1])::int]`,
      );
    }
    fns.push(
      `CREATE FUNCTION pg_temp.f_${name}(f int, h bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT CASE f / ${CHUNK} ${chunks.join(' ')} END $$`,
    );
  }
  return fns;
}

interface SchemaObject {
  kind: 'constraint' | 'index' | 'trigger' | 'function';
  table: string;
  name: string;
  /** p, u, f, c for constraints; whether an index backs a constraint. */
  type: string;
  def: string;
}

/** Constraints, indexes, triggers and functions of the public schema, as Postgres prints them. */
async function schemaSnapshot(db: pg.Client): Promise<SchemaObject[]> {
  const { rows } = await db.query<SchemaObject>(`
    SELECT 'constraint' AS kind, c.conrelid::regclass::text AS table, c.conname AS name,
           c.contype::text AS type, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.conrelid <> 0
    UNION ALL
    SELECT 'index', i.indrelid::regclass::text, ci.relname,
           CASE WHEN EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                              AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
                THEN 'constraint' ELSE 'plain' END,
           pg_get_indexdef(i.indexrelid)
      FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = ci.relnamespace
     WHERE n.nspname = 'public'
    UNION ALL
    SELECT 'trigger', t.tgrelid::regclass::text, t.tgname, '', pg_get_triggerdef(t.oid)
      FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = r.relnamespace
     WHERE n.nspname = 'public' AND NOT t.tgisinternal
    UNION ALL
    SELECT 'function', '', p.oid::regprocedure::text, '', pg_get_functiondef(p.oid)
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.prokind = 'f'
    ORDER BY 1, 2, 3`);
  return rows;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Fills an empty, migrated database (the API's migrations already ran) through `db` (and a
 * second connection, see BuildOptions.connect), then runs VACUUM and ANALYZE. Throws when the
 * database is not empty or a step fails: before the first commit the database is left as it
 * was, after it half-built (drop and recreate it).
 */
export async function buildDataset(
  db: pg.Client,
  scale: DatasetScale,
  options: BuildOptions = {},
): Promise<DatasetSummary> {
  assertScale(scale);
  const log = options.log ?? (() => {});
  const started = performance.now();
  const steps: DatasetSummary['steps'] = [];
  const tempTables: string[] = [];
  async function step(label: string, sql: string, client = db): Promise<pg.QueryResult> {
    const at = performance.now();
    const result = await client.query(sql);
    // Temporary tables have no statistics until analyzed: without them the planner joins
    // them by nested loops.
    const temp = /^CREATE TEMP TABLE (w_\w+)/.exec(sql);
    if (temp) {
      tempTables.push(temp[1]!);
      await client.query(`ANALYZE ${temp[1]}`);
    }
    const seconds = (performance.now() - at) / 1000;
    const rows =
      result.command === 'INSERT' || result.command === 'SELECT' ? result.rowCount : null;
    steps.push({ label, seconds, rows });
    log(
      `  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s${rows === null ? '' : `  ${rows} rows`}`,
    );
    return result;
  }

  const P = scale.proposals;
  const S = scale.supports;
  const C = scale.comments;
  const U = scale.users;
  const W = scale.workshops;
  const R = Math.round(C * 0.3); // replies
  const T = C - R; // top-level comments
  const NCIT = U - FIRST_CITIZEN + 1; // citizens: user numbers FIRST_CITIZEN..U
  const NACT = Math.max(10, Math.floor(NCIT / 4)); // the active quarter of them
  const steps4 = primesAbove(NCIT, 4); // coprime to every pool size <= NCIT
  const stepOf = (h: string) =>
    `(${`ARRAY[${steps4.join(',')}]::bigint[]`})[1 + (${h} % ${steps4.length})::int]`;
  const facilities = facilityTexts();
  const lows: number[] = [];
  facilities.reduce((acc, f) => (lows.push(acc), acc + f.weight), 0);
  const pickFacility = (h: string) =>
    `(width_bucket((${h} % 100000)::int, ARRAY[${lows.join(',')}]::int[]) - 1)`;
  const D = DEPARTMENTS.length;
  const staffOf = (dept: string, h: string) =>
    `(${2 + MODERATORS} + (${dept}) * ${STAFF_PER_DEPARTMENT} + (${h} % ${STAFF_PER_DEPARTMENT})::int)`;
  const citizen = (c: string) => `(${FIRST_CITIZEN} + (${c}))`;
  const userId = (n: string) => `pg_temp.uid(${KIND.user}, ${n})`;
  const T0 = 'pg_temp.t0()';
  const hours = (x: string) => `((${x}) * interval '1 hour')`;
  const days = (x: string) => `((${x}) * interval '1 day')`;

  const { rows: empty } = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM proposal) + (SELECT count(*) FROM department) AS n`,
  );
  if (Number(empty[0]!.n) !== 0) throw new Error('buildDataset needs an empty database');

  // Memory for the sorts and index builds of a bulk load, for this session (reset at the end).
  // generate_series(1, n) per row is estimated at 1,000 rows: the costs look huge and JIT
  // compilation (a second or more per statement) would outweigh the work.
  const SETTINGS: Record<string, string> = {
    work_mem: '256MB',
    maintenance_work_mem: '1GB',
    synchronous_commit: 'off',
    jit: 'off',
  };
  const tune = async (client: pg.Client) => {
    for (const [name, value] of Object.entries(SETTINGS)) {
      await client.query(`SELECT set_config($1, $2, false)`, [name, value]);
    }
  };
  await tune(db);
  const t0 = (await db.query<{ t0: string }>(`SELECT date_trunc('second', now())::text AS t0`))
    .rows[0]!.t0;
  const helpers = helperFunctions(db, t0, facilities);
  let second: pg.Client | null = null;
  let secondPid = 0;
  let searchIndex: Promise<Error | null> = Promise.resolve(null);
  let committed = false;
  await db.query('BEGIN');
  try {
    for (const sql of helpers) await db.query(sql);

    // Drop what makes bulk inserts slow: every foreign key of the schema (dropping a primary
    // key needs the foreign keys that reference it gone), and the keys and indexes of the
    // loaded tables. Check constraints stay: they are cheap and catch a wrong plan at once.
    const before = await schemaSnapshot(db);
    const loaded = (o: SchemaObject) => LOADED_TABLES.includes(o.table);
    const foreignKeys = before.filter((o) => o.kind === 'constraint' && o.type === 'f');
    const keys = before.filter(
      (o) => o.kind === 'constraint' && 'pu'.includes(o.type) && loaded(o),
    );
    const indexes = before.filter((o) => o.kind === 'index' && o.type === 'plain' && loaded(o));
    {
      const at = performance.now();
      for (const fk of foreignKeys) {
        await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${quoteIdent(fk.name)}`);
      }
      for (const key of keys) {
        await db.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quoteIdent(key.name)}`);
      }
      for (const index of indexes) await db.query(`DROP INDEX ${quoteIdent(index.name)}`);
      steps.push({
        label: 'drop keys and indexes',
        seconds: (performance.now() - at) / 1000,
        rows: null,
      });
    }

    // ---- Catalog: departments, topics, processes and their phases.
    await step(
      'departments, topics, processes',
      `WITH d AS (
         INSERT INTO department (id, slug, name, description, created_at)
         SELECT pg_temp.uid(${KIND.department}, x.n - 1), x.slug, x.name, x.description, ${T0} - interval '800 days'
           FROM jsonb_to_recordset(${sqlText(db, JSON.stringify(DEPARTMENTS.map((x, i) => ({ ...x, n: i + 1 }))))}::jsonb)
                AS x(slug text, name text, description text, n int)
         RETURNING 1
       ), t AS (
         INSERT INTO topic (id, slug, name, created_at)
         SELECT pg_temp.uid(${KIND.topic}, x.n - 1), x.slug, x.name, ${T0} - interval '800 days'
           FROM jsonb_to_recordset(${sqlText(db, JSON.stringify(TOPICS.map((x, i) => ({ ...x, n: i + 1 }))))}::jsonb)
                AS x(slug text, name text, n int)
         RETURNING 1
       ), pr AS (
         INSERT INTO participatory_process (id, slug, title, description, created_at)
         SELECT pg_temp.uid(${KIND.process}, x.n - 1), x.slug, x.title, x.description,
                ${T0} - interval '740 days' + (x.n - 1) * interval '146 days'
           FROM jsonb_to_recordset(${sqlText(db, JSON.stringify(PROCESSES.map((x, i) => ({ ...x, n: i + 1 }))))}::jsonb)
                AS x(slug text, title text, description text, n int)
         RETURNING 1
       )
       INSERT INTO process_phase (id, process_id, position, title, starts_at, ends_at)
       SELECT pg_temp.uid(${KIND.phase}, k * 10 + ph),
              pg_temp.uid(${KIND.process}, k), ph + 1, (${sqlTextArray(db, PHASE_TITLES)})[ph + 1],
              ${T0} - interval '730 days' + k * interval '146 days' + ph * interval '41 days',
              ${T0} - interval '730 days' + k * interval '146 days' + (ph + 1) * interval '41 days'
         FROM generate_series(0, ${PROCESSES.length - 1}) k, generate_series(0, ${PHASE_TITLES.length - 1}) ph`,
    );

    // ---- Users: admin, moderators, staff (3 per department), citizens; one open session each.
    await step(
      'app_user',
      `INSERT INTO app_user (id, email, password_hash, display_name, role, department_id, created_at, updated_at)
       SELECT ${userId('n')}, x.email, 'bench-dummy-password-hash', x.display_name, x.role::user_role,
              x.dept, x.created_at, x.created_at
         FROM (
           SELECT n,
             CASE WHEN n = 1 THEN 'admin@${EMAIL_DOMAIN}'
                  WHEN n <= ${1 + MODERATORS} THEN 'moderator' || (n - 1) || '@${EMAIL_DOMAIN}'
                  WHEN n < ${FIRST_CITIZEN} THEN 'staff-' || (${sqlTextArray(
                    db,
                    DEPARTMENTS.map((d) => d.slug),
                  )})[(n - ${2 + MODERATORS}) / ${STAFF_PER_DEPARTMENT} + 1]
                    || '-' || ((n - ${2 + MODERATORS}) % ${STAFF_PER_DEPARTMENT} + 1) || '@${EMAIL_DOMAIN}'
                  ELSE 'citizen' || (n - ${FIRST_CITIZEN - 1}) || '@${EMAIL_DOMAIN}' END AS email,
             CASE WHEN n = 1 THEN '관리자'
                  WHEN n <= ${1 + MODERATORS} THEN '운영지기 ' || (n - 1)
                  WHEN n < ${FIRST_CITIZEN} THEN pg_temp.dept_name((n - ${2 + MODERATORS}) / ${STAFF_PER_DEPARTMENT}) || ' '
                    || pg_temp.l_surname(pg_temp.h(n, 1)) || pg_temp.l_given(pg_temp.h(n, 2))
                  ELSE pg_temp.l_surname(pg_temp.h(n, 1)) || pg_temp.l_given(pg_temp.h(n, 2)) END AS display_name,
             CASE WHEN n = 1 THEN 'ADMIN' WHEN n <= ${1 + MODERATORS} THEN 'MODERATOR'
                  WHEN n < ${FIRST_CITIZEN} THEN 'STAFF' ELSE 'CITIZEN' END AS role,
             CASE WHEN n > ${1 + MODERATORS} AND n < ${FIRST_CITIZEN}
                  THEN pg_temp.uid(${KIND.department}, (n - ${2 + MODERATORS}) / ${STAFF_PER_DEPARTMENT}) END AS dept,
             ${T0} - interval '800 days' + (n::float8 / ${U}) * interval '60 days' AS created_at
           FROM generate_series(1, ${U}) n
         ) x`,
    );
    await step(
      'auth_session (one open per user)',
      `INSERT INTO auth_session (id, user_id, created_at)
       SELECT pg_temp.uid(${KIND.session}, n), ${userId('n')}, ${T0} - ${hours(`pg_temp.h(n, 3) % 720`)}
         FROM generate_series(1, ${U}) n`,
    );

    /*
     * ---- The plan: one row per proposal with every choice about it. Layer by layer:
     * a: what it is about, who wrote it, when, and the routings planned (85% go straight to
     *    the facility's department; 11% first to a wrong one, then transferred; 4% twice,
     *    a third of those back where they came from);
     * b: the routings that happened by t0 and the answer sequence of the last department:
     *    0 none (4%), 1 [UNDER_REVIEW], 2 [ACCEPTED], 3 [REJECTED], 4 [UNDER_REVIEW, REJECTED],
     *    5 [UNDER_REVIEW, ACCEPTED], 6 [ACCEPTED, IN_PROGRESS], 7 [ACCEPTED, IN_PROGRESS,
     *    IMPLEMENTED], 8 [ACCEPTED, IMPLEMENTED], the first 2-500 hours after the routing;
     * c: which of those answers and progress updates happened by t0, withdrawal, hiding;
     * d: the resulting state of the proposal.
     */
    // 1% of proposals are hidden (older than three days: reported and hidden within them).
    const hiddenP = `(pg_temp.u(g, 27) < 0.01 AND created_at < ${T0} - interval '3 days')`;
    const STATUSES = `'{{NULL,NULL,NULL},{UNDER_REVIEW,NULL,NULL},{ACCEPTED,NULL,NULL},{REJECTED,NULL,NULL},{UNDER_REVIEW,REJECTED,NULL},{UNDER_REVIEW,ACCEPTED,NULL},{ACCEPTED,IN_PROGRESS,NULL},{ACCEPTED,IN_PROGRESS,IMPLEMENTED},{ACCEPTED,IMPLEMENTED,NULL}}'::text[]`;
    await step(
      'plan of proposals',
      `CREATE TEMP TABLE w_p AS
       SELECT a.*,
         CASE a.n_rt WHEN 0 THEN NULL WHEN 1 THEN a.d0 WHEN 2 THEN a.d1 ELSE a.d2 END AS dl,
         CASE a.n_rt WHEN 0 THEN NULL WHEN 1 THEN a.r0 WHEN 2 THEN a.r1 ELSE a.r2 END AS rl,
         ('{0,1,1,1,2,2,2,3,2}'::int[])[a.seq + 1] AS n_plan,
         -- the first answer of the last department, 2-500 hours after the routing (median ~4 days)
         CASE a.n_rt WHEN 0 THEN NULL WHEN 1 THEN a.r0 WHEN 2 THEN a.r1 ELSE a.r2 END
           + ${hours('2 + floor(500 * pg_temp.u(a.g, 18) ^ 2.2)')} AS a1,
         -- withdrawn: half of the never routed, 40% of those routed but never answered
         CASE WHEN a.n_rt_plan = 0 AND NOT a.hidden AND pg_temp.u(a.g, 25) < 0.5
                THEN a.created_at + ${hours('1 + pg_temp.h(a.g, 26) % 72')}
              WHEN a.n_rt >= 1 AND a.seq = 0 AND pg_temp.u(a.g, 25) < 0.4
                THEN CASE a.n_rt WHEN 1 THEN a.r0 WHEN 2 THEN a.r1 ELSE a.r2 END
                     + ${days('3 + pg_temp.h(a.g, 26) % 30')}
         END AS wd_at,
         -- an interim reply by the first department of every other transferred proposal
         a.n_rt >= 2 AND pg_temp.h(a.g, 24) % 2 = 0 AS interim,
         a.r0 + (a.r1 - a.r0) * 0.5 AS ai
       FROM (
         SELECT z.*,
           CASE WHEN z.n_rt_plan >= 1 AND z.r0 <= ${T0}
                THEN CASE WHEN z.n_rt_plan >= 2 AND z.r1 <= ${T0}
                          THEN CASE WHEN z.n_rt_plan >= 3 AND z.r2 <= ${T0} THEN 3 ELSE 2 END
                          ELSE 1 END
                ELSE 0 END AS n_rt
         FROM (
           SELECT y.*,
             CASE y.n_rt_plan WHEN 1 THEN y.dept_true WHEN 2 THEN y.wrong1
                  WHEN 3 THEN CASE WHEN y.back THEN y.dept_true ELSE y.wrong1 END END AS d0,
             CASE y.n_rt_plan WHEN 2 THEN y.dept_true
                  WHEN 3 THEN CASE WHEN y.back THEN y.wrong1 ELSE y.wrong2 END END AS d1,
             CASE y.n_rt_plan WHEN 3 THEN y.dept_true END AS d2,
             y.r0 + ${hours('4 + pg_temp.h(y.g, 15) % 120')} AS r1,
             y.r0 + ${hours('4 + pg_temp.h(y.g, 15) % 120')} + ${hours('4 + pg_temp.h(y.g, 16) % 120')} AS r2
           FROM (
             SELECT x.*,
               CASE WHEN x.y0 <> x.wrong1 THEN x.y0
                    WHEN (x.y0 + 1) % ${D} <> x.dept_true THEN (x.y0 + 1) % ${D}
                    ELSE (x.y0 + 2) % ${D} END AS wrong2
             FROM (
               SELECT g, pg_temp.uid(${KIND.proposal}, g) AS id, created_at, fac,
                 pg_temp.fac_dept(fac) AS dept_true,
                 (pg_temp.fac_dept(fac) + 1 + pg_temp.h(g, 11) % ${D - 1})::int % ${D} AS wrong1,
                 (pg_temp.fac_dept(fac) + 1 + pg_temp.h(g, 12) % ${D - 1})::int % ${D} AS y0,
                 pg_temp.u(g, 13) < 0.33 AS back,
                 -- hidden ones (spam, reported and hidden within three days) are never routed
                 CASE WHEN pg_temp.u(g, 10) < 0.03 OR ${hiddenP} THEN 0
                      WHEN pg_temp.u(g, 10) < 0.07 THEN 3
                      WHEN pg_temp.u(g, 10) < 0.18 THEN 2 ELSE 1 END AS n_rt_plan,
                 created_at + ${hours('1 + pg_temp.h(g, 14) % 72')} AS r0,
                 CASE WHEN pg_temp.u(g, 17) < 0.04 THEN 0 WHEN pg_temp.u(g, 17) < 0.13 THEN 1
                      WHEN pg_temp.u(g, 17) < 0.21 THEN 2 WHEN pg_temp.u(g, 17) < 0.35 THEN 3
                      WHEN pg_temp.u(g, 17) < 0.43 THEN 4 WHEN pg_temp.u(g, 17) < 0.51 THEN 5
                      WHEN pg_temp.u(g, 17) < 0.67 THEN 6 WHEN pg_temp.u(g, 17) < 0.89 THEN 7
                      ELSE 8 END AS seq,
                 1 + (pg_temp.h(g, 20) % 3)::int AS m,
                 10 + (pg_temp.h(g, 19) % 20)::int AS step_days,
                 ${citizen(`floor(${NCIT} * pg_temp.u(g, 5) ^ 1.7)::int`)} AS author,
                 pg_temp.l_place(pg_temp.h(g, 6)) AS place,
                 ${hiddenP} AS hidden,
                 pg_temp.u(g, 29) AS u_report,
                 least(${T0}, created_at + ${hours('1 + pg_temp.h(g, 28) % 72')}) AS hidden_at,
                 pg_temp.u(g, 7) < 0.2 AS in_process,
                 pg_temp.u(g, 8) < 0.35 AS located
               FROM (
                 SELECT g,
                   ${T0} - ((${P} - g) + pg_temp.u(g, 1)) / ${P} * interval '730 days' AS created_at,
                   ${pickFacility('pg_temp.h(g, 2)')} AS fac
                 FROM generate_series(1, ${P}) g
               ) w
             ) x
           ) y
         ) z
       ) a`,
    );
    // What happened by t0, and the resulting state of each proposal.
    await step(
      'plan: state of proposals',
      `CREATE TEMP TABLE w_s AS
       SELECT f.*,
         -- supports end when the proposal was withdrawn, rejected or hidden
         least(CASE WHEN f.withdrawn THEN f.wd_at WHEN f.status = 'REJECTED' THEN f.last_answer_at
                    ELSE ${T0} END,
               CASE WHEN f.hidden THEN f.hidden_at ELSE ${T0} END) AS frozen_at,
         -- comments end when it was hidden
         CASE WHEN f.hidden THEN f.hidden_at ELSE ${T0} END AS open_until,
         greatest(f.created_at, f.rl, f.last_answer_at, f.last_progress_at,
                  CASE WHEN f.withdrawn THEN f.wd_at END, CASE WHEN f.interim THEN f.ai END) AS updated_at
       FROM (
         SELECT e.*,
           CASE WHEN e.withdrawn THEN 'WITHDRAWN' WHEN e.n_rt = 0 THEN 'SUBMITTED'
                WHEN e.n_done = 0 THEN 'UNDER_REVIEW'
                ELSE (${STATUSES})[e.seq + 1][e.n_done] END AS status,
           CASE e.n_done WHEN 1 THEN e.a1 WHEN 2 THEN e.a2 WHEN 3 THEN e.a3 END AS last_answer_at,
           CASE WHEN e.p_done >= 1 THEN e.a2 + e.p_done * e.step_days * interval '1 day' END AS last_progress_at,
           e.n_rt >= 1 AND e.n_done = 0 AND NOT e.withdrawn AS awaiting
         FROM (
           SELECT d.*,
             CASE WHEN d.n_rt = 0 THEN 0
                  ELSE (d.n_plan >= 1 AND d.a1 <= ${T0})::int + (d.n_plan >= 2 AND d.a2 <= ${T0})::int
                       + (d.n_plan >= 3 AND d.a3 <= ${T0})::int END AS n_done,
             -- progress updates after the IN_PROGRESS answer, one every step_days
             CASE WHEN d.n_rt >= 1 AND d.seq IN (6, 7) AND d.a2 <= ${T0}
                  THEN least(d.m, floor(date_part('epoch', ${T0} - d.a2) / (d.step_days * 86400))::int)
                  ELSE 0 END AS p_done,
             d.wd_at IS NOT NULL AND d.wd_at <= ${T0} AS withdrawn
           FROM (
             SELECT c.*, c.a2 + (c.m + 1) * c.step_days * interval '1 day' AS a3
             FROM (
               SELECT p.*,
                 p.a1 + CASE p.seq WHEN 4 THEN ${days('5 + pg_temp.h(p.g, 21) % 40')}
                                   WHEN 5 THEN ${days('5 + pg_temp.h(p.g, 21) % 40')}
                                   WHEN 6 THEN ${days('7 + pg_temp.h(p.g, 22) % 50')}
                                   WHEN 7 THEN ${days('7 + pg_temp.h(p.g, 22) % 50')}
                                   WHEN 8 THEN ${days('20 + pg_temp.h(p.g, 23) % 100')}
                                   ELSE interval '0' END AS a2
               FROM w_p p
             ) c
           ) d
         ) e
       ) f`,
    );
    await db.query('DROP TABLE w_p');

    /*
     * ---- Supports and comments per proposal. Popularity is a power law over a hashed rank
     * (a few proposals with thousands of supports, a long tail), stronger for older proposals;
     * comments follow supports. Counts come from cumulative weights: k(g) = F(g) - F(g-1) with
     * F(g) = floor(total * cum(g) / cum(last)), so they add up to the totals exactly.
     */
    await step(
      'plan: supports and comments per proposal',
      `CREATE TEMP TABLE w_k AS
       SELECT z.g, z.k_sup,
         CASE WHEN z.k_sup > ${NACT} / 2 THEN ${NCIT} ELSE ${NACT} END AS sup_pool,
         z.fc - lag(z.fc, 1, 0::bigint) OVER (ORDER BY z.g) AS c_top,
         lag(z.fc, 1, 0::bigint) OVER (ORDER BY z.g) AS c_off
       FROM (
         SELECT y.g, y.k_sup,
           CASE WHEN y.g = ${P} THEN ${T}::bigint
                ELSE floor(${T}::float8 * y.cum_c / max(y.cum_c) OVER ())::bigint END AS fc
         FROM (
           -- comments follow supports, less steeply, with their own noise
           SELECT x.g, x.k_sup,
             sum((x.k_sup + 1)::float8 ^ 0.6 * (0.3 + pg_temp.u(x.g, 50))) OVER (ORDER BY x.g) AS cum_c
           FROM (
             SELECT u.g, u.fs - lag(u.fs, 1, 0::bigint) OVER (ORDER BY u.g) AS k_sup
             FROM (
               SELECT t.g,
                 CASE WHEN t.g = ${P} THEN ${S}::bigint
                      ELSE floor(${S}::float8 * t.cum_s / max(t.cum_s) OVER ())::bigint END AS fs
               FROM (
                 SELECT q.g, sum(q.ws) OVER (ORDER BY q.g) AS cum_s
                 FROM (
                   -- a power law over a hashed rank, more for older proposals, less for hidden
                   -- ones; below the top 100, a noise that leaves ~1/6 of proposals unsupported
                   SELECT r.g,
                     (r.rank + 15)::float8 ^ -0.95
                       * (0.3 + 0.7 * date_part('epoch', ${T0} - r.created_at) / (730 * 86400))
                       * CASE WHEN r.hidden THEN 0.05 ELSE 1 END
                       * CASE WHEN r.rank <= 100 THEN 0.3 ELSE 0.05 + pg_temp.u(r.g, 49) ^ 3 END AS ws
                   FROM (
                     SELECT s.g, s.created_at, s.hidden,
                            row_number() OVER (ORDER BY pg_temp.h(s.g, 40)) AS rank
                     FROM w_s s
                   ) r
                 ) q
               ) t
             ) u
           ) x
         ) y
       ) z`,
    );
    const { rows: kmax } = await db.query<{ k: string; c: string }>(
      `SELECT max(k_sup) AS k, max(c_top) AS c FROM w_k`,
    );
    if (Number(kmax[0]!.k) > NCIT) {
      throw new Error(
        `scale: the most supported proposal would need ${kmax[0]!.k} supporters, there are ${NCIT} citizens`,
      );
    }

    // ---- Comments: top-level ones per proposal as planned in w_k (numbered globally), replies
    // spread over them by the same cumulative rule, then the visible ones counted per proposal.
    await step(
      'plan: top-level comments',
      `CREATE TEMP TABLE w_top AS
       SELECT x.*,
         x.created_at + (${T0} - x.created_at) * (0.85 + 0.15 * pg_temp.u(x.n, 54)) AS removed_at
       FROM (
         SELECT n, s.g, s.id AS proposal_id, s.fac, s.dl, s.open_until, s.author AS proposal_author,
           pg_temp.uid(${KIND.comment}, n) AS id,
           n - k.c_off AS i,
           s.dl IS NOT NULL AND pg_temp.u(n, 55) < 0.03 AS official,
           CASE WHEN s.dl IS NOT NULL AND pg_temp.u(n, 55) < 0.03
                THEN s.rl + greatest(interval '1 hour', (s.open_until - s.rl) * pg_temp.u(n, 56))
                ELSE s.created_at + (s.open_until - s.created_at) * pg_temp.u(n, 56) ^ 2.5 END AS created_at,
           CASE WHEN s.dl IS NOT NULL AND pg_temp.u(n, 55) < 0.03 THEN ${staffOf('s.dl', 'pg_temp.h(n, 57)')}
                ELSE ${citizen(`floor(${NCIT} * pg_temp.u(n, 57) ^ 1.5)::int`)} END AS author,
           pg_temp.u(n, 52) AS u_state
         FROM w_s s JOIN w_k k USING (g), generate_series(k.c_off, k.c_off + k.c_top - 1) n
       ) x`,
    );
    await step(
      'plan: replies',
      `CREATE TEMP TABLE w_rep AS
       WITH counts AS (
         SELECT u.n, u.fr - lag(u.fr, 1, 0::bigint) OVER (ORDER BY u.n) AS r_cnt,
                lag(u.fr, 1, 0::bigint) OVER (ORDER BY u.n) AS r_off
         FROM (
           SELECT r.n, CASE WHEN r.n = ${T - 1} THEN ${R}::bigint
                            ELSE floor(${R}::float8 * r.cum / max(r.cum) OVER ())::bigint END AS fr
           FROM (
             SELECT t.n, sum((1 + t.i)::float8 ^ -0.6 * (0.2 + pg_temp.u(t.n, 53)) ^ 2) OVER (ORDER BY t.n) AS cum
             FROM w_top t
           ) r
         ) u
       )
       SELECT ${T} + c.r_off + j AS n, t.id AS parent_id, t.n AS parent_n, t.g, t.proposal_id, t.fac,
         pg_temp.uid(${KIND.comment}, ${T} + c.r_off + j) AS id,
         t.created_at + (t.open_until - t.created_at) * 0.8 * pg_temp.u(${T} + c.r_off + j, 58) ^ 3 AS created_at,
         CASE WHEN pg_temp.u(${T} + c.r_off + j, 59) < 0.2 THEN t.proposal_author
              ELSE ${citizen(`floor(${NCIT} * pg_temp.u(${T} + c.r_off + j, 60) ^ 1.5)::int`)} END AS author,
         pg_temp.u(${T} + c.r_off + j, 52) AS u_state
       FROM w_top t JOIN counts c USING (n), generate_series(0, c.r_cnt - 1) j`,
    );
    // State of each comment: 1% deleted, 0.5% hidden (older than a day, never official ones),
    // 4% edited. Replies are never official.
    const deleted = (x: string) => `(NOT ${x}.official AND ${x}.u_state < 0.01)`;
    const hiddenC = (x: string) =>
      `(NOT ${x}.official AND ${x}.u_state >= 0.01 AND ${x}.u_state < 0.015 AND ${x}.created_at < ${T0} - interval '1 day')`;
    const deletedR = (x: string) => `(${x}.u_state < 0.01)`;
    const hiddenR = (x: string) =>
      `(${x}.u_state >= 0.01 AND ${x}.u_state < 0.015 AND ${x}.created_at < ${T0} - interval '1 day')`;
    const visibleR = (x: string) => `(NOT ${deletedR(x)} AND NOT ${hiddenR(x)})`;
    await step(
      'plan: comment counts',
      `CREATE TEMP TABLE w_cc AS
       SELECT g, count(*)::int AS visible FROM (
         SELECT t.g FROM w_top t WHERE NOT ${deleted('t')} AND NOT ${hiddenC('t')}
         UNION ALL
         SELECT r.g FROM w_rep r WHERE ${visibleR('r')}
       ) v GROUP BY g`,
    );
    // ---- Proposals, in their final state. Their search rows (proposal_search) are written by
    // a trigger one by one; here they are computed all at once by buildSearchIndex instead.
    await db.query('ALTER TABLE proposal DISABLE TRIGGER proposal_search_on_insert');
    await step(
      'proposal',
      `INSERT INTO proposal (id, title, body, author_id, process_id, department_id, status,
         response_due_at, support_count, comment_count, progress, location_address,
         location_latitude, location_longitude, hidden, created_at, updated_at, awaiting_answer)
       SELECT s.id,
         replace(pg_temp.f_title(s.fac, pg_temp.h(s.g, 30)), '{P}', s.place),
         b.body,
         ${userId('s.author')},
         CASE WHEN s.in_process
              THEN pg_temp.uid(${KIND.process}, least(4, floor(5 * (1 - date_part('epoch', ${T0} - s.created_at) / (730 * 86400)))::int)) END,
         pg_temp.uid(${KIND.department}, s.dl),
         s.status::proposal_status,
         CASE WHEN s.n_rt >= 1 THEN s.r0 + interval '14 days' END,
         k.k_sup, coalesce(cc.visible, 0),
         CASE WHEN s.status = 'IMPLEMENTED' THEN 100
              WHEN s.status = 'IN_PROGRESS' AND s.p_done >= 1 THEN round(100.0 * s.p_done / (s.m + 1))::int
              ELSE 0 END,
         CASE WHEN s.located THEN '전북특별자치도 남원시 ' || s.place || ' ' || (1 + pg_temp.h(s.g, 31) % 300) || '번지 일대' END,
         CASE WHEN s.located THEN 35.416 + (pg_temp.u(s.g, 32) - 0.5) * 0.12 END,
         CASE WHEN s.located THEN 127.390 + (pg_temp.u(s.g, 33) - 0.5) * 0.14 END,
         s.hidden, s.created_at, s.updated_at, s.awaiting
       FROM w_s s JOIN w_k k USING (g) LEFT JOIN w_cc cc USING (g),
       LATERAL (
         -- an introduction, sentences about the facility and general ones up to the target
         -- length (100-600 characters, most of them short), a request and a closing
         SELECT c.head || ' ' || c.cut
                || CASE WHEN char_length(c.head) + char_length(c.cut) + char_length(c.tail) >= 98 THEN ''
                        ELSE ' ' || pg_temp.l_generic(pg_temp.h(s.g, 38) + 9)
                             || CASE WHEN char_length(c.head) + char_length(c.cut) + char_length(c.tail)
                                          + char_length(pg_temp.l_generic(pg_temp.h(s.g, 38) + 9)) >= 97 THEN ''
                                     ELSE ' ' || pg_temp.l_generic(pg_temp.h(s.g, 38) + 2) END
                   END
                || ' ' || c.tail AS body
         FROM (
           SELECT t.head, t.tail,
             coalesce(substring(left(t.mid, greatest(0, t.len - char_length(t.head) - char_length(t.tail) - 2)) FROM '^.*[.?!]'),
                      pg_temp.f_problem(s.fac, pg_temp.h(s.g, 34))) AS cut
           FROM (
             SELECT replace(pg_temp.l_intro(pg_temp.h(s.g, 35)), '{P}', s.place) AS head,
               pg_temp.f_request(s.fac, pg_temp.h(s.g, 36)) || ' ' || pg_temp.l_closing(pg_temp.h(s.g, 37)) AS tail,
               100 + floor(500 * pg_temp.u(s.g, 41) ^ 2)::int AS len,
               concat_ws(' ',
                 pg_temp.f_problem(s.fac, pg_temp.h(s.g, 34)),
                 pg_temp.l_generic(pg_temp.h(s.g, 38)),
                 pg_temp.f_problem(s.fac, pg_temp.h(s.g, 34) + 1 + pg_temp.h(s.g, 39) % 5),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 7),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 14),
                 pg_temp.f_problem(s.fac, pg_temp.h(s.g, 34) + 6 + pg_temp.h(s.g, 39) % 2),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 21),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 28),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 5),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 12),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 19),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 26),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 3),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 10),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 17),
                 pg_temp.l_generic(pg_temp.h(s.g, 38) + 24)) AS mid
             OFFSET 0
           ) t
           OFFSET 0
         ) c
       ) b`,
    );
    // ---- The proposals are in, in their final state: their keys and indexes now, then commit,
    // so that a second connection builds the search index (the slow one) and analyzes the
    // table while this one loads the rest. Foreign keys touching proposal wait for the end:
    // adding one locks proposal against the index build.
    await db.query('ALTER TABLE proposal ENABLE TRIGGER proposal_search_on_insert');
    // proposal_search is filled with the search index, by the search job.
    const onProposal = (o: SchemaObject) => o.table === 'proposal' || o.table === 'proposal_search';
    const touchesProposal = (fk: SchemaObject) =>
      onProposal(fk) || /REFERENCES (public\.)?proposal\(/.test(fk.def);
    const gin = indexes.find((o) => o.name === 'ix_proposal_search_bigrams');
    const original = before.find((o) => o.kind === 'function' && o.name === 'search_bigrams(text)');
    const linearBody = original ? await linearBigramsBody(db) : null;
    for (const key of keys.filter(onProposal)) {
      await step(
        `key ${key.table}.${key.name}`.slice(0, 44),
        `ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.def}`,
      );
    }
    for (const index of indexes.filter((o) => onProposal(o) && o !== gin)) {
      await step(`index ${index.name}`.slice(0, 44), index.def);
    }
    await step('commit the proposals', 'COMMIT');
    committed = true;
    const searchIndexJob = async (client: pg.Client) => {
      if (!gin) return;
      const tag = client === db ? '' : ' (2nd connection)';
      await buildSearchIndex(client, gin, original?.def ?? null, linearBody, (label, sql) =>
        step(`${label}${tag}`, sql, client),
      );
    };
    if (gin && options.connect !== null) {
      const client = await (options.connect ?? (() => connectLike(db)))();
      second = client;
      // Room for its temporary table of bigrams (only possible before the session uses one).
      await client.query(`SET temp_buffers = '512MB'`).catch(() => undefined);
      secondPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
        .pid;
      await tune(client);
      searchIndex = searchIndexJob(client).then(
        () => null,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
    }
    await db.query('BEGIN');

    await step(
      'proposal_topic',
      `INSERT INTO proposal_topic (proposal_id, topic_id)
       SELECT s.id, pg_temp.uid(${KIND.topic}, pg_temp.fac_topic(s.fac)) FROM w_s s
       UNION ALL
       SELECT s.id, pg_temp.uid(${KIND.topic},
                (pg_temp.fac_topic(s.fac) + 1 + pg_temp.h(s.g, 42) % ${TOPICS.length - 1})::int % ${TOPICS.length})
         FROM w_s s WHERE pg_temp.u(s.g, 43) < 0.4`,
    );

    // ---- Feedback history.
    const routingId = (s: string) => `pg_temp.uid(${KIND.routing}, s.g * 4 + ${s})`;
    await step(
      'department_transfer (routings)',
      `INSERT INTO department_transfer (id, proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
       SELECT ${routingId('r')}, s.id,
         pg_temp.uid(${KIND.department}, CASE r WHEN 1 THEN s.d0 WHEN 2 THEN s.d1 END),
         pg_temp.uid(${KIND.department}, CASE r WHEN 0 THEN s.d0 WHEN 1 THEN s.d1 ELSE s.d2 END),
         CASE WHEN r = 0 THEN pg_temp.dept_name(s.d0) || ' 소관 사항으로 배정합니다.'
              ELSE '저희 부서 소관이 아니어서 ' || pg_temp.dept_name(CASE r WHEN 1 THEN s.d1 ELSE s.d2 END) || '로 이관합니다.' END,
         ${userId(staffOf('CASE r WHEN 0 THEN 0 WHEN 1 THEN s.d0 ELSE s.d1 END', 'pg_temp.h(s.g * 4 + r, 44)'))},
         s.r0 + interval '14 days',
         CASE r WHEN 0 THEN s.r0 WHEN 1 THEN s.r1 ELSE s.r2 END
       FROM w_s s, generate_series(0, s.n_rt - 1) r`,
    );
    const answerText = (status: string, fac: string, h: string, dept: string) =>
      `replace(CASE ${status}
         WHEN 'UNDER_REVIEW' THEN pg_temp.f_ans_under_review(${fac}, ${h})
         WHEN 'ACCEPTED' THEN pg_temp.f_ans_accepted(${fac}, ${h})
         WHEN 'REJECTED' THEN pg_temp.f_ans_rejected(${fac}, ${h})
         WHEN 'IN_PROGRESS' THEN pg_temp.f_ans_in_progress(${fac}, ${h})
         ELSE pg_temp.f_ans_implemented(${fac}, ${h}) END, '{D}', pg_temp.dept_name(${dept}))`;
    await step(
      'official_answer',
      `INSERT INTO official_answer (id, proposal_id, department_id, transfer_id, author_id, status, body, created_at)
       SELECT pg_temp.uid(${KIND.answer}, s.g * 4 + k), s.id, pg_temp.uid(${KIND.department}, s.dl),
         ${routingId('s.n_rt - 1')}, ${userId(staffOf('s.dl', 'pg_temp.h(s.g * 4 + k, 45)'))},
         x.status::proposal_status,
         ${answerText('x.status', 's.fac', 'pg_temp.h(s.g * 4 + k, 46)', 's.dl')},
         CASE k WHEN 1 THEN s.a1 WHEN 2 THEN s.a2 ELSE s.a3 END
       FROM w_s s, generate_series(1, s.n_done) k,
            LATERAL (SELECT (${STATUSES})[s.seq + 1][k] AS status) x
       UNION ALL
       -- an interim reply by the first department, before it transferred the proposal
       SELECT pg_temp.uid(${KIND.answer}, s.g * 4), s.id, pg_temp.uid(${KIND.department}, s.d0),
         ${routingId('0')}, ${userId(staffOf('s.d0', 'pg_temp.h(s.g * 4, 45)'))}, 'UNDER_REVIEW',
         ${answerText(`'UNDER_REVIEW'`, 's.fac', 'pg_temp.h(s.g * 4, 46)', 's.d0')}, s.ai
       FROM w_s s WHERE s.interim`,
    );
    await step(
      'answer_rating (~25% of answers, by the author)',
      `INSERT INTO answer_rating (answer_id, rater_id, score, comment, created_at)
       SELECT pg_temp.uid(${KIND.answer}, s.g * 4 + k), ${userId('s.author')}, x.score,
         CASE WHEN pg_temp.u(s.g * 4 + k, 62) < 0.4
              THEN CASE WHEN x.score >= 4 THEN pg_temp.l_rating_good(pg_temp.h(s.g * 4 + k, 63))
                        ELSE pg_temp.l_rating_bad(pg_temp.h(s.g * 4 + k, 63)) END END,
         x.at
       FROM w_s s, generate_series(1, s.n_done) k,
         LATERAL (
           SELECT CASE (${STATUSES})[s.seq + 1][k]
                    WHEN 'IMPLEMENTED' THEN 3 + (pg_temp.h(s.g * 4 + k, 64) % 3)::int
                    WHEN 'REJECTED' THEN 1 + (pg_temp.h(s.g * 4 + k, 64) % 3)::int
                    WHEN 'UNDER_REVIEW' THEN 1 + (pg_temp.h(s.g * 4 + k, 64) % 5)::int
                    ELSE 2 + (pg_temp.h(s.g * 4 + k, 64) % 4)::int END AS score,
             CASE k WHEN 1 THEN s.a1 WHEN 2 THEN s.a2 ELSE s.a3 END
               + ${hours('1 + pg_temp.h(s.g * 4 + k, 65) % 72')} AS at
         ) x
       WHERE pg_temp.u(s.g * 4 + k, 61) < 0.25 AND x.at <= ${T0}`,
    );
    await step(
      'progress_update',
      `INSERT INTO progress_update (id, proposal_id, department_id, author_id, progress, body, created_at)
       SELECT pg_temp.uid(${KIND.progress}, s.g * 4 + k), s.id, pg_temp.uid(${KIND.department}, s.dl),
         ${userId(staffOf('s.dl', 'pg_temp.h(s.g * 4 + k, 66)'))},
         round(100.0 * k / (s.m + 1))::int,
         replace(pg_temp.f_progress(s.fac, pg_temp.h(s.g * 4 + k, 67)), '{N}', round(100.0 * k / (s.m + 1))::int::text),
         s.a2 + k * s.step_days * interval '1 day'
       FROM w_s s, generate_series(1, s.p_done) k`,
    );

    // ---- Supports: k_sup distinct citizens per proposal, (start + j * step) mod pool.
    await step(
      'proposal_support',
      `INSERT INTO proposal_support (proposal_id, user_id, created_at)
       SELECT s.id,
         ${userId(citizen(`((pg_temp.h(s.g, 70) % k.sup_pool) + j * ${stepOf('pg_temp.h(s.g, 71)')}) % k.sup_pool`))},
         s.created_at + (s.frozen_at - s.created_at) * pg_temp.u(s.g::bigint * 1048576 + j, 72) ^ 4
       FROM w_s s JOIN w_k k USING (g), generate_series(0, k.k_sup - 1) j`,
    );

    // ---- Comments and replies.
    await step(
      'comment (top-level)',
      `INSERT INTO comment (id, proposal_id, parent_id, author_id, body, is_official, reply_count, hidden, created_at, edited_at, deleted_at)
       SELECT t.id, t.proposal_id, NULL, ${userId('t.author')},
         CASE WHEN ${deleted('t')} THEN NULL
              WHEN t.official THEN replace(pg_temp.l_official(pg_temp.h(t.n, 80)), '{D}', pg_temp.dept_name(t.dl))
              ELSE CASE WHEN pg_temp.u(t.n, 81) < 0.55 THEN pg_temp.f_comment(t.fac, pg_temp.h(t.n, 82))
                        ELSE pg_temp.l_gcomment(pg_temp.h(t.n, 82)) END
                   || CASE WHEN pg_temp.u(t.n, 83) < 0.4 THEN ' ' || pg_temp.l_gcomment(pg_temp.h(t.n, 84)) ELSE '' END
         END,
         t.official, coalesce(rc.visible, 0), ${hiddenC('t')}, t.created_at,
         CASE WHEN NOT ${deleted('t')} AND pg_temp.u(t.n, 85) < 0.04 THEN least(${T0}, t.created_at + ${hours('(1 + pg_temp.h(t.n, 86) % 120) / 60.0')}) END,
         CASE WHEN ${deleted('t')} THEN t.removed_at END
       FROM w_top t LEFT JOIN (
         SELECT r.parent_n AS n, count(*)::int AS visible FROM w_rep r WHERE ${visibleR('r')} GROUP BY r.parent_n
       ) rc USING (n)`,
    );
    await step(
      'comment (replies)',
      `INSERT INTO comment (id, proposal_id, parent_id, author_id, body, is_official, reply_count, hidden, created_at, edited_at, deleted_at)
       SELECT r.id, r.proposal_id, r.parent_id, ${userId('r.author')},
         CASE WHEN ${deletedR('r')} THEN NULL
              ELSE pg_temp.l_reply(pg_temp.h(r.n, 80))
                   || CASE WHEN pg_temp.u(r.n, 83) < 0.3 THEN ' ' || pg_temp.l_gcomment(pg_temp.h(r.n, 84)) ELSE '' END END,
         false, 0, ${hiddenR('r')}, r.created_at,
         CASE WHEN NOT ${deletedR('r')} AND pg_temp.u(r.n, 85) < 0.04 THEN least(${T0}, r.created_at + ${hours('(1 + pg_temp.h(r.n, 86) % 120) / 60.0')}) END,
         CASE WHEN ${deletedR('r')} THEN r.created_at + (${T0} - r.created_at) * (0.85 + 0.15 * pg_temp.u(r.n, 54)) END
       FROM w_rep r`,
    );

    // ---- Workshops.
    await step(
      'plan of workshops',
      `CREATE TEMP TABLE w_w AS
       SELECT x.*,
         least(${T0}, x.starts_at - ${days('14 + pg_temp.h(x.w, 93) % 30')}) AS created_at,
         CASE WHEN x.capacity IS NULL THEN 5 + (pg_temp.h(x.w, 94) % 60)::int
              ELSE least(${NCIT}, floor(x.capacity * (0.3 + 1.2 * pg_temp.u(x.w, 95)))::int) END AS n_reg
       FROM (
         SELECT w.*,
           CASE WHEN pg_temp.u(w.w, 92) < 0.25 THEN NULL
                WHEN w.kind = 'TOWN_HALL' THEN 100 + (pg_temp.h(w.w, 96) % 101)::int
                WHEN w.kind = 'INTERVIEW' THEN 6 + (pg_temp.h(w.w, 96) % 7)::int
                ELSE 15 + (pg_temp.h(w.w, 96) % 46)::int END AS capacity
         FROM (
           SELECT w, fac, ti, pg_temp.f_ws_kind(fac, ti) AS kind, place,
             date_trunc('day', ${T0} - interval '700 days' + ((w - 1) + pg_temp.u(w, 90)) / ${Math.max(W, 1)} * interval '790 days')
               + (ARRAY[10, 14, 19])[1 + (pg_temp.h(w, 91) % 3)::int] * interval '1 hour' AS starts_at
           FROM (
             SELECT w, ${pickFacility('pg_temp.h(w, 97)')} AS fac, pg_temp.h(w, 98) AS ti,
                    pg_temp.l_place(pg_temp.h(w, 99)) AS place
             FROM generate_series(1, ${W}) w
           ) v
         ) w
       ) x`,
    );
    await step(
      'plan of registrations',
      `CREATE TEMP TABLE w_r AS
       SELECT y.*,
         CASE WHEN y.cancelled THEN 'CANCELLED'
              WHEN y.capacity IS NULL OR y.rank <= y.capacity THEN 'CONFIRMED'
              ELSE 'WAITLISTED' END AS status,
         row_number() OVER (ORDER BY y.created_at, y.w, y.j) AS queue_number
       FROM (
         SELECT x.*, count(*) FILTER (WHERE NOT x.cancelled) OVER (PARTITION BY x.w ORDER BY x.j) AS rank
         FROM (
           SELECT w.w, j, w.capacity, w.w::bigint * 1048576 + j AS n,
             ${citizen(`((pg_temp.h(w.w, 100) % ${NCIT}) + j * ${stepOf('pg_temp.h(w.w, 101)')}) % ${NCIT}`)} AS user_n,
             pg_temp.u(w.w::bigint * 1048576 + j, 102) < 0.08 AS cancelled,
             w.created_at + (least(w.starts_at, ${T0}) - w.created_at) * (j + 1) / (w.n_reg + 1) AS created_at
           FROM w_w w, generate_series(0, w.n_reg - 1) j
         ) x
       ) y`,
    );
    await step(
      'workshop',
      `INSERT INTO workshop (id, title, description, kind, process_id, organizer_id, starts_at, ends_at,
         location, capacity, registered_count, waitlist_count, outcome, outcome_published_at, created_at, updated_at)
       SELECT pg_temp.uid(${KIND.workshop}, w.w),
         replace(pg_temp.f_ws_title(w.fac, w.ti), '{P}', w.place),
         pg_temp.f_ws_description(w.fac, pg_temp.h(w.w, 103)),
         w.kind::workshop_kind,
         CASE WHEN pg_temp.u(w.w, 104) < 0.35
              THEN pg_temp.uid(${KIND.process}, least(4, greatest(0, floor(5 * (1 - date_part('epoch', ${T0} - w.starts_at) / (730 * 86400)))))::int) END,
         pg_temp.uid(${KIND.department}, pg_temp.fac_dept(w.fac)),
         w.starts_at, w.starts_at + ${hours('2 + pg_temp.h(w.w, 105) % 2')},
         replace(pg_temp.l_ws_location(pg_temp.h(w.w, 106)), '{P}', w.place),
         w.capacity, coalesce(c.confirmed, 0), coalesce(c.waitlisted, 0),
         CASE WHEN o.published THEN pg_temp.f_ws_outcome(w.fac, pg_temp.h(w.w, 107)) END,
         CASE WHEN o.published THEN o.at END,
         w.created_at, CASE WHEN o.published THEN o.at ELSE w.created_at END
       FROM w_w w
       LEFT JOIN (
         SELECT r.w, count(*) FILTER (WHERE r.status = 'CONFIRMED')::int AS confirmed,
                count(*) FILTER (WHERE r.status = 'WAITLISTED')::int AS waitlisted
         FROM w_r r GROUP BY r.w
       ) c USING (w),
       LATERAL (
         SELECT w.starts_at + ${days('3 + pg_temp.h(w.w, 108) % 8')} AS at,
                pg_temp.u(w.w, 109) < 0.6 AND w.starts_at + ${days('3 + pg_temp.h(w.w, 108) % 8')} <= ${T0} AS published
       ) o`,
    );
    await step(
      'workshop_registration',
      `INSERT INTO workshop_registration (id, workshop_id, user_id, status, queue_number, created_at)
       SELECT pg_temp.uid(${KIND.registration}, r.n), pg_temp.uid(${KIND.workshop}, r.w), ${userId('r.user_n')},
              r.status::registration_status, r.queue_number, r.created_at
       FROM w_r r`,
    );
    await db.query(
      `SELECT setval(pg_get_serial_sequence('workshop_registration', 'queue_number'),
                     greatest(1, (SELECT count(*) FROM w_r)), (SELECT count(*) FROM w_r) > 0)`,
    );
    await step(
      'workshop_proposal',
      `INSERT INTO workshop_proposal (workshop_id, proposal_id)
       SELECT DISTINCT pg_temp.uid(${KIND.workshop}, w.w),
              pg_temp.uid(${KIND.proposal}, 1 + (pg_temp.h(w.w, 110) + j * 7919) % ${P})
       FROM w_w w, generate_series(1, (pg_temp.h(w.w, 111) % 4)::int) j`,
    );

    /*
     * ---- Moderation. Every hidden proposal and comment was hidden automatically by its third
     * report (three citizens other than its author), and half of them confirmed by a moderator
     * (resolved). A few more were reported once or twice: some kept by a moderator (RESTORE:
     * open reports back to 0, resolved), the others still waiting in the queue.
     */
    await step(
      'plan of moderation',
      `CREATE TEMP TABLE w_m AS
       SELECT x.*,
         coalesce(p.title || E'\\n\\n' || p.body, c.body, '(deleted by its author)') AS snapshot,
         x.last_at + ${hours('2 + pg_temp.h(x.key, 120) % 48')} AS decided_at,
         pg_temp.u(x.key, 121) < CASE WHEN x.hidden THEN 0.5 ELSE 0.6 END
           AND x.last_at + ${hours('2 + pg_temp.h(x.key, 120) % 48')} <= ${T0} AS resolved
       FROM (
         SELECT s.g AS key, s.id AS proposal_id, NULL::uuid AS comment_id, s.author, s.hidden,
           CASE WHEN s.hidden THEN 3 ELSE 1 + (pg_temp.h(s.g, 122) % 2)::int END AS n_rep,
           s.created_at AS target_at,
           CASE WHEN s.hidden THEN s.hidden_at ELSE s.created_at + (${T0} - s.created_at) * 0.7 END AS last_at
         FROM w_s s WHERE s.hidden OR (s.u_report < 0.003 AND s.created_at < ${T0} - interval '1 day')
         UNION ALL
         SELECT 100000000 + c.n, NULL, c.id, c.author, c.hidden,
           CASE WHEN c.hidden THEN 3 ELSE 1 + (pg_temp.h(c.n, 122) % 2)::int END,
           c.created_at,
           CASE WHEN c.hidden THEN c.removed_at ELSE c.created_at + (${T0} - c.created_at) * 0.7 END
         FROM (
           SELECT t.n, t.id, t.author, t.created_at, t.removed_at, ${hiddenC('t')} AS hidden, t.u_state
             FROM w_top t WHERE NOT t.official
           UNION ALL
           SELECT r.n, r.id, r.author, r.created_at,
                  r.created_at + (${T0} - r.created_at) * (0.85 + 0.15 * pg_temp.u(r.n, 54)),
                  ${hiddenR('r')}, r.u_state
             FROM w_rep r
         ) c
         WHERE c.hidden
            OR (c.u_state >= 0.015 AND c.created_at < ${T0} - interval '1 day' AND pg_temp.u(c.n, 123) < 0.004)
       ) x
       LEFT JOIN proposal p ON p.id = x.proposal_id
       LEFT JOIN comment c ON c.id = x.comment_id`,
    );
    // Report j (1..n): hours apart before the last one, but after what it reports was written.
    const reportAt = (j: string) =>
      `greatest(m.target_at + (${j}) * interval '1 minute',
                m.last_at - (m.n_rep - (${j})) * ${hours(`1 + pg_temp.h(m.key * 8 + (${j}), 124) % 24`)})`;
    await step(
      'content_report',
      `INSERT INTO content_report (id, proposal_id, comment_id, reporter_id, reason, details, content_snapshot, created_at,
         counts_toward_hide)
       SELECT pg_temp.uid(${KIND.report}, m.key * 8 + j), m.proposal_id, m.comment_id,
         ${userId(citizen(`(m.author - ${FIRST_CITIZEN} + 1 + j * 7) % ${NCIT}`))},
         (CASE WHEN m.hidden THEN (ARRAY['SPAM', 'SPAM', 'OFFENSIVE', 'PERSONAL_INFORMATION'])[1 + (pg_temp.h(m.key * 8 + j, 125) % 4)::int]
               ELSE (ARRAY['OFF_TOPIC', 'OTHER', 'OFFENSIVE'])[1 + (pg_temp.h(m.key * 8 + j, 125) % 3)::int] END)::report_reason,
         CASE WHEN pg_temp.u(m.key * 8 + j, 126) < 0.3 THEN '광고성 글로 보입니다. 확인 부탁드립니다.' END,
         m.snapshot, ${reportAt('j')}, true
       FROM w_m m, generate_series(1, m.n_rep) j`,
    );
    await step(
      'moderation_item',
      `INSERT INTO moderation_item (id, proposal_id, comment_id, report_count, open_report_count,
         open_counted_report_count, last_reported_at, resolved_at, activity_at, created_at)
       SELECT pg_temp.uid(${KIND.moderationItem}, m.key), m.proposal_id, m.comment_id, m.n_rep,
         CASE WHEN NOT m.hidden AND m.resolved THEN 0 ELSE m.n_rep END,
         CASE WHEN NOT m.hidden AND m.resolved THEN 0 ELSE m.n_rep END,
         m.last_at, CASE WHEN m.resolved THEN m.decided_at END,
         CASE WHEN m.resolved THEN m.decided_at ELSE m.last_at END,
         ${reportAt('1')}
       FROM w_m m`,
    );
    await step(
      'moderation_decision',
      `INSERT INTO moderation_decision (id, item_id, action, moderator_id, note, content_snapshot, created_at)
       SELECT pg_temp.uid(${KIND.moderationDecision}, m.key * 2), pg_temp.uid(${KIND.moderationItem}, m.key),
         'HIDE', NULL, 'Hidden automatically: 3 people reported it.',
         m.snapshot, m.last_at
       FROM w_m m
       WHERE m.hidden
       UNION ALL
       SELECT pg_temp.uid(${KIND.moderationDecision}, m.key * 2 + 1), pg_temp.uid(${KIND.moderationItem}, m.key),
         CASE WHEN m.hidden THEN 'HIDE' ELSE 'RESTORE' END::moderation_action,
         ${userId(`2 + (pg_temp.h(m.key, 127) % ${MODERATORS})::int`)},
         CASE WHEN m.hidden THEN '광고성 게시물이라 숨김을 유지합니다.'
              ELSE '비판이지만 욕설이나 개인정보가 없어 게시를 유지합니다.' END,
         m.snapshot, m.decided_at
       FROM w_m m
       WHERE m.resolved`,
    );

    // ---- Keys, indexes and foreign keys of the other tables back, exactly as they were.
    for (const key of keys.filter((o) => !onProposal(o))) {
      await step(
        `key ${key.table}.${key.name}`.slice(0, 44),
        `ALTER TABLE ${key.table} ADD CONSTRAINT ${quoteIdent(key.name)} ${key.def}`,
      );
    }
    for (const index of indexes.filter((o) => !onProposal(o))) {
      await step(`index ${index.name}`.slice(0, 44), index.def);
    }
    for (const fk of foreignKeys.filter((o) => !touchesProposal(o))) {
      await step(
        `foreign key ${fk.table}.${fk.name}`.slice(0, 44),
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def}`,
      );
    }
    await step('commit the rest', 'COMMIT');

    // What autovacuum would have done after such a load: statistics for the planner, and the
    // visibility map that index-only scans need (the department statistics rely on them).
    // proposal is analyzed with its search index (buildSearchIndex), the others now.
    const { rows: tables } = await db.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
        WHERE schemaname = 'public' AND tablename NOT IN ('proposal', 'proposal_search') ORDER BY 1`,
    );
    await step(
      'VACUUM ANALYZE (all but proposal and its search rows)',
      `VACUUM (ANALYZE) ${tables.map((t) => t.name).join(', ')}`,
    );
    if (second) {
      const at = performance.now();
      const error = await searchIndex;
      steps.push({
        label: 'wait for the search index',
        seconds: (performance.now() - at) / 1000,
        rows: null,
      });
      log(
        `  ${'wait for the search index'.padEnd(44)} ${((performance.now() - at) / 1000).toFixed(2).padStart(6)} s`,
      );
      if (error) throw error;
    } else {
      await searchIndexJob(db);
    }
    await db.query('BEGIN');
    for (const fk of foreignKeys.filter(touchesProposal)) {
      await step(
        `foreign key ${fk.table}.${fk.name}`.slice(0, 44),
        `ALTER TABLE ${fk.table} ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.def}`,
      );
    }
    await step('commit the foreign keys of proposal', 'COMMIT');
    await step('VACUUM proposal', 'VACUUM proposal');

    const after = await schemaSnapshot(db);
    const print = (list: SchemaObject[]) =>
      list.map((o) => `${o.kind} ${o.table} ${o.name} ${o.type} ${o.def}`).sort();
    const [a, b] = [print(before), print(after)];
    const lost = a.filter((x) => !b.includes(x));
    const gained = b.filter((x) => !a.includes(x));
    if (lost.length > 0 || gained.length > 0) {
      throw new Error(
        `the schema did not end as it began:\n- ${lost.join('\n- ')}\n+ ${gained.join('\n+ ')}`,
      );
    }
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    if (second) {
      await db.query('SELECT pg_cancel_backend($1)', [secondPid]).catch(() => undefined);
      await searchIndex;
    }
    if (!committed) throw error;
    throw new Error(
      'buildDataset failed after its first commit: the database is half-built, drop and recreate it',
      { cause: error },
    );
  } finally {
    await second?.end().catch(() => undefined);
    for (const table of tempTables)
      await db.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    for (const sql of helpers) {
      const [, name, args] = /pg_temp\.(\w+)\(([^)]*)\)/.exec(sql)!;
      const types = args!.split(',').map((arg) => arg.trim().split(/\s+/)[1]);
      await db
        .query(`DROP FUNCTION IF EXISTS pg_temp.${name}(${types.join(', ')})`)
        .catch(() => undefined);
    }
    for (const name of Object.keys(SETTINGS))
      await db.query(`RESET ${name}`).catch(() => undefined);
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...(await summarize(db, scale)), seconds, steps };
}

/** A new connection to the database `db` is connected to, with the same parameters. */
async function connectLike(db: pg.Client): Promise<pg.Client> {
  const client = new pg.Client({
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    database: db.database,
    ssl: db.ssl,
  });
  await client.connect();
  return client;
}

/**
 * The body of a linear search_bigrams that returns exactly what the original returns: the
 * distinct bigrams sorted by the database's collation. When that collation orders text by
 * code point (C, POSIX, C.UTF-8), sorting with COLLATE "C" gives the same order, faster.
 * Checked against the original on a sample of the proposals and on edge cases; throws when
 * they differ (the search index would be wrong).
 */
async function linearBigramsBody(db: pg.Client): Promise<string> {
  const { rows } = await db.query<{ c_differs: number; differs: number; collate: string }>(
    `SELECT count(*) FILTER (WHERE public.search_bigrams(s.t) IS DISTINCT FROM pg_temp.bigrams_c(s.t))::int AS c_differs,
            count(*) FILTER (WHERE public.search_bigrams(s.t) IS DISTINCT FROM pg_temp.bigrams_exact(s.t))::int AS differs,
            (SELECT datcollate FROM pg_database WHERE datname = current_database()) AS collate
       FROM (
         SELECT title || ' ' || body AS t FROM proposal WHERE pg_temp.h(hashtext(id::text), 130) % 1000 = 0
         UNION ALL SELECT unnest(ARRAY['', 'a', 'ab', 'AbA', '가나다라', 'x 놀이터 Y', E'줄\\n바꿈', '  ', 'Ab-cD 12'])
       ) s`,
  );
  const { c_differs, differs, collate } = rows[0]!;
  if (differs > 0) {
    throw new Error(`a linear search_bigrams differs from the original on ${differs} texts`);
  }
  const codePointOrder = ['C', 'POSIX', 'C.UTF-8', 'C.utf8'].includes(collate);
  return codePointOrder && c_differs === 0 ? EXACT_C_BIGRAMS_BODY : EXACT_BIGRAMS_BODY;
}

/**
 * Fills proposal_search (the bigrams of every proposal), builds its GIN index and analyzes
 * both tables. The bigrams of every proposal are first computed by the linear function, by
 * parallel workers, into a temporary table keyed by the md5 of the text; then, in one
 * transaction, search_bigrams becomes a lookup in that table (computing the value when a text
 * is not there; `|| '{}'` hands back the array decompressed, as the original computes it),
 * proposal_search is filled through it, the index is built and the tables analyzed,
 * and the function is put back as pg_get_functiondef printed it. Analyzing after the load
 * committed also resets the table's count of changes, so autovacuum does not analyze it again
 * (with the slow function) right after.
 */
async function buildSearchIndex(
  client: pg.Client,
  gin: SchemaObject,
  originalDef: string | null,
  linearBody: string | null,
  step: (label: string, sql: string) => Promise<unknown>,
): Promise<void> {
  const swap = originalDef !== null && linearBody !== null;
  if (swap) {
    await client.query(
      `CREATE FUNCTION pg_temp.linear_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         AS $linear$ ${linearBody} $linear$`,
    );
    await step(
      'bigrams of the proposals (parallel workers)',
      `CREATE TEMP TABLE bigram_cache AS
       SELECT md5(title || ' ' || body)::uuid AS k, pg_temp.linear_bigrams(title || ' ' || body) AS b FROM proposal`,
    );
    await client.query('CREATE INDEX ON bigram_cache (k)');
  }
  await client.query('BEGIN');
  try {
    if (swap) {
      await client.query(
        `CREATE OR REPLACE FUNCTION public.search_bigrams(t text) RETURNS text[]
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $lookup$
             SELECT coalesce((SELECT c.b || '{}'::text[] FROM pg_temp.bigram_cache c WHERE c.k = md5(t)::uuid LIMIT 1),
                             pg_temp.linear_bigrams(t))
           $lookup$`,
      );
    }
    await step(
      'proposal_search (bigrams of every proposal)',
      `INSERT INTO proposal_search (proposal_id, bigrams)
       SELECT id, search_bigrams(title || ' ' || body) FROM proposal`,
    );
    await step(`index ${gin.name}`, gin.def);
    await step('ANALYZE proposal, proposal_search', 'ANALYZE proposal, proposal_search');
    if (swap) {
      await client.query(originalDef);
      const { rows } = await client.query<{ def: string }>(
        `SELECT pg_get_functiondef('public.search_bigrams(text)'::regprocedure) AS def`,
      );
      if (rows[0]!.def !== originalDef) throw new Error('search_bigrams was not put back');
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    if (swap) {
      await client.query('DROP TABLE IF EXISTS bigram_cache').catch(() => undefined);
      await client
        .query('DROP FUNCTION IF EXISTS pg_temp.linear_bigrams(text)')
        .catch(() => undefined);
    }
  }
}

async function summarize(
  db: pg.Client,
  scale: DatasetScale,
): Promise<Omit<DatasetSummary, 'seconds' | 'steps'>> {
  const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];
  const counts = await q(`SELECT
     (SELECT count(*) FROM department)::int AS departments,
     (SELECT count(*) FROM topic)::int AS topics,
     (SELECT count(*) FROM participatory_process)::int AS processes,
     (SELECT count(*) FROM app_user WHERE role = 'STAFF')::int AS staff,
     (SELECT count(*) FROM app_user WHERE role = 'MODERATOR')::int AS moderators,
     (SELECT count(*) FROM app_user)::int AS users,
     (SELECT count(*) FROM proposal)::int AS proposals,
     (SELECT count(*) FROM proposal_support)::int AS supports,
     (SELECT count(*) FROM comment)::int AS comments,
     (SELECT count(*) FROM comment WHERE parent_id IS NULL)::int AS top_level,
     (SELECT count(*) FROM comment WHERE parent_id IS NOT NULL)::int AS replies,
     (SELECT count(*) FROM comment WHERE deleted_at IS NOT NULL)::int AS deleted_comments,
     (SELECT count(*) FROM comment WHERE hidden)::int AS hidden_comments,
     (SELECT count(*) FROM proposal WHERE hidden)::int AS hidden_proposals,
     (SELECT max(support_count) FROM proposal)::int AS max_supports,
     (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY support_count) FROM proposal)::int AS median_supports,
     (SELECT count(*) FROM proposal WHERE support_count = 0)::int AS without_support,
     (SELECT min(char_length(body)) FROM proposal)::int AS body_min,
     (SELECT round(avg(char_length(body)))::int FROM proposal) AS body_avg,
     (SELECT max(char_length(body)) FROM proposal)::int AS body_max,
     (SELECT count(*) FROM department_transfer)::int AS routings,
     (SELECT count(*) FROM (SELECT 1 FROM department_transfer GROUP BY proposal_id HAVING count(*) > 1) x)::int AS transferred,
     (SELECT count(*) FROM official_answer)::int AS answers,
     (SELECT count(DISTINCT proposal_id) FROM official_answer)::int AS answered,
     (SELECT count(*) FROM answer_rating)::int AS ratings,
     (SELECT count(*) FROM progress_update)::int AS progress_updates,
     (SELECT count(*) FROM proposal WHERE awaiting_answer AND response_due_at < now())::int AS overdue,
     (SELECT count(*) FROM workshop)::int AS workshops,
     (SELECT count(*) FROM workshop_registration)::int AS registrations,
     (SELECT count(*) FROM workshop_proposal)::int AS links,
     (SELECT count(*) FROM moderation_item)::int AS moderation_items,
     (SELECT count(*) FROM content_report)::int AS reports`);
  const statuses: Record<string, number> = {};
  for (const row of (
    await db.query(`SELECT status::text, count(*)::int AS n FROM proposal GROUP BY 1 ORDER BY 1`)
  ).rows) {
    statuses[row.status] = row.n;
  }
  const searchMatches: Record<string, number> = {};
  for (const word of SEARCH_WORDS) {
    searchMatches[word] = (
      await q(
        `SELECT count(*)::int AS n FROM proposal p
          WHERE search_bigrams(p.title || ' ' || p.body) @> search_bigrams($1)
            AND (strpos(lower(p.title), lower($1)) > 0 OR strpos(lower(p.body), lower($1)) > 0)`,
        [word],
      )
    ).n;
  }
  void scale;
  return {
    proposals: counts.proposals,
    supports: counts.supports,
    comments: counts.comments,
    users: counts.users,
    workshops: counts.workshops,
    departments: counts.departments,
    topics: counts.topics,
    processes: counts.processes,
    staff: counts.staff,
    moderators: counts.moderators,
    topLevelComments: counts.top_level,
    replies: counts.replies,
    deletedComments: counts.deleted_comments,
    hiddenComments: counts.hidden_comments,
    hiddenProposals: counts.hidden_proposals,
    statuses,
    maxSupports: counts.max_supports,
    medianSupports: counts.median_supports,
    proposalsWithoutSupport: counts.without_support,
    bodyLength: { min: counts.body_min, avg: counts.body_avg, max: counts.body_max },
    routings: counts.routings,
    transferredProposals: counts.transferred,
    answers: counts.answers,
    answeredProposals: counts.answered,
    ratings: counts.ratings,
    progressUpdates: counts.progress_updates,
    overdue: counts.overdue,
    registrations: counts.registrations,
    workshopProposalLinks: counts.links,
    moderationItems: counts.moderation_items,
    contentReports: counts.reports,
    searchMatches,
  };
}

/**
 * Every stored counter against the rows it counts, and the invariants the services keep
 * (replies on their parent's proposal, the feedback state of each proposal, the workshop
 * queue, the moderation queue, one open session per user). Returns one line per kind of
 * inconsistency, with a few examples; empty when all is well.
 */
export async function checkDataset(db: pg.Client): Promise<string[]> {
  const checks: [string, string][] = [
    [
      'proposal.support_count is not the number of its proposal_support rows',
      `SELECT p.id::text, p.support_count AS stored, coalesce(s.n, 0) AS counted
         FROM proposal p LEFT JOIN (SELECT proposal_id, count(*)::int AS n FROM proposal_support GROUP BY 1) s
           ON s.proposal_id = p.id
        WHERE p.support_count <> coalesce(s.n, 0)`,
    ],
    [
      'proposal.comment_count is not the number of its visible (neither deleted nor hidden) comments and replies',
      `SELECT p.id::text, p.comment_count AS stored, coalesce(c.n, 0) AS counted
         FROM proposal p LEFT JOIN (
           SELECT proposal_id, count(*)::int AS n FROM comment
            WHERE proposal_id IS NOT NULL AND deleted_at IS NULL AND NOT hidden GROUP BY 1
         ) c ON c.proposal_id = p.id
        WHERE p.comment_count <> coalesce(c.n, 0)`,
    ],
    [
      'comment.reply_count is not the number of its visible replies',
      `SELECT c.id::text, c.reply_count AS stored, coalesce(r.n, 0) AS counted
         FROM comment c LEFT JOIN (
           SELECT parent_id, count(*)::int AS n FROM comment
            WHERE parent_id IS NOT NULL AND deleted_at IS NULL AND NOT hidden GROUP BY 1
         ) r ON r.parent_id = c.id
        WHERE c.reply_count <> coalesce(r.n, 0)`,
    ],
    [
      'a reply is not on the subject of the comment it answers, or was written before it',
      `SELECT r.id::text, NULL AS stored, NULL AS counted FROM comment r JOIN comment c ON c.id = r.parent_id
        WHERE c.proposal_id IS DISTINCT FROM r.proposal_id OR c.workshop_id IS DISTINCT FROM r.workshop_id
           OR r.created_at < c.created_at`,
    ],
    [
      'workshop.registered_count is not the number of its CONFIRMED registrations',
      `SELECT w.id::text, w.registered_count AS stored, coalesce(r.n, 0) AS counted
         FROM workshop w LEFT JOIN (
           SELECT workshop_id, count(*)::int AS n FROM workshop_registration WHERE status = 'CONFIRMED' GROUP BY 1
         ) r ON r.workshop_id = w.id
        WHERE w.registered_count <> coalesce(r.n, 0)`,
    ],
    [
      'workshop.waitlist_count is not the number of its WAITLISTED registrations',
      `SELECT w.id::text, w.waitlist_count AS stored, coalesce(r.n, 0) AS counted
         FROM workshop w LEFT JOIN (
           SELECT workshop_id, count(*)::int AS n FROM workshop_registration WHERE status = 'WAITLISTED' GROUP BY 1
         ) r ON r.workshop_id = w.id
        WHERE w.waitlist_count <> coalesce(r.n, 0)`,
    ],
    [
      'a workshop has people waiting while places are free',
      `SELECT id::text, registered_count AS stored, capacity AS counted FROM workshop
        WHERE waitlist_count > 0 AND (capacity IS NULL OR registered_count < capacity)`,
    ],
    [
      'moderation_item.report_count is not the number of reports of its target',
      `SELECT m.id::text, m.report_count AS stored, count(r.id)::int AS counted
         FROM moderation_item m LEFT JOIN content_report r
           ON r.proposal_id = m.proposal_id OR r.comment_id = m.comment_id
        GROUP BY m.id HAVING m.report_count <> count(r.id)`,
    ],
    [
      'moderation_item.open_report_count is not the number of reports since its last RESTORE',
      `SELECT m.id::text, m.open_report_count AS stored, count(r.id)::int AS counted
         FROM moderation_item m
         LEFT JOIN LATERAL (SELECT max(d.created_at) AS at FROM moderation_decision d
                             WHERE d.item_id = m.id AND d.action = 'RESTORE') last ON true
         LEFT JOIN content_report r ON (r.proposal_id = m.proposal_id OR r.comment_id = m.comment_id)
                                   AND (last.at IS NULL OR r.created_at > last.at)
        GROUP BY m.id HAVING m.open_report_count <> count(r.id)`,
    ],
    [
      'hidden content without a moderation decision to hide it',
      `SELECT x.id::text, NULL AS stored, NULL AS counted FROM (
         SELECT id, id AS proposal_id, NULL::uuid AS comment_id FROM proposal WHERE hidden
         UNION ALL SELECT id, NULL, id FROM comment WHERE hidden
       ) x
        WHERE NOT EXISTS (SELECT 1 FROM moderation_item m JOIN moderation_decision d ON d.item_id = m.id
                           WHERE (m.proposal_id = x.proposal_id OR m.comment_id = x.comment_id) AND d.action = 'HIDE')`,
    ],
    [
      'proposal.department_id is not the department of its latest routing',
      `SELECT p.id::text, p.department_id::text AS stored, t.to_department_id::text AS counted
         FROM proposal p LEFT JOIN LATERAL (
           SELECT to_department_id FROM department_transfer WHERE proposal_id = p.id ORDER BY created_at DESC LIMIT 1
         ) t ON true
        WHERE p.department_id IS DISTINCT FROM t.to_department_id`,
    ],
    [
      'proposal.awaiting_answer is not "routed, not withdrawn, and no answer from its department since the latest routing"',
      `SELECT p.id::text, p.awaiting_answer::text AS stored, NOT p.awaiting_answer AS counted
         FROM proposal p LEFT JOIN LATERAL (
           SELECT id FROM department_transfer WHERE proposal_id = p.id ORDER BY created_at DESC LIMIT 1
         ) t ON true
        WHERE p.awaiting_answer IS DISTINCT FROM (
          t.id IS NOT NULL AND p.status <> 'WITHDRAWN'
          AND NOT EXISTS (SELECT 1 FROM official_answer a WHERE a.transfer_id = t.id))`,
    ],
    [
      'proposal.status is not what its answers say (the latest answer, SUBMITTED before routing, UNDER_REVIEW after)',
      `SELECT p.id::text, p.status::text AS stored, coalesce(a.status::text, 'none') AS counted
         FROM proposal p LEFT JOIN LATERAL (
           SELECT status FROM official_answer WHERE proposal_id = p.id ORDER BY created_at DESC LIMIT 1
         ) a ON true
        WHERE p.status <> 'WITHDRAWN'
          AND p.status::text <> CASE WHEN a.status IS NOT NULL THEN a.status::text
                                     WHEN p.department_id IS NULL THEN 'SUBMITTED' ELSE 'UNDER_REVIEW' END`,
    ],
    [
      'proposal.progress is not 100 when IMPLEMENTED, or not its latest progress update while IN_PROGRESS',
      `SELECT p.id::text, p.progress AS stored, u.progress AS counted
         FROM proposal p LEFT JOIN LATERAL (
           SELECT progress FROM progress_update WHERE proposal_id = p.id ORDER BY created_at DESC LIMIT 1
         ) u ON true
        WHERE (p.status = 'IMPLEMENTED' AND p.progress <> 100)
           OR (p.status = 'IN_PROGRESS' AND p.progress <> coalesce(u.progress, 0))`,
    ],
    [
      'proposal.response_due_at is not set exactly when it was routed',
      `SELECT p.id::text, p.response_due_at::text AS stored, NULL AS counted FROM proposal p
        WHERE (p.response_due_at IS NOT NULL) <> EXISTS (SELECT 1 FROM department_transfer t WHERE t.proposal_id = p.id)`,
    ],
    [
      'an answer is not by its department (the routing it answers goes elsewhere) or rated by someone else than the author',
      `SELECT a.id::text, NULL AS stored, NULL AS counted FROM official_answer a
         JOIN department_transfer t ON t.id = a.transfer_id
         LEFT JOIN answer_rating r ON r.answer_id = a.id
         JOIN proposal p ON p.id = a.proposal_id
        WHERE t.to_department_id <> a.department_id OR t.proposal_id <> a.proposal_id
           OR (r.rater_id IS NOT NULL AND r.rater_id <> p.author_id)`,
    ],
    [
      'a user has not exactly one open session',
      `SELECT u.id::text, count(s.id)::int AS stored, 1 AS counted
         FROM app_user u LEFT JOIN auth_session s ON s.user_id = u.id AND s.revoked_at IS NULL
        GROUP BY u.id HAVING count(s.id) <> 1`,
    ],
    [
      'something happened after now()',
      `SELECT x.what AS id, NULL AS stored, NULL AS counted FROM (
         SELECT 'proposal' AS what, max(greatest(created_at, updated_at)) AS at FROM proposal
         UNION ALL SELECT 'proposal_support', max(created_at) FROM proposal_support
         UNION ALL SELECT 'comment', max(greatest(created_at, edited_at, deleted_at)) FROM comment
         UNION ALL SELECT 'department_transfer', max(created_at) FROM department_transfer
         UNION ALL SELECT 'official_answer', max(created_at) FROM official_answer
         UNION ALL SELECT 'progress_update', max(created_at) FROM progress_update
         UNION ALL SELECT 'answer_rating', max(created_at) FROM answer_rating
         UNION ALL SELECT 'content_report', max(created_at) FROM content_report
       ) x WHERE x.at > now()`,
    ],
  ];
  const problems: string[] = [];
  for (const [what, sql] of checks) {
    const { rows } = await db.query(`SELECT * FROM (${sql}) x LIMIT 4`);
    if (rows.length > 0) {
      const total = (await db.query(`SELECT count(*)::int AS n FROM (${sql}) x`)).rows[0].n;
      const examples = rows
        .slice(0, 3)
        .map(
          (r) => `${r.id}${r.stored === null ? '' : ` (stored ${r.stored}, counted ${r.counted})`}`,
        )
        .join('; ');
      problems.push(`${what}: ${total} rows, e.g. ${examples}`);
    }
  }
  // The search index agrees with a plain scan, for the search words and a few others (upper
  // case in the text: CCTV; one of two syllables: 그늘, 주차; across a space: 터 주).
  for (const word of [...SEARCH_WORDS, '그늘', '주차', '가로등', '춘향테마파크', 'cctv', '터 주']) {
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_seqscan = off');
      const viaIndex = (
        await db.query(
          `SELECT count(*)::int AS n FROM proposal p WHERE search_bigrams(p.title || ' ' || p.body) @> search_bigrams($1)
             AND (strpos(lower(p.title), lower($1)) > 0 OR strpos(lower(p.body), lower($1)) > 0)`,
          [word],
        )
      ).rows[0].n;
      await db.query('SET LOCAL enable_seqscan = on');
      await db.query('SET LOCAL enable_bitmapscan = off');
      await db.query('SET LOCAL enable_indexscan = off');
      const viaScan = (
        await db.query(
          `SELECT count(*)::int AS n FROM proposal p
            WHERE strpos(lower(p.title), lower($1)) > 0 OR strpos(lower(p.body), lower($1)) > 0`,
          [word],
        )
      ).rows[0].n;
      if (viaIndex !== viaScan) {
        problems.push(
          `search "${word}": the bigram index finds ${viaIndex} proposals, a scan ${viaScan}`,
        );
      }
    } finally {
      await db.query('ROLLBACK');
    }
  }
  return problems;
}

/**
 * The user id and open session id of the accounts a benchmark signs in as: what an access
 * token's `sub` and `sid` must name. `emails` as in the header (admin@bench.wontak.kr, ...).
 */
export async function userSessions(
  db: pg.Client,
  emails: string[],
): Promise<Map<string, { userId: string; sessionId: string }>> {
  const { rows } = await db.query<{ email: string; user_id: string; session_id: string }>(
    `SELECT u.email, u.id AS user_id, s.id AS session_id
       FROM app_user u JOIN auth_session s ON s.user_id = u.id AND s.revoked_at IS NULL
      WHERE u.email = ANY($1)`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, { userId: r.user_id, sessionId: r.session_id }]));
}
