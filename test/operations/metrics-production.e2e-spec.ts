import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  cleanupAll,
  gql,
  httpRequest,
  startServer,
  type ServerProcess,
} from '../reliability/support.js';
import { eventually, parsePrometheusText } from './support.js';

/**
 * /metrics on a real production process (src/main.ts, NODE_ENV=production, LOG_LEVEL=info,
 * rate limits on) with METRICS_TOKEN: served with the token only, and scrapes are not written
 * to the access log, which every other request gets a line in.
 */
const TOKEN = 'production-metrics-token-0123456789abcdefghij';

let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    RATE_LIMIT_ENABLED: 'true',
    METRICS_TOKEN: TOKEN,
  });
}, 120_000);
afterAll(async () => {
  await cleanupAll();
  await database.drop();
});

const scrape = (authorization?: string) =>
  httpRequest(`${server.baseUrl}/metrics`, {
    headers: authorization ? { authorization } : {},
  });

const requestLines = () =>
  server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { url?: string; status?: number })
    .filter((line) => typeof line.url === 'string');

it('serves the metrics with the token only, and keeps scrapes out of the access log', async () => {
  const refused = await scrape();
  expect(refused.ok && refused.status).toBe(401);
  const wrong = await scrape('Bearer production-metrics-token-0123456789abcdefghiX');
  expect(wrong.ok && wrong.status).toBe(401);

  const operation = await gql(server, 'query Probe { __typename }');
  expect(operation.ok && operation.status).toBe(200);
  for (let i = 0; i < 3; i++) {
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.ok && res.status).toBe(200);
    if (!res.ok) return;
    const metrics = parsePrometheusText(res.body);
    expect(metrics.value('wontak_graphql_requests_total', { operation: 'Probe', code: 'OK' })).toBe(
      1,
    );
    // The refused scrapes are counted where an operator sees them.
    expect(
      metrics.value('wontak_http_request_duration_seconds_count', {
        route: '/metrics',
        status: '401',
      }),
    ).toBe(2);
  }

  await eventually(
    async () => requestLines().some((line) => line.url === '/graphql'),
    'the GraphQL request is logged',
  );
  expect(requestLines().filter((line) => line.url!.startsWith('/metrics'))).toEqual([]);
}, 60_000);
