import { createDepartment, createTopic } from '../../src/catalog/testing/catalog.factory.js';
import { badFields, codeOf, type TestApp } from '../helpers/test-app.js';
import {
  BAD_SLUGS,
  CREATE_DEPARTMENT,
  CREATE_TOPIC,
  NON_ADMIN_CALLERS,
  rowCount,
  startReferenceDataScene,
  type ReferenceDataScene,
} from './support.js';

const byText = (a: string, b: string) => a.localeCompare(b);

describe('departments and topics', () => {
  let t: TestApp;
  let adminToken: string;
  let callers: ReferenceDataScene['callers'];

  beforeAll(async () => {
    ({ t, adminToken, callers } = await startReferenceDataScene());
  });
  afterAll(() => t.close());

  const createDept = (input: Record<string, unknown>, token: string | null = adminToken) =>
    t.gql(CREATE_DEPARTMENT, { input }, token);
  const createTop = (input: Record<string, unknown>, token: string | null = adminToken) =>
    t.gql(CREATE_TOPIC, { input }, token);

  describe('createDepartment', () => {
    it('lets an admin create a department, stored and answered as given after trim and NFC', async () => {
      // "공원" typed as decomposed jamo (NFD) must be stored composed.
      const decomposed = '공원녹지과'.normalize('NFD');
      expect(decomposed).not.toBe('공원녹지과');
      const res = await createDept({
        slug: '  parks  ',
        name: `  ${decomposed} `,
        description: '<b>공원</b> & 녹지',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createDepartment).toEqual({
        id: expect.any(String),
        slug: 'parks',
        name: '공원녹지과',
        description: '<b>공원</b> & 녹지', // plain text, verbatim: never sanitised or rendered
      });
      const rows: { slug: string; name: string; description: string }[] = await t.db.query(
        "SELECT slug, name, description FROM department WHERE slug = 'parks'",
      );
      expect(rows).toEqual([
        { slug: 'parks', name: '공원녹지과', description: '<b>공원</b> & 녹지' },
      ]);

      const read = await t.gql(
        'query($slug: String!) { department(slug: $slug) { id name description } }',
        {
          slug: 'parks',
        },
      );
      expect(read.data.department).toEqual({
        id: res.data.createDepartment.id,
        name: '공원녹지과',
        description: '<b>공원</b> & 녹지',
      });
    });

    it('accepts a department without a description', async () => {
      const res = await createDept({ slug: 'welfare', name: '복지과' });
      expect(res.errors).toBeUndefined();
      expect(res.data.createDepartment).toMatchObject({ slug: 'welfare', description: null });
    });

    it.each(NON_ADMIN_CALLERS)('refuses %s, and creates nothing', async (caller) => {
      const { token, code } = callers[caller];
      const before = await rowCount(t, 'department');
      const res = await createDept({ slug: 'forbidden-dept', name: '금지된 부서' }, token);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.createDepartment ?? null).toBeNull();
      expect(await rowCount(t, 'department')).toBe(before);
    });

    it('answers CONFLICT for a slug already taken, and keeps the first department unchanged', async () => {
      await createDepartment(t.db, { slug: 'traffic', name: '교통과' });
      const res = await createDept({ slug: 'traffic', name: '다른 교통과' });
      expect(codeOf(res)).toBe('CONFLICT');
      const rows: { name: string }[] = await t.db.query(
        "SELECT name FROM department WHERE slug = 'traffic'",
      );
      expect(rows).toEqual([{ name: '교통과' }]);
    });

    it('lets exactly one of two concurrent creations of one slug win; the other is CONFLICT', async () => {
      const results = await Promise.all([
        createDept({ slug: 'race-dept', name: '경주 하나' }),
        createDept({ slug: 'race-dept', name: '경주 둘' }),
      ]);
      expect(results.map((r) => codeOf(r) ?? 'created').sort(byText)).toEqual([
        'CONFLICT',
        'created',
      ]);
      const rows: unknown[] = await t.db.query(
        "SELECT id FROM department WHERE slug = 'race-dept'",
      );
      expect(rows).toHaveLength(1);
    });

    it.each(BAD_SLUGS)('refuses a slug with %s as BAD_USER_INPUT on slug', async (_label, slug) => {
      const before = await rowCount(t, 'department');
      const res = await createDept({ slug, name: '올바른 이름' });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['slug']);
      expect(await rowCount(t, 'department')).toBe(before);
    });

    it.each([
      ['empty', ''],
      ['blank', ' \n\t '],
      ['one character', '과'],
      ['101 characters', '가'.repeat(101)],
      ['a control character', '공원\u0000과'],
      ['a carriage return', '공원\r과'],
      ['a lone surrogate', 'a\uD800b'],
    ])('refuses a name that is %s', async (_label, name) => {
      const res = await createDept({ slug: 'bad-name', name });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['name']);
      expect(await t.db.query("SELECT id FROM department WHERE slug = 'bad-name'")).toEqual([]);
    });

    it('counts characters, not bytes: a 100-syllable Hangul name is accepted', async () => {
      const res = await createDept({ slug: 'long-name', name: '가'.repeat(100) });
      expect(res.errors).toBeUndefined();
      expect([...res.data.createDepartment.name]).toHaveLength(100);
    });

    it('names every bad field at once', async () => {
      const res = await createDept({ slug: 'Bad Slug', name: '', description: 'x'.repeat(2001) });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['description', 'name', 'slug']);
    });

    it.each([
      ['a number for slug', { slug: 42, name: '숫자 부서' }],
      ['a list for name', { slug: 'list-name', name: ['a', 'b'] }],
      ['a missing name', { slug: 'no-name' }],
      ['an unknown field', { slug: 'extra', name: '여분 부서', budget: 1 }],
    ])('refuses %s as BAD_USER_INPUT', async (_label, input) => {
      const before = await rowCount(t, 'department');
      const res = await createDept(input);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(await rowCount(t, 'department')).toBe(before);
    });
  });

  describe('departments and department(slug)', () => {
    it('lists every department by name, for anyone', async () => {
      await createDepartment(t.db, { slug: 'list-b', name: '나 부서' });
      await createDepartment(t.db, { slug: 'list-a', name: '가 부서' });
      const res = await t.gql('{ departments { slug name } }');
      expect(res.errors).toBeUndefined();
      const names: string[] = res.data.departments.map((d: { name: string }) => d.name);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(res.data.departments).toEqual(
        expect.arrayContaining([{ slug: 'list-a', name: '가 부서' }]),
      );
      expect(res.data.departments).toHaveLength(await rowCount(t, 'department'));
    });

    it.each([
      ['an unknown slug', 'no-such-department'],
      ['an empty slug', ''],
      ['an injection-looking slug', "' OR 1=1 --"],
      ['a very long slug', 'x'.repeat(10_000)],
    ])('answers null for %s, not an error', async (_label, slug) => {
      const res = await t.gql('query($slug: String!) { department(slug: $slug) { id } }', { slug });
      expect(res.errors).toBeUndefined();
      expect(res.data.department).toBeNull();
    });

    it('refuses a slug of the wrong type as BAD_USER_INPUT', async () => {
      const res = await t.gql('query($slug: String!) { department(slug: $slug) { id } }', {
        slug: { $ne: null },
      });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    });
  });

  describe('createTopic and topics', () => {
    it('lets an admin create a topic, trimmed and NFC-normalised', async () => {
      const res = await createTop({ slug: 'shade', name: ` ${'그늘과 쉼터'.normalize('NFD')} ` });
      expect(res.errors).toBeUndefined();
      expect(res.data.createTopic).toEqual({
        id: expect.any(String),
        slug: 'shade',
        name: '그늘과 쉼터',
      });
      const list = await t.gql('{ topics { id slug name } }');
      expect(list.data.topics).toContainEqual(res.data.createTopic);
    });

    it.each(NON_ADMIN_CALLERS)('refuses %s, and creates nothing', async (caller) => {
      const { token, code } = callers[caller];
      const before = await rowCount(t, 'topic');
      const res = await createTop({ slug: 'forbidden-topic', name: '금지된 주제' }, token);
      expect(codeOf(res)).toBe(code);
      expect(res.data?.createTopic ?? null).toBeNull();
      expect(await rowCount(t, 'topic')).toBe(before);
    });

    it('answers CONFLICT for a slug already taken, also under a race', async () => {
      await createTopic(t.db, { slug: 'safety', name: '안전' });
      expect(codeOf(await createTop({ slug: 'safety', name: '안전 둘' }))).toBe('CONFLICT');
      const results = await Promise.all([
        createTop({ slug: 'race-topic', name: '경주 하나' }),
        createTop({ slug: 'race-topic', name: '경주 둘' }),
        createTop({ slug: 'race-topic', name: '경주 셋' }),
      ]);
      expect(results.map((r) => codeOf(r) ?? 'created').sort(byText)).toEqual([
        'CONFLICT',
        'CONFLICT',
        'created',
      ]);
      expect(await t.db.query("SELECT id FROM topic WHERE slug = 'race-topic'")).toHaveLength(1);
      expect(await t.db.query("SELECT name FROM topic WHERE slug = 'safety'")).toEqual([
        { name: '안전' },
      ]);
    });

    it.each(BAD_SLUGS)('refuses a slug with %s', async (_label, slug) => {
      const before = await rowCount(t, 'topic');
      const res = await createTop({ slug, name: '올바른 주제' });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['slug']);
      expect(await rowCount(t, 'topic')).toBe(before);
    });

    it('names every bad field at once, and refuses a name of 101 characters', async () => {
      const both = await createTop({ slug: 'A', name: '\u0007' });
      expect(badFields(both)).toEqual(['name', 'slug']);
      const long = await createTop({ slug: 'long-topic', name: '가'.repeat(101) });
      expect(badFields(long)).toEqual(['name']);
      expect(await t.db.query("SELECT id FROM topic WHERE slug = 'long-topic'")).toEqual([]);
    });
  });
});
