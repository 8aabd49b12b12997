import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 18: the audit log keeps residency checks and the acts that decide a budget. */
export class BudgetAudit1796900000001 implements MigrationInterface {
  name = 'BudgetAudit1796900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'RESIDENCY_VERIFIED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'BUDGET_CREATED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'OFFLINE_TALLY_ENTERED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'BUDGET_RESULTS_PUBLISHED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'BUDGET_IMPLEMENTATION_STARTED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'RESIDENCY_REVOKED'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TYPE "public"."audit_action_old" AS ENUM(
                'ROLE_CHANGED',
                'USER_SUSPENDED',
                'SUSPENSION_LIFTED',
                'CONTENT_HIDDEN',
                'CONTENT_RESTORED',
                'PROPOSAL_ASSIGNED',
                'PROPOSAL_TRANSFERRED',
                'PROPOSAL_ANSWERED',
                'PROGRESS_POSTED',
                'ESCALATION_LADDER_SET'
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entry"
            ALTER COLUMN "action" TYPE "public"."audit_action_old" USING "action"::"text"::"public"."audit_action_old"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."audit_action"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action_old"
            RENAME TO "audit_action"
        `);
  }
}
