import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { Role } from '../../src/core/access/role.js';
import { validateEnvironment } from '../../src/core/config/environment.js';
import { startTracingFromEnvironment } from '../../src/core/tracing/start-tracing.js';
import { tracingSettings } from '../../src/core/tracing/tracing-settings.js';
import { startTracing, type Tracing } from '../../src/core/tracing/tracing.js';
import { MAX_SPANS_PER_NAME } from '../../src/core/tracing/request-trace.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually } from './support.js';

/**
 * Traces as an operator reads them: real GraphQL requests over HTTP against real Postgres, the
 * spans caught in memory (SimpleSpanProcessor: each span as it ends), and the tree of one request
 * checked link by link. The export over OTLP is test/operations/tracing-export.e2e-spec.ts.
 */

const spanId = (span: ReadableSpan) => span.spanContext().spanId;
const traceId = (span: ReadableSpan) => span.spanContext().traceId;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const byText = (a: string, b: string) => a.localeCompare(b);

/** The spans of one trace, with what a test asks of their tree. */
function treeOf(spans: ReadableSpan[]) {
  const roots = spans.filter((s) => !s.parentSpanContext);
  const named = (name: string) => spans.filter((s) => s.name === name);
  const one = (name: string) => {
    const found = named(name);
    if (found.length !== 1) {
      throw new Error(
        `${found.length} spans named ${name} in ${spans.map((s) => s.name).join(', ')}`,
      );
    }
    return found[0]!;
  };
  const childrenOf = (parent: ReadableSpan) => spans.filter((s) => parentOf(s) === spanId(parent));
  const sql = spans.filter((s) => s.attributes['db.system.name'] === 'postgresql');
  return { spans, roots, named, one, childrenOf, sql };
}

describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let t: TestApp;
  let citizen: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    tracing = startTracing({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    t = await startTestApp({ tracing });
    citizen = await createUser(t.db, t.jwt);
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const authors = [citizen, admin, await createUser(t.db, t.jwt)];
    for (let i = 0; i < 30; i++) await createProposal(t.db, authors[i % 3]!.user.id);
  });
  afterAll(async () => {
    await t.close();
    await tracing.shutdown();
  });

  /** Forgets the spans so far (the setup's statements made none: they belong to no request). */
  beforeEach(() => exporter.reset());

  /** The spans of every request sent so far, once their HTTP spans have all ended. */
  async function spansOf(requests: number): Promise<ReadableSpan[]> {
    await eventually(
      async () =>
        exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER).length >= requests,
      `${requests} HTTP spans ended`,
    );
    return exporter.getFinishedSpans();
  }

  it('the statements of the setup, outside any request, made no span', () => {
    // beforeAll inserted 3 users and 30 proposals through the app's pool: no trace of them.
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('one request is one tree: HTTP, its operation, the resolvers, their SQL', async () => {
    const res = await t.gql(
      'query TracedProposals { proposals(first: 3) { nodes { title author { displayName } answers { status } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.proposals.nodes).toHaveLength(3);
    const tree = treeOf(await spansOf(1));

    // One root: the HTTP request, named by its route; every span in its trace.
    expect(tree.roots).toHaveLength(1);
    const http = tree.roots[0]!;
    expect(http.name).toBe('POST /graphql');
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'url.path': '/graphql',
      'http.response.status_code': 200,
    });
    expect(http.attributes['wontak.request.id']).toBe(res.headers['x-request-id']);
    expect(new Set(tree.spans.map(traceId))).toEqual(new Set([traceId(http)]));

    // The operation, child of the request, named by its type and name.
    const operation = tree.one('query TracedProposals');
    expect(parentOf(operation)).toBe(spanId(http));
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TracedProposals',
      'wontak.graphql.outcome': 'OK',
    });
    expect(operation.status.code).toBe(SpanStatusCode.UNSET);

    // The resolvers of our own under the operation: the root field, author and answers once a
    // node; plain properties (title, displayName, status) have no span.
    const proposals = tree.one('Query.proposals');
    expect(parentOf(proposals)).toBe(spanId(operation));
    const authors = tree.named('Proposal.author');
    expect(authors.map((s) => String(s.attributes['graphql.field.path'])).sort(byText)).toEqual([
      'proposals.nodes.0.author',
      'proposals.nodes.1.author',
      'proposals.nodes.2.author',
    ]);
    for (const author of authors) expect(parentOf(author)).toBe(spanId(operation));
    expect(tree.named('Proposal.title')).toEqual([]);
    expect(tree.named('User.displayName')).toEqual([]);
    expect(tree.named('Proposal.answers')).toHaveLength(3);

    // The SQL, under the resolver that sent it: the page (authors joined) under Query.proposals,
    // the answers' loader's one batch for the three under the answers resolver that asked first.
    expect(tree.sql.length).toBeGreaterThan(0);
    for (const statement of tree.sql) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.attributes).toMatchObject({
        'db.system.name': 'postgresql',
        'db.system': 'postgresql',
        'db.namespace': t.database.name,
      });
      expect(statement.attributes['db.query.text']).toEqual(expect.any(String));
    }
    const page = tree.childrenOf(proposals).filter((s) => s.name === 'SELECT proposal');
    expect(page.length).toBeGreaterThan(0);
    expect(page[0]!.attributes['db.query.text']).toMatch(/FROM "proposal"/);
    const answers = tree.named('Proposal.answers').map(spanId);
    const answerLoads = tree.sql.filter((s) => answers.includes(parentOf(s)!));
    expect(answerLoads).toHaveLength(1);
    expect(answerLoads[0]!.name).toBe('SELECT official_answer');
    expect(answerLoads[0]!.attributes['db.query.text']).toMatch(/"official_answer"/);
    // No parameter value in any statement: they are $1, $2...
    for (const statement of tree.sql) {
      expect(statement.attributes['db.query.text']).not.toContain(citizen.user.id);
    }

    // Every span hangs from another of the same trace, or is the root.
    const ids = new Set(tree.spans.map(spanId));
    for (const span of tree.spans) if (span !== http) expect(ids.has(parentOf(span)!)).toBe(true);
  });

  it('two requests at once make two trees, and no span of one lands in the other', async () => {
    const [first, second] = await Promise.all([
      t.gql('query First { proposals(first: 2) { nodes { author { id } answers { status } } } }'),
      t.gql('query Second { departments { slug } }', {}, citizen.token),
    ]);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const spans = await spansOf(2);
    const traces = new Map<string, ReadableSpan[]>();
    for (const span of spans)
      traces.set(traceId(span), [...(traces.get(traceId(span)) ?? []), span]);
    expect(traces.size).toBe(2);
    const byOperation = new Map(
      [...traces.values()].map((trace) => {
        const tree = treeOf(trace);
        expect(tree.roots).toHaveLength(1);
        const operation = trace.find((s) => s.attributes['graphql.operation.name'])!;
        return [operation.attributes['graphql.operation.name'], tree] as const;
      }),
    );
    const firstTree = byOperation.get('First')!;
    const secondTree = byOperation.get('Second')!;
    expect(firstTree.named('Proposal.author')).toHaveLength(2);
    expect(firstTree.named('Query.departments')).toEqual([]);
    expect(secondTree.named('Query.departments')).toHaveLength(1);
    expect(secondTree.named('Proposal.author')).toEqual([]);
    expect(firstTree.sql.some((s) => s.name === 'SELECT official_answer')).toBe(true);
    expect(secondTree.sql.some((s) => s.name === 'SELECT official_answer')).toBe(false);
    expect(secondTree.sql.some((s) => s.name === 'SELECT department')).toBe(true);
    expect(secondTree.sql.some((s) => s.name === 'SELECT proposal')).toBe(false);
  });

  it('an operation refused with FORBIDDEN ends in error, with the code, on it and its resolver', async () => {
    const res = await t.gql(
      'query TracedUsers { users(first: 1) { totalCount } }',
      {},
      citizen.token,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    const tree = treeOf(await spansOf(1));
    const operation = tree.one('query TracedUsers');
    expect(operation.status).toEqual({ code: SpanStatusCode.ERROR, message: 'FORBIDDEN' });
    expect(operation.attributes).toMatchObject({
      'error.type': 'FORBIDDEN',
      'wontak.graphql.outcome': 'FORBIDDEN',
    });
    const users = tree.one('Query.users');
    expect(users.status.code).toBe(SpanStatusCode.ERROR);
    expect(users.attributes['error.type']).toBe('FORBIDDEN');
    // What the client was told is not recorded as a fault: no exception event, no stack.
    expect(users.events).toEqual([]);
    // The request itself was answered (200): its span is not an error.
    const http = tree.roots[0]!;
    expect(http.attributes['http.response.status_code']).toBe(200);
    expect(http.status.code).toBe(SpanStatusCode.UNSET);

    // The same operation by an admin succeeds, and says so.
    exporter.reset();
    expect(
      (await t.gql('query TracedUsers { users(first: 1) { totalCount } }', {}, admin.token)).errors,
    ).toBeUndefined();
    const allowed = treeOf(await spansOf(1)).one('query TracedUsers');
    expect(allowed.status.code).toBe(SpanStatusCode.UNSET);
    expect(allowed.attributes['wontak.graphql.outcome']).toBe('OK');
  });

  it('a statement sent by a field with no span of its own hangs from the operation', async () => {
    // totalCount is counted lazily, by a field middleware: no resolver span, its own statement.
    const res = await t.gql('query Counted { proposals(first: 1) { totalCount } }');
    expect(res.data.proposals.totalCount).toBe(30);
    const tree = treeOf(await spansOf(1));
    const operation = tree.one('query Counted');
    const counts = tree.sql.filter((s) => /count\(/i.test(String(s.attributes['db.query.text'])));
    expect(counts).toHaveLength(1);
    expect(parentOf(counts[0]!)).toBe(spanId(operation));
  });

  it('a body that arrives after the headers is still read in the trace of its request', async () => {
    // `Expect: 100-continue`: the client sends the body only once the server has taken the
    // headers, so the body parser's callbacks run on a later read of the socket, outside the
    // middleware's call; they must still belong to the request.
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const body = JSON.stringify({ query: 'query LateBody { departments { slug } }' });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          expect: '100-continue',
        },
      });
      req.on('continue', () => req.end(body));
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
    });
    expect(status).toBe(200);
    const tree = treeOf(await spansOf(1));
    expect(tree.roots).toHaveLength(1);
    const operation = tree.one('query LateBody');
    expect(parentOf(operation)).toBe(spanId(tree.roots[0]!));
    expect(tree.sql.length).toBeGreaterThan(0);
  });

  it('a document that does not parse still has its operation span, in error', async () => {
    const res = await t.gql('query Broken { proposals(first: 1) { nodes { id }');
    expect(codeOf(res)).toBe('GRAPHQL_PARSE_FAILED');
    const tree = treeOf(await spansOf(1));
    const operation = tree.one('GraphQL Operation');
    expect(parentOf(operation)).toBe(spanId(tree.roots[0]!));
    expect(operation.attributes['error.type']).toBe('GRAPHQL_PARSE_FAILED');
    expect(operation.attributes['graphql.operation.name']).toBeUndefined();
    expect(tree.sql).toEqual([]);
  });

  it('a page of 30 makes at most five spans of a field; the request says how many it skipped', async () => {
    // `process`: a field no plan covers, so the page goes through the field resolvers, one call
    // per field (a planned page is one statement and no field resolver, issue 21).
    const res = await t.gql(
      'query BigPage { proposals(first: 30) { nodes { author { id } process { id } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.proposals.nodes).toHaveLength(30);
    const tree = treeOf(await spansOf(1));
    expect(tree.named('Proposal.author')).toHaveLength(MAX_SPANS_PER_NAME);
    expect(tree.named('Proposal.process')).toHaveLength(MAX_SPANS_PER_NAME);
    // Skipped: 25 of author and 25 of process.
    expect(tree.roots[0]!.attributes['wontak.spans.skipped']).toBe(2 * (30 - MAX_SPANS_PER_NAME));
    // The answer is whole: the bound is on the spans, not on the work.
    expect(res.data.proposals.nodes.every((n: { author: { id: string } }) => n.author.id)).toBe(
      true,
    );
  });

  it('a request outside GraphQL is traced too: the readiness check and its statement', async () => {
    expect((await t.http().get('/health/ready')).status).toBe(200);
    const tree = treeOf(await spansOf(1));
    expect(tree.roots.map((s) => s.name)).toEqual(['GET /health/ready']);
    expect(tree.sql.length).toBeGreaterThan(0);
    for (const statement of tree.sql) expect(parentOf(statement)).toBe(spanId(tree.roots[0]!));
  });

  it('a path no route knows is named by its method only, never by the path a client chose', async () => {
    expect((await t.http().get('/no/such/place/d41d8cd9')).status).toBe(404);
    const [http] = treeOf(await spansOf(1)).roots;
    expect(http!.name).toBe('GET');
    expect(http!.attributes['http.route']).toBeUndefined();
    expect(http!.attributes['http.response.status_code']).toBe(404);
  });

  it("continues the caller's trace from its traceparent, and keeps nothing it was told not to sample", async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const sampled = await t.gql('query Continued { departments { slug } }', {}, null, {
      traceparent: `00-${callerTrace}-${callerSpan}-01`,
    });
    expect(sampled.errors).toBeUndefined();
    const [http] = treeOf(await spansOf(1)).spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(traceId(http!)).toBe(callerTrace);
    expect(http!.parentSpanContext).toMatchObject({ spanId: callerSpan, isRemote: true });

    exporter.reset();
    const unsampled = await t.gql('query NotSampled { departments { slug } }', {}, null, {
      traceparent: `00-${callerTrace}-${callerSpan}-00`,
    });
    expect(unsampled.errors).toBeUndefined();
    // A sampled request after it, to know the unsampled one is over, whatever it made.
    await t.gql('query After { departments { slug } }');
    const spans = await spansOf(1);
    expect(spans.filter((s) => traceId(s) === callerTrace)).toEqual([]);
    expect(spans.some((s) => s.name === 'query After')).toBe(true);
  });

  it('a malformed traceparent starts a trace of its own', async () => {
    await t.gql('{ departments { slug } }', {}, null, { traceparent: 'not-a-trace-context' });
    const tree = treeOf(await spansOf(1));
    expect(tree.roots).toHaveLength(1);
    expect(tree.one('query').attributes['graphql.operation.name']).toBeUndefined();
  });
});

describe('traces, when tracing is off', () => {
  const trap = new InMemorySpanExporter();
  let provider: Tracing;
  let fromEnvironment: Tracing | null;
  let t: TestApp;

  beforeAll(async () => {
    // A tracer provider registered in the process, as a library's own tracing might find one:
    // the app, started as main.ts starts it without an endpoint, must make no span in it.
    provider = startTracing({ spanProcessors: [new SimpleSpanProcessor({ exporter: trap })] });
    const env = validateEnvironment({ ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: undefined });
    fromEnvironment = await startTracingFromEnvironment(env);
    t = await startTestApp({ tracing: fromEnvironment ?? undefined });
  });
  afterAll(async () => {
    await t.close();
    await provider.shutdown();
  });

  it('starts nothing without an endpoint', () => {
    expect(fromEnvironment).toBeNull();
  });

  it('records no span for requests that read, fail, or never reach GraphQL', async () => {
    const user = await createUser(t.db, t.jwt);
    await createProposal(t.db, user.user.id);
    const read = await t.gql(
      'query Off { proposals(first: 5) { nodes { author { id } answers { status } } } }',
    );
    expect(read.errors).toBeUndefined();
    expect(read.data.proposals.nodes).toHaveLength(1);
    const refused = await t.gql(
      'query OffUsers { users(first: 1) { totalCount } }',
      {},
      user.token,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect((await t.http().get('/health/ready')).status).toBe(200);
    expect(trap.getFinishedSpans()).toEqual([]);
  });

  it('is off with OTEL_SDK_DISABLED even when an endpoint is set', async () => {
    const env = validateEnvironment({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      OTEL_SDK_DISABLED: 'true',
    });
    expect(await startTracingFromEnvironment(env)).toBeNull();
  });
});

describe("the monitoring profile's Jaeger (docker-compose.yml, deploy/, docs)", () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));
  const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
  const compose = parseYaml(read('docker-compose.yml'));
  const docs = read('docs/operations.md');
  /** The endpoint the documentation tells an operator to set for compose. */
  const documented = /OTEL_EXPORTER_OTLP_ENDPOINT=(http:\/\/jaeger:\d+)/.exec(docs)?.[1];

  it('runs Jaeger in the monitoring profile only, its UI on the loopback interface', () => {
    expect(compose.services.jaeger.profiles).toEqual(['monitoring']);
    expect(compose.services.jaeger.image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    expect(compose.services.jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
  });

  it('leaves tracing off in the api unless the operator sets the endpoint', () => {
    const value = compose.services.api.environment.OTEL_EXPORTER_OTLP_ENDPOINT;
    expect(value).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-}');
    // What compose passes when it is unset: an empty value, which is off.
    expect(tracingSettings(validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }))).toBeNull();
  });

  it('documents an endpoint that names the jaeger service on its OTLP/HTTP port, which the app accepts', () => {
    expect(documented).toBe('http://jaeger:4318');
    expect(read('docker-compose.yml')).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${documented}`);
    const settings = tracingSettings(
      validateEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: documented }),
    );
    expect(settings?.url).toBe('http://jaeger:4318/v1/traces');
    expect(Object.keys(compose.services)).toContain(new URL(documented!).hostname);
  });

  it("gives Grafana the Jaeger UI's address as a data source", () => {
    const sources = parseYaml(read('deploy/grafana/provisioning/datasources/jaeger.yml'));
    const [jaeger] = sources.datasources;
    expect(jaeger.type).toBe('jaeger');
    const uiPort = compose.services.jaeger.ports[0].split(':').at(-1);
    expect(jaeger.url).toBe(`http://jaeger:${uiPort}`);
  });
});
