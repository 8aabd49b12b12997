import { startTestApp, type TestApp } from '../helpers/test-app.js';

/** Shared tools of the operations tests (not a test file itself). */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One scrape of /metrics, parsed. */
export interface Scrape {
  samples: Sample[];
  /** Metric families by name (`# TYPE` lines): counter, gauge, histogram... */
  types: Map<string, string>;
  /** The sum of the samples named `name` whose labels include `labels`; 0 when there are none. */
  value(name: string, labels?: Record<string, string>): number;
  /** The samples named `name` whose labels include `labels`. */
  find(name: string, labels?: Record<string, string>): Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The Prometheus text format (version 0.0.4), as far as prom-client writes it. */
export function parsePrometheusText(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1], type[2]);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) {
      labels[name] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  return {
    samples,
    types,
    find,
    value: (name, labels) => find(name, labels).reduce((sum, s) => sum + s.value, 0),
  };
}

/** GET /metrics on the app's own port, parsed; fails unless it answers 200. */
export async function scrape(t: TestApp, token?: string): Promise<Scrape> {
  const req = t.http().get('/metrics');
  if (token) req.set('Authorization', `Bearer ${token}`);
  const res = await req;
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${res.text}`);
  return parsePrometheusText(res.text);
}

/**
 * A test app started with these environment variables (the Environment is read when the app is
 * made); process.env is given back as it was right after.
 */
export async function startTestAppWith(variables: Record<string, string>): Promise<TestApp> {
  const before = Object.fromEntries(Object.keys(variables).map((k) => [k, process.env[k]]));
  Object.assign(process.env, variables);
  try {
    return await startTestApp();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** Checks `condition` until it holds (an event another connection causes), or fails. */
export async function eventually(
  condition: () => Promise<boolean>,
  what: string,
  attempts = 200,
): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}
