import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import pg from 'pg';

/**
 * The search index's expression, search_bigrams, was made linear by a migration
 * (1795616000000-LinearSearchBigrams): it must return exactly what the first, quadratic version
 * returned, element for element and in order, or the index built with that version would be
 * wrong. Compared here on hostile, multibyte and generated Korean text. Its speed is measured
 * by `npm run bench` (support-toggle), not by a timed test.
 */
const QUADRATIC = `CREATE FUNCTION pg_temp.quadratic_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(lowered.s, i, 2)), '{}')
  FROM (SELECT lower(t) AS s) AS lowered, generate_series(1, char_length(lowered.s) - 1) AS i $$`;

let database: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(QUADRATIC);
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

const differing = async (texts: string[]): Promise<string[]> =>
  (
    await client.query<{ t: string }>(
      `SELECT t FROM unnest($1::text[]) t
        WHERE search_bigrams(t) IS DISTINCT FROM pg_temp.quadratic_bigrams(t)`,
      [texts],
    )
  ).rows.map((r) => r.t);

it('equals the quadratic version on edge cases', async () => {
  const texts = [
    '',
    'a',
    'ab',
    'abc',
    'AbA',
    'aaaa',
    '  ',
    'Ab-cD 12',
    '가나다라',
    'x 놀이터 Y',
    '줄\n바꿈',
    'a\tb',
    'İstanbul İİ',
    'ẞtraße',
    '😀😀a',
    '(..)\\1',
    "'; DROP TABLE proposal; --",
    '%_%',
    '산책로에 그늘막을 설치해 주세요. 산책로를 걷는 어르신이 많습니다!',
  ];
  expect(await differing(texts)).toEqual([]);
});

it('equals the quadratic version on 2,000 generated texts of 1 to 700 characters', async () => {
  const { rows } = await client.query<{ t: string }>(
    `SELECT (SELECT string_agg(CASE WHEN (g * 7 + k) % 9 = 0 THEN ' ' WHEN (g + k) % 13 = 0 THEN chr(65 + (g * k) % 26)
                                    ELSE chr(44032 + ((g * 31 + k * 7877 + k * k) % 400)) END, '')
               FROM generate_series(1, 1 + (g * 37) % 700) k) AS t
       FROM generate_series(1, 2000) g`,
  );
  expect(rows).toHaveLength(2000);
  expect(await differing(rows.map((r) => r.t))).toEqual([]);
});
