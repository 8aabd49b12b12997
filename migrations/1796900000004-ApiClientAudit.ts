import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 20: the audit log keeps the registration, secret rotation and revocation of API clients. */
export class ApiClientAudit1796900000004 implements MigrationInterface {
  name = 'ApiClientAudit1796900000004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'API_CLIENT_CREATED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'API_CLIENT_SECRET_ROTATED'
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."audit_action"
            ADD VALUE 'API_CLIENT_REVOKED'
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
                'ESCALATION_LADDER_SET',
                'RESIDENCY_VERIFIED',
                'BUDGET_CREATED',
                'OFFLINE_TALLY_ENTERED',
                'BUDGET_RESULTS_PUBLISHED',
                'BUDGET_IMPLEMENTATION_STARTED',
                'RESIDENCY_REVOKED'
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
