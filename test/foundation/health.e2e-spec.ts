import pg from 'pg';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Readiness follows the database: it answers 503 while the database refuses connections and
 * recovers by itself when it accepts them again, without a restart.
 */
describe('health', () => {
  let t: TestApp;
  let admin: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
    await admin.end();
    await t.close();
  });

  it('live answers 200 without touching the database', async () => {
    const res = await t.http().get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('ready answers 200 with the database up', async () => {
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.details.database.status).toBe('up');
  });

  it('ready answers 503 while the database is unreachable, then recovers', async () => {
    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      t.database.name,
    ]);

    const down = await t.http().get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.error.database.status).toBe('down');

    await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
    const up = await t.http().get('/health/ready');
    expect(up.status).toBe(200);
  });

  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await t.http().get('/health/live').set('X-Request-Id', 'trace-abc.123');
    expect(given.headers['x-request-id']).toBe('trace-abc.123');
    const junk = await t
      .http()
      .get('/health/live')
      .set('X-Request-Id', 'bad id with spaces <script>');
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
