import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The automatic hide counts only reports by established reporters (moderation-rules.ts,
 * reportCountsTowardHide), and a moderator may restore whatever the reports hid.
 *
 * - content_report.counts_toward_hide: whether the report counted, decided when it was made.
 *   Every report made before this migration counted, so existing rows are true.
 * - moderation_item.open_counted_report_count: the counting reports since the last RESTORE,
 *   what reaches MODERATION_HIDE_THRESHOLD. Until now every open report counted.
 * - moderation_item.hidden_by_reports: hidden by the reports and no person decided since; true
 *   for the items whose content is hidden and whose latest decision is the automatic one.
 */
export class ModerationBrigadeDefence1796546927993 implements MigrationInterface {
  name = 'ModerationBrigadeDefence1796546927993';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "content_report"
            ADD "counts_toward_hide" boolean NOT NULL DEFAULT true
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report" ALTER COLUMN "counts_toward_hide" DROP DEFAULT
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item"
            ADD "open_counted_report_count" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item"
            ADD "hidden_by_reports" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            UPDATE "moderation_item" SET "open_counted_report_count" = "open_report_count"
        `);
    await queryRunner.query(`
            UPDATE "moderation_item" m SET "hidden_by_reports" = true
             WHERE (
                     SELECT d.moderator_id IS NULL AND d.action = 'HIDE'
                       FROM "moderation_decision" d
                      WHERE d.item_id = m.id
                      ORDER BY d.created_at DESC, d.id DESC
                      LIMIT 1
                   )
               AND (
                     EXISTS (SELECT 1 FROM "proposal" p WHERE p.id = m.proposal_id AND p.hidden)
                     OR EXISTS (SELECT 1 FROM "comment" c WHERE c.id = m.comment_id AND c.hidden)
                   )
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item"
            ADD CONSTRAINT "ck_moderation_item_counted" CHECK (
                    open_counted_report_count >= 0
                    AND open_counted_report_count <= open_report_count
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "moderation_item" DROP CONSTRAINT "ck_moderation_item_counted"
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item" DROP COLUMN "hidden_by_reports"
        `);
    await queryRunner.query(`
            ALTER TABLE "moderation_item" DROP COLUMN "open_counted_report_count"
        `);
    await queryRunner.query(`
            ALTER TABLE "content_report" DROP COLUMN "counts_toward_hide"
        `);
  }
}
