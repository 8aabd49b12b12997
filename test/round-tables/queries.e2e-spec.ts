import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import {
  confirmRegistrants,
  createRoundTableWorkshop,
  insertIdeas,
  insertSeats,
  insertTables,
} from '../../src/round-tables/testing/round-tables.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ROOM = `query($id: ID!) { workshop(id: $id) {
  tables(first: 10) { number topic facilitator { displayName } participants(first: 10) { displayName }
    ideas(first: 5) { text dots mergedInto { title }
      provenance { enteredBy { displayName } enteredAt deviceSession dotsEnteredBy { displayName }
        corrections { previous at by { displayName } previousEnteredBy { displayName } } } } }
  priorities(first: 60) { title dots rank tied mergedBy { displayName }
    ideas(first: 10) { text table { number } } proposal { title } } } }`;

describe('round tables: reading the room costs the same for 2 and 10 tables', () => {
  let t: TestApp;
  let organizer: TestUser;
  let departmentId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    departmentId = parks.id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
  });
  afterAll(() => t.close());

  /** A session of `count` tables, 2 seated and 5 ideas each, one merge, one correction, one proposal. */
  async function room(count: number): Promise<string> {
    const workshop = await createRoundTableWorkshop(t.db, {
      organizerId: departmentId,
      dotsPerParticipant: 10,
    });
    const people = await Promise.all(
      Array.from({ length: count * 3 }, () => createUser(t.db, t.jwt)),
    );
    await confirmRegistrants(
      t.db,
      workshop.id,
      people.map((p) => p.user.id),
    );
    const tables = await insertTables(
      t.db,
      workshop.id,
      Array.from({ length: count }, (_, i) => ({
        number: i + 1,
        topic: `주제 ${i + 1}`,
        facilitatorId: people[i * 3]!.user.id,
      })),
    );
    await insertSeats(
      t.db,
      workshop.id,
      organizer.user.id,
      tables.flatMap((table, i) => [
        { userId: people[i * 3 + 1]!.user.id, tableId: table.id },
        { userId: people[i * 3 + 2]!.user.id, tableId: table.id },
      ]),
    );
    const ideas = await insertIdeas(
      t.db,
      workshop.id,
      tables.flatMap((table, i) =>
        [0, 1, 2, 3, 4].map((j) => ({
          tableId: table.id,
          text: `테이블 ${i + 1} 아이디어 ${j + 1}`,
          dots: j,
          enteredById: people[i * 3]!.user.id,
        })),
      ),
    );
    // Every table's first idea is merged into one priority, which became a proposal.
    const firsts = ideas
      .filter((_, index) => index % 5 === 0)
      .map((idea) => toGlobalId('TableIdea', idea.id));
    const merged = await t.gql(
      `mutation($input: MergeIdeasInput!) { mergeIdeas(input: $input) { id } }`,
      {
        input: {
          workshopId: toGlobalId('Workshop', workshop.id),
          title: '모두의 첫 아이디어',
          ideaIds: firsts,
        },
      },
      organizer.token,
    );
    expect(merged.errors).toBeUndefined();
    for (const idea of ideas.filter((_, index) => index % 5 === 1)) {
      const corrected = await t.gql(
        `mutation($input: RecordDotsInput!) { recordDots(input: $input) { id } }`,
        { input: { ideaId: toGlobalId('TableIdea', idea.id), dots: 2 } },
        organizer.token,
      );
      expect(corrected.errors).toBeUndefined();
    }
    const proposal = await createProposal(t.db, organizer.user.id);
    await t.db.query(
      `UPDATE session_priority SET proposal_id = $1 WHERE merged_by_id IS NOT NULL AND workshop_id = $2`,
      [proposal.id, workshop.id],
    );
    return toGlobalId('Workshop', workshop.id);
  }

  async function statements(id: string, tables: number): Promise<number> {
    const { result, queries } = await countQueries(t.db, () =>
      t.gql(ROOM, { id }, organizer.token),
    );
    expect(result.errors).toBeUndefined();
    const read = result.data.workshop;
    expect(read.tables).toHaveLength(tables);
    expect(
      read.tables.every(
        (table: any) => table.participants.length === 2 && table.ideas.length === 5,
      ),
    ).toBe(true);
    const corrected = read.tables.flatMap((table: any) =>
      table.ideas.filter((idea: any) => idea.provenance.corrections.length === 1),
    );
    expect(corrected).toHaveLength(tables);
    expect(read.priorities).toHaveLength(tables * 4 + 1);
    expect(read.priorities.filter((p: any) => p.proposal !== null)).toHaveLength(1);
    return queries.length;
  }

  it('tables with participants, facilitators, ideas with provenance, and priorities with ideas and proposal', async () => {
    const small = await statements(await room(2), 2);
    const large = await statements(await room(10), 10);
    expect(large).toBe(small);
    // The session, the workshop, its tables, the ranked priorities, the viewer's seat, the seats,
    // the tables' ideas, the priorities' ideas, the priorities ideas were merged into (by id:
    // a page of priorities is read, never all of them), the corrections, the proposal, and the
    // users in three waves (facilitators; participants and authors; correctors): 14, whatever
    // the size.
    expect(small).toBeLessThanOrEqual(14);
  });
});
