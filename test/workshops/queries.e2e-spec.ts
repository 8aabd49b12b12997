import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { countQueries } from '../helpers/query-counter.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Statement counts of workshop lists: organizer, process, the viewer's registration and its
 * waitlist position, linked proposals and registrations are batched per request, so a page
 * costs the same number of SQL statements whatever its size.
 */
const PAGE = `query Page($first: Int) { workshops(first: $first) { nodes {
  id title registeredCount waitlistCount registrationOpen
  organizer { id name } process { id slug }
  viewerRegistration { id status waitlistPosition }
  proposals { id title }
} } }`;

/** The organizer's view: each workshop's registrations with the registrants' names. */
const ORGANIZER_PAGE = `query Page($first: Int) { workshops(first: $first) { nodes {
  id registrations(first: 10) { totalCount nodes { id status waitlistPosition user { id displayName } } }
} } }`;

describe('workshop lists: statement counts', () => {
  let t: TestApp;
  let citizen: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    const roads = await createDepartment(t.db, { slug: 'roads' });
    citizen = await createUser(t.db, t.jwt);
    const others = await Promise.all([0, 1, 2].map(() => createUser(t.db, t.jwt)));
    const [{ id: processId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('camp', '캠프') RETURNING id`,
    );
    const [{ id: proposalId }] = await t.db.query(
      `INSERT INTO proposal (title, body, author_id) VALUES ('제안 하나', '시험용 제안 본문입니다.', $1) RETURNING id`,
      [citizen.user.id],
    );
    // Twenty workshops of two organizers, each full (capacity 2) with the citizen waitlisted
    // behind two others, and linked to a proposal.
    for (let i = 0; i < 20; i++) {
      const [{ id }] = await t.db.query(
        `INSERT INTO workshop (title, description, kind, process_id, organizer_id, starts_at, ends_at, capacity)
         VALUES ($1, '설명', 'DESIGN_CAMP', $2, $3, now() + ($4 || ' days')::interval,
                 now() + ($4 || ' days')::interval + interval '2 hours', 2) RETURNING id`,
        [`워크숍 ${i}`, processId, i % 2 ? roads.id : parks.id, String(i + 1)],
      );
      for (const user of [...others.slice(0, 2), citizen, others[2]!]) {
        const res = await t.gql(
          'mutation($id: ID!) { registerForWorkshop(workshopId: $id) { id } }',
          { id: Buffer.from(`Workshop:${id}`).toString('base64url') },
          user.token,
        );
        if (res.errors) throw new Error(JSON.stringify(res.errors));
      }
      await t.db.query('INSERT INTO workshop_proposal (workshop_id, proposal_id) VALUES ($1, $2)', [
        id,
        proposalId,
      ]);
    }
  });
  afterAll(() => t.close());

  async function cost(query: string, first: number, token: string): Promise<number> {
    const { result, queries } = await countQueries(t.db, () => t.gql(query, { first }, token));
    expect(result.errors).toBeUndefined();
    expect(result.data.workshops.nodes).toHaveLength(first);
    return queries.length;
  }

  it('costs the same for 1, 5 and 20 workshops with organizer, process, registration and links', async () => {
    const counts = [
      await cost(PAGE, 1, citizen.token),
      await cost(PAGE, 5, citizen.token),
      await cost(PAGE, 20, citizen.token),
    ];
    // Session check, page, organizers, processes, viewer's registrations, waitlist positions,
    // proposal links, proposals.
    expect(counts).toEqual([8, 8, 8]);
    const { result } = await countQueries(t.db, () => t.gql(PAGE, { first: 20 }, citizen.token));
    for (const node of result.data.workshops.nodes) {
      expect(node.viewerRegistration).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
      expect(node.proposals).toHaveLength(1);
    }
  });

  it("costs the same for the organizer's registrations of 1, 5 and 20 workshops", async () => {
    // The organizer's staff see their own workshops' registrations only (FORBIDDEN on the
    // others of a mixed page), so the count is taken on an admin's view of all of them.
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const counts = [
      await cost(ORGANIZER_PAGE, 1, admin.token),
      await cost(ORGANIZER_PAGE, 5, admin.token),
      await cost(ORGANIZER_PAGE, 20, admin.token),
    ];
    // Session check, page, every workshop's registrations (one LATERAL query), their
    // totalCounts, the registrants, the waitlist positions.
    expect(counts).toEqual([6, 6, 6]);
    const { result } = await countQueries(t.db, () =>
      t.gql(ORGANIZER_PAGE, { first: 20 }, admin.token),
    );
    for (const node of result.data.workshops.nodes) {
      expect(node.registrations.totalCount).toBe(4);
      expect(node.registrations.nodes.map((r: any) => [r.status, r.waitlistPosition])).toEqual([
        ['CONFIRMED', null],
        ['CONFIRMED', null],
        ['WAITLISTED', 1],
        ['WAITLISTED', 2],
      ]);
    }
  });
});
