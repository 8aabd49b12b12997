import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { METRICS_PATH } from '../../src/core/metrics/metrics-endpoint.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { scrape, type Scrape } from './support.js';

/**
 * The monitoring profile of docker-compose.yml (Prometheus and Grafana, deploy/) cannot be run
 * here, so its files are read and held to the app: every metric a dashboard panel asks for is
 * one /metrics really exposes, every file compose mounts exists, and the pieces name each other
 * (service names, ports, paths, the data source's uid, the token file). A renamed metric, a
 * moved file or a typo in PromQL fails this test instead of showing an empty panel.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const yaml = (path: string) => parseYaml(read(path));

const compose = yaml('docker-compose.yml');
const prometheus = yaml('deploy/prometheus/prometheus.yml');
const datasources = yaml('deploy/grafana/provisioning/datasources/prometheus.yml');
const dashboardProviders = yaml('deploy/grafana/provisioning/dashboards/wontak.yml');
const DASHBOARD_DIR = 'deploy/grafana/dashboards';
const dashboards = readdirSync(join(ROOT, DASHBOARD_DIR))
  .filter((f) => f.endsWith('.json'))
  .map((file) => ({ file, json: JSON.parse(read(`${DASHBOARD_DIR}/${file}`)) }));

interface Panel {
  title: string;
  type: string;
  datasource?: { uid?: string };
  targets?: { expr: string; datasource?: { uid?: string } }[];
  panels?: Panel[];
}

const panelsOf = (dashboard: { panels: Panel[] }): Panel[] =>
  dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression reads (functions, groupings, labels and ranges aside). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = [...bare.matchAll(/(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter((m) => !/^\s*\(/.test(bare.slice(m.index + m[0].length))) // a function
    .map((m) => m[0])
    .filter((word) => !PROMQL_WORDS.has(word.toLowerCase()));
  return [...new Set(names)];
}

/** Whether the scrape exposes `name`: a family, or a histogram's _bucket, _sum or _count. */
function exposes(m: Scrape, name: string): boolean {
  if (m.types.has(name)) return true;
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(name);
  return !!suffix && ['histogram', 'summary'].includes(m.types.get(suffix[1]) ?? '');
}

describe('the monitoring profile (docker-compose.yml, deploy/)', () => {
  let t: TestApp;
  let exposed: Scrape;

  beforeAll(async () => {
    t = await startTestApp();
    // One operation, so that every labelled family has a sample, not only its TYPE line.
    await t.gql('{ departments { slug } }');
    exposed = await scrape(t);
  });
  afterAll(() => t.close());

  it('reads PromQL as expected (so the dashboard check below can fail)', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, operation) (rate(wontak_graphql_request_duration_seconds_bucket{code!="OK"}[$__rate_interval])))',
      ),
    ).toEqual(['wontak_graphql_request_duration_seconds_bucket']);
    expect(metricNames('sum(a_total) / ignoring(x) sum(b_total) offset 5m')).toEqual([
      'a_total',
      'b_total',
    ]);
    expect(exposes(exposed, 'wontak_graphql_request_duration_seconds_bucket')).toBe(true);
    expect(exposes(exposed, 'wontak_graphql_requests_total')).toBe(true);
    expect(exposes(exposed, 'wontak_no_such_metric_total')).toBe(false);
    expect(exposes(exposed, 'wontak_graphql_requests_total_bucket')).toBe(false);
  });

  it('has dashboards whose every panel asks for metrics /metrics exposes', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    for (const { file, json } of dashboards) {
      const panels = panelsOf(json);
      expect(panels.length).toBeGreaterThan(0);
      for (const panel of panels) {
        expect({ file, panel: panel.title, targets: panel.targets?.length ?? 0 }).not.toMatchObject(
          {
            targets: 0,
          },
        );
        for (const { expr } of panel.targets ?? []) {
          const names = metricNames(expr);
          expect(names.length).toBeGreaterThan(0);
          const missing = names.filter((name) => !exposes(exposed, name));
          expect({ file, panel: panel.title, missing }).toEqual({
            file,
            panel: panel.title,
            missing: [],
          });
        }
      }
    }
  });

  it('shows what an operator watches: rate, p50 and p99 by operation, errors by code, overdue proposals, WebSockets, event-loop lag', () => {
    const exprs = dashboards.flatMap(({ json }) =>
      panelsOf(json).flatMap((p) => (p.targets ?? []).map((target) => target.expr)),
    );
    const some = (pattern: RegExp) => expect(exprs.some((e) => pattern.test(e))).toBe(true);
    some(
      /rate\(wontak_graphql_requests_total\[.*by \(operation\)|by \(operation\).*wontak_graphql_requests_total/,
    );
    some(
      /histogram_quantile\(0\.5,.*by \(le, operation\).*wontak_graphql_request_duration_seconds_bucket/,
    );
    some(
      /histogram_quantile\(0\.99,.*by \(le, operation\).*wontak_graphql_request_duration_seconds_bucket/,
    );
    some(/by \(code\).*wontak_graphql_requests_total\{code!="OK"\}/);
    some(/wontak_proposals_overdue/);
    some(/wontak_websocket_connections/);
    some(/nodejs_eventloop_lag/);
  });

  it('points every panel at the provisioned Prometheus data source', () => {
    const [source] = datasources.datasources;
    expect(source.type).toBe('prometheus');
    for (const { json } of dashboards) {
      for (const panel of panelsOf(json)) {
        expect(panel.datasource?.uid).toBe(source.uid);
        for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe(source.uid);
      }
    }
  });

  it('runs Prometheus and Grafana only in the monitoring profile, beside the API', () => {
    expect(compose.services.prometheus.profiles).toEqual(['monitoring']);
    expect(compose.services.grafana.profiles).toEqual(['monitoring']);
    for (const name of ['postgres', 'redis', 'api']) {
      expect(compose.services[name].profiles).toBeUndefined();
    }
  });

  it('has Prometheus scrape the api service on its port and path, with the METRICS_TOKEN the api reads', () => {
    const [job] = prometheus.scrape_configs;
    expect(job.metrics_path).toBe(METRICS_PATH);
    const [target] = job.static_configs[0].targets;
    const api = compose.services.api;
    expect(target).toBe(`api:${api.environment.PORT}`);
    expect(job.authorization.type).toBe('Bearer');
    // The token file is the compose config made from the same variable as the api's.
    expect(api.environment.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN[:}-]/);
    const mounted = compose.services.prometheus.configs.find(
      (c: { target: string }) => c.target === job.authorization.credentials_file,
    );
    expect(mounted).toBeDefined();
    expect(compose.configs[mounted.source].content).toMatch(/^\$\{METRICS_TOKEN[:}-]/);
    const config = compose.services.prometheus.configs.find(
      (c: { target: string }) => c.target === '/etc/prometheus/prometheus.yml',
    );
    expect(compose.configs[config.source].file).toBe('./deploy/prometheus/prometheus.yml');
  });

  it('has Grafana find its data source, provisioning and dashboards where compose mounts them', () => {
    const [source] = datasources.datasources;
    expect(source.url).toBe(
      `http://prometheus:${compose.services.prometheus.ports[0].split(':').at(-1)}`,
    );
    const mounts = Object.fromEntries(
      (compose.services.grafana.volumes as string[])
        .filter((v) => v.startsWith('./'))
        .map((v) => v.split(':').slice(0, 2)),
    );
    expect(mounts['./deploy/grafana/provisioning']).toBe('/etc/grafana/provisioning');
    const dashboardsAt = mounts[`./${DASHBOARD_DIR}`];
    expect(dashboardProviders.providers[0].options.path).toBe(dashboardsAt);
    const home = compose.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    expect(dashboards.map(({ file }) => `${dashboardsAt}/${file}`)).toContain(home);
  });

  it('mounts only files that exist', () => {
    const sources = [
      ...Object.values(compose.configs as Record<string, { file?: string }>).map((c) => c.file),
      ...Object.values(compose.services as Record<string, { volumes?: string[] }>)
        .flatMap((s) => s.volumes ?? [])
        .map((v) => v.split(':')[0]),
    ].filter((path): path is string => !!path?.startsWith('./'));
    expect(sources.length).toBeGreaterThan(2);
    for (const path of sources)
      expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });

  it('documents every wontak_ metric in docs/operations.md', () => {
    const docs = read('docs/operations.md');
    const families = [...exposed.types.keys()].filter((name) => name.startsWith('wontak_'));
    expect(families.length).toBeGreaterThan(10);
    expect(families.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
  });
});
