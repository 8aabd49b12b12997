import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795582964237 implements MigrationInterface {
  name = 'Foundation1795582964237';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "department" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "description" text,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_5ed63425b3d391bb14c3ad7ba6f" UNIQUE ("slug"),
                CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "participatory_process" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "title" text NOT NULL,
                "description" text,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_fbafbc1597d157fe9b3949e759c" UNIQUE ("slug"),
                CONSTRAINT "PK_ebebbd3f2024b425f4703274ab3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "process_phase" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "process_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" text NOT NULL,
                "starts_at" TIMESTAMP(3) WITH TIME ZONE,
                "ends_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "ck_process_phase_dates" CHECK (
                    starts_at IS NULL
                    OR ends_at IS NULL
                    OR ends_at > starts_at
                ),
                CONSTRAINT "PK_880b6298091c8f5a74db30efe1d" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_process_phase_position" ON "process_phase" ("process_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "topic" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_b4f72509919eef20d3f54eedc34" UNIQUE ("slug"),
                CONSTRAINT "PK_33aa4ecb4e4f20aa0157ea7ef61" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM('CITIZEN', 'STAFF', 'MODERATOR', 'ADMIN')
        `);
    await queryRunner.query(`
            CREATE TABLE "app_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text NOT NULL,
                "password_hash" text NOT NULL,
                "display_name" text NOT NULL,
                "role" "public"."user_role" NOT NULL DEFAULT 'CITIZEN',
                "department_id" uuid,
                "suspended_until" TIMESTAMP(3) WITH TIME ZONE,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_3fa909d0e37c531ebc237703391" UNIQUE ("email"),
                CONSTRAINT "ck_app_user_staff_department" CHECK ((role = 'STAFF') = (department_id IS NOT NULL)),
                CONSTRAINT "ck_app_user_email_lower" CHECK (email = lower(email)),
                CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_app_user_created" ON "app_user" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "auth_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP(3) WITH TIME ZONE,
                "revoked_reason" text,
                CONSTRAINT "PK_19354ed146424a728c1112a8cbf" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_auth_session_user" ON "auth_session" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "refresh_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "session_id" uuid NOT NULL,
                "token_hash" bytea NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"),
                CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_refresh_token_session" ON "refresh_token" ("session_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "process_phase"
            ADD CONSTRAINT "FK_6a403524ce929e91a4e5e6534bd" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "FK_7bbda4c333c1da023d2f2ae7320" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_session"
            ADD CONSTRAINT "FK_b8783d517fab10672700a39cb49" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ADD CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c" FOREIGN KEY ("session_id") REFERENCES "auth_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_7643a722ca45fb721be1c63dc0c"
        `);
    await queryRunner.query(`
            ALTER TABLE "auth_session" DROP CONSTRAINT "FK_b8783d517fab10672700a39cb49"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "FK_7bbda4c333c1da023d2f2ae7320"
        `);
    await queryRunner.query(`
            ALTER TABLE "process_phase" DROP CONSTRAINT "FK_6a403524ce929e91a4e5e6534bd"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_token_session"
        `);
    await queryRunner.query(`
            DROP TABLE "refresh_token"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_auth_session_user"
        `);
    await queryRunner.query(`
            DROP TABLE "auth_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_created"
        `);
    await queryRunner.query(`
            DROP TABLE "app_user"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
    await queryRunner.query(`
            DROP TABLE "topic"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_process_phase_position"
        `);
    await queryRunner.query(`
            DROP TABLE "process_phase"
        `);
    await queryRunner.query(`
            DROP TABLE "participatory_process"
        `);
    await queryRunner.query(`
            DROP TABLE "department"
        `);
  }
}
