import request from 'supertest';
import { MetricsEndpoint } from '../../src/core/metrics/metrics-endpoint.js';
import type { TestApp } from '../helpers/test-app.js';
import { parsePrometheusText, startTestAppWith } from './support.js';

/**
 * Who may read /metrics (src/core/metrics/metrics-access.ts), on real apps started with each
 * configuration: open outside production, off in production until the operator protects it
 * with METRICS_TOKEN or moves it to METRICS_PORT, and always the token when one is set.
 */
const TOKEN = 'metrics-token-for-the-tests-0123456789abcdef';

const get = (t: TestApp, authorization?: string) => {
  const req = t.http().get('/metrics');
  return authorization === undefined ? req : req.set('Authorization', authorization);
};

/** The metrics port's own listener, as the app bound it (METRICS_PORT=0: a free port). */
const onMetricsPort = (t: TestApp) => {
  const address = t.app.get(MetricsEndpoint).portAddress;
  if (!address) throw new Error('the metrics port is not listening');
  return request(`http://127.0.0.1:${address.port}`);
};

function expectMetrics(res: { status: number; text: string }): void {
  expect(res.status).toBe(200);
  expect(parsePrometheusText(res.text).types.has('wontak_graphql_requests_total')).toBe(true);
}

function expectRefused(res: { status: number; text: string; headers: Record<string, string> }) {
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.text).not.toContain('wontak_');
}

describe('/metrics outside production, with METRICS_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestAppWith({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('asks for the token: none and a wrong one are 401, the right one is served', async () => {
    expectRefused(await get(t));
    expectRefused(await get(t, 'Bearer not-the-token-but-just-as-long-0123456789'));
    expectRefused(await get(t, TOKEN));
    expectMetrics(await get(t, `Bearer ${TOKEN}`));
  });
});

describe('/metrics in production', () => {
  describe('without METRICS_TOKEN or METRICS_PORT', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestAppWith({ NODE_ENV: 'production' });
    });
    afterAll(() => t.close());

    it('is off: 404, as any unknown path, with or without a token', async () => {
      const unknown = await t.http().get('/no-such-path');
      for (const res of [await get(t), await get(t, `Bearer ${TOKEN}`)]) {
        expect(res.status).toBe(404);
        expect(res.text).toBe(unknown.text.replace('/no-such-path', '/metrics'));
      }
      // The API itself is up.
      expect((await t.http().get('/health/live')).status).toBe(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestAppWith({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN });
    });
    afterAll(() => t.close());

    it('serves the right bearer token only', async () => {
      expectRefused(await get(t));
      expectRefused(await get(t, 'Bearer wrong'));
      expectRefused(await get(t, `Bearer ${TOKEN.toUpperCase()}`));
      expectMetrics(await get(t, `Bearer ${TOKEN}`));
    });
  });

  describe('with METRICS_PORT', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestAppWith({ NODE_ENV: 'production', METRICS_PORT: '0' });
    });
    afterAll(() => t.close());

    it('serves /metrics on that port only: the API port answers 404', async () => {
      expectMetrics(await onMetricsPort(t).get('/metrics'));
      expect((await get(t)).status).toBe(404);
    });

    it('serves nothing else on that port', async () => {
      expect((await onMetricsPort(t).get('/graphql')).status).toBe(404);
      expect((await onMetricsPort(t).get('/health/live')).status).toBe(404);
      expect((await onMetricsPort(t).post('/metrics')).status).toBe(404);
      expect((await onMetricsPort(t).get('/metrics?x=1')).status).toBe(200);
    });
  });

  describe('with METRICS_PORT and METRICS_TOKEN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestAppWith({
        NODE_ENV: 'production',
        METRICS_PORT: '0',
        METRICS_TOKEN: TOKEN,
      });
    });
    let closed = false;
    afterAll(async () => {
      if (!closed) await t.close();
    });

    it('asks for the token on the metrics port, and the API port stays 404 even with it', async () => {
      expectRefused(await onMetricsPort(t).get('/metrics'));
      expectRefused(await onMetricsPort(t).get('/metrics').set('Authorization', 'Bearer wrong'));
      expectMetrics(await onMetricsPort(t).get('/metrics').set('Authorization', `Bearer ${TOKEN}`));
      expect((await get(t, `Bearer ${TOKEN}`)).status).toBe(404);
    });

    it('closes the metrics port with the app', async () => {
      const port = t.app.get(MetricsEndpoint).portAddress!.port;
      closed = true;
      await t.close();
      await expect(request(`http://127.0.0.1:${port}`).get('/metrics')).rejects.toThrow(
        /ECONNREFUSED/,
      );
    });
  });
});
