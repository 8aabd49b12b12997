import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocumentsRegister } from '../../src/cli/documents-register.js';
import { CliError } from '../../src/cli/cli-error.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';
import { manifestOf, register, registeredDocuments, sha256 } from './support.js';

const DEPARTMENTS = 'query Departments { departments { slug } }';
const ME = 'query Me { me { displayName } }';

/** What the command says when it refuses, or null when it registered. */
async function refusal(t: TestApp, manifest: unknown): Promise<string | null> {
  try {
    await register(t, manifest);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
}

/**
 * `npm run cli -- documents:register FILE`: a manifest is registered whole or not at all, and
 * refused when an id is not its body's hash or a body is not one valid operation.
 */
describe('npm run cli -- documents:register', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses a manifest with a wrong id, naming it, and registers none of its documents', async () => {
    const manifest = manifestOf([
      { name: 'Departments', body: DEPARTMENTS },
      { name: 'Me', body: ME },
    ]) as { operations: { id: string }[] };
    manifest.operations[1]!.id = sha256(DEPARTMENTS);
    const message = await refusal(t, manifest);
    expect(message).toContain('web.json was refused, nothing was registered');
    expect(message).toContain(
      `operation 2 (Me): its id ${sha256(DEPARTMENTS)} is not the SHA-256 of its body (${sha256(ME)})`,
    );
    expect(message).not.toContain('operation 1');
    expect(await registeredDocuments(t)).toEqual([]);
  });

  it('refuses bodies that do not parse, do not validate, or are not the named operation', async () => {
    const cases: [string, string, string, string?][] = [
      ['Broken', 'query Broken { departments { slug }', 'does not parse'],
      [
        'Secret',
        'query Secret { departments { passwordHash } }',
        'does not validate against the served schema: Cannot query field "passwordHash"',
      ],
      ['Two', `${DEPARTMENTS}\n${ME}`, 'holds 2 operations, not one'],
      ['Other', DEPARTMENTS, 'its operation is named Departments, not Other'],
      ['Departments', DEPARTMENTS, 'is a query, not a mutation', 'mutation'],
      [
        'Deep',
        `query Deep { departments { ${'proposals { nodes { department { '.repeat(3)}slug${' } } }'.repeat(3)} } }`,
        'is past the query limits, and could never run: ',
      ],
      [
        'Aliases',
        `query Aliases { ${Array.from({ length: 31 }, (_, i) => `a${i}: departments { slug }`).join(' ')} }`,
        'is past the query limits, and could never run: ',
      ],
      ['Fragment', 'fragment F on Department { slug }', 'Fragment "F" is never used'],
    ];
    for (const [name, body, problem, type] of cases) {
      const message = await refusal(
        t,
        manifestOf([{ name, body, type: type as 'mutation' | undefined }]),
      );
      expect({ name, problem: message?.includes(problem) }).toEqual({ name, problem: true });
    }
    expect(await registeredDocuments(t)).toEqual([]);
  });

  it('refuses what is not a manifest, listing every problem', async () => {
    expect(await refusal(t, [])).toContain('the manifest is not a JSON object');
    const wrong = await refusal(t, { format: 'persisted-documents', version: 2, operations: {} });
    expect(wrong).toContain('"format" must be "apollo-persisted-query-manifest"');
    expect(wrong).toContain('"version" must be 1');
    expect(wrong).toContain('"operations" must be a list');
    expect(await refusal(t, { ...manifestOf([]), operations: [] })).toContain(
      '"operations" is empty',
    );
    const fields = await refusal(t, {
      ...manifestOf([]),
      operations: [
        'query { x }',
        { id: 'ABC', name: '', type: 'QUERY', body: 7 },
        {
          id: sha256(DEPARTMENTS).toUpperCase(),
          name: 'Departments',
          type: 'query',
          body: DEPARTMENTS,
        },
      ],
    });
    expect(fields).toContain('operation 1: not an object');
    expect(fields).toContain('operation 2: "body" must be a text');
    expect(fields).toContain('operation 2: "name" must be a text');
    expect(fields).toContain('operation 2: "type" must be one of query, mutation, subscription');
    expect(fields).toContain('operation 2: "id" must be a lower-case hex SHA-256');
    expect(fields).toContain('operation 3 (Departments): "id" must be a lower-case hex SHA-256');
    expect(await registeredDocuments(t)).toEqual([]);
  });

  it('takes one file and a sensible --client, or is a usage mistake', () => {
    expect(parseDocumentsRegister(['build/manifest.json'])).toEqual({
      file: 'build/manifest.json',
      clientName: 'manifest.json',
    });
    expect(parseDocumentsRegister(['m.json', '--client', ' kiosk '])).toEqual({
      file: 'm.json',
      clientName: 'kiosk',
    });
    for (const args of [
      [],
      ['a.json', 'b.json'],
      ['a.json', '--client'],
      ['a.json', '--client', '   '],
      ['a.json', '--client', 'x'.repeat(101)],
      ['a.json', '--client', 'bad\u0007name'],
      ['a.json', '--force'],
    ]) {
      let code: number | undefined;
      try {
        parseDocumentsRegister(args);
      } catch (error) {
        code = (error as CliError).exitCode;
      }
      expect({ args, code }).toEqual({ args, code: 2 });
    }
  });

  it('runs as an operator runs it: registers a file; one that is not JSON or is missing fails with status 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wontak-manifest-'));
    try {
      const file = join(dir, 'citizen-web.json');
      writeFileSync(file, JSON.stringify(manifestOf([{ name: 'Departments', body: DEPARTMENTS }])));
      const first = await cli(['documents:register', file], t.database.url);
      expect(first).toEqual({
        code: 0,
        stdout: `Registered 1 new trusted documents for citizen-web.json (0 already registered, 1 in ${file})\n`,
        stderr: '',
      });
      expect(await registeredDocuments(t)).toEqual([
        {
          sha256: sha256(DEPARTMENTS),
          operation_name: 'Departments',
          client_name: 'citizen-web.json',
        },
      ]);

      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{"format": ');
      const failed = await cli(['documents:register', broken], t.database.url);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^error: .*broken\.json is not JSON/);
      const missing = await cli(['documents:register', join(dir, 'none.json')], t.database.url);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: cannot read /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The real CLI, in its own process, against this test's database. */
function cli(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, 'src/cli/main.ts', ...args], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}
