import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation ladders (src/escalation): a ladder per participatory process and one city-wide
 * default (process_id null; ux_escalation_ladder_city keeps it to one row, since a plain unique
 * index lets NULLs repeat), its rungs, and the crossings: one row per proposal and level, the
 * primary key that makes a crossing happen once, with the rung copied as it was.
 * PROPOSAL_ESCALATED joins the notification kinds.
 */
export class EscalationLadders1796700000000 implements MigrationInterface {
  name = 'EscalationLadders1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."escalation_action" AS ENUM(
                'REQUIRE_DEPARTMENT_ANSWER',
                'REQUIRE_PUBLIC_FORUM',
                'REQUIRE_ANSWER_FROM'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "escalation_ladder" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "process_id" uuid,
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_f68fe306f834f33cccd5d251ae1" UNIQUE ("process_id"),
                CONSTRAINT "PK_54a4d2667e2060f5b127a96834c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_escalation_ladder_city" ON "escalation_ladder" ((true))
             WHERE "process_id" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "escalation_rung" (
                "ladder_id" uuid NOT NULL,
                "level" integer NOT NULL,
                "threshold" integer NOT NULL,
                "action" "public"."escalation_action" NOT NULL,
                "due_in_days" integer,
                "answering_department_id" uuid,
                CONSTRAINT "ck_escalation_rung_due" CHECK (due_in_days IS NULL OR due_in_days >= 1),
                CONSTRAINT "ck_escalation_rung_threshold" CHECK (threshold >= 1),
                CONSTRAINT "ck_escalation_rung_level" CHECK (level >= 1),
                CONSTRAINT "PK_ba7c8df68bca22cd45ed3845a27" PRIMARY KEY ("ladder_id", "level")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "escalation_crossing" (
                "proposal_id" uuid NOT NULL,
                "level" integer NOT NULL,
                "reached_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "threshold" integer NOT NULL,
                "action" "public"."escalation_action" NOT NULL,
                "due_in_days" integer,
                "due_at" TIMESTAMP(3) WITH TIME ZONE,
                "answering_department_id" uuid,
                CONSTRAINT "ck_escalation_crossing_level" CHECK (level >= 1),
                CONSTRAINT "PK_517f4443e35d06730ab94a0e067" PRIMARY KEY ("proposal_id", "level")
            )
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'PROPOSAL_ESCALATED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action" ADD VALUE IF NOT EXISTS 'ESCALATION_LADDER_SET'
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_ladder"
            ADD CONSTRAINT "FK_f68fe306f834f33cccd5d251ae1" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_rung"
            ADD CONSTRAINT "FK_f9a2ca9ab3445927d5aeaaa8c3e" FOREIGN KEY ("ladder_id") REFERENCES "escalation_ladder"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_rung"
            ADD CONSTRAINT "FK_90b55cd0c05f1e396d6fec80624" FOREIGN KEY ("answering_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_crossing"
            ADD CONSTRAINT "FK_df09d17b0ac19a89c9ee25ac217" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "escalation_crossing"
            ADD CONSTRAINT "FK_2aaaaf4960cff7ceaaacb69c9d5" FOREIGN KEY ("answering_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "escalation_crossing"`);
    await queryRunner.query(`DROP TABLE "escalation_rung"`);
    await queryRunner.query(`DROP TABLE "escalation_ladder"`);
    await queryRunner.query(`DROP TYPE "public"."escalation_action"`);
    // Postgres cannot drop an enum value: the rows that use it go first, the type is rebuilt.
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind" = 'PROPOSAL_ESCALATED'`);
    await dropEnumValue(
      queryRunner,
      'notification_kind',
      'notification',
      'kind',
      'PROPOSAL_ESCALATED',
    );
    await queryRunner.query(`DELETE FROM "audit_entry" WHERE "action" = 'ESCALATION_LADDER_SET'`);
    await dropEnumValue(
      queryRunner,
      'audit_action',
      'audit_entry',
      'action',
      'ESCALATION_LADDER_SET',
    );
  }
}

/** Rebuilds enum `type` without `value`, converting `table`.`column` (no row may still use it). */
async function dropEnumValue(
  queryRunner: QueryRunner,
  type: string,
  table: string,
  column: string,
  value: string,
): Promise<void> {
  await queryRunner.query(`
        DO $$
        DECLARE remaining text;
        BEGIN
          SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) INTO remaining
            FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
           WHERE t.typname = '${type}' AND e.enumlabel <> '${value}';
          ALTER TYPE "public"."${type}" RENAME TO "${type}_old";
          EXECUTE 'CREATE TYPE "public"."${type}" AS ENUM (' || remaining || ')';
          ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE "public"."${type}"
            USING "${column}"::text::"public"."${type}";
          DROP TYPE "public"."${type}_old";
        END $$
        `);
}
