import pg from 'pg';
import { buildDataset, checkDataset } from '../../bench/dataset.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * `npm run bench` builds its city with set-based SQL straight into the tables, so a migration
 * that adds a required column breaks it without any other test noticing (issue 14's brigade
 * defence did). A small city is built here on the current migrations, and every counter is
 * checked against its rows, as the benchmark does before it measures.
 */

let database: TestDatabase;
let db: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase();
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await database?.drop();
});

it('builds a small city on the current migrations, and every stored counter equals its rows', async () => {
  const summary = await buildDataset(
    db,
    { proposals: 500, supports: 3_000, comments: 1_500, users: 200, workshops: 20 },
    { connect: null },
  );
  expect(summary.proposals).toBe(500);
  expect(await checkDataset(db)).toEqual([]);
}, 120_000);
