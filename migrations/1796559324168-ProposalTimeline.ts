import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * proposal_event: the append-only timeline of each proposal (src/timeline). Rows are written
 * by recordProposalEvent in the transaction of the change; ix_proposal_event_timeline serves a
 * proposal's events oldest first in keyset pages. The history stored before this table existed
 * is copied in by the ProposalTimelineBackfill migration that follows.
 */
export class ProposalTimeline1796559324168 implements MigrationInterface {
  name = 'ProposalTimeline1796559324168';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."proposal_event_kind" AS ENUM(
                'SUBMITTED',
                'EDITED',
                'ASSIGNED',
                'TRANSFERRED',
                'ANSWERED',
                'PROGRESS_UPDATED',
                'ESCALATED',
                'WORKSHOP_LINKED',
                'WITHDRAWN',
                'REMINDER_SENT',
                'OVERDUE',
                'HIDDEN',
                'RESTORED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "proposal_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "proposal_id" uuid NOT NULL,
                "kind" "public"."proposal_event_kind" NOT NULL,
                "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "actor_user_id" uuid,
                "actor_department_id" uuid,
                "actor_system" boolean NOT NULL DEFAULT false,
                "status" "public"."proposal_status",
                "from_department_id" uuid,
                "to_department_id" uuid,
                "reason" text,
                "escalation_level" integer,
                CONSTRAINT "ck_proposal_event_actor" CHECK (
                    actor_system OR actor_user_id IS NOT NULL OR actor_department_id IS NOT NULL
                ),
                CONSTRAINT "PK_94a50cee1e3295658e4a2b85092" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_proposal_event_timeline" ON "proposal_event" ("proposal_id", "at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event"
            ADD CONSTRAINT "FK_5b3807328f9168f18ee8a7b1889" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event"
            ADD CONSTRAINT "FK_01f8b8fd2edce84872cfc4dc7b6" FOREIGN KEY ("actor_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event"
            ADD CONSTRAINT "FK_b537f60cfcda97abe72a2d0d1bf" FOREIGN KEY ("actor_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event"
            ADD CONSTRAINT "FK_ea0007ff500202707804c207e47" FOREIGN KEY ("from_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event"
            ADD CONSTRAINT "FK_fbfe3ce4586d629d8a9b8072348" FOREIGN KEY ("to_department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "proposal_event" DROP CONSTRAINT "FK_fbfe3ce4586d629d8a9b8072348"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event" DROP CONSTRAINT "FK_ea0007ff500202707804c207e47"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event" DROP CONSTRAINT "FK_b537f60cfcda97abe72a2d0d1bf"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event" DROP CONSTRAINT "FK_01f8b8fd2edce84872cfc4dc7b6"
        `);
    await queryRunner.query(`
            ALTER TABLE "proposal_event" DROP CONSTRAINT "FK_5b3807328f9168f18ee8a7b1889"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_proposal_event_timeline"
        `);
    await queryRunner.query(`
            DROP TABLE "proposal_event"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."proposal_event_kind"
        `);
  }
}
