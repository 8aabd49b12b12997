import { badFields, codeOf, type TestApp } from '../helpers/test-app.js';
import {
  BAD_SLUGS,
  CREATE_PROCESS,
  NON_ADMIN_CALLERS,
  rowCount,
  startReferenceDataScene,
  type ReferenceDataScene,
} from './support.js';

const DAY = 86_400_000;
/**
 * Days from one moment taken when the file loads: two calls of `at(1)` name the same instant
 * (reading the clock at each call let them differ by a millisecond, and a phase "ending when
 * it starts" then ended after it, and was accepted).
 */
const LOADED_AT = Date.now();
const at = (offsetDays: number) => new Date(LOADED_AT + offsetDays * DAY).toISOString();

const PROCESS = `query($slug: String!) {
  process(slug: $slug) { id slug title phases { title position startsAt endsAt } currentPhase { title position } }
}`;

describe('participatory processes', () => {
  let t: TestApp;
  let adminToken: string;
  let callers: ReferenceDataScene['callers'];

  beforeAll(async () => {
    ({ t, adminToken, callers } = await startReferenceDataScene());
  });
  afterAll(() => t.close());

  const create = (input: Record<string, unknown>, token: string | null = adminToken) =>
    t.gql(CREATE_PROCESS, { input }, token);

  describe('createProcess', () => {
    it('creates a process with its phases in the order given, positions 1, 2, 3...', async () => {
      const phases = [
        { title: '이해하기', startsAt: at(-30), endsAt: at(-20) },
        { title: '발견하기', startsAt: at(-20), endsAt: at(-1) },
        { title: '정의하기', startsAt: at(-1), endsAt: at(10) },
        { title: '발전하기', startsAt: at(10), endsAt: at(20) },
        { title: '전달하기' },
      ];
      const res = await create({
        slug: 'eco-playground',
        title: ` ${'생태놀이터 만들기'.normalize('NFD')} `,
        description: '<script>alert(1)</script> 아이들이 설계하는 놀이터',
        phases,
      });
      expect(res.errors).toBeUndefined();
      const process = res.data.createProcess;
      expect(process).toMatchObject({
        slug: 'eco-playground',
        title: '생태놀이터 만들기',
        description: '<script>alert(1)</script> 아이들이 설계하는 놀이터', // verbatim plain text
        currentPhase: { title: '정의하기', position: 3 },
      });
      expect(
        process.phases.map((p: { title: string; position: number }) => [p.position, p.title]),
      ).toEqual([
        [1, '이해하기'],
        [2, '발견하기'],
        [3, '정의하기'],
        [4, '발전하기'],
        [5, '전달하기'],
      ]);
      expect(process.phases[0].startsAt).toBe(phases[0]!.startsAt);
      expect(process.phases[4]).toMatchObject({ startsAt: null, endsAt: null });

      const read = await t.gql(PROCESS, { slug: 'eco-playground' });
      expect(read.data.process).toMatchObject({ id: process.id, currentPhase: { position: 3 } });
      expect(read.data.process.phases).toEqual(
        process.phases.map(({ id: _id, ...phase }: { id: string }) => phase),
      );
      const stored: { position: number }[] = await t.db.query(
        'SELECT position FROM process_phase WHERE process_id = (SELECT id FROM participatory_process WHERE slug = $1) ORDER BY position',
        ['eco-playground'],
      );
      expect(stored.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    });

    it('creates a process without phases; it has no current phase', async () => {
      const res = await create({ slug: 'no-phases', title: '단계 없는 과정' });
      expect(res.errors).toBeUndefined();
      expect(res.data.createProcess).toMatchObject({
        phases: [],
        currentPhase: null,
        description: null,
      });
    });

    it.each(NON_ADMIN_CALLERS)(
      'refuses %s, and creates no process and no phase',
      async (caller) => {
        const { token, code } = callers[caller];
        const [processes, phases] = [
          await rowCount(t, 'participatory_process'),
          await rowCount(t, 'process_phase'),
        ];
        const res = await create(
          { slug: 'forbidden-process', title: '금지된 과정', phases: [{ title: '하나' }] },
          token,
        );
        expect(codeOf(res)).toBe(code);
        expect(res.data?.createProcess ?? null).toBeNull();
        expect(await rowCount(t, 'participatory_process')).toBe(processes);
        expect(await rowCount(t, 'process_phase')).toBe(phases);
      },
    );

    it('answers CONFLICT for a slug already taken, leaving no orphan phases', async () => {
      expect(
        (await create({ slug: 'taken', title: '첫 과정', phases: [{ title: '하나' }] })).errors,
      ).toBeUndefined();
      const phases = await rowCount(t, 'process_phase');
      const res = await create({
        slug: 'taken',
        title: '둘째 과정',
        phases: [{ title: '하나' }, { title: '둘째' }],
      });
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await rowCount(t, 'process_phase')).toBe(phases);
      expect(
        await t.db.query("SELECT title FROM participatory_process WHERE slug = 'taken'"),
      ).toEqual([{ title: '첫 과정' }]);
    });

    it('lets one of several concurrent creations of one slug win, with its phases only', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          create({
            slug: 'race-process',
            title: `경주 과정 ${n}`,
            phases: Array.from({ length: n }, (_, i) => ({ title: `단계 ${i + 1}` })),
          }),
        ),
      );
      const winners = results.filter((r) => !r.errors);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(3);
      const phases: { n: number }[] = await t.db.query(
        "SELECT count(*)::int AS n FROM process_phase ph JOIN participatory_process p ON p.id = ph.process_id WHERE p.slug = 'race-process'",
      );
      expect(phases[0]!.n).toBe(winners[0]!.data.createProcess.phases.length);
      const orphans = await t.db.query(
        'SELECT ph.id FROM process_phase ph LEFT JOIN participatory_process p ON p.id = ph.process_id WHERE p.id IS NULL',
      );
      expect(orphans).toEqual([]);
    });

    it('is atomic: when a phase cannot be stored, the process is not stored either', async () => {
      // A trigger makes the phase insert fail after the process row was written in the same
      // transaction; nothing of the process may survive.
      await t.db.query(`CREATE FUNCTION refuse_phase() RETURNS trigger AS $$
        BEGIN IF NEW.title = '실패' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await t.db.query(
        'CREATE TRIGGER refuse_phase BEFORE INSERT ON process_phase FOR EACH ROW EXECUTE FUNCTION refuse_phase()',
      );
      try {
        const res = await create({
          slug: 'half-made',
          title: '반쯤 만든 과정',
          phases: [{ title: '하나' }, { title: '실패' }],
        });
        expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
        expect(JSON.stringify(res.errors)).not.toContain('refused by test'); // no internals leak
        expect(
          await t.db.query("SELECT id FROM participatory_process WHERE slug = 'half-made'"),
        ).toEqual([]);
      } finally {
        await t.db.query('DROP TRIGGER refuse_phase ON process_phase');
        await t.db.query('DROP FUNCTION refuse_phase()');
      }
    });

    it.each(BAD_SLUGS)('refuses a slug with %s', async (_label, slug) => {
      const before = await rowCount(t, 'participatory_process');
      const res = await create({ slug, title: '올바른 과정' });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['slug']);
      expect(await rowCount(t, 'participatory_process')).toBe(before);
    });

    it.each([
      [
        'a phase ending before it starts',
        [{ title: '하나', startsAt: at(2), endsAt: at(1) }],
        ['phases.0.endsAt'],
      ],
      [
        'a phase ending when it starts',
        [{ title: '하나' }, { title: '둘째', startsAt: at(1), endsAt: at(1) }],
        ['phases.1.endsAt'],
      ],
      ['an empty phase title', [{ title: '하나' }, { title: '  ' }], ['phases.1.title']],
      ['a phase title of 151 characters', [{ title: '가'.repeat(151) }], ['phases.0.title']],
      ['a control character in a phase title', [{ title: '단\u001b계' }], ['phases.0.title']],
      ['21 phases', Array.from({ length: 21 }, (_, i) => ({ title: `단계 ${i + 1}` })), ['phases']],
    ])('refuses %s, naming the field', async (_label, phases, fields) => {
      const [processes, phaseRows] = [
        await rowCount(t, 'participatory_process'),
        await rowCount(t, 'process_phase'),
      ];
      const res = await create({ slug: 'bad-phases', title: '잘못된 단계', phases });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(fields);
      expect(await rowCount(t, 'participatory_process')).toBe(processes);
      expect(await rowCount(t, 'process_phase')).toBe(phaseRows);
    });

    it('accepts 20 phases', async () => {
      const res = await create({
        slug: 'twenty',
        title: '스무 단계',
        phases: Array.from({ length: 20 }, (_, i) => ({ title: `단계 ${i + 1}` })),
      });
      expect(res.errors).toBeUndefined();
      expect(res.data.createProcess.phases).toHaveLength(20);
    });

    it('names every bad field at once', async () => {
      const res = await create({ slug: '', title: 'ab', description: '', phases: [{ title: '' }] });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['description', 'phases.0.title', 'slug', 'title']);
    });

    it.each([
      [
        'a date that is not a date',
        {
          slug: 'bad-date',
          title: '날짜 오류',
          phases: [{ title: '하나', startsAt: 'next tuesday' }],
        },
      ],
      ['a number for title', { slug: 'num-title', title: 12345 }],
      [
        'phases that are not a list of objects',
        { slug: 'phase-str', title: '문자 단계', phases: ['하나'] },
      ],
      ['a null phase', { slug: 'null-phase', title: '빈 단계', phases: [null] }],
    ])('refuses %s as BAD_USER_INPUT', async (_label, input) => {
      const before = await rowCount(t, 'participatory_process');
      const res = await create(input);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(await rowCount(t, 'participatory_process')).toBe(before);
    });
  });

  describe('processes, process(slug) and currentPhase', () => {
    it('lists processes for anyone, newest first, with their phases', async () => {
      await create({ slug: 'older', title: '오래된 과정', phases: [{ title: '하나' }] });
      await create({
        slug: 'newer',
        title: '새 과정',
        phases: [{ title: '하나' }, { title: '둘째' }],
      });
      const res = await t.gql('{ processes { slug phases { position } } }');
      expect(res.errors).toBeUndefined();
      const slugs: string[] = res.data.processes.map((p: { slug: string }) => p.slug);
      expect(slugs.indexOf('newer')).toBeLessThan(slugs.indexOf('older'));
      expect(res.data.processes.find((p: { slug: string }) => p.slug === 'newer').phases).toEqual([
        { position: 1 },
        { position: 2 },
      ]);
      expect(slugs).toHaveLength(await rowCount(t, 'participatory_process'));
    });

    it.each([
      ['an unknown slug', 'nowhere'],
      ['an empty slug', ''],
      ['an injection-looking slug', "x' OR '1'='1"],
    ])('answers null for %s', async (_label, slug) => {
      const res = await t.gql(PROCESS, { slug });
      expect(res.errors).toBeUndefined();
      expect(res.data.process).toBeNull();
    });

    it('has no current phase before the first phase starts, nor after the last ends', async () => {
      await create({
        slug: 'future',
        title: '미래 과정',
        phases: [{ title: '곧 시작', startsAt: at(1), endsAt: at(2) }],
      });
      await create({
        slug: 'past',
        title: '지난 과정',
        phases: [{ title: '끝난 단계', startsAt: at(-2), endsAt: at(-1) }],
      });
      await create({ slug: 'undated', title: '날짜 없는 과정', phases: [{ title: '언젠가' }] });
      for (const slug of ['future', 'past', 'undated']) {
        const res = await t.gql(PROCESS, { slug });
        expect({ slug, current: res.data.process.currentPhase }).toEqual({ slug, current: null });
      }
    });

    it('takes an open-ended phase that has started as current', async () => {
      await create({
        slug: 'open-ended',
        title: '열린 과정',
        phases: [
          { title: '지난', startsAt: at(-10), endsAt: at(-5) },
          { title: '진행 중', startsAt: at(-5) },
        ],
      });
      const res = await t.gql(PROCESS, { slug: 'open-ended' });
      expect(res.data.process.currentPhase).toEqual({ title: '진행 중', position: 2 });
    });
  });
});
