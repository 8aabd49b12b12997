/**
 * The feedback loop at city scale: 100,000 proposals (BENCH_PROPOSALS to change) over 10
 * departments with a realistic history of routings, transfers, answers, ratings and progress
 * updates, timed through the real HTTP API (median, p90 and p95 of 15 runs). Uses
 * DATABASE_URL's server when set, else the embedded Postgres under DATA_DIR; works in its own
 * database `wontak_bench_feedback`, dropped and rebuilt on each run (see bench-kit.ts).
 *
 *   npm run bench:feedback
 *
 * The history is made by set-based SQL from a deterministic plan (no randomness, so two runs
 * time the same data): ~90% of proposals assigned, ~15% transferred once or twice (sometimes
 * back to where they came from), ~70% answered 1-3 times by the department holding them (each
 * answer linked to the routing it answers), ~20% of answers rated, ~5% overdue, progress
 * updates on the accepted work, 1% hidden.
 */
import { performance } from 'node:perf_hooks';
import { startBench, timer } from './bench-kit.js';

const COUNT = Number(process.env.BENCH_PROPOSALS ?? 100_000);
const DEPARTMENTS = 10;

const bench = await startBench('wontak_bench_feedback');
const { db } = bench;
const started = performance.now();

async function step(label: string, sql: string, params: unknown[] = []): Promise<void> {
  const at = performance.now();
  const res = await db.query(sql, params);
  const rows = res.rowCount === null ? '' : ` (${res.rowCount} rows)`;
  console.log(
    `  ${label.padEnd(40)} ${((performance.now() - at) / 1000).toFixed(1).padStart(6)} s${rows}`,
  );
}

// People and departments: one author of every proposal, one staff member per department.
await step(
  'departments',
  `INSERT INTO department (slug, name)
   SELECT 'dept-' || d, '부서 ' || d FROM generate_series(0, $1::int - 1) d`,
  [DEPARTMENTS],
);
await step(
  'users',
  `INSERT INTO app_user (email, password_hash, display_name)
   VALUES ('bench-author@example.test', 'x', '제안자')`,
);
await step(
  'staff',
  `INSERT INTO app_user (email, password_hash, display_name, role, department_id)
   SELECT 'staff-' || d.slug || '@example.test', 'x', '담당 ' || d.slug, 'STAFF'::user_role, d.id FROM department d`,
);

/*
 * The plan: one row per proposal, every choice a hash of g (deterministic, and independent of
 * each other). Departments are numbered 0..9. n_routings 0 (unassigned, 10%), 1 (75%), 2 (10%),
 * 3 (5%): a routing never goes where the proposal already is, but a third one goes back to the
 * first department a third of the time (A -> B -> A). n_answers is the number of answers by
 * the last department on the last routing (0 for ~22% of the assigned); transferred proposals
 * were answered on their first routing too (an interim reply before the transfer) every other
 * time. A quarter of the unanswered ones are `late`: past their deadline.
 */
await step(
  'plan',
  `CREATE TABLE bench_plan AS
   SELECT g, id, created_at,
     CASE WHEN h_assign < 10 THEN 0 WHEN h_transfer < 5 THEN 3 WHEN h_transfer < 15 THEN 2 ELSE 1 END AS n_routings,
     d0,
     (d0 + 1 + h_d1 % (${DEPARTMENTS} - 1)) % ${DEPARTMENTS} AS d1,
     CASE WHEN h_d2 < 33 THEN d0 -- back where it came from
          ELSE ((d0 + 1 + h_d1 % (${DEPARTMENTS} - 1)) % ${DEPARTMENTS} + 1 + h_d2 % (${DEPARTMENTS} - 1)) % ${DEPARTMENTS}
     END AS d2,
     CASE WHEN h_assign >= 10 AND h_answer < 78 THEN 1 + h_count % 3 ELSE 0 END AS n_answers,
     h_late < 25 AS late,
     h_hidden < 1 AS hidden
   FROM (
     SELECT g, gen_random_uuid() AS id,
       now() - interval '40 days' - g * interval '10 minutes' AS created_at,
       abs(hashtext('d0' || g)) % ${DEPARTMENTS} AS d0,
       abs(hashtext('assign' || g)) % 100 AS h_assign,
       abs(hashtext('transfer' || g)) % 100 AS h_transfer,
       abs(hashtext('d1' || g)) % 1000 AS h_d1,
       abs(hashtext('d2' || g)) % 100 AS h_d2,
       abs(hashtext('answer' || g)) % 100 AS h_answer,
       abs(hashtext('count' || g)) % 100 AS h_count,
       abs(hashtext('late' || g)) % 100 AS h_late,
       abs(hashtext('hidden' || g)) % 100 AS h_hidden
     FROM generate_series(1, $1::int) g
   ) h`,
  [COUNT],
);
await step(
  'proposals',
  `INSERT INTO proposal (id, title, body, author_id, support_count, comment_count, hidden, created_at, updated_at)
   SELECT p.id, '제안 ' || p.g || ' 공원 그늘막과 산책로',
     '시험용 제안 본문입니다. 번호 ' || p.g || '. 동네 공원에 그늘이 부족합니다.',
     (SELECT id FROM app_user WHERE email = 'bench-author@example.test'),
     (p.g * 37) % 500, (p.g * 11) % 40, p.hidden, p.created_at, p.created_at
   FROM bench_plan p`,
);
await step(
  'routings',
  `CREATE TABLE bench_routing AS
   SELECT gen_random_uuid() AS id, p.g, p.id AS proposal_id, r.seq,
     CASE r.seq WHEN 0 THEN NULL WHEN 1 THEN p.d0 ELSE p.d1 END AS from_no,
     CASE r.seq WHEN 0 THEN p.d0 WHEN 1 THEN p.d1 ELSE p.d2 END AS to_no,
     p.created_at + (p.g % 48 + 1) * interval '1 hour'
       + CASE WHEN r.seq >= 1 THEN (p.g % 72 + 2) * interval '1 hour' ELSE interval '0' END
       + CASE WHEN r.seq >= 2 THEN ((p.g * 5) % 72 + 2) * interval '1 hour' ELSE interval '0' END AS created_at,
     p.created_at + (p.g % 48 + 1) * interval '1 hour' + interval '14 days' AS response_due_at
   FROM bench_plan p CROSS JOIN LATERAL generate_series(0, p.n_routings - 1) r(seq)`,
);
await step(
  'department_transfer',
  `INSERT INTO department_transfer (id, proposal_id, from_department_id, to_department_id, reason, by_id, response_due_at, created_at)
   SELECT r.id, r.proposal_id, df.id, dt.id,
     CASE WHEN r.seq = 0 THEN '담당 부서입니다' ELSE '소관이 아닙니다' END,
     s.id, r.response_due_at, r.created_at
   FROM bench_routing r
   JOIN department dt ON dt.slug = 'dept-' || r.to_no
   LEFT JOIN department df ON df.slug = 'dept-' || r.from_no
   JOIN app_user s ON s.department_id = coalesce(df.id, dt.id)`,
);
/*
 * Answers: by the last routing's department, 1-3 of them (UNDER_REVIEW | ACCEPTED | REJECTED;
 * ACCEPTED, IN_PROGRESS; ACCEPTED, IN_PROGRESS, IMPLEMENTED), the first 1-400 hours after the
 * routing, then a day apart; plus an interim reply on the first routing of every other
 * transferred proposal, 1-48 hours after it.
 */
await step(
  'official_answer',
  `INSERT INTO official_answer (proposal_id, department_id, transfer_id, author_id, status, body, created_at)
   SELECT r.proposal_id, d.id, r.id, s.id,
     (CASE
        WHEN p.n_answers = 1 THEN (ARRAY['UNDER_REVIEW', 'ACCEPTED', 'REJECTED'])[1 + abs(hashtext('status' || p.g)) % 3]
        ELSE (ARRAY['ACCEPTED', 'IN_PROGRESS', 'IMPLEMENTED'])[a.k + 1]
      END)::proposal_status,
     '답변드립니다. 검토 결과를 알려 드립니다. ' || p.g || '-' || a.k,
     r.created_at + (1 + abs(hashtext('hours' || p.g)) % 400) * interval '1 hour' + a.k * interval '1 day'
   FROM bench_plan p
   JOIN bench_routing r ON r.proposal_id = p.id AND r.seq = p.n_routings - 1
   CROSS JOIN LATERAL generate_series(0, p.n_answers - 1) a(k)
   JOIN department d ON d.slug = 'dept-' || r.to_no
   JOIN app_user s ON s.department_id = d.id
   UNION ALL
   SELECT r.proposal_id, d.id, r.id, s.id, 'UNDER_REVIEW', '검토 중입니다. 담당 부서를 확인하고 있습니다. ' || p.g,
     r.created_at + (p.g % 72 + 2) * interval '30 minutes'
   FROM bench_plan p
   JOIN bench_routing r ON r.proposal_id = p.id AND r.seq = 0
   JOIN department d ON d.slug = 'dept-' || r.to_no
   JOIN app_user s ON s.department_id = d.id
   WHERE p.n_routings > 1 AND p.g % 2 = 0`,
);
await step(
  'answer_rating (~20%)',
  `INSERT INTO answer_rating (answer_id, rater_id, score, comment, created_at)
   SELECT a.id, (SELECT id FROM app_user WHERE email = 'bench-author@example.test'),
     1 + abs(hashtext(a.body || 's')) % 5,
     CASE WHEN abs(hashtext(a.body || 'c')) % 3 = 0 THEN '감사합니다' END,
     a.created_at + interval '2 days'
   FROM official_answer a
   WHERE abs(hashtext(a.body || 'r')) % 5 = 0`,
);
await step(
  'progress_update',
  `INSERT INTO progress_update (proposal_id, department_id, author_id, progress, body, created_at)
   SELECT a.proposal_id, a.department_id, a.author_id, 20 + 30 * k, '진행 상황: ' || (20 + 30 * k) || '%',
     a.created_at + (k + 1) * interval '6 hours'
   FROM official_answer a CROSS JOIN generate_series(0, 1) k
   WHERE a.status = 'IN_PROGRESS'`,
);
/*
 * The proposals as the history left them: status of the last answer (UNDER_REVIEW when
 * assigned and unanswered), department of the last routing, awaiting an answer when its last
 * routing has none. A quarter of those awaiting are past their deadline (~5% of all, the
 * overdue ones); the others are given a deadline still ahead, as fresh routings would have.
 */
await step(
  'proposal state',
  `UPDATE proposal p SET
     department_id = d.id,
     status = coalesce(
       (SELECT a.status FROM official_answer a WHERE a.proposal_id = p.id ORDER BY a.created_at DESC LIMIT 1),
       'UNDER_REVIEW'),
     awaiting_answer = (pl.n_answers = 0),
     response_due_at = CASE
       WHEN pl.n_answers = 0 AND NOT pl.late THEN now() + (1 + pl.g % 13) * interval '1 day'
       ELSE r.response_due_at END,
     progress = CASE
       WHEN EXISTS (SELECT 1 FROM official_answer a WHERE a.proposal_id = p.id AND a.status = 'IMPLEMENTED') THEN 100
       ELSE coalesce((SELECT u.progress FROM progress_update u WHERE u.proposal_id = p.id ORDER BY u.created_at DESC LIMIT 1), 0)
     END,
     updated_at = r.created_at
   FROM bench_plan pl
   JOIN bench_routing r ON r.proposal_id = pl.id AND r.seq = pl.n_routings - 1
   JOIN department d ON d.slug = 'dept-' || r.to_no
   WHERE p.id = pl.id`,
);
await db.query('DROP TABLE bench_plan; DROP TABLE bench_routing');
// What autovacuum would have done on a database that grew to this size.
await step('VACUUM ANALYZE', 'VACUUM ANALYZE');

const totals = (
  await db.query(`SELECT
     (SELECT count(*) FROM proposal)::int AS proposals,
     (SELECT count(*) FROM proposal WHERE department_id IS NOT NULL)::int AS assigned,
     (SELECT count(*) FROM (SELECT proposal_id FROM department_transfer GROUP BY proposal_id HAVING count(*) > 1) x)::int AS transferred,
     (SELECT count(*) FROM department_transfer)::int AS routings,
     (SELECT count(DISTINCT proposal_id) FROM official_answer)::int AS answered,
     (SELECT count(*) FROM official_answer)::int AS answers,
     (SELECT count(*) FROM answer_rating)::int AS ratings,
     (SELECT count(*) FROM progress_update)::int AS progress_updates,
     (SELECT count(*) FROM proposal WHERE awaiting_answer AND response_due_at < now())::int AS overdue`)
).rows[0];
console.log(
  `seeded ${COUNT} proposals in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
    `${totals.assigned} assigned, ${totals.transferred} transferred, ${totals.routings} routings, ` +
    `${totals.answered} answered (${totals.answers} answers, ${totals.ratings} rated), ` +
    `${totals.progress_updates} progress updates, ${totals.overdue} overdue`,
);

const { gql, time, heading } = timer(bench.endpoint);

const STATS =
  'assignedCount answeredCount overdueCount medianFirstResponseHours averageSatisfaction transfersOut';
const HISTORY = `answers { id status body createdAt author { displayName } department { name } rating { score comment } }
  transfers { reason createdAt from { name } to { name } by { displayName } }
  progressUpdates { progress body createdAt author { displayName } }`;
const rows = (list: { nodes: unknown[] }) => `${list.nodes.length} rows`;

await heading(db);
const one = await gql(
  `query($slug: String!) { department(slug: $slug) { name stats { ${STATS} } } }`,
  {
    slug: 'dept-3',
  },
);
console.log(`dept-3: ${JSON.stringify(one.department.stats)}`);
await time(
  'Department.stats, one department',
  `query($slug: String!) { department(slug: $slug) { name stats { ${STATS} } } }`,
  { slug: 'dept-3' },
  (d) => `assigned ${d.department.stats.assignedCount}`,
);
await time(
  `departments { stats }, all ${DEPARTMENTS} departments`,
  `{ departments { name stats { ${STATS} } } }`,
  {},
  (d) => `${d.departments.length} departments`,
);
await time(
  'Department.proposals(overdue, RESPONSE_DUE_AT ASC), 20',
  `query($slug: String!) { department(slug: $slug) {
     proposals(overdue: true, orderBy: { field: RESPONSE_DUE_AT, direction: ASC }, first: 20) {
       nodes { id title status responseDueAt overdue } } } }`,
  { slug: 'dept-3' },
  (d) => rows(d.department.proposals),
);
await time(
  'proposals(filter: { overdue: true }), 20',
  `{ proposals(filter: { overdue: true }, first: 20) { nodes { id title status responseDueAt overdue department { name } } } }`,
  {},
  (d) => rows(d.proposals),
);
await time(
  'proposals page of 20 with answers, transfers, progress',
  `{ proposals(first: 20) { nodes { id title status progress ${HISTORY} } } }`,
  {},
  (d) => {
    const nodes = d.proposals.nodes as {
      answers: unknown[];
      transfers: unknown[];
      progressUpdates: unknown[];
    }[];
    const sum = (f: (n: (typeof nodes)[number]) => unknown[]) =>
      nodes.reduce((s, n) => s + f(n).length, 0);
    return `${nodes.length} rows, ${sum((n) => n.answers)} answers, ${sum((n) => n.transfers)} transfers, ${sum((n) => n.progressUpdates)} updates`;
  },
);
await time(
  'proposals page of 20 IN_PROGRESS with history',
  `{ proposals(first: 20, filter: { status: [IN_PROGRESS, IMPLEMENTED] }) { nodes { id title status progress ${HISTORY} } } }`,
  {},
  (d) => rows(d.proposals),
);

await bench.stop();
