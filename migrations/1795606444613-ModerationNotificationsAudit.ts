import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModerationNotificationsAudit1795606444613 implements MigrationInterface {
  name = 'ModerationNotificationsAudit1795606444613';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."notification_kind" AS ENUM(
                'PROPOSAL_ASSIGNED',
                'PROPOSAL_TRANSFERRED',
                'PROPOSAL_ANSWERED',
                'PROGRESS_UPDATED',
                'COMMENT_ON_PROPOSAL',
                'COMMENT_REPLY',
                'WORKSHOP_REGISTRATION_CONFIRMED',
                'WORKSHOP_WAITLIST_PROMOTED',
                'WORKSHOP_UPDATED',
                'CONTENT_HIDDEN'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recipient_id" uuid NOT NULL,
                "kind" "public"."notification_kind" NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "actor_id" uuid,
                "message" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "read_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_notification_unread" ON "notification" ("recipient_id", "created_at", "id")
            WHERE read_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_notification_inbox" ON "notification" ("recipient_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."audit_action" AS ENUM(
                'ROLE_CHANGED',
                'USER_SUSPENDED',
                'SUSPENSION_LIFTED',
                'CONTENT_HIDDEN',
                'CONTENT_RESTORED',
                'PROPOSAL_ASSIGNED',
                'PROPOSAL_TRANSFERRED',
                'PROPOSAL_ANSWERED',
                'PROGRESS_POSTED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_entry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "action" "public"."audit_action" NOT NULL,
                "actor_id" uuid,
                "target_type" text NOT NULL,
                "target_id" uuid NOT NULL,
                "note" text,
                "before" text,
                "after" text,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_entry_actor" ON "audit_entry" ("actor_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_entry_target" ON "audit_entry" ("target_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_audit_entry_created" ON "audit_entry" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."report_reason" AS ENUM(
                'SPAM',
                'OFFENSIVE',
                'PERSONAL_INFORMATION',
                'OFF_TOPIC',
                'OTHER'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "content_report" (
                "proposal_id" uuid,
                "comment_id" uuid,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reporter_id" uuid NOT NULL,
                "reason" "public"."report_reason" NOT NULL,
                "details" text,
                "content_snapshot" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "ck_content_report_one_target" CHECK (num_nonnulls(proposal_id, comment_id) = 1),
                CONSTRAINT "PK_1effd709157e94e02959826f51e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_content_report_reporter" ON "content_report" ("reporter_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_content_report_comment" ON "content_report" ("comment_id", "reporter_id")
            WHERE comment_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_content_report_proposal" ON "content_report" ("proposal_id", "reporter_id")
            WHERE proposal_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "moderation_item" (
                "proposal_id" uuid,
                "comment_id" uuid,
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_count" integer NOT NULL DEFAULT '0',
                "open_report_count" integer NOT NULL DEFAULT '0',
                "last_reported_at" TIMESTAMP(3) WITH TIME ZONE,
                "resolved_at" TIMESTAMP(3) WITH TIME ZONE,
                "activity_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "ck_moderation_item_counts" CHECK (
                    open_report_count >= 0
                    AND open_report_count <= report_count
                ),
                CONSTRAINT "ck_moderation_item_one_target" CHECK (num_nonnulls(proposal_id, comment_id) = 1),
                CONSTRAINT "PK_52b9a16354505a245095e670b87" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_moderation_item_open" ON "moderation_item" ("activity_at", "id")
            WHERE resolved_at IS NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_moderation_item_activity" ON "moderation_item" ("activity_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_moderation_item_comment" ON "moderation_item" ("comment_id")
            WHERE comment_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_moderation_item_proposal" ON "moderation_item" ("proposal_id")
            WHERE proposal_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."moderation_action" AS ENUM('HIDE', 'RESTORE')
        `);
    await queryRunner.query(`
            CREATE TABLE "moderation_decision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "item_id" uuid NOT NULL,
                "action" "public"."moderation_action" NOT NULL,
                "moderator_id" uuid,
                "note" text NOT NULL,
                "content_snapshot" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "PK_fd9491410982bee0b39fee995d6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_moderation_decision_item" ON "moderation_decision" ("item_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_9830357f52360a126737d498e66" FOREIGN KEY ("recipient_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_16addcdc44128a517daeddd4491" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entry"
            ADD CONSTRAINT "FK_97535621724623160ea04275668" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report"
            ADD CONSTRAINT "FK_d0e9e75499abc7428aea5c16721" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report"
            ADD CONSTRAINT "FK_792215bd94bf611bee4db54fc42" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report"
            ADD CONSTRAINT "FK_be745287e4e01384dcaf5391fad" FOREIGN KEY ("reporter_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item"
            ADD CONSTRAINT "FK_582c0bca23acd702c1651827f62" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item"
            ADD CONSTRAINT "FK_53e09246dc5fcae940e8d6cdf56" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_decision"
            ADD CONSTRAINT "FK_af5879e2da303a90427ab77eefc" FOREIGN KEY ("item_id") REFERENCES "moderation_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_decision"
            ADD CONSTRAINT "FK_042fe912a392a851e1976137206" FOREIGN KEY ("moderator_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "moderation_decision" DROP CONSTRAINT "FK_042fe912a392a851e1976137206"
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_decision" DROP CONSTRAINT "FK_af5879e2da303a90427ab77eefc"
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item" DROP CONSTRAINT "FK_53e09246dc5fcae940e8d6cdf56"
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item" DROP CONSTRAINT "FK_582c0bca23acd702c1651827f62"
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report" DROP CONSTRAINT "FK_be745287e4e01384dcaf5391fad"
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report" DROP CONSTRAINT "FK_792215bd94bf611bee4db54fc42"
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report" DROP CONSTRAINT "FK_d0e9e75499abc7428aea5c16721"
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entry" DROP CONSTRAINT "FK_97535621724623160ea04275668"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_16addcdc44128a517daeddd4491"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_9830357f52360a126737d498e66"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_moderation_decision_item"
        `);
    await queryRunner.query(`
            DROP TABLE "moderation_decision"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."moderation_action"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_moderation_item_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_moderation_item_comment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_moderation_item_activity"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_moderation_item_open"
        `);
    await queryRunner.query(`
            DROP TABLE "moderation_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_content_report_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_content_report_comment"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_content_report_reporter"
        `);
    await queryRunner.query(`
            DROP TABLE "content_report"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."report_reason"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_entry_created"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_entry_target"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_audit_entry_actor"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_entry"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."audit_action"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_notification_inbox"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_notification_unread"
        `);
    await queryRunner.query(`
            DROP TABLE "notification"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."notification_kind"
        `);
  }
}
