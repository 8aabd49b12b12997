import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, votes that decide: districts; a user's birth year and verified residency;
 * participatory budgets with their pots, projects (and each project's record), secret ballots,
 * paper tallies and published results; polls with their questions, options and responses.
 */
export class Budgets1796900000000 implements MigrationInterface {
  name = 'Budgets1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "district" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_aa4f473f6032fff782ade8ccd19" UNIQUE ("slug"),
                CONSTRAINT "PK_ee5cb6fd5223164bb87ea693f1e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."budget_voting_style" AS ENUM('KNAPSACK', 'APPROVAL')
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."budget_selection_rule" AS ENUM('GREEDY', 'EQUAL_SHARES')
        `);
    await queryRunner.query(`
            CREATE TABLE "participatory_budget" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "process_id" uuid NOT NULL,
                "title" text NOT NULL,
                "voting_style" "public"."budget_voting_style" NOT NULL,
                "selection_rule" "public"."budget_selection_rule" NOT NULL,
                "max_choices" integer,
                "minimum_age" smallint NOT NULL DEFAULT '14',
                "requires_verified_residency" boolean NOT NULL DEFAULT true,
                "live_totals" boolean NOT NULL DEFAULT false,
                "review_starts_at" TIMESTAMP(3) WITH TIME ZONE,
                "voting_starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "voting_ends_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "results_published_at" TIMESTAMP(3) WITH TIME ZONE,
                "implementing_at" TIMESTAMP(3) WITH TIME ZONE,
                "created_by_id" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_participatory_budget_implementing" CHECK (
                    implementing_at IS NULL
                    OR results_published_at IS NOT NULL
                ),
                CONSTRAINT "ck_participatory_budget_minimum_age" CHECK (
                    minimum_age BETWEEN 0 AND 120
                ),
                CONSTRAINT "ck_participatory_budget_max_choices" CHECK (
                    (voting_style = 'APPROVAL') = (max_choices IS NOT NULL)
                    AND (
                        max_choices IS NULL
                        OR max_choices >= 1
                    )
                ),
                CONSTRAINT "ck_participatory_budget_review" CHECK (
                    review_starts_at IS NULL
                    OR review_starts_at <= voting_starts_at
                ),
                CONSTRAINT "ck_participatory_budget_voting" CHECK (voting_ends_at > voting_starts_at),
                CONSTRAINT "PK_861569e3f2202a55a84a9040e3b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_participatory_budget_process" ON "participatory_budget" ("process_id", "voting_starts_at", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "budget_pot" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "budget_id" uuid NOT NULL,
                "district_id" uuid,
                "amount" bigint NOT NULL,
                CONSTRAINT "ck_budget_pot_amount" CHECK (amount >= 1),
                CONSTRAINT "PK_c9c32a6a4978bf9ee73cf570f7a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_budget_pot_city" ON "budget_pot" ("budget_id")
            WHERE district_id IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_budget_pot_district" ON "budget_pot" ("budget_id", "district_id")
            WHERE district_id IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."feasibility" AS ENUM('PENDING', 'FEASIBLE', 'NOT_FEASIBLE')
        `);
    await queryRunner.query(`
            CREATE TABLE "budget_project" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "budget_id" uuid NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL,
                "cost" bigint NOT NULL,
                "department_id" uuid,
                "district_id" uuid,
                "proposal_id" uuid,
                "feasibility" "public"."feasibility" NOT NULL DEFAULT 'PENDING',
                "feasibility_reason" text,
                "created_by_id" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_budget_project_reason" CHECK (
                    feasibility <> 'NOT_FEASIBLE'
                    OR feasibility_reason IS NOT NULL
                ),
                CONSTRAINT "ck_budget_project_cost" CHECK (cost >= 1),
                CONSTRAINT "PK_040584adf91405ae1fd5cac06e3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_budget_project_proposal" ON "budget_project" ("budget_id", "proposal_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_budget_project_proposal" ON "budget_project" ("proposal_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_budget_project_budget" ON "budget_project" ("budget_id", "created_at", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."budget_project_change_kind" AS ENUM(
                'CREATED',
                'EDITED',
                'REVIEWED',
                'SELECTED',
                'NOT_SELECTED'
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "budget_project_change" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "seq" BIGSERIAL NOT NULL,
                "project_id" uuid NOT NULL,
                "kind" "public"."budget_project_change_kind" NOT NULL,
                "actor_id" uuid,
                "details" jsonb NOT NULL DEFAULT '{}',
                "reason" text,
                "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_7d93d98e327541b8b8ce8000a3f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_budget_project_change_project" ON "budget_project_change" ("project_id", "seq")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."project_outcome" AS ENUM('SELECTED', 'OVER_BUDGET', 'NOT_ENOUGH_VOTES')
        `);
    await queryRunner.query(`
            CREATE TABLE "budget_project_result" (
                "project_id" uuid NOT NULL,
                "budget_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "online_votes" integer NOT NULL,
                "offline_votes" integer NOT NULL,
                "outcome" "public"."project_outcome" NOT NULL,
                "explanation" jsonb,
                CONSTRAINT "PK_c514936bf7aa9f9608bc4e8df3b" PRIMARY KEY ("project_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_budget_project_result_budget" ON "budget_project_result" ("budget_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "ballot" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "budget_id" uuid NOT NULL,
                "voter_id" uuid NOT NULL,
                "district_id" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_20adac0e902c60e62fcb6f4cf9c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_ballot_voter" ON "ballot" ("budget_id", "voter_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "ballot_choice" (
                "ballot_id" uuid NOT NULL,
                "project_id" uuid NOT NULL,
                CONSTRAINT "PK_15af8c6d5117532d3f9a33c8059" PRIMARY KEY ("ballot_id", "project_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_ballot_choice_project" ON "ballot_choice" ("project_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "offline_tally" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "budget_id" uuid NOT NULL,
                "place" text NOT NULL,
                "place_key" text NOT NULL,
                "paper_ballots" integer NOT NULL,
                "entered_by_id" uuid,
                "entered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "replaced_by_id" uuid,
                CONSTRAINT "ck_offline_tally_ballots" CHECK (paper_ballots >= 0),
                CONSTRAINT "PK_419c65b42141fdff9f737bd2fb0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_offline_tally_current" ON "offline_tally" ("budget_id", "place_key")
            WHERE replaced_by_id IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "offline_tally_vote" (
                "tally_id" uuid NOT NULL,
                "project_id" uuid NOT NULL,
                "votes" integer NOT NULL,
                CONSTRAINT "ck_offline_tally_vote_votes" CHECK (votes >= 0),
                CONSTRAINT "PK_231cdcf7ae21a888b1d9948e8ee" PRIMARY KEY ("tally_id", "project_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_offline_tally_vote_project" ON "offline_tally_vote" ("project_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "poll" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "title" text NOT NULL,
                "process_id" uuid,
                "workshop_id" uuid,
                "department_id" uuid NOT NULL,
                "opens_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "closes_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "live_results" boolean NOT NULL DEFAULT false,
                "minimum_age" smallint,
                "requires_verified_residency" boolean NOT NULL DEFAULT false,
                "response_count" integer NOT NULL DEFAULT '0',
                "created_by_id" uuid,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_poll_minimum_age" CHECK (
                    minimum_age IS NULL
                    OR minimum_age BETWEEN 0 AND 120
                ),
                CONSTRAINT "ck_poll_owner" CHECK (
                    process_id IS NOT NULL
                    OR workshop_id IS NOT NULL
                ),
                CONSTRAINT "ck_poll_dates" CHECK (closes_at > opens_at),
                CONSTRAINT "PK_03b5cf19a7f562b231c3458527e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_poll_workshop" ON "poll" ("workshop_id", "opens_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_poll_process" ON "poll" ("process_id", "opens_at", "id")
        `);
    await queryRunner.query(`
            CREATE TYPE "public"."poll_question_kind" AS ENUM('SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'FREE_TEXT')
        `);
    await queryRunner.query(`
            CREATE TABLE "poll_question" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "poll_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "kind" "public"."poll_question_kind" NOT NULL,
                "prompt" text NOT NULL,
                "max_choices" integer,
                CONSTRAINT "ck_poll_question_max_choices" CHECK (
                    max_choices IS NULL
                    OR max_choices >= 1
                ),
                CONSTRAINT "PK_64ffe03962960bba0ffb011aefe" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_poll_question_position" ON "poll_question" ("poll_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "poll_option" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "question_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "label" text NOT NULL,
                CONSTRAINT "PK_5fdd46d449ddcc8201aed9b5a1b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_poll_option_position" ON "poll_option" ("question_id", "position")
        `);
    await queryRunner.query(`
            CREATE TABLE "poll_response" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "poll_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_8c38ebcebc5ce52ce67906b6a2c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_poll_response_user" ON "poll_response" ("poll_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "poll_answer_choice" (
                "response_id" uuid NOT NULL,
                "option_id" uuid NOT NULL,
                CONSTRAINT "PK_7c840d413e8d442a8cbcd088b15" PRIMARY KEY ("response_id", "option_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_poll_answer_choice_option" ON "poll_answer_choice" ("option_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "poll_answer_text" (
                "response_id" uuid NOT NULL,
                "question_id" uuid NOT NULL,
                "text" text NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6eb2b65495623659c9dd808772a" PRIMARY KEY ("response_id", "question_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_poll_answer_text_question" ON "poll_answer_text" ("question_id", "created_at", "response_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "birth_year" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "birth_year_verified" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "residency_district_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "residency_verified_at" TIMESTAMP(3) WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "residency_verified_by_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "ck_app_user_residency" CHECK (
                    (residency_district_id IS NULL) = (residency_verified_at IS NULL)
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "ck_app_user_birth_year" CHECK (
                    birth_year IS NULL
                    OR birth_year BETWEEN 1900 AND 2200
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "FK_ac7a0f5be8f99f9a73ca3f98688" FOREIGN KEY ("residency_district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "FK_c3d2e809b41f8f999fb2ceb2d12" FOREIGN KEY ("residency_verified_by_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "participatory_budget"
            ADD CONSTRAINT "FK_ee6e57c9c1bd7eac210a57f9867" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "participatory_budget"
            ADD CONSTRAINT "FK_23551dc16d76c0d3fbb4775b9a3" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_pot"
            ADD CONSTRAINT "FK_d1c7bf21ed0d82a5005dd86437b" FOREIGN KEY ("budget_id") REFERENCES "participatory_budget"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_pot"
            ADD CONSTRAINT "FK_bbaeba4b89549dc7dd221ef12cb" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project"
            ADD CONSTRAINT "FK_7d317477eb9d8f5a2c89e70e68c" FOREIGN KEY ("budget_id") REFERENCES "participatory_budget"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project"
            ADD CONSTRAINT "FK_6c92a7f88c0c958e1cfab9271cd" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project"
            ADD CONSTRAINT "FK_6b8671f9e8e82cd8fd44c1fd387" FOREIGN KEY ("district_id") REFERENCES "district"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project"
            ADD CONSTRAINT "FK_eecdb4a2f85feb408d38d7c099a" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project"
            ADD CONSTRAINT "FK_3f42cfe3c21266eee2b5c49293c" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_change"
            ADD CONSTRAINT "FK_88106a8115e8cc9db0fb6f4b48e" FOREIGN KEY ("project_id") REFERENCES "budget_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_change"
            ADD CONSTRAINT "FK_c88d18abb7c18fda71efec491bb" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_result"
            ADD CONSTRAINT "FK_c514936bf7aa9f9608bc4e8df3b" FOREIGN KEY ("project_id") REFERENCES "budget_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_result"
            ADD CONSTRAINT "FK_14591979b9c8bc822e3ee796894" FOREIGN KEY ("budget_id") REFERENCES "participatory_budget"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot"
            ADD CONSTRAINT "FK_2734c7e03eacae239fe641acc47" FOREIGN KEY ("budget_id") REFERENCES "participatory_budget"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot"
            ADD CONSTRAINT "FK_63da78199a25b363c69c5551659" FOREIGN KEY ("voter_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot_choice"
            ADD CONSTRAINT "FK_b79021299a5d9470df1a68bf379" FOREIGN KEY ("ballot_id") REFERENCES "ballot"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot_choice"
            ADD CONSTRAINT "FK_983c6b6e7ae31a12c7fb075c84c" FOREIGN KEY ("project_id") REFERENCES "budget_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally"
            ADD CONSTRAINT "FK_78c7de5b9579de56723d6d53c6b" FOREIGN KEY ("budget_id") REFERENCES "participatory_budget"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally"
            ADD CONSTRAINT "FK_d2395b107ed5e7a54dd9d704bbc" FOREIGN KEY ("entered_by_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally"
            ADD CONSTRAINT "FK_51343251cf0ee9862eea6adf831" FOREIGN KEY ("replaced_by_id") REFERENCES "offline_tally"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally_vote"
            ADD CONSTRAINT "FK_24e77f2a1fd131337d73a7c88a3" FOREIGN KEY ("tally_id") REFERENCES "offline_tally"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally_vote"
            ADD CONSTRAINT "FK_8eeb7eedaee65e08925e8d04339" FOREIGN KEY ("project_id") REFERENCES "budget_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll"
            ADD CONSTRAINT "FK_b51724416c26f42f819d6c96b70" FOREIGN KEY ("process_id") REFERENCES "participatory_process"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll"
            ADD CONSTRAINT "FK_9d76109a91fb3075150e415ac21" FOREIGN KEY ("workshop_id") REFERENCES "workshop"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll"
            ADD CONSTRAINT "FK_a2c99db358783e8fdc9b98d69a8" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll"
            ADD CONSTRAINT "FK_2a01cc6ae2987070ad68f78f456" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_question"
            ADD CONSTRAINT "FK_796c034150dec8464d4e2707f56" FOREIGN KEY ("poll_id") REFERENCES "poll"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_option"
            ADD CONSTRAINT "FK_cc66f45691984f96a1a0e887706" FOREIGN KEY ("question_id") REFERENCES "poll_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_response"
            ADD CONSTRAINT "FK_a7449c96b892312527aa7d6fc39" FOREIGN KEY ("poll_id") REFERENCES "poll"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_response"
            ADD CONSTRAINT "FK_3a75db427bfe800b00bda2c20db" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_choice"
            ADD CONSTRAINT "FK_0cd463ab128e86dda42fb3bb5d3" FOREIGN KEY ("response_id") REFERENCES "poll_response"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_choice"
            ADD CONSTRAINT "FK_eb26eb822321373ced78f227504" FOREIGN KEY ("option_id") REFERENCES "poll_option"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_text"
            ADD CONSTRAINT "FK_c3bd3e292250b87286214d7d473" FOREIGN KEY ("response_id") REFERENCES "poll_response"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_text"
            ADD CONSTRAINT "FK_e6b390faf5b5fdfc5adf5276c90" FOREIGN KEY ("question_id") REFERENCES "poll_question"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "poll_answer_text" DROP CONSTRAINT "FK_e6b390faf5b5fdfc5adf5276c90"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_text" DROP CONSTRAINT "FK_c3bd3e292250b87286214d7d473"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_choice" DROP CONSTRAINT "FK_eb26eb822321373ced78f227504"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_answer_choice" DROP CONSTRAINT "FK_0cd463ab128e86dda42fb3bb5d3"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_response" DROP CONSTRAINT "FK_3a75db427bfe800b00bda2c20db"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_response" DROP CONSTRAINT "FK_a7449c96b892312527aa7d6fc39"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_option" DROP CONSTRAINT "FK_cc66f45691984f96a1a0e887706"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll_question" DROP CONSTRAINT "FK_796c034150dec8464d4e2707f56"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll" DROP CONSTRAINT "FK_2a01cc6ae2987070ad68f78f456"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll" DROP CONSTRAINT "FK_a2c99db358783e8fdc9b98d69a8"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll" DROP CONSTRAINT "FK_9d76109a91fb3075150e415ac21"
        `);
    await queryRunner.query(`
            ALTER TABLE "poll" DROP CONSTRAINT "FK_b51724416c26f42f819d6c96b70"
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally_vote" DROP CONSTRAINT "FK_8eeb7eedaee65e08925e8d04339"
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally_vote" DROP CONSTRAINT "FK_24e77f2a1fd131337d73a7c88a3"
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally" DROP CONSTRAINT "FK_51343251cf0ee9862eea6adf831"
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally" DROP CONSTRAINT "FK_d2395b107ed5e7a54dd9d704bbc"
        `);
    await queryRunner.query(`
            ALTER TABLE "offline_tally" DROP CONSTRAINT "FK_78c7de5b9579de56723d6d53c6b"
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot_choice" DROP CONSTRAINT "FK_983c6b6e7ae31a12c7fb075c84c"
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot_choice" DROP CONSTRAINT "FK_b79021299a5d9470df1a68bf379"
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot" DROP CONSTRAINT "FK_63da78199a25b363c69c5551659"
        `);
    await queryRunner.query(`
            ALTER TABLE "ballot" DROP CONSTRAINT "FK_2734c7e03eacae239fe641acc47"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_result" DROP CONSTRAINT "FK_14591979b9c8bc822e3ee796894"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_result" DROP CONSTRAINT "FK_c514936bf7aa9f9608bc4e8df3b"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_change" DROP CONSTRAINT "FK_c88d18abb7c18fda71efec491bb"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project_change" DROP CONSTRAINT "FK_88106a8115e8cc9db0fb6f4b48e"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project" DROP CONSTRAINT "FK_3f42cfe3c21266eee2b5c49293c"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project" DROP CONSTRAINT "FK_eecdb4a2f85feb408d38d7c099a"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project" DROP CONSTRAINT "FK_6b8671f9e8e82cd8fd44c1fd387"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project" DROP CONSTRAINT "FK_6c92a7f88c0c958e1cfab9271cd"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_project" DROP CONSTRAINT "FK_7d317477eb9d8f5a2c89e70e68c"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_pot" DROP CONSTRAINT "FK_bbaeba4b89549dc7dd221ef12cb"
        `);
    await queryRunner.query(`
            ALTER TABLE "budget_pot" DROP CONSTRAINT "FK_d1c7bf21ed0d82a5005dd86437b"
        `);
    await queryRunner.query(`
            ALTER TABLE "participatory_budget" DROP CONSTRAINT "FK_23551dc16d76c0d3fbb4775b9a3"
        `);
    await queryRunner.query(`
            ALTER TABLE "participatory_budget" DROP CONSTRAINT "FK_ee6e57c9c1bd7eac210a57f9867"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "FK_c3d2e809b41f8f999fb2ceb2d12"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "FK_ac7a0f5be8f99f9a73ca3f98688"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "ck_app_user_birth_year"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "ck_app_user_residency"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "residency_verified_by_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "residency_verified_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "residency_district_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "birth_year_verified"
        `);
    await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "birth_year"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_poll_answer_text_question"
        `);
    await queryRunner.query(`
            DROP TABLE "poll_answer_text"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_poll_answer_choice_option"
        `);
    await queryRunner.query(`
            DROP TABLE "poll_answer_choice"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_poll_response_user"
        `);
    await queryRunner.query(`
            DROP TABLE "poll_response"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_poll_option_position"
        `);
    await queryRunner.query(`
            DROP TABLE "poll_option"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_poll_question_position"
        `);
    await queryRunner.query(`
            DROP TABLE "poll_question"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."poll_question_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_poll_process"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_poll_workshop"
        `);
    await queryRunner.query(`
            DROP TABLE "poll"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_offline_tally_vote_project"
        `);
    await queryRunner.query(`
            DROP TABLE "offline_tally_vote"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_offline_tally_current"
        `);
    await queryRunner.query(`
            DROP TABLE "offline_tally"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_ballot_choice_project"
        `);
    await queryRunner.query(`
            DROP TABLE "ballot_choice"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_ballot_voter"
        `);
    await queryRunner.query(`
            DROP TABLE "ballot"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_budget_project_result_budget"
        `);
    await queryRunner.query(`
            DROP TABLE "budget_project_result"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."project_outcome"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_budget_project_change_project"
        `);
    await queryRunner.query(`
            DROP TABLE "budget_project_change"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."budget_project_change_kind"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_budget_project_budget"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_budget_project_proposal"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_budget_project_proposal"
        `);
    await queryRunner.query(`
            DROP TABLE "budget_project"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."feasibility"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_budget_pot_district"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_budget_pot_city"
        `);
    await queryRunner.query(`
            DROP TABLE "budget_pot"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_participatory_budget_process"
        `);
    await queryRunner.query(`
            DROP TABLE "participatory_budget"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."budget_selection_rule"
        `);
    await queryRunner.query(`
            DROP TYPE "public"."budget_voting_style"
        `);
    await queryRunner.query(`
            DROP TABLE "district"
        `);
  }
}
