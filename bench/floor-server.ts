/**
 * The "floor" of the benchmarks: a minimal `node:http` + `pg` server that runs, for each read
 * scenario, only the SQL the scenario needs (scenarios.ts) and answers the same JSON the
 * GraphQL API answers. No framework, no GraphQL, no authentication: what is left is the
 * database work and the HTTP round trip, the least any implementation of the API could cost.
 *
 *   POST /<scenario-name>   {"i": 12, "viewer": "<user uuid>" | null}   ->   {"data": ...}
 *
 * `viewer` is the user the API request was signed by (scenario.request(ctx, i).userIndex), or
 * null for an anonymous one; the runner sends both servers the same i.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SCENARIOS, type BenchContext, type Scenario } from './scenarios.js';

export interface FloorServer {
  /** `http://127.0.0.1:<port>`; POST to `${url}/<scenario-name>`. */
  url: string;
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_BODY = 4096;

/** The request body, or a reason to refuse it. */
function parseBody(text: string): { i: number; viewer: string | null } | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'the body is not an object';
  const { i, viewer = null } = body as { i?: unknown; viewer?: unknown };
  if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0)
    return 'i must be a non-negative integer';
  if (viewer !== null && (typeof viewer !== 'string' || !UUID.test(viewer)))
    return 'viewer must be a user uuid or null';
  return { i, viewer };
}

/** Apollo ends its JSON with a newline; so does the floor, so the bodies can be equal byte for byte. */
function send(res: http.ServerResponse, status: number, payload: unknown): void {
  const body = `${JSON.stringify(payload)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Starts the floor on a random local port, with a pool of `poolSize` (10, the API's default). */
export async function startFloorServer(
  databaseUrl: string,
  ctx: BenchContext,
  opts: { poolSize?: number } = {},
): Promise<FloorServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  // An idle client losing its connection must not take the process down.
  pool.on('error', (error) => console.error('floor: idle database client error:', error.message));
  const floors = new Map<string, Scenario>();
  for (const scenario of SCENARIOS) if (scenario.floor) floors.set(scenario.name, scenario);

  const server = http.createServer((req, res) => {
    const scenario = floors.get((req.url ?? '').replace(/^\//, ''));
    if (req.method !== 'POST' || !scenario) {
      send(res, 404, { error: 'POST /<read scenario name>' });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return send(res, 413, { error: 'body too large' });
      const body = parseBody(Buffer.concat(chunks).toString('utf8'));
      if (typeof body === 'string') return send(res, 400, { error: body });
      scenario.floor!(pool, ctx, body.i, body.viewer).then(
        (answer) => send(res, 200, answer),
        (error: unknown) => {
          console.error('floor:', error);
          send(res, 500, { error: error instanceof Error ? error.message : String(error) });
        },
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await pool.end();
    },
  };
}
