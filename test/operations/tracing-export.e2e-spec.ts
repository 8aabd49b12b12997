import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  cleanupAll,
  gqlOk,
  startServer,
  within,
  type ServerProcess,
} from '../reliability/support.js';
import { eventually } from './support.js';

/**
 * Traces leaving a real process (src/main.ts, NODE_ENV=production) over OTLP/HTTP, received by
 * a collector of the test's own (node:http): in JSON (parsed span by span) and in protobuf (its
 * strings are in the bytes), by the batch timer and by the flush at SIGTERM, with the headers
 * and resource the OTEL_* variables set; nothing at all with OTEL_SDK_DISABLED; and a collector
 * that never answers does not hold the shutdown.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface Collector {
  endpoint: string;
  received: Received[];
  close(): Promise<void>;
}

/** An OTLP/HTTP collector that keeps what it receives; `answer: false` never answers. */
async function startCollector(answer = true): Promise<Collector> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      if (!answer) return;
      const json = req.headers['content-type'] === 'application/json';
      // An empty ExportTraceServiceResponse: all accepted.
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: OtlpAttribute[];
  status?: { code?: number; message?: string };
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

/** An attribute list of OTLP JSON as a plain object. */
function attributesOf(list: OtlpAttribute[]): Record<string, unknown> {
  return Object.fromEntries(
    list.map(({ key, value }) => [key, value.stringValue ?? value.intValue ?? value.boolValue]),
  );
}

/** Every span of every JSON export, with its resource's attributes. */
function spansOf(received: Received[]) {
  return received.flatMap((r) =>
    (JSON.parse(r.body.toString('utf8')) as OtlpExport).resourceSpans.flatMap((resourceSpans) =>
      resourceSpans.scopeSpans.flatMap((scope) =>
        scope.spans.map((span) => ({
          ...span,
          attributes: attributesOf(span.attributes),
          resource: attributesOf(resourceSpans.resource.attributes),
        })),
      ),
    ),
  );
}

let database: TestDatabase;
const collectors: Collector[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await cleanupAll();
  for (const collector of collectors) await collector.close();
  await database.drop();
});

async function collector(answer = true): Promise<Collector> {
  const started = await startCollector(answer);
  collectors.push(started);
  return started;
}

function start(env: Record<string, string>): Promise<ServerProcess> {
  return startServer({ DATABASE_URL: database.url, ...env });
}

it('sends the spans over OTLP/HTTP JSON when it stops, with its headers and resource', async () => {
  const otlp = await collector();
  const server = await start({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20collector-secret',
    OTEL_SERVICE_NAME: 'wontak-export-test',
    OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
    // No batch leaves on the timer during the test: only the flush at SIGTERM sends them.
    OTEL_BSP_SCHEDULE_DELAY: '600000',
  });
  expect(server.output()).toContain(
    `Tracing is on: spans go to ${otlp.endpoint}/v1/traces (OTLP http/json`,
  );
  await gqlOk(server, 'query Exported { departments { slug } }');
  expect(otlp.received).toEqual([]);

  server.kill('SIGTERM');
  expect(await server.exited).toMatchObject({ code: 0 });
  expect(otlp.received.length).toBeGreaterThan(0);
  for (const request of otlp.received) {
    expect(request.path).toBe('/v1/traces');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.authorization).toBe('Bearer collector-secret');
  }

  const spans = spansOf(otlp.received);
  const operation = spans.find((s) => s.name === 'query Exported')!;
  expect(operation).toBeDefined();
  expect(operation.attributes).toMatchObject({
    'graphql.operation.type': 'query',
    'graphql.operation.name': 'Exported',
    'wontak.graphql.outcome': 'OK',
  });
  expect(operation.resource).toMatchObject({
    'service.name': 'wontak-export-test',
    'deployment.environment.name': 'test',
  });
  const trace = spans.filter((s) => s.traceId === operation.traceId);
  const http = trace.find((s) => s.spanId === operation.parentSpanId)!;
  expect(http.name).toBe('POST /graphql');
  expect(http.parentSpanId ?? '').toBe('');
  const resolver = trace.find((s) => s.name === 'Query.departments')!;
  expect(resolver.parentSpanId).toBe(operation.spanId);
  const statements = trace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
  expect(statements.length).toBeGreaterThan(0);
  expect(statements.map((s) => s.parentSpanId)).toContain(resolver.spanId);
  expect(statements[0]!.attributes['db.query.text']).toEqual(expect.stringContaining('SELECT'));
}, 120_000);

it('sends them over OTLP/HTTP protobuf, the default, on the batch timer', async () => {
  const otlp = await collector();
  const server = await start({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_SERVICE_NAME: 'wontak-protobuf-test',
    OTEL_BSP_SCHEDULE_DELAY: '50',
  });
  await gqlOk(server, 'query ExportedAsProtobuf { departments { slug } }');
  // Protobuf keeps strings as their UTF-8 bytes: the operation's span name is in a body.
  const name = Buffer.from('query ExportedAsProtobuf');
  await eventually(
    async () => otlp.received.some((r) => r.body.includes(name)),
    'the operation span is exported',
    1000,
  );
  const request = otlp.received.find((r) => r.body.includes(name))!;
  expect(request.path).toBe('/v1/traces');
  expect(request.headers['content-type']).toBe('application/x-protobuf');
  expect(request.body.includes(Buffer.from('wontak-protobuf-test'))).toBe(true);
  expect(request.body.includes(Buffer.from('postgresql'))).toBe(true);
  // JSON it is not.
  expect(() => JSON.parse(request.body.toString('utf8'))).toThrow();
  server.kill('SIGTERM');
  expect(await server.exited).toMatchObject({ code: 0 });
}, 120_000);

it('sends nothing with OTEL_SDK_DISABLED, though an endpoint is set', async () => {
  const otlp = await collector();
  const server = await start({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SDK_DISABLED: 'true',
    OTEL_BSP_SCHEDULE_DELAY: '10',
  });
  await gqlOk(server, 'query NotExported { departments { slug } }');
  server.kill('SIGTERM');
  expect(await server.exited).toMatchObject({ code: 0 });
  expect(server.output()).not.toContain('Tracing is on');
  expect(otlp.received).toEqual([]);
}, 120_000);

it('a collector that never answers neither slows the requests nor holds the shutdown', async () => {
  const silent = await collector(false);
  const server = await start({
    OTEL_EXPORTER_OTLP_ENDPOINT: silent.endpoint,
    // Alone, the exporter would wait a minute for it, and the batch processor half of that.
    OTEL_EXPORTER_OTLP_TIMEOUT: '60000',
    OTEL_BSP_SCHEDULE_DELAY: '10',
  });
  await gqlOk(server, 'query WhileSilent { departments { slug } }');
  await eventually(async () => silent.received.length > 0, 'an export is attempted', 1000);
  await gqlOk(server, 'query StillAnswered { departments { slug } }');
  server.kill('SIGTERM');
  // Tracing gives up after 5 s at the most; the rest of the shutdown takes well under a second.
  const exit = await within(server.exited, 20_000, null);
  expect(exit).toMatchObject({ code: 0 });
  expect(server.output()).toContain('Shut down cleanly');
}, 120_000);
