/**
 * The benchmark scenarios (issue 8): what the runner (bench.ts) sends to the GraphQL API with
 * autocannon, and, for each read, the "floor": the SQL the scenario needs, run by a minimal
 * `node:http` + `pg` server (floor-server.ts) that answers the very JSON the API answers. The
 * API's throughput over the floor's is then a fair ratio: same rows, same joins, same indexes,
 * same answer, only the framework in between differs.
 *
 * Each floor function is what a careful hand-written endpoint would do: one statement that
 * reads the page (or the proposal, or the department) with everything the document selects
 * (authors and departments joined by primary key, topic names and comments in subqueries), the
 * same WHERE as the API (visibility, search, keyset predicate) so the same index serves it,
 * then the JSON built in JavaScript with the API's global IDs, DateTime format and nulls.
 * `bench/scenarios.check.ts` proves the answers equal, deep and byte for byte.
 */
import type pg from 'pg';
import { encodeCursor } from '../src/core/graphql/relay/cursor.js';
import { toGlobalId } from '../src/core/graphql/relay/global-id.js';
import { STATS_COLUMNS } from '../src/feedback/department-stats.service.js';
import { characterCount, normalizeText } from '../src/core/validation/text.js';

export type ScenarioName =
  | 'proposal-list'
  | 'proposal-detail'
  | 'search'
  | 'support-toggle'
  | 'deep-page'
  | 'department-stats';

/** Prepared once from the data set by prepareContext. */
export interface BenchContext {
  /** Uuids of a sample of visible (not hidden) proposals. */
  proposalIds: string[];
  /** The proposal support-toggle supports and unsupports: the most supported open one. */
  hotProposalId: string;
  /** The API's own cursor of the row 90% of the way down the SUPPORT_COUNT DESC list. */
  deepCursor: string;
  departmentIds: string[];
  searchWord: string;
  /** A sample of users with an open session (not suspended), for tokens. */
  users: { id: string; sessionId: string }[];
}

export interface ScenarioRequest {
  query: string;
  variables: Record<string, unknown>;
  /** Which context user signs the request (the runner makes it a Bearer token); undefined: anonymous. */
  userIndex?: number;
}

export interface Scenario {
  name: ScenarioName;
  description: string;
  write: boolean;
  /** The i-th GraphQL request of a run (ids and users vary with i so caches do not flatter). */
  request(ctx: BenchContext, i: number): ScenarioRequest;
  /**
   * The floor's equivalent: the SQL the scenario needs, executed with `pool`, returning the same
   * `{ data: ... }` object the API returns for request(ctx, i). Absent for write scenarios.
   */
  floor?(
    pool: pg.Pool,
    ctx: BenchContext,
    i: number,
    viewerUserId: string | null,
  ): Promise<unknown>;
}

const PAGE_SIZE = 20;
const SAMPLE_PROPOSALS = 1000;
const SAMPLE_USERS = 1000;

/** The API's ordering names (proposals.service.ts: `proposals-${field}-${direction}`). */
const SUPPORT_ORDERING = 'proposals-SUPPORT_COUNT-DESC';

/* ------------------------------------------------------------------------------------------ */
/* The GraphQL documents                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** One page of proposals: proposal-list, search and deep-page differ only in their variables. */
export const PROPOSAL_PAGE = `query ProposalPage($first: Int, $after: String, $filter: ProposalFilter, $orderBy: ProposalOrder) {
  proposals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes {
      id
      title
      status
      createdAt
      supportCount
      commentCount
      author { id displayName }
      department { id name }
      topics { name }
    }
  }
}`;

export const PROPOSAL_DETAIL = `query ProposalDetail($id: ID!) {
  proposal(id: $id) {
    id
    title
    body
    status
    progress
    createdAt
    updatedAt
    responseDueAt
    supportCount
    commentCount
    viewerHasSupported
    author { id displayName }
    department { id name }
    topics { name }
    comments(first: 20) {
      nodes {
        id
        body
        createdAt
        author { id displayName }
      }
    }
  }
}`;

export const SUPPORT = `mutation Support($id: ID!) {
  supportProposal(id: $id) { id supportCount }
}`;

export const UNSUPPORT = `mutation Unsupport($id: ID!) {
  unsupportProposal(id: $id) { id supportCount }
}`;

export const DEPARTMENT_STATS = `query DepartmentStats($id: ID!) {
  node(id: $id) {
    ... on Department {
      id
      name
      stats {
        assignedCount
        answeredCount
        overdueCount
        medianFirstResponseHours
        averageSatisfaction
        transfersOut
      }
    }
  }
}`;

/* ------------------------------------------------------------------------------------------ */
/* The context                                                                                 */
/* ------------------------------------------------------------------------------------------ */

type Queryable = pg.Client | pg.Pool;

async function rows<R>(db: Queryable, text: string, params: unknown[] = []): Promise<R[]> {
  return ((await (db as pg.Pool).query(text, params)) as pg.QueryResult<R & pg.QueryResultRow>)
    .rows;
}

/** Reads the ids, the deep cursor and the users the scenarios need from the data set. */
export async function prepareContext(db: Queryable, searchWord: string): Promise<BenchContext> {
  // Uuids are random: the first 1,000 in id order are a sample spread over the whole table.
  const proposalIds = (
    await rows<{ id: string }>(
      db,
      'SELECT id FROM proposal WHERE hidden = false ORDER BY id LIMIT $1',
      [SAMPLE_PROPOSALS],
    )
  ).map((r) => r.id);
  if (proposalIds.length === 0) throw new Error('prepareContext: no visible proposal');

  // Supports are refused on hidden, WITHDRAWN and REJECTED proposals (proposal-access.ts).
  const [hot] = await rows<{ id: string }>(
    db,
    `SELECT id FROM proposal
      WHERE hidden = false AND status NOT IN ('WITHDRAWN', 'REJECTED')
      ORDER BY support_count DESC, id DESC LIMIT 1`,
  );
  if (!hot) throw new Error('prepareContext: no proposal open for supports');

  // The anonymous SUPPORT_COUNT DESC list (ties broken by id), as the API orders it.
  const [{ n }] = await rows<{ n: number }>(
    db,
    'SELECT count(*)::int AS n FROM proposal WHERE hidden = false',
  );
  const [deep] = await rows<{ id: string; support_count: number }>(
    db,
    `SELECT id, support_count FROM proposal WHERE hidden = false
      ORDER BY support_count DESC, id DESC OFFSET $1 LIMIT 1`,
    [Math.floor(n * 0.9)],
  );
  const deepCursor = encodeCursor(SUPPORT_ORDERING, [deep!.support_count, deep!.id]);

  const departmentIds = (
    await rows<{ id: string }>(db, 'SELECT id FROM department ORDER BY name, id')
  ).map((r) => r.id);
  if (departmentIds.length === 0) throw new Error('prepareContext: no department');

  // Each user's newest open session; suspended users could not support (FORBIDDEN).
  const users = (
    await rows<{ id: string; session_id: string }>(
      db,
      `SELECT DISTINCT ON (u.id) u.id, s.id AS session_id
         FROM app_user u JOIN auth_session s ON s.user_id = u.id AND s.revoked_at IS NULL
        WHERE u.suspended_until IS NULL OR u.suspended_until <= now()
        ORDER BY u.id, s.created_at DESC, s.id
        LIMIT $1`,
      [SAMPLE_USERS],
    )
  ).map((r) => ({ id: r.id, sessionId: r.session_id }));
  if (users.length === 0) throw new Error('prepareContext: no user with an open session');

  return {
    proposalIds,
    hotProposalId: hot.id,
    deepCursor,
    departmentIds,
    searchWord,
    users,
  };
}

/* ------------------------------------------------------------------------------------------ */
/* What the floor shares                                                                       */
/* ------------------------------------------------------------------------------------------ */

const gid = toGlobalId;
/** The API's DateTime: ISO 8601 in UTC with milliseconds (date-time.scalar.ts). */
const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * Whether the viewer sees hidden content (a moderator or an admin), as SQL over parameter
 * `$viewer`: false for anonymous viewers. The API knows the role from its authentication query;
 * the floor, which is handed a user id, reads it in the same statement.
 */
const seesHiddenSql = (viewer: string) =>
  `EXISTS (SELECT 1 FROM app_user vu WHERE vu.id = ${viewer}::uuid AND vu.role IN ('MODERATOR', 'ADMIN'))`;

/** The API's visibility rule over alias `p` (proposal-access.ts visibleProposalsSql). */
function visibleSql(viewerParam: string | null): string {
  if (viewerParam === null) return 'p.hidden = false';
  return `(p.hidden = false OR p.author_id = ${viewerParam}::uuid OR ${seesHiddenSql(viewerParam)})`;
}

/** Topic names of proposal `p`, in the API's order (by topic id: proposals.service.ts). */
const TOPIC_NAMES = `ARRAY(SELECT t.name FROM proposal_topic pt JOIN topic t ON t.id = pt.topic_id
        WHERE pt.proposal_id = p.id ORDER BY pt.topic_id) AS topic_names`;

interface PageRow {
  id: string;
  title: string;
  status: string;
  created_at: Date;
  support_count: number;
  comment_count: number;
  author_id: string;
  author_name: string;
  department_id: string | null;
  department_name: string | null;
  topic_names: string[];
}

function pageNode(r: PageRow) {
  return {
    id: gid('Proposal', r.id),
    title: r.title,
    status: r.status,
    createdAt: iso(r.created_at),
    supportCount: r.support_count,
    commentCount: r.comment_count,
    author: { id: gid('User', r.author_id), displayName: r.author_name },
    department: r.department_id
      ? { id: gid('Department', r.department_id), name: r.department_name }
      : null,
    topics: r.topic_names.map((name) => ({ name })),
  };
}

interface PageQuery {
  /** Conditions besides visibility, over alias `p`, with parameters numbered from $1. */
  where: string[];
  params: unknown[];
  /** `p.support_count DESC, p.id DESC` and the like: the API's keys, all in one direction. */
  orderBy: string;
}

/** One statement: the page with its authors, departments and topic names. */
async function proposalPage(pool: pg.Pool, q: PageQuery, viewer: string | null) {
  const params = [...q.params];
  let viewerParam: string | null = null;
  if (viewer !== null) {
    params.push(viewer);
    viewerParam = `$${params.length}`;
  }
  params.push(PAGE_SIZE);
  const sql = `SELECT p.id, p.title, p.status, p.created_at, p.support_count, p.comment_count,
        a.id AS author_id, a.display_name AS author_name,
        d.id AS department_id, d.name AS department_name,
        ${TOPIC_NAMES}
      FROM proposal p
      JOIN app_user a ON a.id = p.author_id
      LEFT JOIN department d ON d.id = p.department_id
      WHERE ${[visibleSql(viewerParam), ...q.where].join(' AND ')}
      ORDER BY ${q.orderBy}
      LIMIT $${params.length}`;
  const { rows: page } = await pool.query<PageRow>(sql, params);
  return { data: { proposals: { nodes: page.map(pageNode) } } };
}

/** The API's search condition (proposal-search.ts), the term normalised as its input rules do. */
function searchWhere(term: string, param: string): string {
  const exact = `(strpos(lower(p.title), lower(${param})) > 0 OR strpos(lower(p.body), lower(${param})) > 0)`;
  if (characterCount(term) < 2) return exact;
  return `p.id IN (SELECT ps.proposal_id FROM proposal_search ps WHERE ps.bigrams @> search_bigrams(${param})) AND ${exact}`;
}

/** The sort values of a SUPPORT_COUNT DESC cursor, checked as the API checks them. */
function decodeSupportCursor(cursor: string): [number, string] {
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== SUPPORT_ORDERING ||
    !Number.isSafeInteger(parsed[1]) ||
    typeof parsed[2] !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(parsed[2])
  ) {
    throw new Error('not a SUPPORT_COUNT DESC cursor');
  }
  return [parsed[1] as number, parsed[2]];
}

interface DetailRow {
  id: string;
  title: string;
  body: string;
  status: string;
  progress: number;
  created_at: Date;
  updated_at: Date;
  response_due_at: Date | null;
  support_count: number;
  comment_count: number;
  viewer_supports: boolean;
  author_id: string;
  author_name: string;
  department_id: string | null;
  department_name: string | null;
  topic_names: string[];
  comments: {
    id: string;
    body: string | null;
    createdAt: string;
    authorId: string;
    authorName: string;
  }[];
}

/**
 * The proposal as the viewer may see it, with viewerHasSupported and its first 20 top-level
 * comments (oldest first, through ix_comment_proposal_thread) with their authors: one statement.
 * A comment's body is null once deleted, and while hidden unless the viewer is a moderator or
 * an admin (comments.service.ts bodyFor).
 */
const DETAIL_SQL = `WITH v AS (SELECT ${seesHiddenSql('$2')} AS sees_hidden)
  SELECT p.id, p.title, p.body, p.status, p.progress, p.created_at, p.updated_at, p.response_due_at,
      p.support_count, p.comment_count,
      EXISTS (SELECT 1 FROM proposal_support s WHERE s.proposal_id = p.id AND s.user_id = $2::uuid) AS viewer_supports,
      a.id AS author_id, a.display_name AS author_name,
      d.id AS department_id, d.name AS department_name,
      ${TOPIC_NAMES},
      (SELECT coalesce(json_agg(json_build_object(
                'id', c.id,
                'body', CASE WHEN c.deleted_at IS NULL AND (NOT c.hidden OR v.sees_hidden) THEN c.body END,
                'createdAt', c.created_at,
                'authorId', ca.id,
                'authorName', ca.display_name) ORDER BY c.created_at, c.id), '[]'::json)
         FROM (SELECT c.id, c.body, c.created_at, c.author_id, c.deleted_at, c.hidden FROM comment c
                WHERE c.proposal_id = p.id AND c.parent_id IS NULL
                ORDER BY c.created_at, c.id LIMIT ${PAGE_SIZE}) c
         JOIN app_user ca ON ca.id = c.author_id) AS comments
    FROM proposal p
    CROSS JOIN v
    JOIN app_user a ON a.id = p.author_id
    LEFT JOIN department d ON d.id = p.department_id
   WHERE p.id = $1 AND (p.hidden = false OR p.author_id = $2::uuid OR v.sees_hidden)`;

interface StatsRow {
  id: string;
  name: string;
  assigned_count: number;
  answered_count: number;
  overdue_count: number;
  median_first_response_hours: number | null;
  average_satisfaction: number | null;
  transfers_out: number;
}

/** The department and its figures in one statement: department-stats.service.ts's columns for one id. */
const STATS_SQL = `SELECT d.id, d.name, ${STATS_COLUMNS} FROM department d WHERE d.id = $1`;

/** The API rounds both averages to two decimals (department-stats.service.ts roundTo). */
function round2(value: number | null): number | null {
  return value === null ? null : Math.round(Number(value) * 100) / 100;
}

const at = <T>(list: T[], i: number): T => list[i % list.length]!;

const SUPPORT_COUNT_DESC = { field: 'SUPPORT_COUNT', direction: 'DESC' } as const;

/* ------------------------------------------------------------------------------------------ */
/* The scenarios                                                                               */
/* ------------------------------------------------------------------------------------------ */

export const SCENARIOS: Scenario[] = [
  {
    name: 'proposal-list',
    description:
      'First page of 20 proposals, most supported first, with author, department, topics and counts (anonymous)',
    write: false,
    request: () => ({
      query: PROPOSAL_PAGE,
      variables: { first: PAGE_SIZE, orderBy: SUPPORT_COUNT_DESC },
    }),
    floor: (pool, _ctx, _i, viewer) =>
      proposalPage(
        pool,
        { where: [], params: [], orderBy: 'p.support_count DESC, p.id DESC' },
        viewer,
      ),
  },
  {
    name: 'proposal-detail',
    description:
      'One proposal by id (varied over the sample) with author, department, topics, counts, viewerHasSupported and its first 20 comments with authors (signed in)',
    write: false,
    request: (ctx, i) => ({
      query: PROPOSAL_DETAIL,
      variables: { id: gid('Proposal', at(ctx.proposalIds, i)) },
      userIndex: i % ctx.users.length,
    }),
    floor: async (pool, ctx, i, viewer) => {
      const {
        rows: [r],
      } = await pool.query<DetailRow>(DETAIL_SQL, [at(ctx.proposalIds, i), viewer]);
      if (!r) return { data: { proposal: null } };
      return {
        data: {
          proposal: {
            id: gid('Proposal', r.id),
            title: r.title,
            body: r.body,
            status: r.status,
            progress: r.progress,
            createdAt: iso(r.created_at),
            updatedAt: iso(r.updated_at),
            responseDueAt: r.response_due_at ? iso(r.response_due_at) : null,
            supportCount: r.support_count,
            commentCount: r.comment_count,
            // The API answers false for anonymous viewers without asking; so does the SQL.
            viewerHasSupported: r.viewer_supports,
            author: { id: gid('User', r.author_id), displayName: r.author_name },
            department: r.department_id
              ? { id: gid('Department', r.department_id), name: r.department_name }
              : null,
            topics: r.topic_names.map((name) => ({ name })),
            comments: {
              nodes: r.comments.map((c) => ({
                id: gid('Comment', c.id),
                body: c.body,
                createdAt: iso(c.createdAt),
                author: { id: gid('User', c.authorId), displayName: c.authorName },
              })),
            },
          },
        },
      };
    },
  },
  {
    name: 'search',
    description:
      'Proposals matching a Korean word (filter.search: bigram GIN index, then the exact substring), newest first (the default order), 20 with the proposal-list fields (anonymous)',
    write: false,
    request: (ctx) => ({
      query: PROPOSAL_PAGE,
      variables: { first: PAGE_SIZE, filter: { search: ctx.searchWord } },
    }),
    floor: (pool, ctx, _i, viewer) => {
      // The API's input rules: trimmed and NFC-normalised (core/validation/text.ts).
      const term = normalizeText(ctx.searchWord);
      return proposalPage(
        pool,
        {
          where: [searchWhere(term, '$1')],
          params: [term],
          orderBy: 'p.created_at DESC, p.id DESC',
        },
        viewer,
      );
    },
  },
  {
    name: 'support-toggle',
    description:
      'Many users supporting and unsupporting one hot proposal: user i % users, who supports on even rounds and unsupports on odd ones; answers supportCount',
    write: true,
    request: (ctx, i) => {
      const round = Math.floor(i / ctx.users.length);
      return {
        query: round % 2 === 0 ? SUPPORT : UNSUPPORT,
        variables: { id: gid('Proposal', ctx.hotProposalId) },
        userIndex: i % ctx.users.length,
      };
    },
  },
  {
    name: 'deep-page',
    description:
      'The proposal-list page after the cursor 90% of the way down the SUPPORT_COUNT order (keyset, anonymous)',
    write: false,
    request: (ctx) => ({
      query: PROPOSAL_PAGE,
      variables: { first: PAGE_SIZE, after: ctx.deepCursor, orderBy: SUPPORT_COUNT_DESC },
    }),
    floor: (pool, ctx, _i, viewer) => {
      const [supportCount, id] = decodeSupportCursor(ctx.deepCursor);
      return proposalPage(
        pool,
        {
          where: ['(p.support_count, p.id) < ($1::int, $2::uuid)'],
          params: [supportCount, id],
          orderBy: 'p.support_count DESC, p.id DESC',
        },
        viewer,
      );
    },
  },
  {
    name: 'department-stats',
    description:
      'A department by id (node(id), varied over all departments) with every DepartmentStats figure (anonymous)',
    write: false,
    request: (ctx, i) => ({
      query: DEPARTMENT_STATS,
      variables: { id: gid('Department', at(ctx.departmentIds, i)) },
    }),
    floor: async (pool, ctx, i) => {
      const {
        rows: [r],
      } = await pool.query<StatsRow>(STATS_SQL, [at(ctx.departmentIds, i)]);
      if (!r) return { data: { node: null } };
      return {
        data: {
          node: {
            id: gid('Department', r.id),
            name: r.name,
            stats: {
              assignedCount: r.assigned_count,
              answeredCount: r.answered_count,
              overdueCount: r.overdue_count,
              medianFirstResponseHours: round2(r.median_first_response_hours),
              averageSatisfaction: round2(r.average_satisfaction),
              transfersOut: r.transfers_out,
            },
          },
        },
      };
    },
  },
];
