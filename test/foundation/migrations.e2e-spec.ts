import { readdirSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { dataSourceOptions, MIGRATIONS_DIR } from '../../src/core/database/data-source-options.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Every migration goes up and back down on an empty database, and after they ran the entities
 * and the schema agree: `migration:generate` would have nothing to write.
 */
describe('migrations', () => {
  let database: TestDatabase;
  let source: DataSource;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    source = new DataSource(dataSourceOptions(database.url, { poolSize: 2 }));
    await source.initialize();
  });
  afterAll(async () => {
    await source?.destroy();
    await database?.drop();
  });

  const userTables = async () =>
    (
      await source.query(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name <> 'typeorm_migration' ORDER BY 1`,
      )
    ).map((r: { table_name: string }) => r.table_name);

  it('are all listed in migrations/index.ts, in file order', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d+-.*\.ts$/.test(f))
      .sort();
    const listed = MIGRATIONS.map((m) => {
      const [, name, timestamp] = /^(.*?)(\d+)$/.exec(m.name)!;
      return `${timestamp}-${name}.ts`;
    });
    expect(listed).toEqual(files);
  });

  it('run up on an empty database and leave no drift from the entities', async () => {
    const ran = await source.runMigrations({ transaction: 'each' });
    expect(ran.length).toBe(source.migrations.length);
    expect(ran.length).toBeGreaterThan(0);
    expect(await userTables()).toEqual(
      expect.arrayContaining(['app_user', 'department', 'auth_session']),
    );

    const pending = await source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('revert one by one down to an empty schema', async () => {
    for (let i = 0; i < source.migrations.length; i++)
      await source.undoLastMigration({ transaction: 'each' });
    expect(await userTables()).toEqual([]);
    const types =
      await source.query(`SELECT typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                                       WHERE n.nspname = 'public' AND t.typtype = 'e'`);
    expect(types).toEqual([]);
  });

  it('run up again after a full revert', async () => {
    const ran = await source.runMigrations({ transaction: 'each' });
    expect(ran.length).toBe(source.migrations.length);
  });
});
