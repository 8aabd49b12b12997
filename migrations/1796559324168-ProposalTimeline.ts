import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * proposal_event: the append-only timeline of each proposal (src/timeline). Rows are written
 * by recordProposalEvent in the transaction of the change; ix_proposal_event_timeline serves a
 * proposal's events oldest first in keyset pages. The history stored before this table existed
 * is copied in (BACKFILL), so existing proposals have a timeline from the start; down drops the
 * table and with it what was copied, the history it came from untouched.
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
    for (const statement of BACKFILL) await queryRunner.query(statement);
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

/**
 * The timeline of the proposals that existed before it, from the history already stored, each
 * event at the time of its record and by the actor recordProposalEvent would have written:
 * - SUBMITTED: the proposal's created_at, by its author.
 * - ASSIGNED / TRANSFERRED: every department_transfer row, by who routed it, for the
 *   department it left (a first assignment: the router's department).
 * - ANSWERED: every official_answer, by its author for its department, with the status set.
 * - PROGRESS_UPDATED: every progress_update, with the status it left (an accepted proposal's
 *   first update made it IN_PROGRESS, as AnswersService does).
 * - WORKSHOP_LINKED: the links of workshops whose outcome was published, at its publication,
 *   for the organizing department (who published it is not stored).
 * - WITHDRAWN: a withdrawn proposal, at its last update (withdrawal is final).
 * - HIDDEN / RESTORED: the moderation decisions that changed whether a proposal showed,
 *   replayed in order, by the moderator or (an automatic hide) the system.
 * EDITED is not stored anywhere before this table, so none is made up.
 */
const BACKFILL = [
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id)
   SELECT p.id, 'SUBMITTED', p.created_at, p.author_id FROM proposal p`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id, actor_department_id,
                               from_department_id, to_department_id, reason)
   SELECT t.proposal_id,
          (CASE WHEN t.from_department_id IS NULL THEN 'ASSIGNED' ELSE 'TRANSFERRED' END)::proposal_event_kind,
          t.created_at, t.by_id, COALESCE(t.from_department_id, u.department_id),
          t.from_department_id, t.to_department_id, t.reason
     FROM department_transfer t JOIN app_user u ON u.id = t.by_id`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id, actor_department_id, status)
   SELECT a.proposal_id, 'ANSWERED', a.created_at, a.author_id, a.department_id, a.status
     FROM official_answer a`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id, actor_department_id, status)
   SELECT u.proposal_id, 'PROGRESS_UPDATED', u.created_at, u.author_id, u.department_id,
          (SELECT (CASE WHEN a.status = 'ACCEPTED' THEN 'IN_PROGRESS' ELSE a.status::text END)::proposal_status
             FROM official_answer a
            WHERE a.proposal_id = u.proposal_id AND a.created_at <= u.created_at
            ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
     FROM progress_update u`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_department_id)
   SELECT l.proposal_id, 'WORKSHOP_LINKED', w.outcome_published_at, w.organizer_id
     FROM workshop_proposal l JOIN workshop w ON w.id = l.workshop_id
    WHERE w.outcome_published_at IS NOT NULL`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id, status)
   SELECT p.id, 'WITHDRAWN', p.updated_at, p.author_id, 'WITHDRAWN'
     FROM proposal p WHERE p.status = 'WITHDRAWN'`,
  `INSERT INTO proposal_event (proposal_id, kind, at, actor_user_id, actor_system)
   SELECT d.proposal_id, (CASE WHEN d.action = 'HIDE' THEN 'HIDDEN' ELSE 'RESTORED' END)::proposal_event_kind,
          d.created_at, d.moderator_id, d.moderator_id IS NULL
     FROM (SELECT i.proposal_id, d.action, d.moderator_id, d.created_at,
                  lag(d.action) OVER (PARTITION BY d.item_id ORDER BY d.created_at, d.id) AS before
             FROM moderation_decision d JOIN moderation_item i ON i.id = d.item_id
            WHERE i.proposal_id IS NOT NULL) d
    -- Content starts visible: a HIDE hides unless it follows a HIDE, a RESTORE shows only after one.
    WHERE (d.action = 'HIDE' AND d.before IS DISTINCT FROM 'HIDE')
       OR (d.action = 'RESTORE' AND d.before = 'HIDE')`,
];
