import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workshops1795602463538 implements MigrationInterface {
  name = 'Workshops1795602463538';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."workshop_kind" AS ENUM(
                'DESIGN_CAMP',
                'ROUNDTABLE',
                'INTERVIEW',
                'TOWN_HALL',
                'OTHER'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "workshop" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" text NOT NULL,
                "description" text NOT NULL,
                "kind" "public"."workshop_kind" NOT NULL,
                "process_id" uuid,
                "organizer_id" uuid NOT NULL,
                "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "location" text,
                "capacity" integer,
                "registered_count" integer NOT NULL DEFAULT '0',
                "waitlist_count" integer NOT NULL DEFAULT '0',
                "outcome" text,
                "outcome_published_at" TIMESTAMP(3) WITH TIME ZONE,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_workshop_waitlist" CHECK (waitlist_count >= 0),
                CONSTRAINT "ck_workshop_registered" CHECK (
                    registered_count >= 0
                    AND registered_count <= coalesce(capacity, registered_count)
                ),
                CONSTRAINT "ck_workshop_capacity" CHECK (
                    capacity IS NULL
                    OR capacity BETWEEN 1 AND 10000
                ),
                CONSTRAINT "ck_workshop_times" CHECK (ends_at > starts_at),
                CONSTRAINT "PK_e755b83ccf7c711f998012e1c92" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_workshop_process" ON "workshop" ("process_id", "starts_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_workshop_starts" ON "workshop" ("starts_at", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."registration_status" AS ENUM('CONFIRMED', 'WAITLISTED', 'CANCELLED')
        `);
    await queryRunner.query(`
            CREATE TABLE "workshop_registration" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workshop_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "status" "public"."registration_status" NOT NULL,
                "queue_number" SERIAL NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "uq_workshop_registration_user" UNIQUE ("workshop_id", "user_id"),
                CONSTRAINT "PK_339d81ff96ce1fd083ec3921cb7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_workshop_registration_user" ON "workshop_registration" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_workshop_registration_queue" ON "workshop_registration" ("workshop_id", "status", "queue_number")
        `);
    await queryRunner.query(`
            CREATE TABLE "workshop_proposal" (
                "workshop_id" uuid NOT NULL,
                "proposal_id" uuid NOT NULL,
                CONSTRAINT "PK_87b7c8ff4c0a589c345891634f4" PRIMARY KEY ("workshop_id", "proposal_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_workshop_proposal_proposal" ON "workshop_proposal" ("proposal_id", "workshop_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD "workshop_id" uuid
        `);
    // A comment's subject is now a proposal or a workshop, exactly one (written by hand:
    // TypeORM does not notice a changed CHECK expression).
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "ck_comment_one_subject"`);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "ck_comment_one_subject" CHECK (num_nonnulls(proposal_id, workshop_id) = 1)
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comment_workshop_thread" ON "comment" ("workshop_id", "created_at", "id")
            WHERE parent_id IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD CONSTRAINT "FK_6d9e80d10a3f11f7ad16c26ca8e" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD CONSTRAINT "FK_fc16d293c06e8ea2084c3f2b95f" FOREIGN KEY ("organizer_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_registration"
            ADD CONSTRAINT "FK_c96b92265fe7abaac47dd62e091" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_registration"
            ADD CONSTRAINT "FK_cb5484252d993e8bc1068efd7ba" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_proposal"
            ADD CONSTRAINT "FK_ad6ba1d905f21201286b6855fba" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_proposal"
            ADD CONSTRAINT "FK_92dc6e039422419d8dd4c7eaf39" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "FK_13ff1ca4f97bb3b1ecaca40d358" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "comment" DROP CONSTRAINT "FK_13ff1ca4f97bb3b1ecaca40d358"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_proposal" DROP CONSTRAINT "FK_92dc6e039422419d8dd4c7eaf39"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_proposal" DROP CONSTRAINT "FK_ad6ba1d905f21201286b6855fba"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_registration" DROP CONSTRAINT "FK_cb5484252d993e8bc1068efd7ba"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop_registration" DROP CONSTRAINT "FK_c96b92265fe7abaac47dd62e091"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP CONSTRAINT "FK_fc16d293c06e8ea2084c3f2b95f"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP CONSTRAINT "FK_6d9e80d10a3f11f7ad16c26ca8e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comment_workshop_thread"
        `);
    await queryRunner.query(`
            DELETE FROM "comment" WHERE workshop_id IS NOT NULL
        `);
    await queryRunner.query(`ALTER TABLE "comment" DROP CONSTRAINT "ck_comment_one_subject"`);
    await queryRunner.query(`
            ALTER TABLE "comment" DROP COLUMN "workshop_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "comment"
            ADD CONSTRAINT "ck_comment_one_subject" CHECK (num_nonnulls(proposal_id) = 1)
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_workshop_proposal_proposal"
        `);
    await queryRunner.query(`
            DROP TABLE "workshop_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_workshop_registration_queue"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_workshop_registration_user"
        `);
    await queryRunner.query(`
            DROP TABLE "workshop_registration"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."registration_status"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_workshop_starts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_workshop_process"
        `);
    await queryRunner.query(`
            DROP TABLE "workshop"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."workshop_kind"
        `);
  }
}
