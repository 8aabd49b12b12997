/**
 * The README is a front door that works as pasted: its examples, and the tour of
 * docs/api-guide.md, run in order against a real demo city, as `npm start` serves it (the
 * sources in a server process of their own, the embedded Postgres, the demo seeder, the rate
 * limits on). The convention the documents follow is in ./examples.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  cleanupAll,
  freePort,
  REPO_ROOT,
  startServer,
  type ServerProcess,
} from '../reliability/support.js';
import {
  holds,
  jsonObjectsIn,
  problemsOf,
  runExamples,
  runnableExamples,
  type Example,
} from './examples.js';

const README = 'README.md';
const API_GUIDE = 'docs/api-guide.md';
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Relative links of a Markdown file that lead nowhere: a missing file or heading. */
function brokenLinks(path: string, text = read(path)): string[] {
  const broken: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [file, anchor] = target.split('#');
    const linked = file ? join(dirname(path), file) : path;
    if (!existsSync(join(REPO_ROOT, linked))) {
      broken.push(`${target}: no file ${linked}`);
    } else if (anchor && linked.endsWith('.md')) {
      const anchors = read(linked)
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => anchorOf(line.replace(/^#+ /, '')));
      if (!anchors.includes(anchor)) broken.push(`${target}: no heading #${anchor} in ${linked}`);
    }
  }
  return broken;
}

describe('the README as a front door', () => {
  // A front door, not the manual: the guides in docs/ hold the rest.
  it('is at most 290 lines', () => {
    expect(read(README).split('\n').length).toBeLessThanOrEqual(290);
  });

  it('links only to files (and headings) that exist, and to every guide in docs/', () => {
    expect(brokenLinks(README)).toEqual([]);
    const linked = [...read(README).matchAll(/\]\((docs\/[^)#]+)/g)].map(([, path]) => path);
    expect(new Set(linked)).toEqual(
      new Set([
        'docs/api-guide.md',
        'docs/configuration.md',
        'docs/operations.md',
        'docs/performance.md',
        'docs/architecture.md',
        'docs/budgets.md',
        'docs/rooms.md',
        'docs/clients.md',
        'docs/trusted-documents.md',
      ]),
    );
  });

  it.each([
    'docs/api-guide.md',
    'docs/configuration.md',
    'docs/operations.md',
    'docs/performance.md',
    'docs/architecture.md',
    'docs/budgets.md',
    'docs/rooms.md',
    'docs/clients.md',
    'docs/trusted-documents.md',
  ])('%s links only to files and headings that exist', (path) => {
    expect(brokenLinks(path)).toEqual([]);
  });

  it('finds a link to a missing file or heading', () => {
    expect(anchorOf('A tour of the demo city')).toBe('a-tour-of-the-demo-city');
    expect(anchorOf('IDs, lists, dates and text')).toBe('ids-lists-dates-and-text');
    const text =
      '[a](docs/nowhere.md) [b](docs/api-guide.md#no-such-heading) [c](docs/api-guide.md#limits) ' +
      '[d](https://example.org/x.md) [e](#the-demo-city)';
    expect(brokenLinks(README, text)).toEqual([
      'docs/nowhere.md: no file docs/nowhere.md',
      'docs/api-guide.md#no-such-heading: no heading #no-such-heading in docs/api-guide.md',
    ]);
  });
});

describe('reading examples out of Markdown', () => {
  const markdown = [
    '```sh norun',
    'npm start',
    '```',
    '<!-- expect: {"data": {"me": null}} -->',
    '```sh',
    'echo one',
    '```',
    '',
    '<!-- expect: BEGIN:VCALENDAR -->',
    '',
    '```graphql',
    '{ me { id } }',
    '```',
    '  ```js',
    '  console.log(1)',
    '  ```',
  ].join('\n');

  it('takes sh and graphql blocks with the expectation above them, and leaves norun and js', () => {
    const examples = runnableExamples(markdown);
    expect(examples).toEqual<Example[]>([
      {
        line: 5,
        language: 'sh',
        code: 'echo one',
        expect: { kind: 'json', value: { data: { me: null } } },
      },
      {
        line: 11,
        language: 'graphql',
        code: '{ me { id } }',
        expect: { kind: 'text', value: 'BEGIN:VCALENDAR' },
      },
    ]);
  });

  it('finds answers printed back to back, with text and braces inside strings', () => {
    expect(jsonObjectsIn('{"a":"}{"}{"b":[1,{"c":"\\"}"}]}\nBEGIN:VCALENDAR')).toEqual([
      { a: '}{' },
      { b: [1, { c: '"}' }] },
    ]);
  });

  it('matches an expectation as a subset, and refuses what the answer does not hold', () => {
    const answer = {
      data: {
        nodes: [
          { id: 1, title: 'a' },
          { id: 2, title: 'b' },
        ],
        n: null,
      },
    };
    expect(holds(answer, { data: { nodes: [{ title: 'b' }], n: null } })).toBe(true);
    expect(holds(answer, { data: { nodes: [{ title: 'c' }] } })).toBe(false);
    expect(holds(answer, { data: { n: 0 } })).toBe(false);
    expect(holds(answer, { data: { nodes: { title: 'a' } } })).toBe(false);
    expect(holds(answer, { data: { missing: {} } })).toBe(false);
  });
});

describe('the examples, as pasted, against the demo city', () => {
  let server: ServerProcess;

  beforeAll(async () => {
    // What `npm start` runs on a fresh checkout: the sources, the embedded Postgres in a new
    // DATA_DIR, the demo seeder, the rate limits on. NODE_ENV=test rather than development
    // only so that the server does not rewrite schema.graphql in the working tree.
    server = await startServer({
      NODE_ENV: 'test',
      SEED_DEMO_DATA: 'true',
      RATE_LIMIT_ENABLED: undefined,
      JWT_SECRET: undefined,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
  }, 120_000);

  afterAll(async () => {
    await cleanupAll();
  }, 60_000);

  it('the README runs, block after block', async () => {
    const examples = runnableExamples(read(README));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const run = await runExamples(examples, server.baseUrl);
    expect(problemsOf(README, run)).toEqual([]);
  }, 120_000);

  it("docs/api-guide.md's tour runs after it, in a shell of its own", async () => {
    const examples = runnableExamples(read(API_GUIDE));
    expect(examples.length).toBeGreaterThanOrEqual(8);
    const run = await runExamples(examples, server.baseUrl);
    expect(problemsOf(API_GUIDE, run)).toEqual([]);
  }, 120_000);

  it('fails when the README asks for a field the schema does not have', async () => {
    const renamed = read(README).replace('currentPhase { title }', 'currentPhaze { title }');
    const run = await runExamples(runnableExamples(renamed).slice(0, 2), server.baseUrl);
    const problems = problemsOf(README, run);
    expect(problems.join('\n')).toContain('GRAPHQL_VALIDATION_FAILED');
  }, 60_000);

  it('fails when an answer does not hold what the text promises, or shows an error it did not announce', async () => {
    const markdown = [
      '<!-- expect: {"data": {"department": {"name": "교통과"}}} -->',
      '```sh',
      `curl -s http://localhost:3000/graphql -H 'content-type: application/json' -d '{"query": "{ department(slug: \\"welfare\\") { name } }"}'`,
      '```',
      '```graphql',
      '{ notifications { unreadCount } }',
      '```',
      '<!-- expect: {"errors": [{"extensions": {"code": "UNAUTHENTICATED"}}]} -->',
      '```graphql',
      '{ notifications { unreadCount } }',
      '```',
      '<!-- expect: {"errors": [{"extensions": {"code": "FORBIDDEN"}}]} -->',
      '```graphql',
      '{ notifications { unreadCount } }',
      '```',
      '```sh',
      'echo "$NOT_SET"',
      '```',
      '```sh',
      'echo never',
      '```',
    ].join('\n');
    const run = await runExamples(runnableExamples(markdown), server.baseUrl);
    const problems = problemsOf('doc.md', run);
    // Line 9 expects the error it gets; line 13 expects another one.
    expect(problems).toEqual([
      expect.stringMatching(/^doc\.md:2: the answer .*복지과.* does not hold/),
      expect.stringMatching(/^doc\.md:5 answered with errors: .*UNAUTHENTICATED/),
      expect.stringMatching(/^doc\.md:13: the answer .*UNAUTHENTICATED.* does not hold/),
      'doc.md:19 did not run (an earlier block stopped the session)',
      expect.stringMatching(
        /^the session exited with 1 in doc\.md:16; stderr: .*NOT_SET: unbound variable/,
      ),
    ]);
  }, 60_000);
});
