import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search bigrams move from an expression index on proposal to a table of their own
 * (ProposalSearchEntity says why: a counter update no longer re-inserts ~300 GIN entries).
 *
 * Triggers keep the table: a row for every new proposal, rewritten when its title or body
 * changes (the WHEN clause: an UPDATE that sets them to what they were writes nothing). Being
 * triggers, they hold for every writer: the API, the seed, the benchmark's SQL, psql. Both run
 * in the writing transaction, so a search never sees a proposal without its bigrams.
 */
export class ProposalSearchTable1796163200781 implements MigrationInterface {
  name = 'ProposalSearchTable1796163200781';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "proposal_search" (
                "proposal_id" uuid NOT NULL,
                "bigrams" text array NOT NULL,
                CONSTRAINT "PK_8a58fbe07ea86f975a8220389e8" PRIMARY KEY ("proposal_id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_search"
            ADD CONSTRAINT "FK_8a58fbe07ea86f975a8220389e8" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            INSERT INTO "proposal_search" ("proposal_id", "bigrams")
            SELECT "id", "search_bigrams"("title" || ' ' || "body") FROM "proposal"
        `);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_search_bigrams"`);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_search_bigrams" ON "proposal_search" USING gin ("bigrams")
        `);
    await queryRunner.query(`
            CREATE FUNCTION "proposal_search_write"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO proposal_search (proposal_id, bigrams)
              VALUES (NEW.id, search_bigrams(NEW.title || ' ' || NEW.body))
              ON CONFLICT (proposal_id) DO UPDATE SET bigrams = EXCLUDED.bigrams;
              RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "proposal_search_on_insert" AFTER INSERT ON "proposal"
            FOR EACH ROW EXECUTE FUNCTION "proposal_search_write"()
        `);
    await queryRunner.query(`
            CREATE TRIGGER "proposal_search_on_update" AFTER UPDATE OF "title", "body" ON "proposal"
            FOR EACH ROW WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."body" IS DISTINCT FROM NEW."body")
            EXECUTE FUNCTION "proposal_search_write"()
        `);
    await queryRunner.query(`ANALYZE "proposal_search"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "proposal_search_on_update" ON "proposal"`);
    await queryRunner.query(`DROP TRIGGER "proposal_search_on_insert" ON "proposal"`);
    await queryRunner.query(`DROP FUNCTION "proposal_search_write"()`);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_search_bigrams"`);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_search_bigrams" ON "proposal" USING gin ("search_bigrams"("title" || ' ' || "body"))
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_search" DROP CONSTRAINT "FK_8a58fbe07ea86f975a8220389e8"
        `);
    await queryRunner.query(`DROP TABLE "proposal_search"`);
  }
}
