import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { globalId } from './support.js';

const USERS = `query Users($first: Int, $after: String, $role: Role, $search: String) {
  users(first: $first, after: $after, role: $role, search: $search) {
    totalCount
    edges { cursor node { id email displayName role } }
    nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface UsersPage {
  totalCount: number;
  edges: {
    cursor: string;
    node: { id: string; email: string | null; displayName: string; role: string };
  }[];
  nodes: { id: string }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('users query', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  async function users(
    args: Record<string, unknown> = {},
    token: string | null = admin.token,
  ): Promise<UsersPage> {
    const res = await t.gql<{ users: UsersPage }>(USERS, args, token);
    expect(res.errors).toBeUndefined();
    return res.data.users;
  }

  const names = (page: UsersPage) => page.edges.map((e) => e.node.displayName).sort();

  describe('is for admins only', () => {
    it('anonymous: UNAUTHENTICATED', async () => {
      const res = await t.gql(USERS, {});
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.data).toBeNull();
    });

    it.each([Role.CITIZEN, Role.STAFF, Role.MODERATOR])(
      '%s: FORBIDDEN, also with bad arguments',
      async (role) => {
        const department = role === Role.STAFF ? (await createDepartment(t.db)).id : null;
        const actor = await createUser(t.db, t.jwt, { role, departmentId: department });
        for (const args of [{}, { first: 101 }, { search: '%' }]) {
          const res = await t.gql(USERS, args, actor.token);
          expect(codeOf(res)).toBe('FORBIDDEN');
          expect(res.data).toBeNull();
        }
      },
    );

    it('an admin sees every user with their email', async () => {
      const other = await createUser(t.db, t.jwt);
      const page = await users({ first: 100 });
      const row = page.edges.find((e) => e.node.id === globalId('User', other.user.id));
      expect(row?.node.email).toBe(other.user.email);
      const count: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM app_user');
      expect(page.totalCount).toBe(count[0]!.n);
    });
  });

  it('filters by role, with a matching totalCount', async () => {
    const department = await createDepartment(t.db);
    const moderators = [
      await createUser(t.db, t.jwt, { role: Role.MODERATOR }),
      await createUser(t.db, t.jwt, { role: Role.MODERATOR }),
    ];
    await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
    for (const role of ['MODERATOR', 'STAFF', 'ADMIN', 'CITIZEN']) {
      const page = await users({ role, first: 100 });
      const expected: { id: string }[] = await t.db.query(
        'SELECT id FROM app_user WHERE role = $1',
        [role],
      );
      expect(page.totalCount).toBe(expected.length);
      expect(page.edges.every((e) => e.node.role === role)).toBe(true);
      expect(page.edges.map((e) => e.node.id).sort()).toEqual(
        expected.map((r) => globalId('User', r.id)).sort(),
      );
    }
    const page = await users({ role: 'MODERATOR', first: 100 });
    for (const moderator of moderators) {
      expect(page.nodes).toContainEqual({ id: globalId('User', moderator.user.id) });
    }
  });

  describe('search', () => {
    beforeAll(async () => {
      for (const displayName of [
        'Percent 100% Kim',
        'Percent 100X Kim',
        'abc_def',
        'abcXdef',
        'back\\slash',
        'backslash',
        '한강 시민',
      ]) {
        await createUser(t.db, t.jwt, { displayName });
      }
      await createUser(t.db, t.jwt, {
        displayName: 'Mail Match',
        email: 'findme.unique@example.test',
      });
    });

    it('matches part of a display name, ignoring case', async () => {
      expect(names(await users({ search: 'percent 100' }))).toEqual([
        'Percent 100% Kim',
        'Percent 100X Kim',
      ]);
    });

    it('matches part of an email, ignoring case', async () => {
      const page = await users({ search: 'FINDME.UNIQUE' });
      expect(page.totalCount).toBe(1);
      expect(page.edges[0]!.node).toMatchObject({
        displayName: 'Mail Match',
        email: 'findme.unique@example.test',
      });
    });

    it('treats % literally', async () => {
      expect(names(await users({ search: '100%' }))).toEqual(['Percent 100% Kim']);
      const all = await users({ search: '%' });
      expect(names(all)).toEqual(['Percent 100% Kim']);
      expect(all.totalCount).toBe(1);
    });

    it('treats _ literally', async () => {
      expect(names(await users({ search: 'abc_def' }))).toEqual(['abc_def']);
      const all = await users({ search: '_' });
      expect(names(all)).toEqual(['abc_def']);
    });

    it('treats a backslash literally', async () => {
      expect(names(await users({ search: 'k\\s' }))).toEqual(['back\\slash']);
    });

    it('trims and NFC-normalises the search text', async () => {
      expect(names(await users({ search: '  \u1112\u1161\u11ab\u1100\u1161\u11bc  ' }))).toEqual([
        '한강 시민',
      ]);
    });

    it('finds nothing for an absent text, with totalCount 0', async () => {
      const page = await users({ search: 'no such person anywhere' });
      expect(page).toMatchObject({ totalCount: 0, edges: [], nodes: [] });
      expect(page.pageInfo).toEqual({
        hasNextPage: false,
        hasPreviousPage: false,
        startCursor: null,
        endCursor: null,
      });
    });

    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['a control character', 'a\u0000b'],
      ['over 100 characters', 'x'.repeat(101)],
    ])('refuses a search that is %s with BAD_USER_INPUT', async (_label, search) => {
      const res = await t.gql(USERS, { search }, admin.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['search']);
    });
  });

  describe('pagination', () => {
    const tag = 'Pager Zq';
    let pagerIds: string[];

    beforeAll(async () => {
      pagerIds = [];
      for (let i = 0; i < 25; i++) {
        const { user } = await createUser(t.db, t.jwt, {
          displayName: `${tag} ${String(i).padStart(2, '0')}`,
        });
        pagerIds.push(globalId('User', user.id));
      }
    });

    async function walk(args: Record<string, unknown>, size: number) {
      const seen: string[] = [];
      const pages: UsersPage[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 60; guard++) {
        const page: UsersPage = await users({ ...args, first: size, after });
        pages.push(page);
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return { seen, pages };
    }

    it('returns 20 users when first is omitted', async () => {
      const page = await users({});
      expect(page.edges).toHaveLength(20);
      expect(page.nodes).toHaveLength(20);
      expect(page.totalCount).toBeGreaterThan(20);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.pageInfo.hasPreviousPage).toBe(false);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[19]!.cursor);
    });

    it('pages through 25 users 10 at a time, visiting each exactly once, newest first', async () => {
      const { seen, pages } = await walk({ search: tag }, 10);
      expect(pages.map((p) => p.edges.length)).toEqual([10, 10, 5]);
      expect(pages.map((p) => p.pageInfo.hasNextPage)).toEqual([true, true, false]);
      expect(pages.map((p) => p.pageInfo.hasPreviousPage)).toEqual([false, true, true]);
      expect(pages.every((p) => p.totalCount === 25)).toBe(true);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual([...pagerIds].sort());
      // Created one after the other, so newest first is creation order reversed.
      expect(seen).toEqual([...pagerIds].reverse());
    });

    it('pages correctly when many users share one creation time (the id breaks ties)', async () => {
      await t.db.query(
        "UPDATE app_user SET created_at = '2030-01-01T00:00:00.000Z' WHERE display_name LIKE 'Pager Zq %'",
      );
      for (const size of [1, 7, 10, 24, 25]) {
        const { seen, pages } = await walk({ search: tag }, size);
        expect(seen).toHaveLength(25);
        expect(new Set(seen).size).toBe(25);
        expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
      }
    });

    it('answers an empty page for first: 0, with the totalCount', async () => {
      const page = await users({ search: tag, first: 0 });
      expect(page.edges).toEqual([]);
      expect(page.totalCount).toBe(25);
    });

    it('accepts first: 100', async () => {
      const page = await users({ first: 100 });
      const count: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM app_user');
      expect(page.edges).toHaveLength(Math.min(100, count[0]!.n));
    });

    it.each([101, -1, 1_000_000])(
      'refuses first: %i with BAD_USER_INPUT, never clamping',
      async (first) => {
        const res = await t.gql(USERS, { first }, admin.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['first']);
        expect(res.data).toBeNull();
      },
    );

    it.each([
      ['junk', () => 'junk!!'],
      ['random base64url', () => 'bm90IGEgY3Vyc29y'],
      ['base64url of a JSON object', () => cursor({ a: 1 })],
      [
        'a cursor of another ordering',
        () => cursor(['proposals-created', '2030-01-01T00:00:00.000Z', pagerIdUuid()]),
      ],
      [
        'a cursor with a missing value',
        () => cursor(['users-created', '2030-01-01T00:00:00.000Z']),
      ],
      [
        'a cursor with a date that is no date',
        () => cursor(['users-created', 'not-a-date', pagerIdUuid()]),
      ],
      [
        'a cursor with an id that is no uuid',
        () => cursor(['users-created', '2030-01-01T00:00:00.000Z', 'nope']),
      ],
      [
        'a cursor with a number for the date',
        () => cursor(['users-created', 12345, pagerIdUuid()]),
      ],
      ['a cursor with nulls', () => cursor(['users-created', null, null])],
      [
        'a cursor with an SQL injection',
        () => cursor(['users-created', "2030-01-01'); DROP TABLE app_user; --", 'x']),
      ],
      ['over 512 characters', () => 'a'.repeat(600)],
    ])('refuses an after that is %s with BAD_USER_INPUT', async (_label, after) => {
      const res = await t.gql(USERS, { first: 5, after: after() }, admin.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['after']);
      expect(res.data).toBeNull();
    });

    /** The uuid behind the first pager's global ID. */
    function pagerIdUuid(): string {
      return Buffer.from(pagerIds[0]!, 'base64url').toString('utf8').split(':')[1]!;
    }
  });
});
