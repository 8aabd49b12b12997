import { MigrationInterface, QueryRunner } from 'typeorm';

export class DepartmentStatsIndexes1795599325462 implements MigrationInterface {
  name = 'DepartmentStatsIndexes1795599325462';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "ix_department_transfer_to_routing" ON "department_transfer" ("to_department_id", "id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_official_answer_department_routing" ON "official_answer" (
                "department_id",
                "transfer_id",
                "created_at",
                "id"
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_official_answer_department_routing"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_department_transfer_to_routing"
        `);
  }
}
