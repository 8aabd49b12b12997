import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17, reaching people where they are: each person's language, time zone, digest hour and
 * verified address; their choice per kind of notification; notifications stored as a catalogue
 * key with its parameters and a structured actor (rendered in the reader's language when read);
 * and the mail outbox, email_delivery.
 */
export class Reach1796800000000 implements MigrationInterface {
  name = 'Reach1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."delivery_channel" AS ENUM('IN_APP', 'EMAIL_NOW', 'EMAIL_DIGEST', 'NONE')
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_preference" (
                "user_id" uuid NOT NULL,
                "kind" "public"."notification_kind" NOT NULL,
                "channel" "public"."delivery_channel" NOT NULL,
                CONSTRAINT "PK_0f7529aefc65bd035491bb755bf" PRIMARY KEY ("user_id", "kind")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."email_purpose" AS ENUM(
                'NOTIFICATION',
                'DIGEST_ITEM',
                'DIGEST',
                'VERIFICATION'
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."email_delivery_state" AS ENUM(
                'PENDING',
                'SENT',
                'RETRYING',
                'FAILED',
                'SKIPPED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "email_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "purpose" "public"."email_purpose" NOT NULL,
                "recipient_id" uuid NOT NULL,
                "notification_id" uuid,
                "digest_id" uuid,
                "digest_date" date,
                "address" text,
                "state" "public"."email_delivery_state" NOT NULL DEFAULT 'PENDING',
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_error" text,
                "sent_at" TIMESTAMP(3) WITH TIME ZONE,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "UQ_0e0081f9853655dd5a4fe2a5fec" UNIQUE ("notification_id"),
                CONSTRAINT "ck_email_delivery_shape" CHECK (
                    (purpose IN ('NOTIFICATION', 'DIGEST_ITEM')) = (notification_id IS NOT NULL)
                    AND (purpose = 'DIGEST') = (digest_date IS NOT NULL)
                ),
                CONSTRAINT "PK_a39c05a113fa6130d51558e809a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_email_delivery_digest" ON "email_delivery" ("digest_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_email_delivery_digest_day" ON "email_delivery" ("recipient_id", "digest_date")
            WHERE purpose = 'DIGEST'
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_email_delivery_digest_items" ON "email_delivery" ("recipient_id", "created_at")
            WHERE state = 'PENDING'
                AND purpose = 'DIGEST_ITEM'
                AND digest_id IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_email_delivery_due" ON "email_delivery" ("next_attempt_at")
            WHERE state IN ('PENDING', 'RETRYING')
                AND purpose <> 'DIGEST_ITEM'
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."locale" AS ENUM('ko', 'en')
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "locale" "public"."locale"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "time_zone" text NOT NULL DEFAULT 'Asia/Seoul'
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "digest_hour" smallint NOT NULL DEFAULT '8'
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "email_verified_at" TIMESTAMP(3) WITH TIME ZONE
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."notification_actor_kind" AS ENUM('USER', 'DEPARTMENT', 'MODERATOR', 'SYSTEM')
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "actor_kind" "public"."notification_actor_kind" NOT NULL DEFAULT 'USER'
        `);
    // Notifications written before: those with no actor were the platform's own.
    await queryRunner.query(`
            UPDATE "notification" SET "actor_kind" = 'SYSTEM' WHERE "actor_id" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" ALTER COLUMN "actor_kind" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "actor_department_id" uuid
        `);
    // Those written before name their actor as notify does now (who-hears-what.ts), so that
    // Notification.actor never shows on an old row whom a new one hides. A hide is a
    // moderator's; a place given is the platform's (whoever cancelled stays unnamed).
    await queryRunner.query(`
            UPDATE "notification" SET "actor_kind" = 'MODERATOR'
             WHERE "actor_id" IS NOT NULL AND "kind" = 'CONTENT_HIDDEN'
        `);
    await queryRunner.query(`
            UPDATE "notification" SET "actor_kind" = 'SYSTEM'
             WHERE "kind" IN ('WORKSHOP_REGISTRATION_CONFIRMED', 'WORKSHOP_WAITLIST_PROMOTED')
        `);
    // Staff routing, answering, reporting progress, updating a workshop or commenting officially
    // spoke for their department (the answer's or the update's own, else theirs); moderators
    // and admins routing or updating a workshop are "관리자". Comments are their writer's own.
    await queryRunner.query(`
            UPDATE "notification" n
               SET "actor_kind" = 'DEPARTMENT',
                   "actor_department_id" = coalesce(
                     (SELECT a.department_id FROM official_answer a
                       WHERE n.subject_type = 'OfficialAnswer' AND a.id = n.subject_id),
                     (SELECT p.department_id FROM progress_update p
                       WHERE n.subject_type = 'ProgressUpdate' AND p.id = n.subject_id),
                     u.department_id)
              FROM app_user u
             WHERE u.id = n.actor_id AND u.role = 'STAFF' AND n.actor_kind = 'USER'
               AND (n.kind IN ('PROPOSAL_ASSIGNED', 'PROPOSAL_TRANSFERRED', 'PROPOSAL_ANSWERED',
                               'PROGRESS_UPDATED', 'WORKSHOP_UPDATED')
                    OR (n.subject_type = 'Comment' AND EXISTS (
                          SELECT 1 FROM comment c WHERE c.id = n.subject_id AND c.is_official)))
        `);
    await queryRunner.query(`
            UPDATE "notification" n SET "actor_kind" = 'MODERATOR'
              FROM app_user u
             WHERE u.id = n.actor_id AND u.role IN ('MODERATOR', 'ADMIN') AND n.actor_kind = 'USER'
               AND n.kind IN ('PROPOSAL_ASSIGNED', 'PROPOSAL_TRANSFERRED', 'WORKSHOP_UPDATED')
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "message_key" text
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "params" jsonb NOT NULL DEFAULT '{}'
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ALTER COLUMN "message" DROP NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "ck_app_user_digest_hour" CHECK (
                    digest_hour BETWEEN 0 AND 23
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_afda8c3a84b000b9abc96836ec9" FOREIGN KEY ("actor_department_id") REFERENCES "department"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preference"
            ADD CONSTRAINT "FK_ff040d2d2e35c49b00525783829" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "email_delivery"
            ADD CONSTRAINT "FK_475f7910a1cc1ca1887778a4f5e" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "email_delivery"
            ADD CONSTRAINT "FK_0e0081f9853655dd5a4fe2a5fec" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "email_delivery"
            ADD CONSTRAINT "FK_067c17303db81401abc966f07be" FOREIGN KEY ("digest_id") REFERENCES "email_delivery"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "email_delivery" DROP CONSTRAINT "FK_067c17303db81401abc966f07be"
        `);
    await queryRunner.query(`
            ALTER TABLE "email_delivery" DROP CONSTRAINT "FK_0e0081f9853655dd5a4fe2a5fec"
        `);
    await queryRunner.query(`
            ALTER TABLE "email_delivery" DROP CONSTRAINT "FK_475f7910a1cc1ca1887778a4f5e"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_preference" DROP CONSTRAINT "FK_ff040d2d2e35c49b00525783829"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_afda8c3a84b000b9abc96836ec9"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "ck_app_user_digest_hour"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ALTER COLUMN "message"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "params"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "message_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "actor_department_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "actor_kind"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."notification_actor_kind"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "email_verified_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "digest_hour"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "time_zone"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "locale"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."locale"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_email_delivery_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_email_delivery_digest_items"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_email_delivery_digest_day"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_email_delivery_digest"
        `);
    await queryRunner.query(`
            DROP TABLE "email_delivery"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."email_delivery_state"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."email_purpose"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_preference"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."delivery_channel"
        `);
  }
}
