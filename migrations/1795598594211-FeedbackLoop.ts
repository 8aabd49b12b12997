import { MigrationInterface, QueryRunner } from 'typeorm';

export class FeedbackLoop1795598594211 implements MigrationInterface {
  name = 'FeedbackLoop1795598594211';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "department_transfer" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proposal_id" uuid NOT NULL,
                "from_department_id" uuid,
                "to_department_id" uuid NOT NULL,
                "reason" text NOT NULL,
                "by_id" uuid NOT NULL,
                "response_due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "PK_c98bcc55f51498c7523527f8ec6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_department_transfer_from" ON "department_transfer" ("from_department_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_department_transfer_to" ON "department_transfer" ("to_department_id", "proposal_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_department_transfer_proposal" ON "department_transfer" ("proposal_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "official_answer" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proposal_id" uuid NOT NULL,
                "department_id" uuid NOT NULL,
                "transfer_id" uuid NOT NULL,
                "author_id" uuid NOT NULL,
                "status" "public"."proposal_status" NOT NULL,
                "body" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "PK_4d4a33ce80ccfb8988d09d60863" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_official_answer_transfer" ON "official_answer" ("transfer_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_official_answer_department" ON "official_answer" ("department_id", "proposal_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_official_answer_proposal" ON "official_answer" ("proposal_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "answer_rating" (
                "answer_id" uuid NOT NULL,
                "rater_id" uuid NOT NULL,
                "score" smallint NOT NULL,
                "comment" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "ck_answer_rating_score" CHECK (
                    score BETWEEN 1 AND 5
                ),
                CONSTRAINT "PK_add1cf75e5664c0c613341d2682" PRIMARY KEY ("answer_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "progress_update" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proposal_id" uuid NOT NULL,
                "department_id" uuid NOT NULL,
                "author_id" uuid NOT NULL,
                "progress" integer NOT NULL,
                "body" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "ck_progress_update_progress" CHECK (
                    progress BETWEEN 0 AND 100
                ),
                CONSTRAINT "PK_5ac3567b3caf930f1bad30796f8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_progress_update_proposal" ON "progress_update" ("proposal_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal"
            ADD "awaiting_answer" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_awaiting_answer" ON "proposal" ("department_id", "response_due_at")
            WHERE awaiting_answer
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer"
            ADD CONSTRAINT "FK_690544210f0a035db71fd3ecc2b" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer"
            ADD CONSTRAINT "FK_c05998ee6416c57aa2fb04a453a" FOREIGN KEY ("from_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer"
            ADD CONSTRAINT "FK_559a500783f05c46353008c4481" FOREIGN KEY ("to_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer"
            ADD CONSTRAINT "FK_dc1098ae53c52ca9c4f92a65504" FOREIGN KEY ("by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer"
            ADD CONSTRAINT "FK_9c317264bb459523637e1debc49" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer"
            ADD CONSTRAINT "FK_4b60129bd394074718aa1e64b0c" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer"
            ADD CONSTRAINT "FK_91834c38a57e307ec6dc8fc6059" FOREIGN KEY ("transfer_id") REFERENCES "department_transfer"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer"
            ADD CONSTRAINT "FK_65b12eeb8bd771a3a09d8b1ca42" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "answer_rating"
            ADD CONSTRAINT "FK_add1cf75e5664c0c613341d2682" FOREIGN KEY ("answer_id") REFERENCES "official_answer"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "answer_rating"
            ADD CONSTRAINT "FK_d24ed6dd6d15c9aca5b3ca6db7c" FOREIGN KEY ("rater_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "progress_update"
            ADD CONSTRAINT "FK_b88d6cd63212458cab0f4a2fc16" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "progress_update"
            ADD CONSTRAINT "FK_27aaf532d2da6b615ece9dca2f5" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "progress_update"
            ADD CONSTRAINT "FK_53c3e590baf82d46924c856e1ca" FOREIGN KEY ("author_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "progress_update" DROP CONSTRAINT "FK_53c3e590baf82d46924c856e1ca"
        `);
    await queryRunner.query(`
            ALTER TABLE "progress_update" DROP CONSTRAINT "FK_27aaf532d2da6b615ece9dca2f5"
        `);
    await queryRunner.query(`
            ALTER TABLE "progress_update" DROP CONSTRAINT "FK_b88d6cd63212458cab0f4a2fc16"
        `);
    await queryRunner.query(`
            ALTER TABLE "answer_rating" DROP CONSTRAINT "FK_d24ed6dd6d15c9aca5b3ca6db7c"
        `);
    await queryRunner.query(`
            ALTER TABLE "answer_rating" DROP CONSTRAINT "FK_add1cf75e5664c0c613341d2682"
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer" DROP CONSTRAINT "FK_65b12eeb8bd771a3a09d8b1ca42"
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer" DROP CONSTRAINT "FK_91834c38a57e307ec6dc8fc6059"
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer" DROP CONSTRAINT "FK_4b60129bd394074718aa1e64b0c"
        `);
    await queryRunner.query(`
            ALTER TABLE "official_answer" DROP CONSTRAINT "FK_9c317264bb459523637e1debc49"
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer" DROP CONSTRAINT "FK_dc1098ae53c52ca9c4f92a65504"
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer" DROP CONSTRAINT "FK_559a500783f05c46353008c4481"
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer" DROP CONSTRAINT "FK_c05998ee6416c57aa2fb04a453a"
        `);
    await queryRunner.query(`
            ALTER TABLE "department_transfer" DROP CONSTRAINT "FK_690544210f0a035db71fd3ecc2b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_awaiting_answer"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal" DROP COLUMN "awaiting_answer"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_progress_update_proposal"
        `);
    await queryRunner.query(`
            DROP TABLE "progress_update"
        `);
    await queryRunner.query(`
            DROP TABLE "answer_rating"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_official_answer_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_official_answer_department"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_official_answer_transfer"
        `);
    await queryRunner.query(`
            DROP TABLE "official_answer"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_department_transfer_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_department_transfer_to"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_department_transfer_from"
        `);
    await queryRunner.query(`
            DROP TABLE "department_transfer"
        `);
  }
}
