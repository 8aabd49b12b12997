import { Role } from '../../src/core/access/role.js';
import { MAX_OPERATION_NAMES } from '../../src/core/metrics/operation-names.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { listen } from '../helpers/live-client.js';
import { countQueries } from '../helpers/query-counter.js';
import { connectRaw } from '../helpers/raw-socket.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { ASSIGN, did, pid, setDueAt } from '../feedback/support.js';
import { eventually, scrape, startTestAppWith, type Scrape } from './support.js';

/**
 * GET /metrics as Prometheus reads it, after real GraphQL operations over HTTP against real
 * Postgres: each counter moves by exactly what happened, with the labels that say what it was.
 */
describe('metrics', () => {
  let t: TestApp;
  let citizen: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    citizen = await createUser(t.db, t.jwt);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  const requests = (m: Scrape, labels: Record<string, string>) =>
    m.value('wontak_graphql_requests_total', labels);
  const timed = (m: Scrape, labels: Record<string, string>) =>
    m.value('wontak_graphql_request_duration_seconds_count', labels);

  it('answers in the Prometheus text format, with the process metrics (heap, event-loop lag)', async () => {
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = await scrape(t);
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
    ]) {
      expect(m.types.has(name)).toBe(true);
    }
    expect(m.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts each operation by name, type and outcome, exactly once, and times it', async () => {
    const before = await scrape(t);
    const succeeded = await t.gql('query DepartmentsForMetrics { departments { slug } }');
    expect(succeeded.errors).toBeUndefined();
    const forbidden = await t.gql(
      'query UsersForMetrics { users(first: 1) { totalCount } }',
      {},
      citizen.token,
    );
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    const badInput = await t.gql('query PageTooLarge { proposals(first: 1000) { totalCount } }');
    expect(codeOf(badInput)).toBe('BAD_USER_INPUT');
    const anonymous = await t.gql('{ departments { slug } }');
    expect(anonymous.errors).toBeUndefined();
    const invalid = await t.gql('query Typo { proposalz { totalCount } }');
    expect(codeOf(invalid)).toBe('GRAPHQL_VALIDATION_FAILED');
    const after = await scrape(t);

    const moved = (labels: Record<string, string>) =>
      requests(after, labels) - requests(before, labels);
    expect(moved({ operation: 'DepartmentsForMetrics', type: 'query', code: 'OK' })).toBe(1);
    expect(moved({ operation: 'UsersForMetrics', type: 'query', code: 'FORBIDDEN' })).toBe(1);
    expect(moved({ operation: 'PageTooLarge', type: 'query', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(moved({ operation: 'anonymous', type: 'query', code: 'OK' })).toBe(1);
    // A document that never became an operation: its name is not taken as a label.
    expect(moved({ operation: 'invalid', type: 'none', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      1,
    );
    expect(after.find('wontak_graphql_requests_total', { operation: 'Typo' })).toEqual([]);
    // Nothing else was counted: the five operations are all.
    expect(requests(after, {}) - requests(before, {})).toBe(5);
    // And the forbidden one under no other outcome.
    expect(moved({ operation: 'UsersForMetrics', code: 'OK' })).toBe(0);

    for (const operation of ['DepartmentsForMetrics', 'UsersForMetrics', 'PageTooLarge']) {
      expect(timed(after, { operation }) - timed(before, { operation })).toBe(1);
    }
    const sum = (m: Scrape) =>
      m.value('wontak_graphql_request_duration_seconds_sum', {
        operation: 'DepartmentsForMetrics',
      });
    expect(sum(after)).toBeGreaterThan(sum(before));
  });

  it('times the other HTTP routes by their pattern, never by the path a client chose', async () => {
    const before = await scrape(t);
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http().get('/no/such/path/12345')).status).toBe(404);
    const after = await scrape(t);
    const count = (m: Scrape, labels: Record<string, string>) =>
      m.value('wontak_http_request_duration_seconds_count', labels);
    const moved = (labels: Record<string, string>) => count(after, labels) - count(before, labels);
    expect(moved({ method: 'GET', route: '/health/live', status: '200' })).toBe(1);
    expect(moved({ method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // The scrape before this one, timed under its route.
    expect(moved({ method: 'GET', route: '/metrics', status: '200' })).toBe(1);
    expect(
      after.samples.some((s) => s.labels.route?.includes('12345') || s.labels.route === '/no'),
    ).toBe(false);
  });

  it('counts every SQL statement an operation sends, and how long queries waited for the pool', async () => {
    const first = await scrape(t);
    const second = await scrape(t);
    // What a scrape itself sends (its gauges read the database), counted by the next scrape.
    const statements = (m: Scrape) => m.value('wontak_sql_statements_total');
    const ownStatements = statements(second) - statements(first);
    expect(ownStatements).toBeGreaterThan(0);

    const { result, withTransactionControl } = await countQueries(t.db, () =>
      t.gql(
        'mutation Propose($input: CreateProposalInput!) { createProposal(input: $input) { id } }',
        { input: { title: '측정되는 제안', body: '이 제안이 보낸 SQL 문이 세어집니다.' } },
        citizen.token,
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(withTransactionControl.length).toBeGreaterThan(2);
    const third = await scrape(t);
    const propose = { operation: 'Propose', type: 'mutation', code: 'OK' };
    expect(requests(third, propose) - requests(second, propose)).toBe(1);
    expect(statements(third) - statements(second)).toBe(
      ownStatements + withTransactionControl.length,
    );
    const kind = (m: Scrape, k: string) => m.value('wontak_sql_statements_total', { kind: k });
    expect(kind(third, 'insert') + kind(third, 'with')).toBeGreaterThan(
      kind(second, 'insert') + kind(second, 'with'),
    );
    expect(kind(third, 'transaction') - kind(second, 'transaction')).toBe(
      withTransactionControl.filter((q) => /^(START TRANSACTION|COMMIT|ROLLBACK)/.test(q)).length,
    );
    expect(third.value('wontak_sql_statement_duration_seconds_count')).toBeGreaterThan(
      second.value('wontak_sql_statement_duration_seconds_count'),
    );
    expect(third.value('wontak_db_pool_wait_seconds_count')).toBeGreaterThan(
      second.value('wontak_db_pool_wait_seconds_count'),
    );
  });

  it('shows the pool: its size, idle and waiting connections and its maximum', async () => {
    const m = await scrape(t);
    expect(m.value('wontak_db_pool_max')).toBe(10);
    expect(m.value('wontak_db_pool_size')).toBeGreaterThanOrEqual(1);
    expect(m.value('wontak_db_pool_size')).toBeLessThanOrEqual(10);
    expect(m.value('wontak_db_pool_idle')).toBeLessThanOrEqual(m.value('wontak_db_pool_size'));
    expect(m.find('wontak_db_pool_waiting')).toHaveLength(1);
    expect(m.value('wontak_db_pool_waiting')).toBe(0);
  });

  it('counts overdue proposals per department, and not the ones not yet due, answered or hidden', async () => {
    const parks = await createDepartment(t.db, { slug: 'metrics-parks', name: '측정공원과' });
    const roads = await createDepartment(t.db, { slug: 'metrics-roads', name: '측정도로과' });
    const proposal = async (to: typeof parks, dueInHours: number) => {
      const p = await createProposal(t.db, citizen.user.id);
      const assigned = await t.gql(
        ASSIGN,
        { input: { proposalId: pid(p), departmentId: did(to), reason: '담당 부서입니다' } },
        admin.token,
      );
      expect(assigned.errors).toBeUndefined();
      await setDueAt(t, p.id, new Date(Date.now() + dueInHours * 3_600_000));
      return p;
    };
    await proposal(parks, -2);
    await proposal(parks, -30);
    await proposal(parks, 48); // not yet due
    const hidden = await proposal(parks, -5);
    await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [hidden.id]);
    const answered = await proposal(roads, -1);
    const res = await t.gql(
      'mutation Answer($input: AnswerProposalInput!) { answerProposal(input: $input) { id } }',
      { input: { proposalId: pid(answered), status: 'ACCEPTED', body: '검토했습니다.' } },
      admin.token,
    );
    expect(res.errors).toBeUndefined();

    const m = await scrape(t);
    expect(m.value('wontak_proposals_overdue', { department: 'metrics-parks' })).toBe(2);
    expect(m.value('wontak_proposals_awaiting_answer', { department: 'metrics-parks' })).toBe(3);
    // A department with nothing overdue reads 0 rather than missing.
    expect(m.find('wontak_proposals_overdue', { department: 'metrics-roads' })).toHaveLength(1);
    expect(m.value('wontak_proposals_overdue', { department: 'metrics-roads' })).toBe(0);
    expect(m.value('wontak_proposals_awaiting_answer', { department: 'metrics-roads' })).toBe(0);
  });

  it('counts the open WebSocket connections, up with a connection and down when it closes', async () => {
    const url = await listen(t.app);
    const open = async () => (await scrape(t)).value('wontak_websocket_connections');
    expect(await open()).toBe(0);
    const socket = await connectRaw(url);
    await socket.init();
    expect(await open()).toBe(1);
    const second = await connectRaw(url);
    await second.init();
    expect(await open()).toBe(2);
    socket.close();
    await socket.closed;
    await eventually(async () => (await open()) === 1, 'the first connection is no longer counted');
    second.close();
    await second.closed;
    await eventually(async () => (await open()) === 0, 'no connection is counted');
  });

  it('keeps at most MAX_OPERATION_NAMES operation names as labels: later new names count as "other"', async () => {
    const operationLabels = (m: Scrape) =>
      new Set(m.find('wontak_graphql_requests_total').map((s) => s.labels.operation));
    const reserved = ['anonymous', 'other', 'invalid'];
    const named = (m: Scrape) => [...operationLabels(m)].filter((l) => !reserved.includes(l));

    const before = await scrape(t);
    const room = MAX_OPERATION_NAMES - named(before).length;
    expect(room).toBeGreaterThan(0);
    const send = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        const res = await t.gql(`query Invented${i} { __typename }`);
        expect(res.errors).toBeUndefined();
      }
    };
    await send(0, room + 25);
    const full = await scrape(t);
    expect(named(full)).toHaveLength(MAX_OPERATION_NAMES);
    expect(
      requests(full, { operation: 'other', code: 'OK' }) -
        requests(before, { operation: 'other', code: 'OK' }),
    ).toBe(25);

    // Past the cap the series no longer grow, however many new names arrive.
    // (The app's own series: the process's come and go with GC kinds and handle types.)
    const series = (m: Scrape) => m.samples.filter((s) => s.name.startsWith('wontak_')).length;
    const seriesBefore = series(full);
    await send(room + 25, 60);
    const later = await scrape(t);
    expect(named(later)).toHaveLength(MAX_OPERATION_NAMES);
    expect(series(later)).toBe(seriesBefore);
    expect(
      requests(later, { operation: 'other', code: 'OK' }) -
        requests(full, { operation: 'other', code: 'OK' }),
    ).toBe(60);
    // A name admitted before the cap keeps its own label.
    await t.gql('query DepartmentsForMetrics { departments { slug } }');
    const last = await scrape(t);
    expect(
      requests(last, { operation: 'DepartmentsForMetrics' }) -
        requests(later, { operation: 'DepartmentsForMetrics' }),
    ).toBe(1);
  });
});

describe('metrics of the rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestAppWith({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '3',
    });
  });
  afterAll(() => t.close());

  it('counts each refusal under its bucket; scrapes do not count against the limits', async () => {
    const before = await scrape(t);
    // More scrapes than the address may send GraphQL requests: none of them is counted.
    for (let i = 0; i < 5; i++) await scrape(t);
    for (let i = 0; i < 3; i++) {
      expect((await t.gql('{ __typename }')).status).toBe(200);
    }
    const refused = await t.gql('{ __typename }');
    expect(refused.status).toBe(429);
    const after = await scrape(t);
    const refusals = (m: Scrape, bucket: string) =>
      m.value('wontak_rate_limit_refusals_total', { bucket });
    expect(refusals(after, 'requests') - refusals(before, 'requests')).toBe(1);
    expect(
      after.value('wontak_rate_limit_refusals_total') -
        before.value('wontak_rate_limit_refusals_total'),
    ).toBe(1);
  });
});
