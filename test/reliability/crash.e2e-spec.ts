/**
 * Issue 7, crash safety: `kill -9` in the middle of writes. Every write the server acknowledged
 * is there after a restart on the same database, and a client that retries a write it never
 * heard back about (supportProposal, unsupportProposal, deleteComment) ends with exactly one
 * effect, whether or not the first attempt had landed.
 */
import { randomBytes } from 'node:crypto';
import {
  cleanupAll,
  CREATE_PROPOSAL,
  createProposal,
  explain,
  gql,
  gqlOk,
  signUp,
  startPostgres,
  startServer,
  uuidOf,
  within,
  type Citizen,
  type GqlOutcome,
  type ServerProcess,
  type TestPostgres,
} from './support.js';

let postgres: TestPostgres;
let server: ServerProcess;
let author: Citizen;
let supporter: Citizen;
const JWT_SECRET = randomBytes(36).toString('base64url');
const report: Record<string, unknown> = {};

/** A server on the test's Postgres; every one shares the secret, so tokens outlive a crash. */
function start(): Promise<ServerProcess> {
  return startServer({ DATABASE_URL: postgres.url, JWT_SECRET });
}

/** kill -9, then a new server process on the same database. */
async function crashAndRestart(): Promise<{ downMs: number }> {
  const killedAt = performance.now();
  server.kill('SIGKILL');
  const exit = await within(server.exited, 10_000, null);
  expect(exit && { code: exit.code, signal: exit.signal }).toEqual({
    code: null,
    signal: 'SIGKILL',
  });
  server = await start();
  return { downMs: performance.now() - killedAt };
}

function acknowledged(res: GqlOutcome): res is Extract<GqlOutcome, { ok: true }> {
  return res.ok && res.status === 200 && !res.errors && !!res.data;
}

/**
 * When to kill: `at once` right after the request is written (the write has usually not landed
 * yet), or `once committed`: as soon as Postgres shows the write (polled on a connection of the
 * test's own), usually before the server has answered, so the client never hears of a write
 * that did land.
 */
type KillWhen = 'at once' | 'once committed';

/**
 * Sends one operation, kills the server as `when` says, then starts a new server; returns what
 * the client got for the first attempt (usually a reset).
 */
async function sendThenCrash(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  when: KillWhen,
  committed: string,
  params: unknown[],
): Promise<GqlOutcome> {
  const watcher = await postgres.client();
  let first: GqlOutcome;
  try {
    let killed: Promise<void> = Promise.resolve();
    first = await gql(server, query, variables, {
      token,
      timeoutMs: 10_000,
      onSent: () => {
        killed = (async () => {
          if (when === 'once committed') {
            const deadline = performance.now() + 5000;
            while (performance.now() < deadline && !server.hasExited()) {
              const { rows } = await watcher.query<{ done: boolean }>(committed, params);
              if (rows[0]?.done) break;
            }
          }
          server.kill('SIGKILL');
        })();
      },
    });
    await killed;
  } finally {
    await watcher.end();
  }
  const exit = await within(server.exited, 10_000, null);
  expect(exit?.signal).toBe('SIGKILL');
  server = await start();
  return first;
}

beforeAll(async () => {
  postgres = await startPostgres();
  server = await start();
  author = await signUp(server, 'crash-author');
  supporter = await signUp(server, 'crash-supporter');
}, 120_000);

afterAll(async () => {
  console.log(`crash safety: ${JSON.stringify(report)}`);
  await cleanupAll();
}, 60_000);

describe('kill -9 during a stream of writes', () => {
  it('keeps every write it acknowledged, readable after a restart through the API and in Postgres', async () => {
    const tag = randomBytes(4).toString('hex');
    const total = 50;
    const killAfterAcks = 15;
    const results: { i: number; title: string; res: GqlOutcome }[] = [];
    let next = 0;
    let acks = 0;
    let killedAt: number | null = null;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const title = `Crash stream ${tag} ${String(i).padStart(2, '0')}`;
        const res = await gql(
          server,
          CREATE_PROPOSAL,
          { input: { title, body: `${title}: written while the server may be killed.` } },
          { token: author.token, timeoutMs: 10_000 },
        );
        results.push({ i, title, res });
        if (acknowledged(res)) acks += 1;
        if (acks >= killAfterAcks && killedAt === null) {
          killedAt = performance.now();
          server.kill('SIGKILL');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const exit = await within(server.exited, 10_000, null);
    expect(exit?.signal).toBe('SIGKILL');

    const acked = results
      .filter((r) => acknowledged(r.res))
      .map((r) => ({
        title: r.title,
        id: (r.res as { data: any }).data.createProposal.id as string,
      }));
    const cut = results.filter((r) => !r.res.ok && r.res.code !== 'ECONNREFUSED');
    const refused = results.filter((r) => !r.res.ok && r.res.code === 'ECONNREFUSED');
    // Killed in the middle: some acknowledged, some not.
    expect(acked.length).toBeGreaterThanOrEqual(killAfterAcks);
    expect(acked.length).toBeLessThan(total);
    // Nothing but acknowledgements, cut connections and refusals: no GraphQL error before the kill.
    expect(results.length - acked.length - cut.length - refused.length).toBe(0);

    const restartAt = performance.now();
    server = await start();
    const restartMs = performance.now() - restartAt;

    // Through the API, by id.
    const nodes = await gqlOk<{ nodes: ({ id: string; title: string } | null)[] }>(
      server,
      `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { ... on Proposal { id title } } }`,
      { ids: acked.map((a) => a.id) },
      author.token,
    );
    expect(nodes.nodes).toEqual(acked.map((a) => ({ id: a.id, title: a.title })));

    // In Postgres: every acknowledged row, and no title twice.
    const rows = await postgres.query<{ id: string; title: string }>(
      `SELECT id, title FROM proposal WHERE title LIKE $1 ORDER BY title`,
      [`Crash stream ${tag} %`],
    );
    const stored = new Map(rows.map((r) => [r.id, r.title]));
    expect(acked.filter((a) => stored.get(uuidOf(a.id)) !== a.title)).toEqual([]);
    expect(new Set(rows.map((r) => r.title)).size).toBe(rows.length);
    expect(rows.length).toBeLessThanOrEqual(total);

    report.stream = {
      sent: results.length,
      acknowledged: acked.length,
      cutInFlight: cut.length,
      refusedAfterKill: refused.length,
      storedRows: rows.length,
      storedButNotAcknowledged: rows.length - acked.length,
      restartMs: Math.round(restartMs),
    };
  }, 120_000);
});

const SUPPORT = `mutation Support($id: ID!) {
  supportProposal(id: $id) { id supportCount viewerHasSupported }
}`;
const UNSUPPORT = `mutation Unsupport($id: ID!) {
  unsupportProposal(id: $id) { id supportCount viewerHasSupported }
}`;
const DELETE_COMMENT = `mutation Delete($id: ID!) { deleteComment(id: $id) { id deleted body } }`;

const KILL_WHEN: KillWhen[] = ['at once', 'once committed'];

const SUPPORTED = `SELECT count(*) = 1 AS done FROM proposal_support WHERE proposal_id = $1`;
const UNSUPPORTED = `SELECT count(*) = 0 AS done FROM proposal_support WHERE proposal_id = $1`;
const DELETED = `SELECT deleted_at IS NOT NULL AS done FROM comment WHERE id = $1`;

function firstAttempt(res: GqlOutcome): string {
  return res.ok
    ? `HTTP ${res.status}${res.errors ? ` ${res.errors[0]?.extensions?.code}` : ''}`
    : res.code;
}

describe('a client retries a write after kill -9 (whether or not it had landed)', () => {
  it.each(KILL_WHEN)(
    'supportProposal, killed %s, retried: one support row, supportCount 1',
    async (when) => {
      const proposal = await createProposal(
        server,
        author.token,
        `Support retried, killed ${when}`,
      );
      const first = await sendThenCrash(
        SUPPORT,
        { id: proposal.id },
        supporter.token,
        when,
        SUPPORTED,
        [uuidOf(proposal.id)],
      );
      const landed = await postgres.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM proposal_support WHERE proposal_id = $1',
        [uuidOf(proposal.id)],
      );

      const retried = await gql(server, SUPPORT, { id: proposal.id }, { token: supporter.token });
      if (!acknowledged(retried)) throw new Error(`retry: ${explain(retried)}`);
      expect(retried.data.supportProposal).toEqual({
        id: proposal.id,
        supportCount: 1,
        viewerHasSupported: true,
      });

      const rows = await postgres.query<{ user_id: string }>(
        'SELECT user_id FROM proposal_support WHERE proposal_id = $1',
        [uuidOf(proposal.id)],
      );
      expect(rows).toEqual([{ user_id: uuidOf(supporter.id) }]);
      const [stored] = await postgres.query<{ support_count: number }>(
        'SELECT support_count FROM proposal WHERE id = $1',
        [uuidOf(proposal.id)],
      );
      expect(stored.support_count).toBe(1);
      const read = await gqlOk(
        server,
        `query P($id: ID!) { proposal(id: $id) { supportCount viewerHasSupported } }`,
        { id: proposal.id },
        supporter.token,
      );
      expect(read.proposal).toEqual({ supportCount: 1, viewerHasSupported: true });
      report[`support killed ${when}`] = {
        firstAttempt: firstAttempt(first),
        landedBeforeRetry: landed[0].n === 1,
      };
    },
    120_000,
  );

  it.each(KILL_WHEN)(
    'unsupportProposal, killed %s, retried: no support row, supportCount 0',
    async (when) => {
      const proposal = await createProposal(
        server,
        author.token,
        `Unsupport retried, killed ${when}`,
      );
      await gqlOk(server, SUPPORT, { id: proposal.id }, supporter.token);
      const first = await sendThenCrash(
        UNSUPPORT,
        { id: proposal.id },
        supporter.token,
        when,
        UNSUPPORTED,
        [uuidOf(proposal.id)],
      );
      const landed = await postgres.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM proposal_support WHERE proposal_id = $1',
        [uuidOf(proposal.id)],
      );

      const retried = await gql(server, UNSUPPORT, { id: proposal.id }, { token: supporter.token });
      if (!acknowledged(retried)) throw new Error(`retry: ${explain(retried)}`);
      expect(retried.data.unsupportProposal).toEqual({
        id: proposal.id,
        supportCount: 0,
        viewerHasSupported: false,
      });

      const rows = await postgres.query(
        'SELECT user_id FROM proposal_support WHERE proposal_id = $1',
        [uuidOf(proposal.id)],
      );
      expect(rows).toEqual([]);
      const [stored] = await postgres.query<{ support_count: number }>(
        'SELECT support_count FROM proposal WHERE id = $1',
        [uuidOf(proposal.id)],
      );
      expect(stored.support_count).toBe(0);
      const read = await gqlOk(
        server,
        `query P($id: ID!) { proposal(id: $id) { supportCount viewerHasSupported } }`,
        { id: proposal.id },
        supporter.token,
      );
      expect(read.proposal).toEqual({ supportCount: 0, viewerHasSupported: false });
      report[`unsupport killed ${when}`] = {
        firstAttempt: firstAttempt(first),
        landedBeforeRetry: landed[0].n === 0,
      };
    },
    120_000,
  );

  it.each(KILL_WHEN)(
    'deleteComment, killed %s, retried: still one comment, deleted',
    async (when) => {
      const proposal = await createProposal(server, author.token, `Delete retried, killed ${when}`);
      const added = await gqlOk<{ addComment: { id: string } }>(
        server,
        `mutation Add($input: AddCommentInput!) { addComment(input: $input) { id } }`,
        { input: { subjectId: proposal.id, body: 'A comment deleted across a crash.' } },
        supporter.token,
      );
      const commentId = added.addComment.id;
      const first = await sendThenCrash(
        DELETE_COMMENT,
        { id: commentId },
        supporter.token,
        when,
        DELETED,
        [uuidOf(commentId)],
      );
      const landed = await postgres.query<{ deleted: boolean }>(
        'SELECT deleted_at IS NOT NULL AS deleted FROM comment WHERE id = $1',
        [uuidOf(commentId)],
      );

      const retried = await gql(
        server,
        DELETE_COMMENT,
        { id: commentId },
        { token: supporter.token },
      );
      if (!acknowledged(retried)) throw new Error(`retry: ${explain(retried)}`);
      expect(retried.data.deleteComment).toEqual({ id: commentId, deleted: true, body: null });

      const rows = await postgres.query<{ id: string; body: string | null; deleted: boolean }>(
        `SELECT id, body, deleted_at IS NOT NULL AS deleted FROM comment WHERE proposal_id = $1`,
        [uuidOf(proposal.id)],
      );
      expect(rows).toEqual([{ id: uuidOf(commentId), body: null, deleted: true }]);
      const [stored] = await postgres.query<{ comment_count: number }>(
        'SELECT comment_count FROM proposal WHERE id = $1',
        [uuidOf(proposal.id)],
      );
      expect(stored.comment_count).toBe(0);
      const read = await gqlOk(
        server,
        `query P($id: ID!) { proposal(id: $id) { commentCount comments { nodes { id deleted body } } } }`,
        { id: proposal.id },
      );
      expect(read.proposal).toEqual({
        commentCount: 0,
        comments: { nodes: [{ id: commentId, deleted: true, body: null }] },
      });
      report[`deleteComment killed ${when}`] = {
        firstAttempt: firstAttempt(first),
        landedBeforeRetry: landed[0].deleted,
      };
    },
    120_000,
  );
});

describe('after all the crashes', () => {
  it('serves on the same database with nothing left locked (a write on every touched table)', async () => {
    const { downMs } = await crashAndRestart();
    report.lastRestartMs = Math.round(downMs);
    const proposal = await createProposal(server, author.token, 'After the last crash');
    const supported = await gqlOk(server, SUPPORT, { id: proposal.id }, supporter.token);
    expect(supported.supportProposal.supportCount).toBe(1);
    const stuck = await postgres.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    expect(stuck[0].n).toBe(0);
  }, 120_000);
});
