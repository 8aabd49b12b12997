import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * search_bigrams, the expression of the proposal search index, in linear time. The first
 * version cut each pair with substr(s, i, 2), and substr walks multibyte text from its start:
 * quadratic, 2-3 ms for 300 Korean characters. Postgres evaluates an index expression on every
 * update that cannot be HOT, and a support or comment changes an indexed counter, so every
 * support paid it (a counter update on a 600-character proposal took 11 ms); ANALYZE of 100,000
 * proposals took 76 s.
 *
 * Here the text is cut into pairs by two regular-expression passes (pairs starting at odd
 * positions, then at even ones); chr(1) marks the cuts, and cannot occur in stored text (the
 * input rules refuse control characters). The result is the same array, element for element
 * and in the same order (a test compares both on hostile and Korean text), so the index built
 * with the old function stays valid: no rebuild.
 */
const LINEAR = `
  SELECT coalesce(array_agg(DISTINCT pair), '{}')
  FROM (SELECT lower(t) AS s) AS lowered,
       unnest(array_remove(
           string_to_array(regexp_replace(left(lowered.s, char_length(lowered.s) / 2 * 2), '(..)', '\\1' || chr(1), 'g'), chr(1))
        || string_to_array(regexp_replace(substr(lowered.s, 2, (char_length(lowered.s) - 1) / 2 * 2), '(..)', '\\1' || chr(1), 'g'), chr(1)),
         '')) AS pair
`;

const QUADRATIC = `
  SELECT coalesce(array_agg(DISTINCT substr(lowered.s, i, 2)), '{}')
  FROM (SELECT lower(t) AS s) AS lowered, generate_series(1, char_length(lowered.s) - 1) AS i
`;

export class LinearSearchBigrams1795616000000 implements MigrationInterface {
  name = 'LinearSearchBigrams1795616000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "search_bigrams"(t text) RETURNS text[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ ${LINEAR} $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "search_bigrams"(t text) RETURNS text[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ ${QUADRATIC} $$
        `);
  }
}
