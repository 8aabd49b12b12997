import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { cityYear } from '../budgets/eligibility.js';
import { Role } from '../core/access/role.js';
import { Environment } from '../core/config/environment.js';
import type { Viewer } from '../core/auth/viewer.js';
import { RequestLoaders } from '../core/loaders/request-loaders.js';
import { GuardiansService } from '../guardians/guardians.service.js';
import { PriorityToProposalService } from '../round-tables/priority-to-proposal.js';
import { RoundTablesService } from '../round-tables/round-tables.service.js';
import { RegistrationsService } from '../workshops/registrations.service.js';
import { onTheHourInDemoCity } from './demo-city.js';
import {
  DEMO_CAMP_CHILDREN,
  DEMO_DOTS_PER_PARTICIPANT,
  DEMO_MERGES,
  DEMO_OFFICIALS,
  DEMO_PRIORITY_PROPOSALS,
  DEMO_TABLES,
} from './demo-room-data.js';

/** What seeding the rooms needs from the seeder. */
export interface DemoRoomsContext {
  db: DataSource;
  resolve: <T>(type: Type<T>) => T;
  accounts: Map<string, Viewer>;
  departmentIds: Map<string, string>;
  roundTableTitle: string;
  campTitle: string;
  now: Date;
}

/**
 * The demo's rooms (issue 19), through the same services the API uses: the officials' round
 * table as it was entered on the day (registrations, tables, balanced seats, ideas and dots
 * typed by each table's facilitator, duplicates merged, priorities published, two carried on
 * as proposals), and the design camp's children registered by their guardians, one consent
 * withdrawn.
 */
export async function seedDemoRooms(ctx: DemoRoomsContext): Promise<void> {
  await seedRoundTable(ctx);
  await seedCampChildren(ctx);
}

/** The seed acts in one device session, as a facilitator's tablet would (provenance). */
function inSession(viewer: Viewer, sessionId: string): Viewer {
  return { ...viewer, sessionId };
}

async function seedRoundTable(ctx: DemoRoomsContext): Promise<void> {
  const { db, resolve, accounts, now } = ctx;
  const roundTables = resolve(RoundTablesService);
  const [{ id: workshopId, starts_at: startsAt, ends_at: endsAt }] = (await db.query(
    'SELECT id, starts_at, ends_at FROM workshop WHERE title = $1',
    [ctx.roundTableTitle],
  )) as [{ id: string; starts_at: Date; ends_at: Date }];
  const organizer = inSession(accounts.get('planning@demo.wontak.kr')!, randomUUID());
  const admin = inSession(accounts.get('admin@demo.wontak.kr')!, randomUUID());

  // The officials registered before the day: registration is open until the start, so the
  // session is put back in the future while they register, then returned to its date.
  const officials = await insertOfficials(ctx);
  await db.query(`UPDATE workshop SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
    workshopId,
    new Date(now.getTime() + 86_400_000),
    new Date(now.getTime() + 2 * 86_400_000),
  ]);
  const registrations = resolve(RegistrationsService);
  const loaders = new RequestLoaders();
  for (const official of officials) await registrations.register(loaders, official, workshopId);

  const tables = (facilitators: (string | null)[]) => ({
    workshopId,
    dotsPerParticipant: DEMO_DOTS_PER_PARTICIPANT,
    tables: DEMO_TABLES.map((table, i) => ({
      number: i + 1,
      topic: table.topic,
      facilitatorId: facilitators[i],
    })),
  });
  await roundTables.setTables(organizer, tables(DEMO_TABLES.map(() => null)));
  await roundTables.assignSeats(organizer, { workshopId });
  // Each table's facilitator: the first official seated at it.
  const seated = (await db.query(
    `SELECT DISTINCT ON (t.number) t.number, s.user_id FROM round_table_seat s
       JOIN round_table t ON t.id = s.table_id JOIN app_user u ON u.id = s.user_id
      WHERE s.workshop_id = $1 ORDER BY t.number, u.email`,
    [workshopId],
  )) as { number: number; user_id: string }[];
  const facilitatorIds = seated.map((row) => row.user_id);
  await roundTables.setTables(organizer, tables(facilitatorIds));
  await db.query(`UPDATE workshop SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
    workshopId,
    startsAt,
    endsAt,
  ]);

  // On the day: each facilitator types their table's ideas, then its dots.
  const ideaIds: string[][] = [];
  for (const [i, table] of DEMO_TABLES.entries()) {
    const facilitator = inSession(
      officials.find((official) => official.id === facilitatorIds[i])!,
      randomUUID(),
    );
    const ids: string[] = [];
    for (const [text, category, dots] of table.ideas) {
      const idea = await roundTables.recordIdea(facilitator, {
        workshopId,
        tableNumber: i + 1,
        text,
        category,
      });
      const miscounted = i === 0 && ids.length === 0;
      await roundTables.recordDots(facilitator, {
        ideaId: idea.id,
        dots: miscounted ? dots - 2 : dots,
      });
      ids.push(idea.id);
    }
    ideaIds.push(ids);
  }
  // The first table miscounted its first idea by two and corrected it: the miscount stays on
  // the record, as a correction.
  const [first] = DEMO_TABLES[0].ideas;
  const firstFacilitator = inSession(
    officials.find((official) => official.id === facilitatorIds[0])!,
    randomUUID(),
  );
  await roundTables.recordDots(firstFacilitator, { ideaId: ideaIds[0][0], dots: first[2] });

  for (const merge of DEMO_MERGES) {
    await roundTables.merge(organizer, {
      workshopId,
      title: merge.title,
      ideaIds: merge.ideas.map(([table, index]) => ideaIds[table - 1][index]),
    });
  }
  await roundTables.publish(organizer, workshopId);

  // The entries are dated to the day, as they were made (an hour into the session, then on).
  const day = startsAt.getTime();
  await db.query(
    `UPDATE table_idea SET created_at = $2::timestamptz + (created_at - $3::timestamptz),
                           dots_entered_at = $2::timestamptz + (dots_entered_at - $3::timestamptz)
      WHERE workshop_id = $1`,
    [workshopId, new Date(day + 3_600_000), now],
  );
  await db.query(
    `UPDATE table_idea_correction SET corrected_at = $2::timestamptz + (corrected_at - $3::timestamptz),
                                      previous_at = $2::timestamptz + (previous_at - $3::timestamptz)
      WHERE idea_id IN (SELECT id FROM table_idea WHERE workshop_id = $1)`,
    [workshopId, new Date(day + 3_600_000), now],
  );
  await db.query(
    `UPDATE session_priority SET merged_at = $2 WHERE workshop_id = $1 AND merged_at IS NOT NULL`,
    [workshopId, endsAt],
  );
  await db.query(`UPDATE workshop SET priorities_published_at = $2 WHERE id = $1`, [
    workshopId,
    new Date(endsAt.getTime() + 86_400_000),
  ]);

  // Carried on as proposals by an admin two days before the seed, each to the department that
  // answers it: dated so, with what it wrote and notified (its deadline runs from then).
  const convert = resolve(PriorityToProposalService);
  const at = onTheHourInDemoCity(now, -2, 10);
  const dueAt = new Date(at.getTime() + resolve(Environment).RESPONSE_DUE_DAYS * 86_400_000);
  for (const demo of DEMO_PRIORITY_PROPOSALS) {
    const [{ id: priorityId }] = (await db.query(
      'SELECT id FROM session_priority WHERE workshop_id = $1 AND title = $2',
      [workshopId, demo.title],
    )) as [{ id: string }];
    const [{ now: since }] = (await db.query('SELECT clock_timestamp() AS now')) as [{ now: Date }];
    const proposal = await convert.convert(admin, {
      priorityId,
      departmentId: ctx.departmentIds.get(demo.department)!,
      body: demo.body,
    });
    // What the conversion wrote moves back to `at`: the routing exactly (its notifications
    // with it), the proposal's other events by the same interval, so their order stays.
    const [{ routed }] = (await db.query(
      `SELECT max(at) AS routed FROM proposal_event WHERE proposal_id = $1 AND kind = 'ASSIGNED'`,
      [proposal.id],
    )) as [{ routed: Date }];
    await db.query(
      'UPDATE proposal_event SET at = $2::timestamptz + (at - $3::timestamptz) WHERE proposal_id = $1',
      [proposal.id, at, routed],
    );
    await db.query(
      `UPDATE proposal SET created_at = e.first, updated_at = e.first
         FROM (SELECT min(at) AS first FROM proposal_event WHERE proposal_id = $1) e WHERE id = $1`,
      [proposal.id],
    );
    await db.query('UPDATE department_transfer SET created_at = $2 WHERE proposal_id = $1', [
      proposal.id,
      at,
    ]);
    await db.query(
      `UPDATE notification SET created_at = $2
        WHERE subject_type = 'Proposal' AND subject_id = $1 AND created_at >= $3`,
      [proposal.id, at, since],
    );
    await db.query('UPDATE proposal SET response_due_at = $2 WHERE id = $1', [proposal.id, dueAt]);
    await db.query('UPDATE department_transfer SET response_due_at = $2 WHERE proposal_id = $1', [
      proposal.id,
      dueAt,
    ]);
  }
}

/** The hundred officials: staff of the demo departments, in turn; they cannot log in. */
async function insertOfficials(ctx: DemoRoomsContext): Promise<Viewer[]> {
  const numbers = Array.from({ length: DEMO_OFFICIALS.count }, (_, i) => i + 1);
  const departmentOf = (n: number) =>
    ctx.departmentIds.get(DEMO_OFFICIALS.departments[(n - 1) % DEMO_OFFICIALS.departments.length])!;
  const rows = (await ctx.db.query(
    `INSERT INTO app_user (email, password_hash, display_name, role, department_id, created_at,
                           email_verified_at)
     SELECT o.email, $4, o.display_name, 'STAFF', o.department_id, $5, $5
       FROM unnest($1::text[], $2::text[], $3::uuid[]) WITH ORDINALITY AS o(email, display_name, department_id, n)
      ORDER BY o.n
     RETURNING id, email, department_id`,
    [
      numbers.map((n) => DEMO_OFFICIALS.email(n)),
      numbers.map((n) => DEMO_OFFICIALS.displayName(n)),
      numbers.map(departmentOf),
      DEMO_OFFICIALS.passwordHash,
      onTheHourInDemoCity(ctx.now, -100, 9),
    ],
  )) as { id: string; email: string; department_id: string }[];
  return rows
    .sort((a, b) => a.email.localeCompare(b.email))
    .map((row) => ({
      id: row.id,
      role: Role.STAFF,
      departmentId: row.department_id,
      suspendedUntil: null,
      locale: null,
      sessionId: randomUUID(),
    }));
}

/** Guardians register their children for the design camp; one withdraws consent. */
async function seedCampChildren(ctx: DemoRoomsContext): Promise<void> {
  const { db, resolve, accounts, now } = ctx;
  const guardians = resolve(GuardiansService);
  const year = cityYear(now);
  const [{ id: workshopId }] = (await db.query('SELECT id FROM workshop WHERE title = $1', [
    ctx.campTitle,
  ])) as [{ id: string }];
  const { version } = await guardians.currentConsentText();
  const register = async (demo: {
    guardian: string;
    firstName: string;
    age: number;
    contact?: string | null;
  }) => {
    const guardian = inSession(accounts.get(demo.guardian)!, randomUUID());
    const child = await guardians.addChild(
      guardian,
      { firstName: demo.firstName, birthYear: year - demo.age },
      now,
    );
    await guardians.registerChild(
      guardian,
      {
        workshopId,
        childId: child.id,
        relationship: DEMO_CAMP_CHILDREN.relationship,
        consentTextVersion: version,
        guardianContact: demo.contact ?? null,
      },
      now,
    );
    return { guardian, child };
  };
  for (const demo of DEMO_CAMP_CHILDREN.children) await register(demo);
  const withdrawn = await register(DEMO_CAMP_CHILDREN.withdrawn);
  await guardians.withdrawConsent(withdrawn.guardian, withdrawn.child.id, now);
}
