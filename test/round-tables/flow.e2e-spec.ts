import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { decodeGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { UserEntity } from '../../src/identity/user.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const CREATE = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`;
const REGISTER = `mutation($id: ID!) { registerForWorkshop(workshopId: $id) { status } }`;
const SET_TABLES = `mutation($input: SetRoundTablesInput!) { setRoundTables(input: $input) {
  id dotsPerParticipant tables(first: 100) { id number topic facilitator { id } } } }`;
const ASSIGN = `mutation($input: AssignSeatsInput!) { assignSeats(input: $input) {
  tables(first: 100) { number participants(first: 100) { id } } } }`;
const RECORD_IDEA = `mutation($input: RecordIdeaInput!) { recordIdea(input: $input) {
  id text category dots table { number } provenance { enteredBy { id } } mergedInto { id } } }`;
const RECORD_DOTS = `mutation($input: RecordDotsInput!) { recordDots(input: $input) { id dots } }`;
const MERGE = `mutation($input: MergeIdeasInput!) { mergeIdeas(input: $input) {
  id title dots rank tied mergedBy { id } ideas { id table { number } } } }`;
const PUBLISH = `mutation($id: ID!) { publishPriorities(workshopId: $id) { prioritiesPublishedAt } }`;
const TO_PROPOSAL = `mutation($input: PriorityToProposalInput!) { priorityToProposal(input: $input) {
  id title status responseDueAt department { slug }
  workshops { id }
  sessionPriority { id dots proposalDots }
  timeline { nodes { kind reason } } } }`;
const PRIORITIES = `query($id: ID!) { workshop(id: $id) { prioritiesPublishedAt priorities(first: 30) {
  id title dots rank tied mergedBy { id } ideas(first: 5) { id text dots table { number } mergedInto { id } }
  proposal { id } } } }`;

/** Ideas per table: [text, dots]; every table has 10 people and 3 dots each, so 30 dots. */
function ideasOf(table: number): [string, number][] {
  return [
    // Three tables write the same idea down: merged, it is the session's first priority.
    [table <= 3 ? '쉼터와 벤치를 늘려 주세요' : `테이블 ${table}의 첫 아이디어`, 12],
    // Tables 4 and 5 give their second idea the same dots as each other: a tie.
    [`테이블 ${table}의 둘째 아이디어`, table === 4 || table === 5 ? 11 : 10 - (table % 4)],
    [`테이블 ${table}의 셋째 아이디어`, 3],
  ];
}

describe('round tables: the 100-person round table, end to end', () => {
  let t: TestApp;
  let organizer: TestUser;
  let admin: TestUser;
  let facilitators: TestUser[];
  let people: TestUser[];
  let parksId: string;
  let roadsId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    const roads = await createDepartment(t.db, { slug: 'roads' });
    const welfare = await createDepartment(t.db, { slug: 'welfare' });
    parksId = parks.id;
    roadsId = roads.id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    // Officials of three departments and citizens of four districts: what seating spreads.
    const districts = await Promise.all([0, 1, 2, 3].map(() => createDistrict(t.db)));
    people = [];
    for (let i = 0; i < 100; i += 1) {
      const staff = i % 5 === 0;
      const person = await createUser(
        t.db,
        t.jwt,
        staff
          ? { role: Role.STAFF, departmentId: [parks, roads, welfare][i % 3]!.id }
          : { role: Role.CITIZEN },
      );
      if (!staff) {
        await t.db
          .getRepository(UserEntity)
          .update(
            { id: person.user.id },
            { residencyDistrictId: districts[i % 4]!.id, residencyVerifiedAt: new Date() },
          );
      }
      people.push(person);
    }
    // Five staff facilitators (not registered) and five registered citizens.
    facilitators = [
      ...(await Promise.all(
        [0, 1, 2, 3, 4].map(() =>
          createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: welfare.id }),
        ),
      )),
      ...people.filter((p) => p.user.role === Role.CITIZEN).slice(0, 5),
    ];
  });
  afterAll(() => t.close());

  it('seats 100 people at 10 tables, records ideas and dots, merges, ranks with a tie, publishes and makes proposals', async () => {
    const created = await t.gql(
      CREATE,
      {
        input: {
          title: '운봉읍 100인 원탁회의',
          description: '읍의 다음 5년을 함께 정합니다',
          kind: 'ROUND_TABLE',
          startsAt: new Date(Date.now() + 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 90_000_000).toISOString(),
          capacity: 100,
        },
      },
      organizer.token,
    );
    expect(created.errors).toBeUndefined();
    const workshopId: string = created.data.createWorkshop.id;
    for (const person of people) {
      const registered = await t.gql(REGISTER, { id: workshopId }, person.token);
      expect(registered.data.registerForWorkshop.status).toBe('CONFIRMED');
    }

    const set = await t.gql(
      SET_TABLES,
      {
        input: {
          workshopId,
          dotsPerParticipant: 3,
          tables: facilitators.map((f, i) => ({
            number: i + 1,
            topic: `주제 ${i + 1}`,
            facilitatorId: toGlobalId('User', f.user.id),
          })),
        },
      },
      organizer.token,
    );
    expect(set.errors).toBeUndefined();
    expect(set.data.setRoundTables.dotsPerParticipant).toBe(3);
    expect(set.data.setRoundTables.tables.map((table: any) => table.number)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);

    // Balanced automatically: 10 at each table, and each department's and district's people
    // spread within one per table.
    const seated = await t.gql(ASSIGN, { input: { workshopId } }, organizer.token);
    expect(seated.errors).toBeUndefined();
    const tables = seated.data.assignSeats.tables as { number: number; participants: any[] }[];
    expect(tables.map((table) => table.participants.length)).toEqual(Array(10).fill(10));
    const groupOf = new Map(
      people.map((p) => [
        toGlobalId('User', p.user.id),
        p.user.departmentId ?? `district:${p.user.id}`,
      ]),
    );
    const districtRows = (await t.db.query(
      `SELECT id, coalesce(department_id, residency_district_id) AS stratum FROM app_user WHERE id = ANY($1)`,
      [people.map((p) => p.user.id)],
    )) as { id: string; stratum: string }[];
    for (const row of districtRows) groupOf.set(toGlobalId('User', row.id), row.stratum);
    const strata = new Set(groupOf.values());
    expect(strata.size).toBe(7);
    for (const stratum of strata) {
      const perTable = tables.map(
        (table) => table.participants.filter((p) => groupOf.get(p.id) === stratum).length,
      );
      expect(Math.max(...perTable) - Math.min(...perTable)).toBeLessThanOrEqual(1);
    }
    const everyone = tables.flatMap((table) => table.participants.map((p) => p.id));
    expect(new Set(everyone).size).toBe(100);

    // Each facilitator records their table's ideas, then the dots.
    const ideaIds: string[][] = [];
    for (const [index, facilitator] of facilitators.entries()) {
      const number = index + 1;
      const ids: string[] = [];
      for (const [text, dots] of ideasOf(number)) {
        const idea = await t.gql(
          RECORD_IDEA,
          { input: { workshopId, tableNumber: number, text, category: '생활환경' } },
          facilitator.token,
        );
        expect(idea.errors).toBeUndefined();
        expect(idea.data.recordIdea).toMatchObject({
          text,
          category: '생활환경',
          dots: 0,
          table: { number },
          provenance: { enteredBy: { id: toGlobalId('User', facilitator.user.id) } },
          mergedInto: null,
        });
        const entered = await t.gql(
          RECORD_DOTS,
          { input: { ideaId: idea.data.recordIdea.id, dots } },
          facilitator.token,
        );
        expect(entered.errors).toBeUndefined();
        expect(entered.data.recordDots.dots).toBe(dots);
        ids.push(idea.data.recordIdea.id);
      }
      ideaIds.push(ids);
    }

    // The organizer merges the duplicates of tables 1-3.
    const merged = await t.gql(
      MERGE,
      {
        input: {
          workshopId,
          title: '쉼터와 벤치',
          ideaIds: [ideaIds[0]![0], ideaIds[1]![0], ideaIds[2]![0]],
        },
      },
      organizer.token,
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeIdeas).toMatchObject({
      title: '쉼터와 벤치',
      dots: 36,
      rank: 1,
      tied: false,
      mergedBy: { id: toGlobalId('User', organizer.user.id) },
    });
    expect(merged.data.mergeIdeas.ideas.map((i: any) => i.table.number)).toEqual([1, 2, 3]);

    // Before publication: the room sees the priorities, anonymous and citizens get [].
    const citizen = people.find((p) => p.user.role === Role.CITIZEN && !facilitators.includes(p))!;
    for (const token of [null, citizen.token]) {
      const hidden = await t.gql(PRIORITIES, { id: workshopId }, token);
      expect(hidden.errors).toBeUndefined();
      expect(hidden.data.workshop.priorities).toEqual([]);
    }
    const early = await t.gql(PUBLISH, { id: workshopId }, organizer.token);
    expect(codeOf(early)).toBe('CONFLICT');

    await t.db.query(
      `UPDATE workshop SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
      [(await t.db.query('SELECT id FROM workshop'))[0].id],
    );
    const published = await t.gql(PUBLISH, { id: workshopId }, organizer.token);
    expect(published.errors).toBeUndefined();
    expect(published.data.publishPriorities.prioritiesPublishedAt).not.toBeNull();

    // Everyone sees the ranking: 28 priorities (30 ideas, 3 merged into 1), ties shown as ties.
    const seen = await t.gql(PRIORITIES, { id: workshopId }, null);
    expect(seen.errors).toBeUndefined();
    const priorities = seen.data.workshop.priorities as any[];
    expect(priorities).toHaveLength(28);
    expect(priorities[0]).toMatchObject({ title: '쉼터와 벤치', dots: 36, rank: 1, tied: false });
    expect(priorities[0].ideas.every((i: any) => i.mergedInto?.id === priorities[0].id)).toBe(true);
    // Seven first ideas of tables 4-10 with 12 dots each: rank 2, tied; then the two 11s.
    expect(priorities.slice(1, 8).map((p) => [p.dots, p.rank, p.tied])).toEqual(
      Array(7).fill([12, 2, true]),
    );
    expect(priorities.slice(8, 10).map((p) => [p.title, p.dots, p.rank, p.tied])).toEqual([
      ['테이블 4의 둘째 아이디어', 11, 9, true],
      ['테이블 5의 둘째 아이디어', 11, 9, true],
    ]);
    expect(priorities[10]).toMatchObject({ title: '테이블 8의 둘째 아이디어', dots: 10, rank: 11 });
    // Competition ranking throughout: a rank is one more than the priorities above it.
    for (const p of priorities) {
      expect(p.rank).toBe(priorities.findIndex((q) => q.dots === p.dots) + 1);
      expect(p.tied).toBe(priorities.filter((q) => q.dots === p.dots).length > 1);
    }
    expect(priorities.every((p) => p.ideas.length >= 1 && p.proposal === null)).toBe(true);
    const unmerged = priorities[1];
    expect(unmerged.mergedBy).toBeNull();
    expect(unmerged.ideas[0].mergedInto).toBeNull();

    // Two priorities become proposals: the organizer's own department, and an admin's choice.
    const body = '원탁회의에서 가장 많은 표를 받은 우선순위입니다. 실행 계획을 세워 주세요.';
    const first = await t.gql(
      TO_PROPOSAL,
      {
        input: {
          priorityId: priorities[0].id,
          departmentId: toGlobalId('Department', parksId),
          body,
        },
      },
      organizer.token,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.priorityToProposal).toMatchObject({
      title: '쉼터와 벤치',
      status: 'UNDER_REVIEW',
      department: { slug: 'parks' },
      workshops: [{ id: workshopId }],
      sessionPriority: { id: priorities[0].id, dots: 36, proposalDots: 36 },
    });
    expect(first.data.priorityToProposal.responseDueAt).not.toBeNull();
    expect(first.data.priorityToProposal.timeline.nodes.map((e: any) => e.kind)).toEqual([
      'SUBMITTED',
      'ASSIGNED',
      'WORKSHOP_LINKED',
    ]);
    const second = await t.gql(
      TO_PROPOSAL,
      {
        input: {
          priorityId: priorities[8].id,
          departmentId: toGlobalId('Department', roadsId),
          body,
        },
      },
      admin.token,
    );
    expect(second.errors).toBeUndefined();
    expect(second.data.priorityToProposal).toMatchObject({
      title: '테이블 4의 둘째 아이디어',
      department: { slug: 'roads' },
      sessionPriority: { dots: 11, proposalDots: 11 },
    });

    // The department hears of it, and the priorities point at their proposals.
    const notified = (await t.db.query(
      `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.recipient_id
        WHERE u.department_id = $1 AND n.subject_type = 'Proposal' AND n.subject_id = $2`,
      [roadsId, decodeGlobalId(second.data.priorityToProposal.id, 'Proposal')],
    )) as [{ n: number }];
    expect(notified[0].n).toBeGreaterThan(0);
    const after = await t.gql(PRIORITIES, { id: workshopId }, null);
    const byId = new Map((after.data.workshop.priorities as any[]).map((p) => [p.id, p]));
    expect(byId.get(priorities[0].id).proposal).toEqual({ id: first.data.priorityToProposal.id });
    expect(byId.get(priorities[8].id).proposal).toEqual({ id: second.data.priorityToProposal.id });

    const twice = await t.gql(
      TO_PROPOSAL,
      {
        input: {
          priorityId: priorities[0].id,
          departmentId: toGlobalId('Department', parksId),
          body,
        },
      },
      organizer.token,
    );
    expect(codeOf(twice)).toBe('CONFLICT');
    const count = (await t.db.query(`SELECT count(*)::int AS n FROM proposal`)) as [{ n: number }];
    expect(count[0].n).toBe(2);
  });
});
