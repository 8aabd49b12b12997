import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import {
  confirmRegistrants,
  createRoundTableWorkshop,
  insertIdeas,
  insertSeats,
  insertTables,
} from '../../src/round-tables/testing/round-tables.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const RECORD_IDEA = `mutation($input: RecordIdeaInput!) { recordIdea(input: $input) { id } }`;
const RECORD_DOTS = `mutation($input: RecordDotsInput!) { recordDots(input: $input) { id dots } }`;
const PROVENANCE = `query($id: ID!) { node(id: $id) { ... on TableIdea { dots provenance {
  enteredBy { id } enteredAt deviceSession dotsEnteredBy { id } dotsEnteredAt dotsDeviceSession
  corrections { previous by { id } at previousEnteredBy { id } previousEnteredAt deviceSession } } } } }`;
const TO_PROPOSAL = `mutation($input: PriorityToProposalInput!) { priorityToProposal(input: $input) { id } }`;

const gid = (type: string, id: string) => toGlobalId(type, id);
const sessionOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

describe('round tables: entries under concurrency, with their provenance', () => {
  let t: TestApp;
  let organizer: TestUser;
  let parksId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    parksId = parks.id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
  });
  afterAll(() => t.close());

  it('ten facilitators entering twice at once never leave a count nobody entered', async () => {
    const workshop = await createRoundTableWorkshop(t.db, {
      organizerId: parksId,
      dotsPerParticipant: 5,
    });
    const facilitators = await Promise.all(
      Array.from({ length: 10 }, () =>
        createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId }),
      ),
    );
    const tables = await insertTables(
      t.db,
      workshop.id,
      facilitators.map((f, i) => ({ number: i + 1, facilitatorId: f.user.id, size: 10 })),
    );
    const ideas = await insertIdeas(
      t.db,
      workshop.id,
      tables.map((table, i) => ({
        tableId: table.id,
        text: `아이디어 ${i + 1}`,
        enteredById: facilitators[i]!.user.id,
      })),
    );
    // Each facilitator sends two values for their table's idea; all twenty requests at once.
    const sent = ideas.map((_, i) => [10 + i, 30 + i] as const);
    const responses = await Promise.all(
      ideas.flatMap((idea, i) =>
        sent[i]!.map((dots) =>
          t.gql(
            RECORD_DOTS,
            { input: { ideaId: gid('TableIdea', idea.id), dots } },
            facilitators[i]!.token,
          ),
        ),
      ),
    );
    expect(responses.map((res) => res.errors)).toEqual(Array(20).fill(undefined));

    const rows = (await t.db.query(
      `SELECT i.id, i.dots, i.dots_entered_by_id,
              (SELECT json_agg(c.previous_dots) FROM table_idea_correction c WHERE c.idea_id = i.id) AS previous
         FROM table_idea i WHERE i.workshop_id = $1`,
      [workshop.id],
    )) as { id: string; dots: number; dots_entered_by_id: string; previous: number[] }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const [i, idea] of ideas.entries()) {
      const row = byId.get(idea.id)!;
      const [a, b] = sent[i]!;
      expect([a, b]).toContain(row.dots);
      expect(row.previous).toEqual([row.dots === a ? b : a]);
      expect(row.dots_entered_by_id).toBe(facilitators[i]!.user.id);
    }
    // Nowhere a count that nobody entered.
    const entered = new Set(sent.flat());
    const [{ all }] = (await t.db.query(
      `SELECT json_agg(v) AS all FROM (
         SELECT dots AS v FROM table_idea WHERE workshop_id = $1
         UNION ALL SELECT c.previous_dots FROM table_idea_correction c JOIN table_idea i ON i.id = c.idea_id
          WHERE i.workshop_id = $1) x`,
      [workshop.id],
    )) as [{ all: number[] }];
    expect(all).toHaveLength(20);
    expect(all.every((v) => entered.has(v))).toBe(true);
  });

  it('provenance: who entered what, when, from which device; corrections newest first', async () => {
    const workshop = await createRoundTableWorkshop(t.db, {
      organizerId: parksId,
      dotsPerParticipant: 3,
    });
    const facilitator = await createUser(t.db, t.jwt);
    await confirmRegistrants(t.db, workshop.id, [facilitator.user.id]);
    await insertTables(t.db, workshop.id, [
      { number: 1, facilitatorId: facilitator.user.id, size: 4 },
    ]);
    const tablet = facilitator.token;
    const phone = await tokenFor(t.db, t.jwt, facilitator.user);

    const recorded = await t.gql(
      RECORD_IDEA,
      { input: { workshopId: gid('Workshop', workshop.id), tableNumber: 1, text: '마을 도서관' } },
      tablet,
    );
    expect(recorded.errors).toBeUndefined();
    const ideaId = recorded.data.recordIdea.id as string;
    const fresh = await t.gql(PROVENANCE, { id: ideaId }, organizer.token);
    expect(fresh.data.node).toMatchObject({
      dots: 0,
      provenance: {
        enteredBy: { id: gid('User', facilitator.user.id) },
        dotsEnteredBy: null,
        dotsEnteredAt: null,
        dotsDeviceSession: null,
        corrections: [],
      },
    });
    const device = fresh.data.node.provenance.deviceSession as string;
    expect(device).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(fresh.data)).not.toContain(sessionOf(tablet));

    for (const [dots, token] of [
      [7, tablet],
      [9, phone],
      [8, organizer.token],
    ] as const) {
      const res = await t.gql(RECORD_DOTS, { input: { ideaId, dots } }, token);
      expect(res.errors).toBeUndefined();
    }
    const read = await t.gql(PROVENANCE, { id: ideaId }, facilitator.token);
    expect(read.errors).toBeUndefined();
    const provenance = read.data.node.provenance;
    expect(read.data.node.dots).toBe(8);
    expect(provenance.dotsEnteredBy).toEqual({ id: gid('User', organizer.user.id) });
    expect(provenance.deviceSession).toBe(device);
    expect(provenance.dotsDeviceSession).not.toBe(device);
    expect(provenance.corrections).toEqual([
      {
        previous: '9',
        by: { id: gid('User', organizer.user.id) },
        at: provenance.dotsEnteredAt,
        previousEnteredBy: { id: gid('User', facilitator.user.id) },
        previousEnteredAt: provenance.corrections[1].at,
        deviceSession: provenance.dotsDeviceSession,
      },
      {
        previous: '7',
        by: { id: gid('User', facilitator.user.id) },
        at: provenance.corrections[1].at,
        previousEnteredBy: { id: gid('User', facilitator.user.id) },
        previousEnteredAt: expect.any(String),
        // The phone, another session of the same person: another device.
        deviceSession: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    ]);
    expect(provenance.corrections[1].deviceSession).not.toBe(device);
    expect(new Date(provenance.corrections[1].previousEnteredAt).getTime()).toBeLessThanOrEqual(
      new Date(provenance.corrections[1].at).getTime(),
    );
  });

  it('someone who cancels after seating leaves the table, and its dots shrink with them', async () => {
    const workshop = await createRoundTableWorkshop(t.db, {
      organizerId: parksId,
      dotsPerParticipant: 2,
    });
    const [stays, leaves] = [await createUser(t.db, t.jwt), await createUser(t.db, t.jwt)];
    await confirmRegistrants(t.db, workshop.id, [stays.user.id, leaves.user.id]);
    const [table] = await insertTables(t.db, workshop.id, [{ number: 1 }]);
    await insertSeats(t.db, workshop.id, organizer.user.id, [
      { userId: stays.user.id, tableId: table!.id },
      { userId: leaves.user.id, tableId: table!.id },
    ]);
    const [idea] = await insertIdeas(t.db, workshop.id, [
      { tableId: table!.id, text: '벤치', enteredById: organizer.user.id },
    ]);
    const ideaId = gid('TableIdea', idea!.id);
    const participants = async () =>
      (
        await t.gql(
          `query($id: ID!) { workshop(id: $id) { tables { participants { id } } } }`,
          { id: gid('Workshop', workshop.id) },
          organizer.token,
        )
      ).data.workshop.tables[0].participants;
    expect(await participants()).toHaveLength(2);
    // Two people, two dots each: 4 at most, then the one who leaves takes their two with them.
    expect(
      (await t.gql(RECORD_DOTS, { input: { ideaId, dots: 4 } }, organizer.token)).errors,
    ).toBeUndefined();
    const cancelled = await t.gql(
      `mutation($id: ID!) { cancelWorkshopRegistration(workshopId: $id) { status } }`,
      { id: gid('Workshop', workshop.id) },
      leaves.token,
    );
    expect(cancelled.data.cancelWorkshopRegistration.status).toBe('CANCELLED');
    expect(await participants()).toEqual([{ id: gid('User', stays.user.id) }]);
    const over = await t.gql(RECORD_DOTS, { input: { ideaId, dots: 3 } }, organizer.token);
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(
      (await t.gql(RECORD_DOTS, { input: { ideaId, dots: 2 } }, organizer.token)).errors,
    ).toBeUndefined();
  });

  it('the idea cap holds under a rush, and one proposal per priority under a race', async () => {
    const workshop = await createRoundTableWorkshop(t.db, { organizerId: parksId });
    const [table] = await insertTables(t.db, workshop.id, [{ number: 1 }]);
    await insertIdeas(
      t.db,
      workshop.id,
      Array.from({ length: 1998 }, (_, i) => ({
        tableId: table!.id,
        text: `아이디어 ${i}`,
        enteredById: organizer.user.id,
      })),
    );
    const rush = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.gql(
          RECORD_IDEA,
          {
            input: { workshopId: gid('Workshop', workshop.id), tableNumber: 1, text: `막차 ${i}` },
          },
          organizer.token,
        ),
      ),
    );
    expect(rush.map((res) => codeOf(res) ?? 'OK').sort((a, b) => a.localeCompare(b))).toEqual([
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'CONFLICT',
      'OK',
      'OK',
    ]);
    const [{ n }] = (await t.db.query(
      'SELECT count(*)::int AS n FROM table_idea WHERE workshop_id = $1',
      [workshop.id],
    )) as [{ n: number }];
    expect(n).toBe(2000);

    await t.db.query(
      `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour',
              priorities_published_at = now() WHERE id = $1`,
      [workshop.id],
    );
    const [{ id }] = (await t.db.query(
      'SELECT priority_id AS id FROM table_idea WHERE workshop_id = $1 LIMIT 1',
      [workshop.id],
    )) as [{ id: string }];
    const input = {
      priorityId: gid('SessionPriority', id),
      departmentId: gid('Department', parksId),
      body: '원탁회의에서 나온 우선순위를 제안으로 올립니다.',
    };
    const race = await Promise.all(
      [0, 1, 2].map(() => t.gql(TO_PROPOSAL, { input }, organizer.token)),
    );
    expect(race.map((res) => codeOf(res) ?? 'OK').sort((a, b) => a.localeCompare(b))).toEqual([
      'CONFLICT',
      'CONFLICT',
      'OK',
    ]);
    const proposals = (await t.db.query('SELECT id FROM proposal')) as unknown[];
    expect(proposals).toHaveLength(1);
  });
});
