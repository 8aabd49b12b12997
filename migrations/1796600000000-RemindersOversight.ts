import type { MigrationInterface, QueryRunner } from 'typeorm';

const NEW_KINDS = ['ANSWER_DUE_SOON', 'PROPOSAL_OVERDUE', 'WORKSHOP_REMINDER'];

/**
 * Issue 16, the clock: what each sweep has already done (one row per reminder, so a second run
 * or a second instance inserts nothing and notifies nobody), the oversight department, and the
 * notification kinds the reminders send. The job queue's own tables are not here: pg-boss keeps
 * them in its `pgboss` schema and creates or upgrades them when it starts (src/jobs/job-queue.ts).
 */
export class RemindersOversight1796600000000 implements MigrationInterface {
  name = 'RemindersOversight1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const kind of NEW_KINDS) {
      await queryRunner.query(
        `ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS '${kind}'`,
      );
    }
    await queryRunner.query(`
      CREATE TABLE "oversight_setting" (
        "singleton" boolean NOT NULL DEFAULT true,
        "department_id" uuid NOT NULL,
        "set_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "pk_oversight_setting" PRIMARY KEY ("singleton"),
        CONSTRAINT "ck_oversight_setting_singleton" CHECK ("singleton"),
        CONSTRAINT "fk_oversight_setting_department" FOREIGN KEY ("department_id")
          REFERENCES "department"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "proposal_reminder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "proposal_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "department_id" uuid NOT NULL,
        "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "sent_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "escalated_to_department_id" uuid,
        CONSTRAINT "pk_proposal_reminder" PRIMARY KEY ("id"),
        CONSTRAINT "ck_proposal_reminder_kind" CHECK ("kind" IN ('DUE_SOON', 'OVERDUE')),
        CONSTRAINT "uq_proposal_reminder_once" UNIQUE ("proposal_id", "kind", "department_id", "due_at"),
        CONSTRAINT "fk_proposal_reminder_proposal" FOREIGN KEY ("proposal_id")
          REFERENCES "proposal"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_proposal_reminder_department" FOREIGN KEY ("department_id")
          REFERENCES "department"("id") ON DELETE CASCADE,
        CONSTRAINT "fk_proposal_reminder_escalated_to" FOREIGN KEY ("escalated_to_department_id")
          REFERENCES "department"("id") ON DELETE SET NULL
      )
    `);
    await queryRunner.query(`
      CREATE INDEX "ix_proposal_reminder_oversight" ON "proposal_reminder"
        ("escalated_to_department_id", "sent_at" DESC, "id" DESC) WHERE "kind" = 'OVERDUE'
    `);
    await queryRunner.query(`
      CREATE TABLE "workshop_reminder" (
        "workshop_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "sent_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "pk_workshop_reminder" PRIMARY KEY ("workshop_id", "kind", "starts_at"),
        CONSTRAINT "ck_workshop_reminder_kind" CHECK ("kind" IN ('DAY_BEFORE', 'REGISTRATION_CLOSED')),
        CONSTRAINT "fk_workshop_reminder_workshop" FOREIGN KEY ("workshop_id")
          REFERENCES "workshop"("id") ON DELETE CASCADE
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "workshop_reminder"`);
    await queryRunner.query(`DROP TABLE "proposal_reminder"`);
    await queryRunner.query(`DROP TABLE "oversight_setting"`);
    // Postgres cannot drop an enum value: the type is rebuilt from the values that remain
    // (whatever later migrations added stays).
    const kinds = NEW_KINDS.map((k) => `'${k}'`).join(', ');
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind"::text IN (${kinds})`);
    await queryRunner.query(`
      DO $$
      DECLARE remaining text;
      BEGIN
        SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) INTO remaining
          FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
         WHERE t.typname = 'notification_kind' AND e.enumlabel NOT IN (${kinds});
        ALTER TYPE "public"."notification_kind" RENAME TO "notification_kind_old";
        EXECUTE 'CREATE TYPE "public"."notification_kind" AS ENUM (' || remaining || ')';
        ALTER TABLE "notification" ALTER COLUMN "kind" TYPE "public"."notification_kind"
          USING "kind"::text::"public"."notification_kind";
        DROP TYPE "public"."notification_kind_old";
      END $$
    `);
  }
}
