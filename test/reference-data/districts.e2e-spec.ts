import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import { badFields, codeOf, type TestApp } from '../helpers/test-app.js';
import { globalId } from '../identity/support.js';
import {
  BAD_SLUGS,
  NON_ADMIN_CALLERS,
  startReferenceDataScene,
  type ReferenceDataScene,
} from './support.js';

const CREATE_DISTRICT = `mutation CreateDistrict($slug: String!, $name: String!) {
  createDistrict(slug: $slug, name: $name) { id slug name }
}`;

const byText = (a: string, b: string) => a.localeCompare(b);

async function districtCount(t: TestApp): Promise<number> {
  const rows: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM district');
  return rows[0]!.n;
}

/** Inserts districts in one statement until the table holds `total` (fast: no API, no ORM). */
async function fillDistrictsTo(t: TestApp, total: number, prefix: string): Promise<void> {
  const missing = total - (await districtCount(t));
  await t.db.query(
    `INSERT INTO district (slug, name)
     SELECT $2 || '-' || n, '채움 ' || lpad(n::text, 3, '0') FROM generate_series(1, $1) AS n`,
    [missing, prefix],
  );
  expect(await districtCount(t)).toBe(total);
}

describe('districts', () => {
  let t: TestApp;
  let adminToken: string;
  let callers: ReferenceDataScene['callers'];

  beforeAll(async () => {
    ({ t, adminToken, callers } = await startReferenceDataScene());
  });
  afterAll(() => t.close());

  const create = (slug: unknown, name: unknown, token: string | null = adminToken) =>
    t.gql(CREATE_DISTRICT, { slug, name }, token);

  describe('createDistrict', () => {
    it('lets an admin create a district, trimmed and NFC-normalised, readable by node(id)', async () => {
      const res = await create('  dongchung  ', ` ${'동충동'.normalize('NFD')} `);
      expect(res.errors).toBeUndefined();
      expect(res.data.createDistrict).toEqual({
        id: expect.any(String),
        slug: 'dongchung',
        name: '동충동',
      });
      const rows: unknown[] = await t.db.query(
        "SELECT slug, name FROM district WHERE slug = 'dongchung'",
      );
      expect(rows).toEqual([{ slug: 'dongchung', name: '동충동' }]);

      const node = await t.gql(
        'query($id: ID!) { node(id: $id) { __typename ... on District { slug name } } }',
        { id: res.data.createDistrict.id },
      );
      expect(node.errors).toBeUndefined();
      expect(node.data.node).toEqual({ __typename: 'District', slug: 'dongchung', name: '동충동' });
    });

    it('answers with a global ID of type District, not the row id', async () => {
      const district = await createDistrict(t.db);
      const res = await t.gql('{ districts { id slug } }');
      const served = res.data.districts.find((d: { slug: string }) => d.slug === district.slug);
      expect(served.id).toBe(globalId('District', district.id));
    });

    it.each(NON_ADMIN_CALLERS)('refuses %s, and creates nothing', async (caller) => {
      const { token, code } = callers[caller];
      const before = await districtCount(t);
      const res = await create('forbidden-district', '금지동', token);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.createDistrict ?? null).toBeNull();
      expect(await districtCount(t)).toBe(before);
    });

    it('answers CONFLICT for a slug already taken, and keeps the first district unchanged', async () => {
      await createDistrict(t.db, { slug: 'unbong', name: '운봉읍' });
      const res = await create('unbong', '다른 운봉읍');
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.errors?.[0]?.message).toContain('unbong');
      const rows: unknown[] = await t.db.query("SELECT name FROM district WHERE slug = 'unbong'");
      expect(rows).toEqual([{ name: '운봉읍' }]);
    });

    it('lets exactly one of two concurrent creations of one slug win; the other is CONFLICT', async () => {
      const results = await Promise.all([
        create('race-dong', '경주 하나'),
        create('race-dong', '경주 둘'),
      ]);
      expect(results.map((r) => codeOf(r) ?? 'created').sort(byText)).toEqual([
        'CONFLICT',
        'created',
      ]);
      const rows: unknown[] = await t.db.query("SELECT id FROM district WHERE slug = 'race-dong'");
      expect(rows).toHaveLength(1);
    });

    it('allows the same name under two slugs (two 읍·면·동 may share a name in a merged city)', async () => {
      const first = await create('sindong-a', '신동');
      const second = await create('sindong-b', '신동');
      expect([first.errors, second.errors]).toEqual([undefined, undefined]);
    });

    it.each(BAD_SLUGS)('refuses a slug with %s as BAD_USER_INPUT on slug', async (_label, slug) => {
      const before = await districtCount(t);
      const res = await create(slug, '올바른 이름');
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['slug']);
      expect(await districtCount(t)).toBe(before);
    });

    it.each([
      ['empty', ''],
      ['blank', ' \n\t '],
      ['one character', '동'],
      ['101 characters', '가'.repeat(101)],
      ['a control character', '동\u0000동'],
      ['a lone surrogate', 'a\uD800b'],
    ])('refuses a name that is %s as BAD_USER_INPUT on name', async (_label, name) => {
      const before = await districtCount(t);
      const res = await create('bad-name', name);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['name']);
      expect(await districtCount(t)).toBe(before);
    });

    it('accepts a 100-syllable Hangul name (characters, not bytes)', async () => {
      const res = await create('long-name', '가'.repeat(100));
      expect(res.errors).toBeUndefined();
      expect([...res.data.createDistrict.name]).toHaveLength(100);
    });

    it('names both bad fields at once', async () => {
      const res = await create('Bad Slug', '');
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['name', 'slug']);
    });

    it.each([
      ['a number for slug', 42, '숫자동'],
      ['a list for name', 'list-name', ['가', '나']],
      ['an object for slug', { $ne: null }, '객체동'],
      ['null for name', 'null-name', null],
    ])('refuses %s as BAD_USER_INPUT', async (_label, slug, name) => {
      const before = await districtCount(t);
      const res = await create(slug, name);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(await districtCount(t)).toBe(before);
    });
  });

  describe('districts', () => {
    it('lists every district by name, for anyone (anonymous too)', async () => {
      await createDistrict(t.db, { slug: 'order-c', name: '향교동' });
      await createDistrict(t.db, { slug: 'order-a', name: '금동' });
      await createDistrict(t.db, { slug: 'order-b', name: '노암동' });
      const res = await t.gql('{ districts { slug name } }');
      expect(res.errors).toBeUndefined();
      const rows: { name: string }[] = await t.db.query(
        'SELECT name FROM district ORDER BY name, id',
      );
      // Postgres's collation orders the names; the list follows it, not insertion order.
      expect(res.data.districts.map((d: { name: string }) => d.name)).toEqual(
        rows.map((r) => r.name),
      );
      const ours = res.data.districts
        .map((d: { slug: string }) => d.slug)
        .filter((s: string) => s.startsWith('order-'));
      expect(ours).toEqual(['order-a', 'order-b', 'order-c']);
    });

    it("answers another type's ID given to node() as null, not a district", async () => {
      const district = await createDistrict(t.db);
      const res = await t.gql('query($id: ID!) { node(id: $id) { __typename } }', {
        id: globalId('Department', district.id),
      });
      expect(res.data?.node ?? null).toBeNull();
    });
  });

  describe('the limit of 200 districts', () => {
    it('allows the 200th district and refuses the 201st with CONFLICT, naming the limit', async () => {
      await fillDistrictsTo(t, 199, 'filler');
      const the200th = await create('the-200th', '이백번째동');
      expect(the200th.errors).toBeUndefined();
      expect(await districtCount(t)).toBe(200);

      const the201st = await create('the-201st', '이백한번째동');
      expect(codeOf(the201st)).toBe('CONFLICT');
      expect(the201st.errors?.[0]?.message).toContain('200');
      expect(await districtCount(t)).toBe(200);
    });

    it('lets only one of two concurrent creations take the last place', async () => {
      await t.db.query("DELETE FROM district WHERE slug = 'the-200th'");
      expect(await districtCount(t)).toBe(199);
      const results = await Promise.all([
        create('last-a', '마지막 가'),
        create('last-b', '마지막 나'),
      ]);
      expect(results.map((r) => codeOf(r) ?? 'created').sort(byText)).toEqual([
        'CONFLICT',
        'created',
      ]);
      expect(await districtCount(t)).toBe(200);
    });

    it('never lists more than 200, even when more rows were written behind the API', async () => {
      await fillDistrictsTo(t, 205, 'behind');
      const res = await t.gql('{ districts { id } }');
      expect(res.errors).toBeUndefined();
      expect(res.data.districts).toHaveLength(200);
    });
  });
});
