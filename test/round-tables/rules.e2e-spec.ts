import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  confirmRegistrants,
  createRoundTableWorkshop,
  insertIdeas,
  insertTables,
} from '../../src/round-tables/testing/round-tables.factory.js';
import type { WorkshopEntity } from '../../src/workshops/workshop.entity.js';
import { WorkshopKind } from '../../src/workshops/workshop-status.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const SET_TABLES = `mutation($input: SetRoundTablesInput!) { setRoundTables(input: $input) { id } }`;
const ASSIGN = `mutation($input: AssignSeatsInput!) { assignSeats(input: $input) { id } }`;
const RECORD_IDEA = `mutation($input: RecordIdeaInput!) { recordIdea(input: $input) { id } }`;
const RECORD_DOTS = `mutation($input: RecordDotsInput!) { recordDots(input: $input) { id dots } }`;
const MERGE = `mutation($input: MergeIdeasInput!) { mergeIdeas(input: $input) { id dots } }`;
const PUBLISH = `mutation($id: ID!) { publishPriorities(workshopId: $id) { prioritiesPublishedAt } }`;
const TO_PROPOSAL = `mutation($input: PriorityToProposalInput!) { priorityToProposal(input: $input) { id } }`;
const ROOM = `query($id: ID!) { workshop(id: $id) {
  priorities(first: 50) { id dots }
  tables { number participants(first: 50) { id } ideas(first: 50) { id } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

const BODY = '원탁회의의 우선순위를 제안으로 올립니다. 검토를 부탁드립니다.';
const gid = (type: string, id: string) => toGlobalId(type, id);

describe('round tables: every rule from its forbidden side, hostile inputs', () => {
  let t: TestApp;
  let organizer: TestUser;
  let otherStaff: TestUser;
  let admin: TestUser;
  /** A registered citizen facilitating table 1. */
  let citizenFacilitator: TestUser;
  /** A staff member (of another department) facilitating table 2. */
  let staffFacilitator: TestUser;
  /** Registered, seated at table 1. */
  let seated: TestUser;
  /** Registered, seated at table 2. */
  let seatedElsewhere: TestUser;
  /** Not registered at all. */
  let outsider: TestUser;
  let workshop: WorkshopEntity;
  let workshopId: string;
  let parksId: string;
  let roadsId: string;
  let ideaAtOne: string;
  let secondIdeaAtOne: string;
  let ideaAtTwo: string;

  /** Everything a refused request must leave as it was. */
  async function room(): Promise<unknown> {
    const [state] = (await t.db.query(
      `SELECT
         (SELECT json_agg(json_build_object('n', number, 't', topic, 'f', facilitator_id, 's', size) ORDER BY number)
            FROM round_table WHERE workshop_id = w.id) AS tables,
         (SELECT json_agg(json_build_object('u', user_id, 't', table_id) ORDER BY user_id)
            FROM round_table_seat WHERE workshop_id = w.id) AS seats,
         (SELECT json_agg(json_build_object('id', id, 'd', dots, 'p', priority_id, 'by', dots_entered_by_id) ORDER BY id)
            FROM table_idea WHERE workshop_id = w.id) AS ideas,
         (SELECT json_agg(json_build_object('id', id, 't', title, 'p', proposal_id) ORDER BY id)
            FROM session_priority WHERE workshop_id = w.id) AS priorities,
         (SELECT count(*)::int FROM table_idea_correction) AS corrections,
         (SELECT count(*)::int FROM proposal) AS proposals,
         w.dots_per_participant, w.priorities_published_at
       FROM workshop w WHERE w.id = $1`,
      [workshop.id],
    )) as unknown[];
    return state;
  }

  async function expectRefused(
    query: string,
    variables: Record<string, unknown>,
    token: string | null,
    code: string,
    fields?: string[],
  ): Promise<void> {
    const before = await room();
    const res = await t.gql(query, variables, token);
    expect({ code: codeOf(res), data: res.data ?? null }).toMatchObject({ code });
    if (fields) expect({ fields: badFields(res), errors: res.errors }).toMatchObject({ fields });
    expect(await room()).toEqual(before);
  }

  const tableInput = (number: number, facilitator?: TestUser) => ({
    number,
    topic: `주제 ${number}`,
    facilitatorId: facilitator ? gid('User', facilitator.user.id) : null,
  });

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    const roads = await createDepartment(t.db, { slug: 'roads' });
    parksId = parks.id;
    roadsId = roads.id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    otherStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roads.id });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    citizenFacilitator = await createUser(t.db, t.jwt);
    staffFacilitator = await createUser(t.db, t.jwt, {
      role: Role.STAFF,
      departmentId: roads.id,
    });
    seated = await createUser(t.db, t.jwt);
    seatedElsewhere = await createUser(t.db, t.jwt);
    outsider = await createUser(t.db, t.jwt);
    workshop = await createRoundTableWorkshop(t.db, { organizerId: parks.id });
    workshopId = gid('Workshop', workshop.id);
    await confirmRegistrants(t.db, workshop.id, [
      citizenFacilitator.user.id,
      seated.user.id,
      seatedElsewhere.user.id,
    ]);
  });
  afterAll(() => t.close());

  it('setRoundTables: organizers only, at their exact edge', async () => {
    const input = {
      workshopId,
      tables: [tableInput(1, citizenFacilitator)],
      dotsPerParticipant: 5,
    };
    await expectRefused(SET_TABLES, { input }, null, 'UNAUTHENTICATED');
    await expectRefused(SET_TABLES, { input }, citizenFacilitator.token, 'FORBIDDEN');
    await expectRefused(SET_TABLES, { input }, otherStaff.token, 'FORBIDDEN');
    await expectRefused(SET_TABLES, { input }, staffFacilitator.token, 'FORBIDDEN');

    const set = await t.gql(
      SET_TABLES,
      {
        input: {
          workshopId,
          tables: [tableInput(1, citizenFacilitator), tableInput(2, staffFacilitator)],
          dotsPerParticipant: 5,
        },
      },
      organizer.token,
    );
    expect(set.errors).toBeUndefined();
    // An admin may too.
    const byAdmin = await t.gql(
      SET_TABLES,
      {
        input: {
          workshopId,
          tables: [
            tableInput(1, citizenFacilitator),
            tableInput(2, staffFacilitator),
            tableInput(3),
          ],
        },
      },
      admin.token,
    );
    expect(byAdmin.errors).toBeUndefined();
    const [{ dots }] = (await t.db.query(
      'SELECT dots_per_participant AS dots FROM workshop WHERE id = $1',
      [workshop.id],
    )) as [{ dots: number }];
    expect(dots).toBe(5);
  });

  it('setRoundTables: hostile inputs change nothing', async () => {
    const base = [
      tableInput(1, citizenFacilitator),
      tableInput(2, staffFacilitator),
      tableInput(3),
    ];
    const refuse = (tables: unknown[], fields: string[], extra: Record<string, unknown> = {}) =>
      expectRefused(
        SET_TABLES,
        { input: { workshopId, tables, ...extra } },
        organizer.token,
        'BAD_USER_INPUT',
        fields,
      );
    const many = Array.from({ length: 101 }, (_, i) => tableInput(i + 1));
    await refuse(many, ['tables']);
    await refuse([...base, tableInput(2)], ['tables.3.number']);
    await refuse([{ ...tableInput(1), topic: '' }], ['tables.0.topic']);
    await refuse([{ ...tableInput(1), topic: '가'.repeat(201) }], ['tables.0.topic']);
    await refuse([{ ...tableInput(1), topic: 'a\u0000b' }], ['tables.0.topic']);
    await refuse([tableInput(0)], ['tables.0.number']);
    await refuse([tableInput(1001)], ['tables.0.number']);
    await refuse([{ ...tableInput(1), size: 0 }], ['tables.0.size']);
    await refuse(base, ['dotsPerParticipant'], { dotsPerParticipant: 0 });
    await refuse(base, ['dotsPerParticipant'], { dotsPerParticipant: 101 });
    // A citizen without a confirmed place may not facilitate; nor may an id of another type.
    await refuse([tableInput(1, outsider)], ['tables.0.facilitatorId']);
    await refuse(
      [{ ...tableInput(1), facilitatorId: gid('Workshop', workshop.id) }],
      ['tables.0.facilitatorId'],
    );
    await refuse([{ ...tableInput(1), facilitatorId: 'not-an-id' }], ['tables.0.facilitatorId']);
    await expectRefused(
      SET_TABLES,
      { input: { workshopId: gid('User', organizer.user.id), tables: base } },
      organizer.token,
      'BAD_USER_INPUT',
      ['workshopId'],
    );
    // A workshop of another kind has no tables.
    const townHall = await createRoundTableWorkshop(t.db, {
      organizerId: parksId,
      kind: WorkshopKind.TOWN_HALL,
    });
    const refused = await t.gql(
      SET_TABLES,
      { input: { workshopId: gid('Workshop', townHall.id), tables: [tableInput(1)] } },
      organizer.token,
    );
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(
      await t.db.query('SELECT 1 FROM round_table WHERE workshop_id = $1', [townHall.id]),
    ).toEqual([]);
  });

  it('setRoundTables: exactly 100 tables are taken', async () => {
    const big = await createRoundTableWorkshop(t.db, { organizerId: parksId });
    const res = await t.gql(
      SET_TABLES,
      {
        input: {
          workshopId: gid('Workshop', big.id),
          tables: Array.from({ length: 100 }, (_, i) => tableInput(i + 1)),
        },
      },
      organizer.token,
    );
    expect(res.errors).toBeUndefined();
    const [{ n }] = (await t.db.query(
      'SELECT count(*)::int AS n FROM round_table WHERE workshop_id = $1',
      [big.id],
    )) as [{ n: number }];
    expect(n).toBe(100);
  });

  it('assignSeats: organizers only; every seat a confirmed registrant at an existing table, once', async () => {
    const seats = [
      { tableNumber: 1, userId: gid('User', seated.user.id) },
      { tableNumber: 2, userId: gid('User', seatedElsewhere.user.id) },
    ];
    const input = { workshopId, seats };
    await expectRefused(ASSIGN, { input }, null, 'UNAUTHENTICATED');
    await expectRefused(ASSIGN, { input }, seated.token, 'FORBIDDEN');
    await expectRefused(ASSIGN, { input }, otherStaff.token, 'FORBIDDEN');
    const refuse = (bad: unknown[], fields: string[]) =>
      expectRefused(
        ASSIGN,
        { input: { workshopId, seats: bad } },
        organizer.token,
        'BAD_USER_INPUT',
        fields,
      );
    await refuse(
      [...seats, { tableNumber: 1, userId: gid('User', outsider.user.id) }],
      ['seats.2.userId'],
    );
    await refuse(
      [...seats, { tableNumber: 9, userId: gid('User', citizenFacilitator.user.id) }],
      ['seats.2.tableNumber'],
    );
    await refuse(
      [...seats, { tableNumber: 3, userId: gid('User', seated.user.id) }],
      ['seats.2.userId'],
    );
    await refuse([{ tableNumber: 1, userId: gid('Workshop', workshop.id) }], ['seats.0.userId']);

    const assigned = await t.gql(ASSIGN, { input }, organizer.token);
    expect(assigned.errors).toBeUndefined();

    const empty = await createRoundTableWorkshop(t.db, { organizerId: parksId });
    const noTables = await t.gql(
      ASSIGN,
      { input: { workshopId: gid('Workshop', empty.id) } },
      organizer.token,
    );
    expect(codeOf(noTables)).toBe('CONFLICT');
  });

  it('recordIdea: the table’s facilitator, organizers and admins; nobody else writes anything', async () => {
    const input = (tableNumber: number, text = '놀이터 그늘막') => ({
      input: { workshopId, tableNumber, text, category: '놀이' },
    });
    await expectRefused(RECORD_IDEA, input(1), null, 'UNAUTHENTICATED');
    // The facilitator of table 2 at table 1, and the other way round.
    await expectRefused(RECORD_IDEA, input(1), staffFacilitator.token, 'FORBIDDEN');
    await expectRefused(RECORD_IDEA, input(2), citizenFacilitator.token, 'FORBIDDEN');
    // A seated participant, a stranger, and staff of another department.
    await expectRefused(RECORD_IDEA, input(1), seated.token, 'FORBIDDEN');
    await expectRefused(RECORD_IDEA, input(1), outsider.token, 'FORBIDDEN');
    await expectRefused(RECORD_IDEA, input(1), otherStaff.token, 'FORBIDDEN');
    // A table that does not exist: someone who records nowhere learns nothing more.
    await expectRefused(RECORD_IDEA, input(9), outsider.token, 'FORBIDDEN');
    await expectRefused(RECORD_IDEA, input(9), citizenFacilitator.token, 'BAD_USER_INPUT', [
      'tableNumber',
    ]);

    const refuse = (text: unknown, category: unknown, fields: string[]) =>
      expectRefused(
        RECORD_IDEA,
        { input: { workshopId, tableNumber: 1, text, category } },
        citizenFacilitator.token,
        'BAD_USER_INPUT',
        fields,
      );
    await refuse('', null, ['text']);
    await refuse('   ', null, ['text']);
    await refuse('가'.repeat(501), null, ['text']);
    await refuse('그늘막', '가'.repeat(51), ['category']);
    await refuse('그늘막', '', ['category']);
    // Not a string: refused by GraphQL's own coercion, before any rule.
    await refuse(42, null, []);

    const first = await t.gql(RECORD_IDEA, input(1, '가'.repeat(500)), citizenFacilitator.token);
    expect(first.errors).toBeUndefined();
    ideaAtOne = first.data.recordIdea.id;
    const second = await t.gql(RECORD_IDEA, input(1, '물놀이터'), organizer.token);
    expect(second.errors).toBeUndefined();
    secondIdeaAtOne = second.data.recordIdea.id;
    const third = await t.gql(RECORD_IDEA, input(2, '산책로 조명'), staffFacilitator.token);
    expect(third.errors).toBeUndefined();
    ideaAtTwo = third.data.recordIdea.id;
    const byAdmin = await t.gql(RECORD_IDEA, input(3, '주차장'), admin.token);
    expect(byAdmin.errors).toBeUndefined();
  });

  it('setRoundTables: a table holding ideas cannot be removed', async () => {
    const before = await room();
    const res = await t.gql(
      SET_TABLES,
      { input: { workshopId, tables: [tableInput(1, citizenFacilitator), tableInput(3)] } },
      organizer.token,
    );
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toContain('2');
    expect(await room()).toEqual(before);
  });

  it('recordDots: the table’s budget at its exact edge, and only its people', async () => {
    // Table 1 has no size and one person seated: its budget is 5 dots × 1 person.
    const dots = (ideaId: string, value: unknown) => ({ input: { ideaId, dots: value } });
    await expectRefused(RECORD_DOTS, dots(ideaAtOne, 3), null, 'UNAUTHENTICATED');
    await expectRefused(RECORD_DOTS, dots(ideaAtOne, 3), staffFacilitator.token, 'FORBIDDEN');
    await expectRefused(RECORD_DOTS, dots(ideaAtTwo, 3), citizenFacilitator.token, 'FORBIDDEN');
    await expectRefused(RECORD_DOTS, dots(ideaAtOne, 3), seated.token, 'FORBIDDEN');
    await expectRefused(RECORD_DOTS, dots(ideaAtOne, 3), otherStaff.token, 'FORBIDDEN');
    const refuse = (ideaId: string, value: unknown, fields: string[]) =>
      expectRefused(
        RECORD_DOTS,
        dots(ideaId, value),
        citizenFacilitator.token,
        'BAD_USER_INPUT',
        fields,
      );
    await refuse(ideaAtOne, -1, ['dots']);
    await refuse(ideaAtOne, 100_001, ['dots']);
    await refuse(ideaAtOne, 1.5, []);
    await refuse(gid('Workshop', workshop.id), 1, ['ideaId']);
    await refuse(ideaAtOne, 6, ['dots']);

    const atEdge = await t.gql(RECORD_DOTS, dots(ideaAtOne, 5), citizenFacilitator.token);
    expect(atEdge.errors).toBeUndefined();
    expect(atEdge.data.recordDots.dots).toBe(5);
    // The table's budget is spent: one more dot anywhere at the table is refused, with the maximum.
    const before = await room();
    const over = await t.gql(RECORD_DOTS, dots(secondIdeaAtOne, 1), citizenFacilitator.token);
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(badFields(over)).toEqual(['dots']);
    expect(over.errors![0]!.extensions!.fieldErrors![0]!.message).toContain('0');
    expect(await room()).toEqual(before);
    // Lowering one idea frees dots for another.
    expect(
      (await t.gql(RECORD_DOTS, dots(ideaAtOne, 3), citizenFacilitator.token)).errors,
    ).toBeUndefined();
    expect(
      (await t.gql(RECORD_DOTS, dots(secondIdeaAtOne, 2), organizer.token)).errors,
    ).toBeUndefined();
    await refuse(secondIdeaAtOne, 3, ['dots']);

    // A size set on the table bounds it instead of the seats: 2 people × 5 dots.
    await t.db.query('UPDATE round_table SET size = 2 WHERE workshop_id = $1 AND number = 1', [
      workshop.id,
    ]);
    expect(
      (await t.gql(RECORD_DOTS, dots(secondIdeaAtOne, 7), citizenFacilitator.token)).errors,
    ).toBeUndefined();
    await refuse(secondIdeaAtOne, 8, ['dots']);
    await t.db.query('UPDATE round_table SET size = NULL WHERE workshop_id = $1 AND number = 1', [
      workshop.id,
    ]);

    // Without dotsPerParticipant, dots cannot be entered at all.
    const bare = await createRoundTableWorkshop(t.db, { organizerId: parksId });
    const [table] = await insertTables(t.db, bare.id, [{ number: 1 }]);
    const [idea] = await insertIdeas(t.db, bare.id, [
      { tableId: table!.id, text: '아이디어', enteredById: organizer.user.id },
    ]);
    const noDots = await t.gql(RECORD_DOTS, dots(gid('TableIdea', idea!.id), 1), organizer.token);
    expect(codeOf(noDots)).toBe('CONFLICT');
  });

  it('before publication: the room sees entries and seats; others get [] and null', async () => {
    const read = async (token: string | null) => {
      const res = await t.gql(ROOM, { id: workshopId }, token);
      expect(res.errors).toBeUndefined();
      return res.data.workshop as {
        priorities: unknown[];
        tables: { number: number; participants: unknown[]; ideas: unknown[] }[];
      };
    };
    for (const token of [null, outsider.token, seated.token, otherStaff.token]) {
      const seen = await read(token);
      expect(seen.priorities).toEqual([]);
      expect(seen.tables.map((table) => table.ideas)).toEqual([[], [], []]);
      expect((await t.gql(NODE, { id: ideaAtOne }, token)).data.node).toBeNull();
      const priorityId = gid(
        'SessionPriority',
        (
          (await t.db.query('SELECT priority_id FROM table_idea WHERE workshop_id = $1 LIMIT 1', [
            workshop.id,
          ])) as {
            priority_id: string;
          }[]
        )[0]!.priority_id,
      );
      expect((await t.gql(NODE, { id: priorityId }, token)).data.node).toBeNull();
    }
    for (const token of [
      organizer.token,
      admin.token,
      citizenFacilitator.token,
      staffFacilitator.token,
    ]) {
      const seen = await read(token);
      expect(seen.priorities).toHaveLength(4);
      expect(seen.tables.map((table) => table.ideas.length)).toEqual([2, 1, 1]);
      expect(seen.tables.map((table) => table.participants.length)).toEqual([1, 1, 0]);
      expect((await t.gql(NODE, { id: ideaAtOne }, token)).data.node).toEqual({ id: ideaAtOne });
    }
    // A seated participant sees their own table's people, nobody else's; strangers nobody.
    const own = await read(seated.token);
    expect(own.tables.map((table) => table.participants)).toEqual([
      [{ id: gid('User', seated.user.id) }],
      [],
      [],
    ]);
    for (const token of [null, outsider.token, otherStaff.token]) {
      expect((await read(token)).tables.map((table) => table.participants)).toEqual([[], [], []]);
    }
  });

  it('mergeIdeas: organizers only; ideas of this session, distinct, 1 to 100', async () => {
    const other = await createRoundTableWorkshop(t.db, { organizerId: parksId });
    const [otherTable] = await insertTables(t.db, other.id, [{ number: 1 }]);
    const [foreign] = await insertIdeas(t.db, other.id, [
      { tableId: otherTable!.id, text: '다른 워크숍', enteredById: organizer.user.id },
    ]);
    const input = (ideaIds: unknown, title: unknown = '그늘과 물') => ({
      input: { workshopId, title, ideaIds },
    });
    const ok = [ideaAtOne, ideaAtTwo];
    await expectRefused(MERGE, input(ok), null, 'UNAUTHENTICATED');
    await expectRefused(MERGE, input(ok), citizenFacilitator.token, 'FORBIDDEN');
    await expectRefused(MERGE, input(ok), staffFacilitator.token, 'FORBIDDEN');
    await expectRefused(MERGE, input(ok), otherStaff.token, 'FORBIDDEN');
    const refuse = (ideaIds: unknown, fields: string[], title?: unknown) =>
      expectRefused(MERGE, input(ideaIds, title), organizer.token, 'BAD_USER_INPUT', fields);
    await refuse([ideaAtOne, gid('TableIdea', foreign!.id)], ['ideaIds.1']);
    await refuse([], ['ideaIds']);
    await refuse([ideaAtOne, ideaAtOne], ['ideaIds']);
    await refuse([ideaAtOne, gid('Workshop', workshop.id)], ['ideaIds']);
    await refuse(
      Array.from({ length: 101 }, (_, i) =>
        gid('TableIdea', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
      ),
      ['ideaIds'],
    );
    await refuse(ok, ['title'], '');
    await refuse(ok, ['title'], '가'.repeat(201));

    const merged = await t.gql(MERGE, input(ok), organizer.token);
    expect(merged.errors).toBeUndefined();
    expect(merged.data.mergeIdeas.dots).toBe(3);
    // The priorities the ideas left are gone: 4 ideas, 3 priorities.
    const [{ n }] = (await t.db.query(
      'SELECT count(*)::int AS n FROM session_priority WHERE workshop_id = $1',
      [workshop.id],
    )) as [{ n: number }];
    expect(n).toBe(3);
  });

  it('priorityToProposal is refused before publication', async () => {
    const [{ id }] = (await t.db.query(
      'SELECT id FROM session_priority WHERE workshop_id = $1 AND merged_by_id IS NOT NULL',
      [workshop.id],
    )) as [{ id: string }];
    await expectRefused(
      TO_PROPOSAL,
      {
        input: {
          priorityId: gid('SessionPriority', id),
          departmentId: gid('Department', parksId),
          body: BODY,
        },
      },
      organizer.token,
      'CONFLICT',
    );
  });

  it('publishPriorities: organizers only, once started, idempotent', async () => {
    await expectRefused(PUBLISH, { id: workshopId }, null, 'UNAUTHENTICATED');
    await expectRefused(PUBLISH, { id: workshopId }, citizenFacilitator.token, 'FORBIDDEN');
    await expectRefused(PUBLISH, { id: workshopId }, otherStaff.token, 'FORBIDDEN');
    await expectRefused(PUBLISH, { id: workshopId }, organizer.token, 'CONFLICT');
    await t.db.query(
      `UPDATE workshop SET starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' WHERE id = $1`,
      [workshop.id],
    );
    const first = await t.gql(PUBLISH, { id: workshopId }, organizer.token);
    expect(first.errors).toBeUndefined();
    const again = await t.gql(PUBLISH, { id: workshopId }, admin.token);
    expect(again.errors).toBeUndefined();
    expect(again.data.publishPriorities.prioritiesPublishedAt).toBe(
      first.data.publishPriorities.prioritiesPublishedAt,
    );
  });

  it('after publication: the record is frozen and everyone sees it', async () => {
    const tables = [
      tableInput(1, citizenFacilitator),
      tableInput(2, staffFacilitator),
      tableInput(3),
    ];
    await expectRefused(SET_TABLES, { input: { workshopId, tables } }, organizer.token, 'CONFLICT');
    await expectRefused(ASSIGN, { input: { workshopId } }, organizer.token, 'CONFLICT');
    await expectRefused(
      RECORD_IDEA,
      { input: { workshopId, tableNumber: 1, text: '늦은 아이디어' } },
      citizenFacilitator.token,
      'CONFLICT',
    );
    await expectRefused(
      RECORD_DOTS,
      { input: { ideaId: ideaAtOne, dots: 1 } },
      citizenFacilitator.token,
      'CONFLICT',
    );
    await expectRefused(
      MERGE,
      { input: { workshopId, title: '늦은 병합', ideaIds: [secondIdeaAtOne] } },
      organizer.token,
      'CONFLICT',
    );
    // Forbidden stays forbidden: a stranger is told so, not that the record is frozen.
    await expectRefused(
      RECORD_DOTS,
      { input: { ideaId: ideaAtOne, dots: 1 } },
      outsider.token,
      'FORBIDDEN',
    );

    for (const token of [null, outsider.token]) {
      const res = await t.gql(ROOM, { id: workshopId }, token);
      expect(res.data.workshop.priorities).toHaveLength(3);
      expect(res.data.workshop.tables.map((table: any) => table.ideas.length)).toEqual([2, 1, 1]);
      expect((await t.gql(NODE, { id: ideaAtOne }, token)).data.node).toEqual({ id: ideaAtOne });
      const priorityId = res.data.workshop.priorities[0].id as string;
      expect((await t.gql(NODE, { id: priorityId }, token)).data.node).toEqual({ id: priorityId });
      // Seats stay with the room's people even now.
      expect(res.data.workshop.tables.map((table: any) => table.participants)).toEqual([
        [],
        [],
        [],
      ]);
    }
  });

  it('priorityToProposal: organizers only, staff for their own department', async () => {
    const [{ id }] = (await t.db.query(
      'SELECT id FROM session_priority WHERE workshop_id = $1 AND merged_by_id IS NOT NULL',
      [workshop.id],
    )) as [{ id: string }];
    const input = (departmentId: string, body = BODY) => ({
      input: {
        priorityId: gid('SessionPriority', id),
        departmentId: gid('Department', departmentId),
        body,
      },
    });
    await expectRefused(TO_PROPOSAL, input(parksId), null, 'UNAUTHENTICATED');
    await expectRefused(TO_PROPOSAL, input(parksId), citizenFacilitator.token, 'FORBIDDEN');
    await expectRefused(TO_PROPOSAL, input(parksId), otherStaff.token, 'FORBIDDEN');
    await expectRefused(TO_PROPOSAL, input(roadsId), otherStaff.token, 'FORBIDDEN');
    await expectRefused(TO_PROPOSAL, input(roadsId), organizer.token, 'FORBIDDEN');
    await expectRefused(TO_PROPOSAL, input(parksId, '짧음'), organizer.token, 'BAD_USER_INPUT', [
      'body',
    ]);
    await expectRefused(
      TO_PROPOSAL,
      { input: { ...input(parksId).input, priorityId: ideaAtOne } },
      organizer.token,
      'BAD_USER_INPUT',
      ['priorityId'],
    );
    const made = await t.gql(TO_PROPOSAL, input(roadsId), admin.token);
    expect(made.errors).toBeUndefined();
  });
});
