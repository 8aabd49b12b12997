import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProposalsSupportsComments1795591045567 implements MigrationInterface {
  name = 'ProposalsSupportsComments1795591045567';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."proposal_status" AS ENUM(
                'SUBMITTED',
                'UNDER_REVIEW',
                'ACCEPTED',
                'REJECTED',
                'IN_PROGRESS',
                'IMPLEMENTED',
                'WITHDRAWN'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "proposal" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" text NOT NULL,
                "body" text NOT NULL,
                "author_id" uuid NOT NULL,
                "process_id" uuid,
                "department_id" uuid,
                "status" "public"."proposal_status" NOT NULL DEFAULT 'SUBMITTED',
                "response_due_at" TIMESTAMP(3) WITH TIME ZONE,
                "support_count" integer NOT NULL DEFAULT '0',
                "comment_count" integer NOT NULL DEFAULT '0',
                "progress" integer NOT NULL DEFAULT '0',
                "location_address" text,
                "location_latitude" double precision,
                "location_longitude" double precision,
                "hidden" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_proposal_coordinates" CHECK (
                    (location_latitude IS NULL) = (location_longitude IS NULL)
                ),
                CONSTRAINT "ck_proposal_longitude" CHECK (
                    location_longitude BETWEEN -180 AND 180
                ),
                CONSTRAINT "ck_proposal_latitude" CHECK (
                    location_latitude BETWEEN -90 AND 90
                ),
                CONSTRAINT "ck_proposal_progress" CHECK (
                    progress BETWEEN 0 AND 100
                ),
                CONSTRAINT "ck_proposal_comment_count" CHECK (comment_count >= 0),
                CONSTRAINT "ck_proposal_support_count" CHECK (support_count >= 0),
                CONSTRAINT "PK_ca872ecfe4fef5720d2d39e4275" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_process" ON "proposal" ("process_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_department" ON "proposal" ("department_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_author" ON "proposal" ("author_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "proposal_topic" (
                "proposal_id" uuid NOT NULL,
                "topic_id" uuid NOT NULL,
                CONSTRAINT "PK_a968f91d6d5287b348557b62361" PRIMARY KEY ("proposal_id", "topic_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_topic_topic" ON "proposal_topic" ("topic_id", "proposal_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "proposal_support" (
                "proposal_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_27951dda670ecc8de11454465a0" PRIMARY KEY ("proposal_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_support_user" ON "proposal_support" ("user_id", "proposal_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "comment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proposal_id" uuid,
                "parent_id" uuid,
                "author_id" uuid NOT NULL,
                "body" text,
                "is_official" boolean NOT NULL DEFAULT false,
                "reply_count" integer NOT NULL DEFAULT '0',
                "hidden" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "edited_at" TIMESTAMP(3) WITH TIME ZONE,
                "deleted_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "ck_comment_deleted_body" CHECK ((deleted_at IS NULL) = (body IS NOT NULL)),
                CONSTRAINT "ck_comment_reply_count" CHECK (reply_count >= 0),
                CONSTRAINT "ck_comment_one_subject" CHECK (num_nonnulls(proposal_id) = 1),
                CONSTRAINT "PK_0b0e4bbc8415ec426f87f3a88e2" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comment_author" ON "comment" ("author_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comment_replies" ON "comment" ("parent_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comment_proposal_thread" ON "comment" ("proposal_id", "created_at", "id")
            WHERE parent_id IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal"
            ADD CONSTRAINT "FK_94507a1afef0c42452a5ca2bd27" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal"
            ADD CONSTRAINT "FK_d1129ae4a5cb9617740ef8e4070" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal"
            ADD CONSTRAINT "FK_078cf4fc961f0633064a40e1389" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_topic"
            ADD CONSTRAINT "FK_866d045fc53d15db0ebcf2d9fc2" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_topic"
            ADD CONSTRAINT "FK_73b7c02d3bb7fee55b1c8aa71cc" FOREIGN KEY ("topic_id") REFERENCES "topic"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_support"
            ADD CONSTRAINT "FK_fcaee5cd4e8701683cc340c0342" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_support"
            ADD CONSTRAINT "FK_97cd682a26c893adc2924a4bc57" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "FK_08a518f3ecebcead9dc9135b33c" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "FK_8bd8d0985c0d077c8129fb4a209" FOREIGN KEY ("parent_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "FK_3ce66469b26697baa097f8da923" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // Hand-written: what TypeORM cannot express in entities.
    // Keyset indexes, one per ordering of the proposal list, each ending in the id that breaks
    // ties. A btree is read in both directions, so one index serves ASC and DESC.
    await queryRunner.query(
      `CREATE INDEX "ix_proposal_created" ON "proposal" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_proposal_support_count" ON "proposal" ("support_count", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_proposal_comment_count" ON "proposal" ("comment_count", "id")`,
    );
    // Unassigned proposals (no due date) sort as if due at infinity: last when ascending.
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_response_due" ON "proposal" ((coalesce("response_due_at", 'infinity'::timestamptz)), "id")
        `);
    // Search that works for Korean: every two-character sequence of the lower-cased text.
    // A query of n >= 2 characters can only be in a text that holds all of its bigrams, so a
    // GIN index answers "contains all these bigrams" and an exact strpos check confirms.
    // Unlike word-based full-text search it needs no Korean dictionary or word breaks
    // (particles cling to nouns: 산책로를), and unlike trigrams it finds two-syllable words.
    await queryRunner.query(`
            CREATE FUNCTION "search_bigrams"(t text) RETURNS text[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT coalesce(array_agg(DISTINCT substr(lowered.s, i, 2)), '{}')
                FROM (SELECT lower(t) AS s) AS lowered, generate_series(1, char_length(lowered.s) - 1) AS i
            $$
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_search_bigrams" ON "proposal" USING gin ("search_bigrams"("title" || ' ' || "body"))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_search_bigrams"`);
    await queryRunner.query(`DROP FUNCTION "search_bigrams"(text)`);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_response_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_comment_count"`);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_support_count"`);
    await queryRunner.query(`DROP INDEX "public"."ix_proposal_created"`);
    await queryRunner.query(`
            ALTER TABLE "comment" DROP CONSTRAINT "FK_3ce66469b26697baa097f8da923"
        `);
    await queryRunner.query(`
            ALTER TABLE "comment" DROP CONSTRAINT "FK_8bd8d0985c0d077c8129fb4a209"
        `);
    await queryRunner.query(`
            ALTER TABLE "comment" DROP CONSTRAINT "FK_08a518f3ecebcead9dc9135b33c"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_support" DROP CONSTRAINT "FK_97cd682a26c893adc2924a4bc57"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_support" DROP CONSTRAINT "FK_fcaee5cd4e8701683cc340c0342"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_topic" DROP CONSTRAINT "FK_73b7c02d3bb7fee55b1c8aa71cc"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_topic" DROP CONSTRAINT "FK_866d045fc53d15db0ebcf2d9fc2"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal" DROP CONSTRAINT "FK_078cf4fc961f0633064a40e1389"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal" DROP CONSTRAINT "FK_d1129ae4a5cb9617740ef8e4070"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal" DROP CONSTRAINT "FK_94507a1afef0c42452a5ca2bd27"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comment_proposal_thread"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comment_replies"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comment_author"
        `);
    await queryRunner.query(`
            DROP TABLE "comment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_support_user"
        `);
    await queryRunner.query(`
            DROP TABLE "proposal_support"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_topic_topic"
        `);
    await queryRunner.query(`
            DROP TABLE "proposal_topic"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_author"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_department"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_process"
        `);
    await queryRunner.query(`
            DROP TABLE "proposal"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."proposal_status"
        `);
  }
}
