import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS_DIR } from '../../src/core/database/data-source-options.js';

const TEMPLATE_LOCK = 74_202_611; // any constant: serialises template creation across workers

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set; run the tests through `npm test`');
  return url;
}

export function urlWithDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The template's name follows the migrations' content: a changed migration makes a new one. */
function templateName(): string {
  const folder = MIGRATIONS_DIR;
  const hash = createHash('sha1');
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(readFileSync(join(folder, file)));
  }
  return `wontak_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/** Runs every migration into an empty database. */
export async function migrate(url: string): Promise<void> {
  const source = new DataSource(dataSourceOptions(url, { poolSize: 2 }));
  await source.initialize();
  try {
    await source.runMigrations({ transaction: 'each' });
  } finally {
    await source.destroy();
  }
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, cloned from a migrated template (migrations run once per
 * server and migration set, not once per file), so files can run in parallel and never see
 * each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = templateName();
  const name = `wontak_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE ${template}`);
        try {
          await migrate(urlWithDatabase(serverUrl(), template));
        } catch (error) {
          await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
          throw error;
        }
      }
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return {
    name,
    url: urlWithDatabase(serverUrl(), name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/** An empty database (no migrations), for the migration tests. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `wontak_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: urlWithDatabase(serverUrl(), name),
    drop: () => withAdmin(async (admin) => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
