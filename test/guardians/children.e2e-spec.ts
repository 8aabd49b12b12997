import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { parseGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  ADD_CHILD,
  childrenSnapshot,
  CONSENT_TEXT,
  gid,
  person,
  REGISTER_CHILD,
  T0,
  workshopRow,
  YEAR,
} from './support.js';

/**
 * Adding children (issue 19): only adults, only minors' birth years, at most 20 per guardian,
 * every input hostile; the consent text and its revision by an admin; the workshop's
 * childrenAllowed and age range as organizers set them.
 */

const PUBLISH = `mutation Publish($version: String!, $text: String!) {
  publishGuardianConsentText(version: $version, text: $text) { version text publishedAt } }`;
const CREATE = `mutation Create($input: CreateWorkshopInput!) { createWorkshop(input: $input) {
  id childrenAllowed minimumAge maximumAge } }`;
const UPDATE = `mutation Update($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) {
  id childrenAllowed minimumAge maximumAge } }`;

describe('guardians: adding children, the consent text, the workshop fields', () => {
  let t: TestApp;
  let parksId: string;
  let parksStaff: TestUser;
  let admin: TestUser;

  const childCount = async (guardian: TestUser): Promise<number> =>
    Number(
      (
        await t.db.query('SELECT count(*) AS n FROM child WHERE guardian_id = $1', [
          guardian.user.id,
        ])
      )[0].n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });

  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  describe('addChild', () => {
    it('an adult adds a child: a first name and a birth year, nothing else, theirs alone', async () => {
      const parent = await person(t, 1990);
      const res = await t.gql(
        ADD_CHILD,
        { input: { firstName: '  서연 ', birthYear: YEAR - 7 } },
        parent.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.addChild).toMatchObject({ firstName: '서연', birthYear: YEAR - 7 });
      const [row] = await t.db.query('SELECT * FROM child WHERE id = $1', [
        parseGlobalId(res.data.addChild.id)!.id,
      ]);
      expect(row).toMatchObject({
        guardian_id: parent.user.id,
        first_name: '서연',
        birth_year: YEAR - 7,
      });
      expect(Object.keys(row).sort()).toEqual(
        ['birth_year', 'created_at', 'first_name', 'guardian_id', 'id'].sort(),
      );
    });

    it('19 this year (by birth year) is an adult; 18 is not (FORBIDDEN, reason NOT_ADULT)', async () => {
      const nineteen = await person(t, YEAR - 19);
      const ok = await t.gql(
        ADD_CHILD,
        { input: { firstName: '하준', birthYear: YEAR - 1 } },
        nineteen.token,
      );
      expect(ok.errors).toBeUndefined();

      const eighteen = await person(t, YEAR - 18);
      const before = await childrenSnapshot(t.db);
      const refused = await t.gql(
        ADD_CHILD,
        { input: { firstName: '하준', birthYear: YEAR - 1 } },
        eighteen.token,
      );
      expect(codeOf(refused)).toBe('FORBIDDEN');
      expect(refused.errors![0].extensions!.reason).toBe('NOT_ADULT');
      expect(await childrenSnapshot(t.db)).toEqual(before);
    });

    it('without a birth year: FORBIDDEN, reason AGE_UNKNOWN; nothing stored', async () => {
      const unknown = await person(t, null);
      const res = await t.gql(
        ADD_CHILD,
        { input: { firstName: '지우', birthYear: YEAR - 5 } },
        unknown.token,
      );
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(res.errors![0].extensions!.reason).toBe('AGE_UNKNOWN');
      expect(await childCount(unknown)).toBe(0);
    });

    it('anonymous: UNAUTHENTICATED', async () => {
      const res = await t.gql(ADD_CHILD, { input: { firstName: '지우', birthYear: YEAR - 5 } });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    });

    it('a suspended adult may not add a child', async () => {
      const suspended = await person(t, 1980, {
        suspendedUntil: new Date(T0.getTime() + 86_400_000),
      });
      const res = await t.gql(
        ADD_CHILD,
        { input: { firstName: '지우', birthYear: YEAR - 5 } },
        suspended.token,
      );
      expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await childCount(suspended)).toBe(0);
    });

    it('birth years: a minor only (18 years ago to this year), never in the future', async () => {
      const parent = await person(t, 1970);
      for (const birthYear of [YEAR - 18, YEAR]) {
        const res = await t.gql(
          ADD_CHILD,
          { input: { firstName: '민준', birthYear } },
          parent.token,
        );
        expect(res.errors).toBeUndefined();
      }
      for (const birthYear of [YEAR - 19, YEAR + 1, 1899, 2200, -1, 0]) {
        const res = await t.gql(
          ADD_CHILD,
          { input: { firstName: '민준', birthYear } },
          parent.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['birthYear']);
      }
      expect(await childCount(parent)).toBe(2);
    });

    it('hostile inputs: empty, blank, too long, control characters, wrong types: BAD_USER_INPUT, nothing stored', async () => {
      const parent = await person(t, 1970);
      const cases: [Record<string, unknown>, string][] = [
        [{ firstName: '', birthYear: YEAR - 5 }, 'firstName'],
        [{ firstName: '   ', birthYear: YEAR - 5 }, 'firstName'],
        [{ firstName: '가'.repeat(51), birthYear: YEAR - 5 }, 'firstName'],
        [{ firstName: 'a\u0000b', birthYear: YEAR - 5 }, 'firstName'],
        [{ firstName: 'a\u0007b', birthYear: YEAR - 5 }, 'firstName'],
      ];
      for (const [input, field] of cases) {
        const res = await t.gql(ADD_CHILD, { input }, parent.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
      }
      // Wrong types are refused by GraphQL itself, before any resolver runs.
      for (const input of [
        { firstName: 7, birthYear: YEAR - 5 },
        { firstName: '민준', birthYear: '2025' },
        { firstName: '민준', birthYear: 2020.5 },
        { firstName: '민준' },
        { firstName: '민준', birthYear: YEAR - 5, guardianId: gid('User', parent.user.id) },
      ]) {
        const res = await t.gql(ADD_CHILD, { input }, parent.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
      }
      // At the edge: 50 characters are accepted.
      const fifty = await t.gql(
        ADD_CHILD,
        { input: { firstName: '가'.repeat(50), birthYear: YEAR - 5 } },
        parent.token,
      );
      expect(fifty.errors).toBeUndefined();
      expect(await childCount(parent)).toBe(1);
    });

    it('at most 20 children per guardian: the 20th is added, the 21st is a CONFLICT', async () => {
      const parent = await person(t, 1970);
      for (let i = 1; i <= 19; i += 1) {
        const res = await t.gql(
          ADD_CHILD,
          { input: { firstName: `아이${i}`, birthYear: YEAR - 5 } },
          parent.token,
        );
        expect(res.errors).toBeUndefined();
      }
      const twentieth = await t.gql(
        ADD_CHILD,
        { input: { firstName: '스물', birthYear: YEAR - 5 } },
        parent.token,
      );
      expect(twentieth.errors).toBeUndefined();
      const twentyFirst = await t.gql(
        ADD_CHILD,
        { input: { firstName: '스물하나', birthYear: YEAR - 5 } },
        parent.token,
      );
      expect(codeOf(twentyFirst)).toBe('CONFLICT');
      expect(await childCount(parent)).toBe(20);
    });

    it('racing past the limit: 19 children, five added at once, exactly one lands', async () => {
      const parent = await person(t, 1970);
      for (let i = 1; i <= 19; i += 1) {
        await t.db.query(
          'INSERT INTO child (guardian_id, first_name, birth_year) VALUES ($1, $2, $3)',
          [parent.user.id, `아이${i}`, YEAR - 3],
        );
      }
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          t.gql(ADD_CHILD, { input: { firstName: `경주${i}`, birthYear: YEAR - 3 } }, parent.token),
        ),
      );
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => codeOf(r) === 'CONFLICT').length).toBe(4);
      expect(await childCount(parent)).toBe(20);
    });
  });

  describe('the consent text', () => {
    it('is public: anyone reads the current version', async () => {
      const res = await t.gql(CONSENT_TEXT);
      expect(res.errors).toBeUndefined();
      expect(res.data.guardianConsentText.version).toBe('2026-12');
      expect(res.data.guardianConsentText.text).toContain('제22조의2');
    });

    it('only an admin publishes a new version; others are refused and nothing changes', async () => {
      const citizen = await person(t);
      for (const [who, code] of [
        [null, 'UNAUTHENTICATED'],
        [citizen.token, 'FORBIDDEN'],
        [parksStaff.token, 'FORBIDDEN'],
        [(await createUser(t.db, t.jwt, { role: Role.MODERATOR })).token, 'FORBIDDEN'],
      ] as const) {
        const res = await t.gql(PUBLISH, { version: 'hack', text: '아무것도 묻지 않습니다' }, who);
        expect(codeOf(res)).toBe(code);
      }
      expect(await t.db.query(`SELECT version FROM consent_text`)).toEqual([
        { version: '2026-12' },
      ]);
    });

    it('hostile version and text: empty, too long, control characters; a taken version is a CONFLICT', async () => {
      for (const [variables, field] of [
        [{ version: '', text: '본문' }, 'version'],
        [{ version: 'v'.repeat(41), text: '본문' }, 'version'],
        [{ version: 'v\u0001', text: '본문' }, 'version'],
        [{ version: 'v-x', text: '' }, 'text'],
        [{ version: 'v-x', text: '가'.repeat(20_001) }, 'text'],
      ] as const) {
        const res = await t.gql(PUBLISH, variables, admin.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
      }
      const taken = await t.gql(PUBLISH, { version: '2026-12', text: '다른 본문' }, admin.token);
      expect(codeOf(taken)).toBe('CONFLICT');
      const [seeded] = await t.db.query(`SELECT text FROM consent_text WHERE version = '2026-12'`);
      expect(seeded.text).not.toBe('다른 본문');
    });

    it('a revision becomes current, and registering under the old version is refused, naming the new one', async () => {
      const parent = await person(t, 1985);
      const workshopId = await workshopRow(t.db, parksId);
      const child = await t.gql(
        ADD_CHILD,
        { input: { firstName: '예준', birthYear: YEAR - 8 } },
        parent.token,
      );
      const text = `개정된 동의문\n${'가'.repeat(19_990)}`;
      const published = await t.gql(PUBLISH, { version: '2031-06', text }, admin.token);
      expect(published.errors).toBeUndefined();
      expect(published.data.publishGuardianConsentText).toMatchObject({ version: '2031-06', text });
      expect((await t.gql(CONSENT_TEXT)).data.guardianConsentText.version).toBe('2031-06');

      const before = await childrenSnapshot(t.db);
      const old = await t.gql(
        REGISTER_CHILD,
        {
          input: {
            workshopId: gid('Workshop', workshopId),
            childId: child.data.addChild.id,
            relationship: '아버지',
            consentTextVersion: '2026-12',
          },
        },
        parent.token,
      );
      expect(codeOf(old)).toBe('BAD_USER_INPUT');
      expect(badFields(old)).toEqual(['consentTextVersion']);
      expect(old.errors![0].message).toContain('2031-06');
      expect(await childrenSnapshot(t.db)).toEqual(before);

      const current = await t.gql(
        REGISTER_CHILD,
        {
          input: {
            workshopId: gid('Workshop', workshopId),
            childId: child.data.addChild.id,
            relationship: '아버지',
            consentTextVersion: '2031-06',
          },
        },
        parent.token,
      );
      expect(current.errors).toBeUndefined();
      expect(current.data.registerChild.consent.consentTextVersion).toBe('2031-06');
    });
  });

  describe('Workshop.childrenAllowed, minimumAge, maximumAge', () => {
    const base = {
      title: '어린이 디자인 캠프',
      description: '놀이터를 그려요',
      kind: 'DESIGN_CAMP',
      startsAt: new Date(T0.getTime() + 7 * 86_400_000).toISOString(),
      endsAt: new Date(T0.getTime() + 7 * 86_400_000 + 3_600_000).toISOString(),
    };

    it('default: no children, no ages; organizers set them on creation and change them', async () => {
      const plain = await t.gql(CREATE, { input: base }, parksStaff.token);
      expect(plain.errors).toBeUndefined();
      expect(plain.data.createWorkshop).toMatchObject({
        childrenAllowed: false,
        minimumAge: null,
        maximumAge: null,
      });
      const camp = await t.gql(
        CREATE,
        { input: { ...base, childrenAllowed: true, minimumAge: 7, maximumAge: 7 } },
        parksStaff.token,
      );
      expect(camp.errors).toBeUndefined();
      expect(camp.data.createWorkshop).toMatchObject({
        childrenAllowed: true,
        minimumAge: 7,
        maximumAge: 7,
      });

      const id = camp.data.createWorkshop.id;
      const raised = await t.gql(UPDATE, { input: { id, maximumAge: 12 } }, parksStaff.token);
      expect(raised.data.updateWorkshop).toMatchObject({
        childrenAllowed: true,
        minimumAge: 7,
        maximumAge: 12,
      });
      const opened = await t.gql(
        UPDATE,
        { input: { id, minimumAge: null, childrenAllowed: null } },
        parksStaff.token,
      );
      expect(opened.data.updateWorkshop).toMatchObject({
        childrenAllowed: true,
        minimumAge: null,
        maximumAge: 12,
      });
      const closed = await t.gql(
        UPDATE,
        { input: { id, childrenAllowed: false } },
        parksStaff.token,
      );
      expect(closed.data.updateWorkshop.childrenAllowed).toBe(false);
    });

    it('ages 0-120, maximumAge at least minimumAge: else BAD_USER_INPUT naming the field, nothing stored', async () => {
      for (const [extra, field] of [
        [{ minimumAge: -1 }, 'minimumAge'],
        [{ minimumAge: 121 }, 'minimumAge'],
        [{ maximumAge: 121 }, 'maximumAge'],
        [{ minimumAge: 10, maximumAge: 9 }, 'maximumAge'],
      ] as const) {
        const res = await t.gql(CREATE, { input: { ...base, ...extra } }, parksStaff.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
      }
      const edges = await t.gql(
        CREATE,
        { input: { ...base, minimumAge: 0, maximumAge: 120 } },
        parksStaff.token,
      );
      expect(edges.errors).toBeUndefined();

      const camp = await t.gql(
        CREATE,
        { input: { ...base, childrenAllowed: true, minimumAge: 7, maximumAge: 12 } },
        parksStaff.token,
      );
      const id = camp.data.createWorkshop.id;
      // Against the stored end: lowering the maximum below the stored minimum.
      const below = await t.gql(UPDATE, { input: { id, maximumAge: 6 } }, parksStaff.token);
      expect(codeOf(below)).toBe('BAD_USER_INPUT');
      expect(badFields(below)).toEqual(['maximumAge']);
      const wrongType = await t.gql(UPDATE, { input: { id, minimumAge: '7' } }, parksStaff.token);
      expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
      const [row] = await t.db.query(
        'SELECT children_allowed, minimum_age, maximum_age FROM workshop WHERE id = $1',
        [parseGlobalId(id)!.id],
      );
      expect(row).toEqual({ children_allowed: true, minimum_age: 7, maximum_age: 12 });
    });

    it('staff of another department may not change them', async () => {
      const roads = await createDepartment(t.db, { name: '도로과' });
      const roadsStaff = await createUser(t.db, t.jwt, {
        role: Role.STAFF,
        departmentId: roads.id,
      });
      const camp = await t.gql(
        CREATE,
        { input: { ...base, childrenAllowed: true } },
        parksStaff.token,
      );
      const id = camp.data.createWorkshop.id;
      const res = await t.gql(UPDATE, { input: { id, childrenAllowed: false } }, roadsStaff.token);
      expect(codeOf(res)).toBe('FORBIDDEN');
      const [row] = await t.db.query('SELECT children_allowed FROM workshop WHERE id = $1', [
        parseGlobalId(id)!.id,
      ]);
      expect(row.children_allowed).toBe(true);
    });
  });
});
