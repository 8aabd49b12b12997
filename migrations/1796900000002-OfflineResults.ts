import { MigrationInterface, QueryRunner } from 'typeorm';

export class OfflineResults1796900000002 implements MigrationInterface {
  name = 'OfflineResults1796900000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "child" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "guardian_id" uuid NOT NULL,
                "first_name" text NOT NULL,
                "birth_year" integer NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_child_birth_year" CHECK (
                    birth_year BETWEEN 1900 AND 2200
                ),
                CONSTRAINT "PK_4609b9b323ca37c6bc435ec4b6b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_child_guardian" ON "child" ("guardian_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "consent_text" (
                "version" text NOT NULL,
                "text" text NOT NULL,
                "published_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_fe3940bec174290e07532f3b010" PRIMARY KEY ("version")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "guardian_consent" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "child_id" uuid,
                "guardian_id" uuid NOT NULL,
                "workshop_id" uuid,
                "consent_text_version" text NOT NULL,
                "relationship" text NOT NULL,
                "given_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "withdrawn_at" TIMESTAMP(3) WITH TIME ZONE,
                CONSTRAINT "PK_c21cdef0ff4b21e8afe7b01b5c0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_guardian_consent_child" ON "guardian_consent" ("child_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_guardian_consent_guardian" ON "guardian_consent" ("guardian_id", "given_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "child_registration" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workshop_id" uuid NOT NULL,
                "child_id" uuid NOT NULL,
                "guardian_id" uuid NOT NULL,
                "status" "public"."registration_status" NOT NULL,
                "queue_number" integer NOT NULL DEFAULT nextval('workshop_registration_queue_number_seq'),
                "consent_id" uuid NOT NULL,
                "guardian_contact" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "uq_child_registration_child" UNIQUE ("workshop_id", "child_id"),
                CONSTRAINT "PK_fdc0c9769326be1532b8a070af0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_child_registration_guardian" ON "child_registration" ("guardian_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_child_registration_queue" ON "child_registration" ("workshop_id", "status", "queue_number")
        `);
    await queryRunner.query(`
            CREATE TABLE "round_table" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workshop_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "topic" text,
                "facilitator_id" uuid,
                "size" integer,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_round_table_number" UNIQUE ("workshop_id", "number"),
                CONSTRAINT "ck_round_table_size" CHECK (
                    size IS NULL
                    OR size BETWEEN 1 AND 1000
                ),
                CONSTRAINT "ck_round_table_number" CHECK (
                    number BETWEEN 1 AND 1000
                ),
                CONSTRAINT "PK_23cdf74986d19d274c45f919dc1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "round_table_seat" (
                "workshop_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "table_id" uuid NOT NULL,
                "assigned_by_id" uuid NOT NULL,
                "assigned_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1e3fbff291a7973419d7b99db7f" PRIMARY KEY ("workshop_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_round_table_seat_table" ON "round_table_seat" ("table_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "session_priority" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workshop_id" uuid NOT NULL,
                "title" text,
                "merged_by_id" uuid,
                "merged_at" TIMESTAMP(3) WITH TIME ZONE,
                "proposal_id" uuid,
                "proposal_dots" integer,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_dfe98bacd1833625cf79860f82e" UNIQUE ("proposal_id"),
                CONSTRAINT "PK_a06200b6abce045412b46dbe392" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_session_priority_workshop" ON "session_priority" ("workshop_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "table_idea" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "workshop_id" uuid NOT NULL,
                "table_id" uuid NOT NULL,
                "text" text NOT NULL,
                "category" text,
                "dots" integer NOT NULL DEFAULT '0',
                "priority_id" uuid NOT NULL,
                "entered_by_id" uuid NOT NULL,
                "entered_session_id" uuid,
                "dots_entered_by_id" uuid,
                "dots_entered_at" TIMESTAMP(3) WITH TIME ZONE,
                "dots_entered_session_id" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_table_idea_dots" CHECK (dots >= 0),
                CONSTRAINT "PK_a761e6d7d2c19fe9017087e6bb4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_table_idea_priority" ON "table_idea" ("priority_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_table_idea_table" ON "table_idea" ("table_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_table_idea_workshop" ON "table_idea" ("workshop_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "table_idea_correction" (
                "seq" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL,
                "idea_id" uuid NOT NULL,
                "previous_dots" integer NOT NULL,
                "previous_by_id" uuid,
                "previous_at" TIMESTAMP(3) WITH TIME ZONE,
                "corrected_by_id" uuid NOT NULL,
                "corrected_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "corrected_session_id" uuid,
                CONSTRAINT "PK_1e26f779b54d55ea2e991656d39" PRIMARY KEY ("seq")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_table_idea_correction_idea" ON "table_idea_correction" ("idea_id", "seq")
        `);
    // The first guardian consent text. Later versions are added as rows (never edited), so
    // every consent names exactly the text that was shown.
    await queryRunner.query(
      `INSERT INTO consent_text (version, text, published_at) VALUES ($1, $2, now())`,
      [
        '2026-12',
        [
          '[개인정보 수집·이용 동의 (법정대리인)]',
          '수집 항목: 아동의 이름(성 제외 가능)과 출생연도, 법정대리인과의 관계, 법정대리인이 공유를 선택한 연락처.',
          '목적: 워크숍 참가 신청, 정원과 대기자 관리, 주최 부서의 참가자 확인.',
          '보유 기간: 참가 신청이 끝나거나 동의를 철회할 때까지. 철회하면 아동의 정보는 지우고, 동의와 철회의 기록(일시, 관계, 동의문 판)만 법령에 따라 보관합니다.',
          '개인정보 보호법 제22조의2에 따라 만 14세 미만 아동의 개인정보는 법정대리인의 동의를 받아 처리합니다. 동의를 거부할 수 있으며, 거부하면 아동의 참가 신청을 할 수 없습니다.',
          '',
          '[Consent to collect and use personal information (legal guardian)]',
          "Collected: the child's first name and birth year, your relationship to the child, and a contact you choose to share.",
          'Purpose: registering for the workshop, managing places and the waitlist, and letting the organizing department know who attends.',
          "Kept: until the registration ends or you withdraw consent. On withdrawal the child's data is erased; only the record of consent and withdrawal (times, relationship, text version) is kept, as the law requires.",
          "Under Korea's Personal Information Protection Act (art. 22-2), a child under 14's data is processed with a legal guardian's consent. You may refuse; without consent the child cannot be registered.",
        ].join('\n'),
      ],
    );
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD "dots_per_participant" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD "priorities_published_at" TIMESTAMP(3) WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD "children_allowed" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD "minimum_age" integer
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD "maximum_age" integer
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."workshop_kind"
            ADD VALUE 'ROUND_TABLE'
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD CONSTRAINT "ck_workshop_ages" CHECK (
                    minimum_age IS NULL
                    OR maximum_age IS NULL
                    OR minimum_age <= maximum_age
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ADD CONSTRAINT "ck_workshop_dots" CHECK (
                    dots_per_participant IS NULL
                    OR dots_per_participant BETWEEN 1 AND 100
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "child"
            ADD CONSTRAINT "FK_a2aac896d946ab517e200636dd5" FOREIGN KEY ("guardian_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent"
            ADD CONSTRAINT "FK_15aaca183f44eefd8d8b97cdf5c" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent"
            ADD CONSTRAINT "FK_14c3d28dc22bba51d6cd0cb196e" FOREIGN KEY ("guardian_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent"
            ADD CONSTRAINT "FK_5ffe6b78cf36aa862e62218685d" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent"
            ADD CONSTRAINT "FK_dd22e2454bcac539b2bda6b18ca" FOREIGN KEY ("consent_text_version") REFERENCES "consent_text"("version") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration"
            ADD CONSTRAINT "FK_382516437c024cbd2f28f6bc681" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration"
            ADD CONSTRAINT "FK_f769cd2675b1fac497c4b299c24" FOREIGN KEY ("child_id") REFERENCES "child"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration"
            ADD CONSTRAINT "FK_5c20fc663e6f669687e7c71c264" FOREIGN KEY ("guardian_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration"
            ADD CONSTRAINT "FK_10435d47eca96966e169fbb84f7" FOREIGN KEY ("consent_id") REFERENCES "guardian_consent"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table"
            ADD CONSTRAINT "FK_0451ad9732f5a862d6be8ac5b89" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table"
            ADD CONSTRAINT "FK_509f943353faaf2e346180d2fc3" FOREIGN KEY ("facilitator_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat"
            ADD CONSTRAINT "FK_d52de85aeb68cac3944636ee96c" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat"
            ADD CONSTRAINT "FK_74a82574b6a22ebd3451af58029" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat"
            ADD CONSTRAINT "FK_799ad00a8a2ba3a0c97316a33eb" FOREIGN KEY ("table_id") REFERENCES "round_table"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat"
            ADD CONSTRAINT "FK_b7f32c5134aed7d2cfb94fdf9b1" FOREIGN KEY ("assigned_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority"
            ADD CONSTRAINT "FK_a13f1e4e2299b07714a770127ab" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority"
            ADD CONSTRAINT "FK_a20191183d820e186999406f66f" FOREIGN KEY ("merged_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority"
            ADD CONSTRAINT "FK_dfe98bacd1833625cf79860f82e" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea"
            ADD CONSTRAINT "FK_b30fc9c2c6e2e4f97f65037d017" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea"
            ADD CONSTRAINT "FK_b2962e04ee5ac681ef15b1ebb97" FOREIGN KEY ("table_id") REFERENCES "round_table"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea"
            ADD CONSTRAINT "FK_682277126446817a7e46fcf1aa4" FOREIGN KEY ("priority_id") REFERENCES "session_priority"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea"
            ADD CONSTRAINT "FK_1b17ee97eb4a40bf8a38dbbd03d" FOREIGN KEY ("entered_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea"
            ADD CONSTRAINT "FK_1a76a9d1a2ac115e7fc36a18181" FOREIGN KEY ("dots_entered_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea_correction"
            ADD CONSTRAINT "FK_d76053d0b29c654113aa7ef38f4" FOREIGN KEY ("idea_id") REFERENCES "table_idea"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea_correction"
            ADD CONSTRAINT "FK_32c9fe60da748b79d4dc6b307f5" FOREIGN KEY ("corrected_by_id") REFERENCES "app_user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "table_idea_correction" DROP CONSTRAINT "FK_32c9fe60da748b79d4dc6b307f5"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea_correction" DROP CONSTRAINT "FK_d76053d0b29c654113aa7ef38f4"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea" DROP CONSTRAINT "FK_1a76a9d1a2ac115e7fc36a18181"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea" DROP CONSTRAINT "FK_1b17ee97eb4a40bf8a38dbbd03d"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea" DROP CONSTRAINT "FK_682277126446817a7e46fcf1aa4"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea" DROP CONSTRAINT "FK_b2962e04ee5ac681ef15b1ebb97"
        `);
    await queryRunner.query(`
            ALTER TABLE "table_idea" DROP CONSTRAINT "FK_b30fc9c2c6e2e4f97f65037d017"
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority" DROP CONSTRAINT "FK_dfe98bacd1833625cf79860f82e"
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority" DROP CONSTRAINT "FK_a20191183d820e186999406f66f"
        `);
    await queryRunner.query(`
            ALTER TABLE "session_priority" DROP CONSTRAINT "FK_a13f1e4e2299b07714a770127ab"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat" DROP CONSTRAINT "FK_b7f32c5134aed7d2cfb94fdf9b1"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat" DROP CONSTRAINT "FK_799ad00a8a2ba3a0c97316a33eb"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat" DROP CONSTRAINT "FK_74a82574b6a22ebd3451af58029"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table_seat" DROP CONSTRAINT "FK_d52de85aeb68cac3944636ee96c"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table" DROP CONSTRAINT "FK_509f943353faaf2e346180d2fc3"
        `);
    await queryRunner.query(`
            ALTER TABLE "round_table" DROP CONSTRAINT "FK_0451ad9732f5a862d6be8ac5b89"
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration" DROP CONSTRAINT "FK_10435d47eca96966e169fbb84f7"
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration" DROP CONSTRAINT "FK_5c20fc663e6f669687e7c71c264"
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration" DROP CONSTRAINT "FK_f769cd2675b1fac497c4b299c24"
        `);
    await queryRunner.query(`
            ALTER TABLE "child_registration" DROP CONSTRAINT "FK_382516437c024cbd2f28f6bc681"
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent" DROP CONSTRAINT "FK_dd22e2454bcac539b2bda6b18ca"
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent" DROP CONSTRAINT "FK_5ffe6b78cf36aa862e62218685d"
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent" DROP CONSTRAINT "FK_14c3d28dc22bba51d6cd0cb196e"
        `);
    await queryRunner.query(`
            ALTER TABLE "guardian_consent" DROP CONSTRAINT "FK_15aaca183f44eefd8d8b97cdf5c"
        `);
    await queryRunner.query(`
            ALTER TABLE "child" DROP CONSTRAINT "FK_a2aac896d946ab517e200636dd5"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP CONSTRAINT "ck_workshop_dots"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP CONSTRAINT "ck_workshop_ages"
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."workshop_kind_old" AS ENUM(
                'DESIGN_CAMP',
                'ROUNDTABLE',
                'INTERVIEW',
                'TOWN_HALL',
                'OTHER'
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop"
            ALTER COLUMN "kind" TYPE "public"."workshop_kind_old" USING "kind"::"text"::"public"."workshop_kind_old"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."workshop_kind"
        `);
    await queryRunner.query(`
            ALTER TYPE "public"."workshop_kind_old"
            RENAME TO "workshop_kind"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP COLUMN "maximum_age"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP COLUMN "minimum_age"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP COLUMN "children_allowed"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP COLUMN "priorities_published_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "workshop" DROP COLUMN "dots_per_participant"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_table_idea_correction_idea"
        `);
    await queryRunner.query(`
            DROP TABLE "table_idea_correction"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_table_idea_workshop"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_table_idea_table"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_table_idea_priority"
        `);
    await queryRunner.query(`
            DROP TABLE "table_idea"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_session_priority_workshop"
        `);
    await queryRunner.query(`
            DROP TABLE "session_priority"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_round_table_seat_table"
        `);
    await queryRunner.query(`
            DROP TABLE "round_table_seat"
        `);
    await queryRunner.query(`
            DROP TABLE "round_table"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_child_registration_queue"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_child_registration_guardian"
        `);
    await queryRunner.query(`
            DROP TABLE "child_registration"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_guardian_consent_guardian"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_guardian_consent_child"
        `);
    await queryRunner.query(`
            DROP TABLE "guardian_consent"
        `);
    await queryRunner.query(`
            DROP TABLE "consent_text"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_child_guardian"
        `);
    await queryRunner.query(`
            DROP TABLE "child"
        `);
  }
}
