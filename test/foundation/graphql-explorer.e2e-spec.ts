import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Outside production a browser opening /graphql gets GraphiQL, every file of which the API
 * serves itself (no CDN: it works offline); GraphQL clients get GraphQL as before. Production
 * serves no explorer at all.
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Every src and href of the page, in order. */
function referencesOf(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
}

describe('the GraphQL explorer outside production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a browser opening /graphql gets the page, which names no other host', async () => {
    const res = await t.http().get('/graphql').set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="graphiql">');
    expect(res.text).not.toMatch(/https?:\/\//i);
    expect(res.text).not.toMatch(/(?:src|href)\s*=\s*"\/\//); // protocol-relative
    const references = referencesOf(res.text);
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const reference of references) expect(reference).toMatch(/^\/graphql\/explorer\/[\w.-]+$/);
  });

  it('every file the page references is served, not empty, with its content type', async () => {
    const page = await t.http().get('/graphql').set('Accept', BROWSER_ACCEPT);
    const served: Record<string, string> = {};
    for (const reference of referencesOf(page.text)) {
      const res = await t.http().get(reference).buffer(true);
      expect({ reference, status: res.status }).toEqual({ reference, status: 200 });
      const body = res.body instanceof Buffer ? res.body.toString('utf8') : res.text;
      expect(body.length).toBeGreaterThan(0);
      const type = reference.endsWith('.css') ? /^text\/css/ : /^(?:text|application)\/javascript/;
      expect(res.headers['content-type']).toMatch(type);
      served[reference] = body;
    }
    // What runs at start: React and ReactDOM's globals, GraphiQL's, and the script that mounts it.
    const scripts = Object.entries(served).filter(([reference]) => reference.endsWith('.js'));
    expect(scripts.map(([, body]) => body).join('\n')).toMatch(/ReactDOM\.createRoot/);
    for (const [reference, body] of Object.entries(served)) {
      // Nothing fetched from elsewhere when it loads: no CDN, no remote import, style or font.
      expect({
        reference,
        cdn: /\/\/(?:unpkg\.com|cdn\.jsdelivr\.net|esm\.sh|cdnjs\.cloudflare\.com|fonts\.googleapis\.com)/.test(
          body,
        ),
      }).toEqual({ reference, cdn: false });
      expect({
        reference,
        remote: /import\(\s*["']https?:|url\(\s*["']?https?:|@import\s+(?:url\()?["']?https?:/.test(
          body,
        ),
      }).toEqual({ reference, remote: false });
    }
  });

  it('GraphQL clients still get GraphQL on /graphql', async () => {
    const post = await t.gql('{ __typename }');
    expect(post.status).toBe(200);
    expect(post.data).toEqual({ __typename: 'Query' });
    const json = await t.http().get('/graphql').set('Accept', 'application/json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.text).not.toContain('graphiql');
    const anything = await t.http().get('/graphql').set('Accept', '*/*');
    expect(anything.headers['content-type']).toMatch(/json/);
  });

  it.each([
    '/graphql/explorer/graphiql.min.js.map',
    '/graphql/explorer/__proto__',
    '/graphql/explorer/constructor',
    '/graphql/explorer/..%2F..%2Fpackage.json',
    '/graphql/explorer/%2e%2e/%2e%2e/package.json',
    '/graphql/explorer/',
  ])('a file it does not list is not served: %s', async (path) => {
    const res = await t.http().get(path);
    expect(res.status).not.toBe(200);
    expect(res.text ?? '').not.toMatch(/"name":\s*"wontak"/);
  });
});

describe('the GraphQL explorer in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    process.env.NODE_ENV = 'production';
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env.NODE_ENV = 'test';
  });

  it('is not there: a browser opening /graphql gets no page, its files are not served', async () => {
    const page = await t.http().get('/graphql').set('Accept', BROWSER_ACCEPT);
    expect(page.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(page.text ?? '').not.toContain('graphiql');
    for (const file of ['graphiql.js', 'graphiql.css', 'react.js', 'start.js']) {
      const res = await t.http().get(`/graphql/explorer/${file}`);
      expect({ file, status: res.status === 200 }).toEqual({ file, status: false });
    }
  });
});
