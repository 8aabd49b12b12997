import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parseGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The id a `Created ...` line prints, decoded: the API's global id of a User. */
function printedId(stdout: string): { type: string; id: string } | null {
  return parseGlobalId(/ \(id (\S+)\)\n$/.exec(stdout)?.[1]);
}

/** Runs the real CLI as an operator would, with `stdin` piped in. */
function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, 'src/cli/main.ts', ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PASSWORD = 'operator chosen password\n';

describe('npm run cli -- user:create', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `INSERT INTO department (slug, name) VALUES ('parks-and-green', '공원녹지과')`,
    );
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  const usersWith = async (email: string) =>
    (
      await client.query(
        'SELECT role, department_id, password_hash FROM app_user WHERE email = $1',
        [email],
      )
    ).rows;

  it('creates an admin with the password from standard input, normalising the email', async () => {
    const run = await cli(
      ['user:create', '--email', ' Chief@City.KR ', '--name', '시청 관리자', '--role', 'admin'],
      env,
      PASSWORD,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created ADMIN chief@city\.kr \(id [A-Za-z0-9_-]+\)\n$/);
    const [{ id }] = (
      await client.query('SELECT id FROM app_user WHERE email = $1', ['chief@city.kr'])
    ).rows;
    expect(printedId(run.stdout)).toEqual({ type: 'User', id });
    expect(run.stdout).not.toContain('operator chosen password');
    const [row] = await usersWith('chief@city.kr');
    expect(row.role).toBe('ADMIN');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  }, 60_000);

  it('creates STAFF in the named department', async () => {
    const run = await cli(
      [
        'user:create',
        '--email',
        'parks@city.kr',
        '--name',
        '박녹지',
        '--role',
        'STAFF',
        '--department',
        'parks-and-green',
      ],
      env,
      PASSWORD,
    );
    expect(run.code).toBe(0);
    const [row] = await usersWith('parks@city.kr');
    expect(row.role).toBe('STAFF');
    expect(row.department_id).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);

  it.each([
    ['STAFF without a department', ['--role', 'STAFF'], /--department is required/, 1],
    [
      'STAFF in an unknown department',
      ['--role', 'STAFF', '--department', 'nope'],
      /no department has the slug "nope"/,
      1,
    ],
    [
      'a department for a citizen',
      ['--role', 'CITIZEN', '--department', 'parks-and-green'],
      /only for the STAFF role/,
      1,
    ],
    ['an unknown role', ['--role', 'MAYOR'], /--role must be one of/, 2],
  ])(
    'refuses %s, writing nothing',
    async (_case, extra, message, exitCode) => {
      const email = `refused-${Math.random().toString(36).slice(2)}@city.kr`;
      const run = await cli(
        ['user:create', '--email', email, '--name', '거절', ...extra],
        env,
        PASSWORD,
      );
      expect(run.code).toBe(exitCode);
      expect(run.stderr).toMatch(message);
      expect(await usersWith(email)).toEqual([]);
    },
    60_000,
  );

  it('refuses a duplicate email, keeping the first account', async () => {
    const first = await cli(
      ['user:create', '--email', 'twice@city.kr', '--name', '처음', '--role', 'CITIZEN'],
      env,
      PASSWORD,
    );
    expect(first.code).toBe(0);
    const second = await cli(
      ['user:create', '--email', 'TWICE@city.kr', '--name', '두번째', '--role', 'ADMIN'],
      env,
      PASSWORD,
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already exists/);
    expect(await usersWith('twice@city.kr')).toEqual([
      expect.objectContaining({ role: 'CITIZEN' }),
    ]);
  }, 60_000);

  it('refuses a bad password, a bad name, a missing option and no password at all', async () => {
    const short = await cli(
      ['user:create', '--email', 'p@city.kr', '--name', '짧은', '--role', 'CITIZEN'],
      env,
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const sameAsEmail = await cli(
      ['user:create', '--email', 'person@city.kr', '--name', '같은', '--role', 'CITIZEN'],
      env,
      'Person@City.kr\n',
    );
    expect(sameAsEmail.stderr).toMatch(/must not be the email/);
    const badName = await cli(
      ['user:create', '--email', 'p@city.kr', '--name', 'x', '--role', 'CITIZEN'],
      env,
      PASSWORD,
    );
    expect(badName.stderr).toMatch(/--name must be at least 2 characters/);
    const missing = await cli(
      ['user:create', '--email', 'p@city.kr', '--role', 'CITIZEN'],
      env,
      PASSWORD,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--name is required/);
    const noPassword = await cli(
      ['user:create', '--email', 'p@city.kr', '--name', '없음', '--role', 'CITIZEN'],
      env,
      '',
    );
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/password on standard input/);
    expect(await usersWith('p@city.kr')).toEqual([]);
    expect(await usersWith('person@city.kr')).toEqual([]);
  }, 120_000);

  it('refuses a name that shows nothing or turns the text around (issue 14), writing nothing', async () => {
    const invisible = await cli(
      ['user:create', '--email', 'ghost@city.kr', '--name', '\u200B\u3164', '--role', 'ADMIN'],
      env,
      PASSWORD,
    );
    expect(invisible.code).toBe(1);
    expect(invisible.stderr).toMatch(/--name must have at least 2 visible characters/);
    const turned = await cli(
      [
        'user:create',
        '--email',
        'ghost@city.kr',
        '--name',
        '관리자\u202Erk.ytic',
        '--role',
        'ADMIN',
      ],
      env,
      PASSWORD,
    );
    expect(turned.code).toBe(1);
    expect(turned.stderr).toMatch(
      /--name must not contain characters that change the direction of text/,
    );
    expect(await usersWith('ghost@city.kr')).toEqual([]);
    const family = await cli(
      [
        'user:create',
        '--email',
        'family@city.kr',
        '--name',
        '👩\u200D👩\u200D👧 가족',
        '--role',
        'CITIZEN',
      ],
      env,
      PASSWORD,
    );
    expect(family.code).toBe(0);
    expect(
      (await client.query('SELECT display_name FROM app_user WHERE email = $1', ['family@city.kr']))
        .rows,
    ).toEqual([{ display_name: '👩\u200D👩\u200D👧 가족' }]);
  }, 120_000);

  it('exits 2 for every usage mistake, with usage or the mistake on standard error, writing nothing', async () => {
    const before = (await client.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n;
    const none = await cli([], env);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/Exit status: 0 done; 1 failed/);
    const mistakes: [string[], RegExp][] = [
      [
        [
          'user:create',
          '--email',
          'u@city.kr',
          '--name',
          '사용',
          '--role',
          'CITIZEN',
          '--frob',
          'x',
        ],
        /Unknown option '--frob'/,
      ],
      [['user:create', '--email', 'u@city.kr', '--role', 'CITIZEN'], /--name is required/],
      [
        ['user:create', '--email', 'u@city.kr', '--name', '사용', '--role', 'MAYOR'],
        /--role must be one of/,
      ],
      [['user:frobnicate'], /unknown command "user:frobnicate"/],
    ];
    for (const [args, message] of mistakes) {
      const run = await cli(args, env, PASSWORD);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toMatch(message);
    }
    expect((await client.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n).toBe(before);
  }, 120_000);

  it('exits 1 with one error line, and no stack, when the database cannot be reached', async () => {
    const closed = `postgres://wontak:wontak@127.0.0.1:${await freePort()}/wontak`;
    const run = await cli(
      ['user:create', '--email', 'u@city.kr', '--name', '사용', '--role', 'CITIZEN'],
      { DATABASE_URL: closed },
      PASSWORD,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: cannot reach the database/m);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('answers an unknown command with usage and exit status 2', async () => {
    const run = await cli(['user:frobnicate'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "user:frobnicate"/);
    const help = await cli(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/user:create --email E --name N --role ROLE/);
  }, 60_000);
});

describe('the CLI against the embedded default', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wontak-cli-'));
    chmodSync(dataDir, 0o755); // the embedded server runs as the postgres user
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts it, migrates, creates the user and stops it; a second run finds the user', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) };
    const args = [
      'user:create',
      '--email',
      'first@city.kr',
      '--name',
      '첫 관리자',
      '--role',
      'ADMIN',
    ];
    const first = await cli(args, env, PASSWORD);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const again = await cli(args, env, PASSWORD);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  }, 120_000);

  it('joins the embedded Postgres of a running server and leaves it running', async () => {
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO_DATA: 'false',
    };
    const server = spawn(process.execPath, [...TYPESCRIPT_NODE_ARGS, 'src/main.ts'], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'test',
        PORT: String(port),
        ...env,
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      const base = `http://127.0.0.1:${port}`;
      const ready = async () =>
        (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200;
      for (let i = 0; i < 60 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 500));
      expect(await ready()).toBe(true);

      const run = await cli(
        ['user:create', '--email', 'live@city.kr', '--name', '운영 중', '--role', 'MODERATOR'],
        env,
        PASSWORD,
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);

      const logIn = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($i: LogInInput!) { logIn(input: $i) { user { id role } } }',
          variables: { i: { email: 'live@city.kr', password: PASSWORD.trim() } },
        }),
      }).then(
        (r) => r.json() as Promise<{ data: { logIn: { user: { id: string; role: string } } } }>,
      );
      expect(logIn.data.logIn.user.role).toBe('MODERATOR');
      // The id the CLI printed is the one the API knows the account by.
      expect(run.stdout).toContain(`(id ${logIn.data.logIn.user.id})`);
      expect(await ready()).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
