import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const CREATE = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`;
const LIST = `query($filter: WorkshopFilter, $first: Int, $after: String) {
  workshops(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id title registrationOpen } pageInfo { hasNextPage endCursor } } }`;

const HOUR = 3_600_000;
/** The moment the tests' clock is set around; far from the real clock, which must not matter. */
const BASE = Date.parse('2031-05-01T00:00:00.000Z');
const at = (hours: number) => new Date(BASE + hours * HOUR);
/** Titles are this and a letter; the tests compare the letters. */
const TITLE_PREFIX = '워크숍 ';
const letter = (n: { title: string }) => n.title.slice(TITLE_PREFIX.length);

/**
 * `workshops` with no `upcoming` filter: what a citizen opening the list expects, the workshops
 * they can still go to (soonest first), then those already held (most recent first). The
 * boundary is the application's clock, which these tests move.
 */
describe('workshops: upcoming first by default', () => {
  let t: TestApp;
  let processId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const parks = await createDepartment(t.db, { slug: 'parks' });
    const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    [{ id: processId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('green', '녹색 도시') RETURNING id`,
    );
    // Created out of start order, so that the order of creation cannot pass for start order.
    for (const [title, hours] of [
      ['D', 3],
      ['A', -48],
      ['E', 26],
      ['C', 1],
      ['B', -2],
    ] as const) {
      const res = await t.gql(
        CREATE,
        {
          input: {
            title: `${TITLE_PREFIX}${title}`,
            description: '순서 확인용 워크숍',
            kind: 'ROUNDTABLE',
            processId: toGlobalId('ParticipatoryProcess', processId),
            startsAt: at(hours).toISOString(),
            endsAt: at(hours + 1).toISOString(),
          },
        },
        staff.token,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  });
  afterEach(() => restoreClock());
  afterAll(() => t.close());

  async function list(filter: Record<string, unknown> = {}, first = 100, after?: string) {
    const res = await t.gql(LIST, { filter, first, after });
    expect(res.errors).toBeUndefined();
    return res.data.workshops;
  }
  const titles = async (filter: Record<string, unknown> = {}) =>
    (await list(filter)).nodes.map(letter);

  it('lists upcoming workshops soonest first, then past ones most recent first', async () => {
    freezeClock(at(0));
    expect(await titles()).toEqual(['C', 'D', 'E', 'B', 'A']);
    const { nodes, totalCount } = await list();
    expect(totalCount).toBe(5);
    // The line between the two groups is where registration closes.
    expect(nodes.map((n: { registrationOpen: boolean }) => n.registrationOpen)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('moves a workshop to the past group once it has started, as the clock moves', async () => {
    freezeClock(at(0));
    expect(await titles()).toEqual(['C', 'D', 'E', 'B', 'A']);
    setClock(at(2));
    expect(await titles()).toEqual(['D', 'E', 'C', 'B', 'A']);
    // At the very moment it starts a workshop is no longer upcoming (registration has closed).
    setClock(at(3));
    expect(await titles()).toEqual(['E', 'D', 'C', 'B', 'A']);
    setClock(at(30));
    expect(await titles()).toEqual(['E', 'D', 'C', 'B', 'A']);
    setClock(at(-72));
    expect(await titles()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('keeps the upcoming filters on the same clock: true soonest first, false most recent first', async () => {
    freezeClock(at(2));
    expect(await titles({ upcoming: true })).toEqual(['D', 'E']);
    expect(await titles({ upcoming: false })).toEqual(['C', 'B', 'A']);
    setClock(at(-72));
    expect(await titles({ upcoming: true })).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(await titles({ upcoming: false })).toEqual([]);
  });

  it('orders a process’s workshops the same way', async () => {
    freezeClock(at(2));
    const res = await t.gql(
      `{ process(slug: "green") { workshops(first: 10) { nodes { title } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.process.workshops.nodes.map(letter)).toEqual(['D', 'E', 'C', 'B', 'A']);
    expect(await titles({ processId: toGlobalId('ParticipatoryProcess', processId) })).toEqual([
      'D',
      'E',
      'C',
      'B',
      'A',
    ]);
  });

  it('pages across the two groups without repeats or gaps', async () => {
    freezeClock(at(2));
    for (const first of [1, 2, 3]) {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await list({}, first, after);
        seen.push(...page.nodes.map(letter));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect([first, seen]).toEqual([first, ['D', 'E', 'C', 'B', 'A']]);
    }
  });

  it('refuses a cursor of another ordering or a forged one as BAD_USER_INPUT', async () => {
    freezeClock(at(2));
    const upcoming = await list({ upcoming: true }, 1);
    const forged = Buffer.from(JSON.stringify(['x', 1, 'nope', 'junk'])).toString('base64url');
    for (const after of [upcoming.pageInfo.endCursor, 'junk', forged]) {
      expect(codeOf(await t.gql(LIST, { first: 1, after }))).toBe('BAD_USER_INPUT');
    }
  });
});
