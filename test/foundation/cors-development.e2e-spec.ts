import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * CORS: outside production a front end served from this machine (any port of localhost,
 * 127.0.0.1 or [::1]) may call the API with nothing configured; any other origin only when
 * CORS_ORIGINS lists it. Production allows CORS_ORIGINS alone.
 */

const LISTED = 'https://app.city.example';

async function preflight(t: TestApp, origin: string) {
  return t
    .http()
    .options('/graphql')
    .set('Origin', origin)
    .set('Access-Control-Request-Method', 'POST')
    .set('Access-Control-Request-Headers', 'content-type,authorization');
}

async function post(t: TestApp, origin: string) {
  return t.gql('{ __typename }', undefined, null, { Origin: origin });
}

const LOOPBACK = [
  'http://localhost:5173',
  'http://127.0.0.1:8080',
  'http://[::1]:3001',
  'http://localhost',
  'https://localhost:4443',
];
const NOT_LOOPBACK = [
  'https://evil.example',
  'http://localhost.evil.example',
  'http://localhost.evil.example:5173',
  'http://127.0.0.1.nip.io:8080',
  'http://evil.example/http://localhost:5173',
  'http://192.168.0.10:5173',
  'http://localhost:5173.evil.example',
  'null',
  'file://',
];

describe('CORS outside production (CORS_ORIGINS lists one origin)', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.CORS_ORIGINS = LISTED;
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    delete process.env.CORS_ORIGINS;
  });

  it.each(LOOPBACK)('a front end at %s may call it (preflight and request)', async (origin) => {
    const options = await preflight(t, origin);
    expect(options.status).toBe(204);
    expect(options.headers['access-control-allow-origin']).toBe(origin);
    expect(options.headers['access-control-allow-headers']).toMatch(/authorization/i);
    const res = await post(t, origin);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(origin);
  });

  it('an origin CORS_ORIGINS lists may call it too', async () => {
    expect((await preflight(t, LISTED)).headers['access-control-allow-origin']).toBe(LISTED);
    expect((await post(t, LISTED)).headers['access-control-allow-origin']).toBe(LISTED);
  });

  it.each(NOT_LOOPBACK)('%s gets no Access-Control-Allow-Origin', async (origin) => {
    expect((await preflight(t, origin)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await post(t, origin)).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    process.env.CORS_ORIGINS = LISTED;
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env.NODE_ENV = 'test';
    delete process.env.CORS_ORIGINS;
  });

  it('allows the origins CORS_ORIGINS lists', async () => {
    expect((await preflight(t, LISTED)).headers['access-control-allow-origin']).toBe(LISTED);
    expect((await post(t, LISTED)).headers['access-control-allow-origin']).toBe(LISTED);
  });

  it.each(LOOPBACK)('refuses a front end at %s (not listed)', async (origin) => {
    expect((await preflight(t, origin)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await post(t, origin)).headers['access-control-allow-origin']).toBeUndefined();
  });
});
