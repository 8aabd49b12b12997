import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { createDistrict } from '../../src/catalog/testing/district.factory.js';
import type { DistrictEntity } from '../../src/catalog/district.entity.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { UserEntity } from '../../src/identity/user.entity.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { globalId } from './support.js';

const SET_BIRTH_YEAR = `mutation SetBirthYear($year: Int!) {
  setBirthYear(year: $year) { id birthYear birthYearVerified }
}`;

const VERIFY = `mutation Verify($input: VerifyResidencyInput!) {
  verifyResidency(input: $input) {
    id
    birthYear
    residency { status verifiedAt district { id slug } verifiedBy { id } }
  }
}`;

const READ_USER = `query ReadUser($id: ID!) {
  node(id: $id) {
    ... on User {
      birthYear
      birthYearVerified
      residency { status verifiedAt district { slug name } verifiedBy { id displayName } }
    }
  }
}`;

/** This year in Seoul, computed here independently of the server's code. */
function seoulYear(at: Date = new Date()): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Seoul', year: 'numeric' }).format(at),
  );
}

interface ResidencyRow {
  birth_year: number | null;
  birth_year_verified: boolean;
  residency_district_id: string | null;
  residency_verified_at: Date | null;
  residency_verified_by_id: string | null;
}

interface AuditRow {
  action: string;
  actor_id: string | null;
  target_type: string;
  target_id: string;
  before: string | null;
  after: string | null;
}

describe('birth year and verified residency', () => {
  let t: TestApp;
  let department: { id: string };
  let otherDepartment: { id: string };
  let dongchung: DistrictEntity;
  let unbong: DistrictEntity;
  let staff: TestUser;
  let otherStaff: TestUser;
  let admin: TestUser;
  let moderator: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    department = await createDepartment(t.db);
    otherDepartment = await createDepartment(t.db);
    dongchung = await createDistrict(t.db, { slug: 'dongchung', name: '동충동' });
    unbong = await createDistrict(t.db, { slug: 'unbong', name: '운봉읍' });
    staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
    otherStaff = await createUser(t.db, t.jwt, {
      role: Role.STAFF,
      departmentId: otherDepartment.id,
    });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
  });
  afterAll(() => t.close());

  const citizen = () => createUser(t.db, t.jwt);
  const id = (user: TestUser) => globalId('User', user.user.id);
  const districtId = (district: DistrictEntity) => globalId('District', district.id);

  const row = async (user: TestUser): Promise<ResidencyRow> => {
    const rows: ResidencyRow[] = await t.db.query(
      `SELECT birth_year, birth_year_verified, residency_district_id, residency_verified_at,
              residency_verified_by_id
       FROM app_user WHERE id = $1`,
      [user.user.id],
    );
    return rows[0]!;
  };

  const auditOf = (user: TestUser): Promise<AuditRow[]> =>
    t.db.query(
      `SELECT action, actor_id, target_type, target_id, before, after FROM audit_entry
       WHERE target_type = 'User' AND target_id = $1 ORDER BY created_at, id`,
      [user.user.id],
    );

  const verify = (input: Record<string, unknown>, token: string | null) =>
    t.gql(VERIFY, { input }, token);

  const verifyDirectly = (user: TestUser, district: DistrictEntity, by: TestUser) =>
    t.db.getRepository(UserEntity).update(user.user.id, {
      residencyDistrictId: district.id,
      residencyVerifiedAt: new Date(),
      residencyVerifiedById: by.user.id,
    });

  describe('setBirthYear', () => {
    it('stores the signed-in user’s own birth year, unverified, and shows it to them', async () => {
      const me = await citizen();
      const res = await t.gql(SET_BIRTH_YEAR, { year: 1990 }, me.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.setBirthYear).toEqual({
        id: id(me),
        birthYear: 1990,
        birthYearVerified: false,
      });
      expect(await row(me)).toMatchObject({ birth_year: 1990, birth_year_verified: false });
    });

    it('lets the user change an unverified birth year', async () => {
      const me = await citizen();
      await t.gql(SET_BIRTH_YEAR, { year: 1990 }, me.token);
      const res = await t.gql(SET_BIRTH_YEAR, { year: 1991 }, me.token);
      expect(res.data.setBirthYear.birthYear).toBe(1991);
      expect((await row(me)).birth_year).toBe(1991);
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const res = await t.gql(SET_BIRTH_YEAR, { year: 1990 });
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    });

    it('lets a suspended user set it: it is their own data, read by nobody but them and admins', async () => {
      const suspended = await createUser(t.db, t.jwt, {
        suspendedUntil: new Date(Date.now() + 86_400_000),
      });
      const res = await t.gql(SET_BIRTH_YEAR, { year: 1985 }, suspended.token);
      expect(res.errors).toBeUndefined();
      expect((await row(suspended)).birth_year).toBe(1985);
    });

    it('accepts 1900 and this year, the edges of the range', async () => {
      const me = await citizen();
      for (const year of [1900, seoulYear()]) {
        const res = await t.gql(SET_BIRTH_YEAR, { year }, me.token);
        expect(res.errors).toBeUndefined();
        expect((await row(me)).birth_year).toBe(year);
      }
    });

    it.each([
      ['1899', () => 1899],
      ['next year', () => seoulYear() + 1],
      ['a negative year', () => -1990],
      ['year 0', () => 0],
      ['a two-digit year', () => 90],
    ])('refuses %s as BAD_USER_INPUT on year, and keeps what was stored', async (_label, year) => {
      const me = await citizen();
      await t.gql(SET_BIRTH_YEAR, { year: 1970 }, me.token);
      const res = await t.gql(SET_BIRTH_YEAR, { year: year() }, me.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual(['year']);
      expect((await row(me)).birth_year).toBe(1970);
    });

    it.each([
      ['a string', '1990'],
      ['a fraction', 1990.5],
      ['a number past 32 bits', 2 ** 40],
      ['null', null],
      ['an object', { $gt: 0 }],
    ])('refuses %s as BAD_USER_INPUT, storing nothing', async (_label, year) => {
      const me = await citizen();
      const res = await t.gql(SET_BIRTH_YEAR, { year }, me.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect((await row(me)).birth_year).toBeNull();
    });

    describe('at the turn of the year in Seoul (15:00 UTC on 31 December)', () => {
      afterEach(() => restoreClock());

      const atClock = async (at: string, year: number) => {
        freezeClock(new Date(at));
        const me = await citizen();
        // A token minted on the frozen clock: the factory's own was minted before it.
        const token = await tokenFor(t.db, t.jwt, me.user);
        return { me, res: await t.gql(SET_BIRTH_YEAR, { year }, token) };
      };

      it('refuses next year’s babies one millisecond before midnight in Seoul', async () => {
        const { me, res } = await atClock('2026-12-31T14:59:59.999Z', 2027);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['year']);
        expect((await row(me)).birth_year).toBeNull();
      });

      it('accepts them at midnight in Seoul, while it is still 31 December in UTC', async () => {
        const { me, res } = await atClock('2026-12-31T15:00:00.000Z', 2027);
        expect(res.errors).toBeUndefined();
        expect((await row(me)).birth_year).toBe(2027);
      });
    });

    it('refuses to change a birth year staff verified off an ID: CONFLICT, also for the same year', async () => {
      const me = await citizen();
      await t.gql(SET_BIRTH_YEAR, { year: 1990 }, me.token);
      const verified = await verify(
        { userId: id(me), districtId: districtId(dongchung), birthYear: 1988 },
        staff.token,
      );
      expect(verified.errors).toBeUndefined();
      for (const year of [1995, 1988]) {
        const res = await t.gql(SET_BIRTH_YEAR, { year }, me.token);
        expect(codeOf(res)).toBe('CONFLICT');
      }
      expect(await row(me)).toMatchObject({ birth_year: 1988, birth_year_verified: true });
    });

    it('still lets the user set it after a verification that recorded no birth year', async () => {
      const me = await citizen();
      await verify({ userId: id(me), districtId: districtId(dongchung) }, staff.token);
      const res = await t.gql(SET_BIRTH_YEAR, { year: 2001 }, me.token);
      expect(res.errors).toBeUndefined();
      expect(await row(me)).toMatchObject({ birth_year: 2001, birth_year_verified: false });
    });
  });

  describe('who reads birthYear and residency', () => {
    let subject: TestUser;

    beforeAll(async () => {
      subject = await citizen();
      await t.db.getRepository(UserEntity).update(subject.user.id, { birthYear: 1977 });
      await verifyDirectly(subject, unbong, staff);
    });

    const read = (token: string | null) => t.gql(READ_USER, { id: id(subject) }, token);

    it('shows the user themself both', async () => {
      const res = await read(subject.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({
        birthYear: 1977,
        birthYearVerified: false,
        residency: {
          status: 'VERIFIED',
          verifiedAt: expect.any(String),
          district: { slug: 'unbong', name: '운봉읍' },
          verifiedBy: { id: id(staff), displayName: staff.user.displayName },
        },
      });
    });

    it('shows an admin both', async () => {
      const res = await read(admin.token);
      expect(res.data.node.birthYear).toBe(1977);
      expect(res.data.node.residency.district.slug).toBe('unbong');
    });

    it('shows staff of any department the residency, never the birth year', async () => {
      for (const reader of [staff, otherStaff]) {
        const res = await read(reader.token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node.birthYear).toBeNull();
        expect(res.data.node.birthYearVerified).toBeNull();
        expect(res.data.node.residency).toMatchObject({
          status: 'VERIFIED',
          district: { slug: 'unbong' },
        });
      }
    });

    it.each(['another citizen', 'a moderator', 'anonymous'] as const)(
      'shows %s neither',
      async (who) => {
        const token =
          who === 'anonymous'
            ? null
            : who === 'a moderator'
              ? moderator.token
              : (await citizen()).token;
        const res = await read(token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node).toEqual({
          birthYear: null,
          birthYearVerified: null,
          residency: null,
        });
      },
    );

    it('answers the same in the users list (for admins) as through node()', async () => {
      const res = await t.gql(
        `query($search: String!) { users(search: $search) { nodes { id birthYear residency { status } } } }`,
        { search: subject.user.email },
        admin.token,
      );
      const served = res.data.users.nodes.find((u: { id: string }) => u.id === id(subject));
      expect(served).toEqual({
        id: id(subject),
        birthYear: 1977,
        residency: { status: 'VERIFIED' },
      });
    });

    it('shows an unverified user UNVERIFIED, with no district, time or verifier', async () => {
      const fresh = await citizen();
      const res = await t.gql(READ_USER, { id: id(fresh) }, fresh.token);
      expect(res.data.node).toEqual({
        birthYear: null,
        birthYearVerified: false,
        residency: { status: 'UNVERIFIED', verifiedAt: null, district: null, verifiedBy: null },
      });
    });

    it('shows a verification whose verifier’s account is gone with verifiedBy null, still VERIFIED', async () => {
      const leaver = await createUser(t.db, t.jwt, {
        role: Role.STAFF,
        departmentId: department.id,
      });
      const verifiedByLeaver = await citizen();
      await verifyDirectly(verifiedByLeaver, dongchung, leaver);
      await t.db.query('DELETE FROM audit_entry WHERE actor_id = $1', [leaver.user.id]);
      await t.db.query('DELETE FROM auth_session WHERE user_id = $1', [leaver.user.id]);
      await t.db.query('DELETE FROM app_user WHERE id = $1', [leaver.user.id]);
      const res = await t.gql(READ_USER, { id: id(verifiedByLeaver) }, verifiedByLeaver.token);
      expect(res.data.node.residency).toMatchObject({
        status: 'VERIFIED',
        district: { slug: 'dongchung' },
        verifiedBy: null,
      });
    });

    it('reads the districts and verifiers of many users in a fixed number of statements', async () => {
      const many = await Promise.all(Array.from({ length: 12 }, () => citizen()));
      for (const [i, user] of many.entries()) {
        await verifyDirectly(user, i % 2 ? dongchung : unbong, i % 3 ? staff : otherStaff);
      }
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on User {
        residency { district { name } verifiedBy { displayName } } } } }`;
      const cost = async (users: TestUser[]) => {
        const { result, queries } = await countQueries(t.db, () =>
          t.gql(query, { ids: users.map(id) }, admin.token),
        );
        expect(result.errors).toBeUndefined();
        expect(result.data.nodes.every((n: { residency: unknown }) => n.residency !== null)).toBe(
          true,
        );
        return queries.length;
      };
      expect(await cost(many)).toBe(await cost(many.slice(0, 1)));
    });
  });

  describe('verifyResidency', () => {
    afterEach(() => restoreClock());

    it('lets staff of any department verify a citizen: the district, the app clock’s time, themself as verifier', async () => {
      const at = new Date('2026-11-03T01:02:03.456Z');
      freezeClock(at);
      const me = await citizen();
      const token = await tokenFor(t.db, t.jwt, otherStaff.user);
      const res = await verify({ userId: id(me), districtId: districtId(dongchung) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.verifyResidency).toEqual({
        id: id(me),
        birthYear: null, // staff do not read birth years
        residency: {
          status: 'VERIFIED',
          verifiedAt: at.toISOString(),
          district: { id: districtId(dongchung), slug: 'dongchung' },
          verifiedBy: { id: id(otherStaff) },
        },
      });
      expect(await row(me)).toEqual({
        birth_year: null,
        birth_year_verified: false,
        residency_district_id: dongchung.id,
        residency_verified_at: at,
        residency_verified_by_id: otherStaff.user.id,
      });
    });

    it('writes an audit entry with what was before and after, in the same transaction', async () => {
      const me = await citizen();
      const res = await verify(
        { userId: id(me), districtId: districtId(dongchung), birthYear: 1960 },
        staff.token,
      );
      expect(res.errors).toBeUndefined();
      expect(await auditOf(me)).toEqual([
        {
          action: 'RESIDENCY_VERIFIED',
          actor_id: staff.user.id,
          target_type: 'User',
          target_id: me.user.id,
          before: 'UNVERIFIED',
          after: 'VERIFIED (동충동) birthYear=1960',
        },
      ]);
    });

    it('lets an admin verify, recording the birth year read off the ID as verified', async () => {
      const me = await citizen();
      await t.gql(SET_BIRTH_YEAR, { year: 1999 }, me.token);
      const res = await verify(
        { userId: id(me), districtId: districtId(unbong), birthYear: 1998 },
        admin.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.verifyResidency.birthYear).toBe(1998); // admins read birth years
      expect(await row(me)).toMatchObject({
        birth_year: 1998,
        birth_year_verified: true,
        residency_district_id: unbong.id,
        residency_verified_by_id: admin.user.id,
      });
    });

    it('replaces an earlier verification when the person moves, and audits the move', async () => {
      const me = await citizen();
      await verify(
        { userId: id(me), districtId: districtId(dongchung), birthYear: 1970 },
        staff.token,
      );
      const first = await row(me);
      const res = await verify(
        { userId: id(me), districtId: districtId(unbong) },
        otherStaff.token,
      );
      expect(res.errors).toBeUndefined();
      const second = await row(me);
      expect(second).toMatchObject({
        birth_year: 1970, // no birth year given: the verified one stays
        birth_year_verified: true,
        residency_district_id: unbong.id,
        residency_verified_by_id: otherStaff.user.id,
      });
      expect(second.residency_verified_at!.getTime()).toBeGreaterThanOrEqual(
        first.residency_verified_at!.getTime(),
      );
      expect((await auditOf(me)).map((a) => [a.actor_id, a.before, a.after])).toEqual([
        [staff.user.id, 'UNVERIFIED', 'VERIFIED (동충동) birthYear=1970'],
        [
          otherStaff.user.id,
          'VERIFIED (동충동) birthYear=1970',
          'VERIFIED (운봉읍) birthYear=1970',
        ],
      ]);
    });

    describe('refusals, which write nothing', () => {
      let target: TestUser;
      beforeAll(async () => {
        target = await citizen();
      });

      const expectUntouched = async () => {
        expect(await row(target)).toEqual({
          birth_year: null,
          birth_year_verified: false,
          residency_district_id: null,
          residency_verified_at: null,
          residency_verified_by_id: null,
        });
        expect(await auditOf(target)).toEqual([]);
      };

      it.each([
        ['anonymous', () => null, 'UNAUTHENTICATED'],
        ['a citizen', () => target.token, 'FORBIDDEN'],
        ['another citizen', async () => (await citizen()).token, 'FORBIDDEN'],
        ['a moderator', () => moderator.token, 'FORBIDDEN'],
        [
          'suspended staff',
          async () =>
            (
              await createUser(t.db, t.jwt, {
                role: Role.STAFF,
                departmentId: department.id,
                suspendedUntil: new Date(Date.now() + 86_400_000),
              })
            ).token,
          'FORBIDDEN',
        ],
      ])('refuses %s', async (_label, token, code) => {
        const res = await verify(
          { userId: id(target), districtId: districtId(dongchung), birthYear: 1990 },
          await token(),
        );
        expect(codeOf(res)).toBe(code);
        await expectUntouched();
      });

      it.each([
        ['staff', () => staff],
        ['an admin', () => admin],
      ])('refuses %s verifying their own residency: FORBIDDEN', async (_label, who) => {
        const self = who();
        const res = await verify(
          { userId: id(self), districtId: districtId(dongchung) },
          self.token,
        );
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect((await row(self)).residency_district_id).toBeNull();
        expect(await auditOf(self)).toEqual([]);
      });

      it('answers BAD_USER_INPUT on districtId for a district that does not exist', async () => {
        const res = await verify(
          { userId: id(target), districtId: globalId('District', randomUUID()) },
          staff.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['districtId']);
        await expectUntouched();
      });

      it('says so in the reader’s language (Accept-Language)', async () => {
        const input = { userId: id(target), districtId: globalId('District', randomUUID()) };
        const korean = await t.gql(VERIFY, { input }, staff.token, { 'Accept-Language': 'ko' });
        const english = await t.gql(VERIFY, { input }, staff.token, { 'Accept-Language': 'en' });
        expect(korean.errors?.[0]?.extensions?.fieldErrors).toEqual([
          { field: 'districtId', message: expect.stringContaining('읍·면·동이 없습니다') },
        ]);
        expect(english.errors?.[0]?.extensions?.fieldErrors).toEqual([
          { field: 'districtId', message: 'districtId names no district' },
        ]);
        const own = await t.gql(
          VERIFY,
          { input: { userId: id(staff), districtId: districtId(dongchung) } },
          staff.token,
          { 'Accept-Language': 'ko' },
        );
        expect(own.errors?.[0]?.message).toContain('자기 거주지');
      });

      it.each([
        [
          'a department’s ID as districtId',
          () => ({ districtId: globalId('Department', dongchung.id) }),
          'districtId',
        ],
        [
          'a district’s ID as userId',
          () => ({ userId: globalId('District', target.user.id) }),
          'userId',
        ],
        ['junk as districtId', () => ({ districtId: 'not-an-id' }), 'districtId'],
        ['a raw uuid as userId', () => ({ userId: target.user.id }), 'userId'],
      ])('answers BAD_USER_INPUT for %s', async (_label, override, field) => {
        const res = await verify(
          { userId: id(target), districtId: districtId(dongchung), ...override() },
          staff.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
        await expectUntouched();
      });

      it('answers NOT_FOUND for a user that does not exist', async () => {
        const res = await verify(
          { userId: globalId('User', randomUUID()), districtId: districtId(dongchung) },
          staff.token,
        );
        expect(codeOf(res)).toBe('NOT_FOUND');
      });

      it.each([
        ['1899', () => 1899],
        ['next year', () => seoulYear() + 1],
      ])('refuses a birth year of %s as BAD_USER_INPUT on birthYear', async (_label, year) => {
        const res = await verify(
          { userId: id(target), districtId: districtId(dongchung), birthYear: year() },
          staff.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['birthYear']);
        await expectUntouched();
      });

      it.each([
        ['a string birth year', { birthYear: '1990' }],
        ['a fractional birth year', { birthYear: 1990.5 }],
        ['a missing districtId', { districtId: undefined }],
        ['an unknown field', { address: '남원시 동충동' }],
      ])('refuses %s as BAD_USER_INPUT', async (_label, override) => {
        const res = await verify(
          { userId: id(target), districtId: districtId(dongchung), ...override },
          staff.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        await expectUntouched();
      });
    });

    describe('at the same time', () => {
      it('lets two members of staff verify each other at once, without a deadlock', async () => {
        const a = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
        const b = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id });
        for (let round = 0; round < 5; round += 1) {
          const [ab, ba] = await Promise.all([
            verify(
              { userId: id(b), districtId: districtId(round % 2 ? unbong : dongchung) },
              a.token,
            ),
            verify(
              { userId: id(a), districtId: districtId(round % 2 ? dongchung : unbong) },
              b.token,
            ),
          ]);
          expect([ab.errors, ba.errors]).toEqual([undefined, undefined]);
        }
        expect((await auditOf(a)).length).toBe(5);
        expect((await auditOf(b)).length).toBe(5);
      });

      it('chains concurrent verifications of one person: each audit entry starts where another ended', async () => {
        const me = await citizen();
        const districts = await Promise.all(
          Array.from({ length: 6 }, (_, i) => createDistrict(t.db, { name: `경합동 ${i}` })),
        );
        const desks = [staff, otherStaff, admin, staff, otherStaff, admin];
        const results = await Promise.all(
          desks.map((desk, i) =>
            verify({ userId: id(me), districtId: districtId(districts[i]!) }, desk.token),
          ),
        );
        expect(results.map((r) => codeOf(r) ?? 'ok')).toEqual(desks.map(() => 'ok'));
        // Walk the entries from UNVERIFIED: each must start where exactly one other ended (with
        // every district different, two entries starting alike would mean a lost update).
        const pending = await auditOf(me);
        expect(pending).toHaveLength(6);
        let state = 'UNVERIFIED';
        while (pending.length) {
          const next = pending.findIndex((entry) => entry.before === state);
          expect(next).toBeGreaterThanOrEqual(0);
          state = pending.splice(next, 1)[0]!.after!;
        }
        // The row holds where the walk ended.
        const stored = await row(me);
        const last = districts.find((d) => d.id === stored.residency_district_id)!;
        expect(state).toBe(`VERIFIED (${last.name})`);
      });

      it('never loses a verified birth year to a setBirthYear racing the verification', async () => {
        for (let round = 0; round < 5; round += 1) {
          const me = await citizen();
          const [, set] = await Promise.all([
            verify(
              { userId: id(me), districtId: districtId(dongchung), birthYear: 1950 },
              staff.token,
            ),
            t.gql(SET_BIRTH_YEAR, { year: 2000 }, me.token),
          ]);
          const stored = await row(me);
          expect(stored).toMatchObject({ birth_year_verified: true, birth_year: 1950 });
          // Either it ran first (and was overwritten by the ID's year) or it was refused.
          expect([undefined, 'CONFLICT']).toContain(codeOf(set));
        }
      });
    });
  });

  describe('revokeResidency', () => {
    const REVOKE = `mutation($userId: ID!) { revokeResidency(userId: $userId) {
      id residency { status district { slug } verifiedAt verifiedBy { id } } } }`;

    it('staff make a verified resident UNVERIFIED again, audited; the birth year read off the ID stays', async () => {
      const me = await citizen();
      await verify(
        { userId: id(me), districtId: districtId(unbong), birthYear: 1970 },
        staff.token,
      );
      const res = await t.gql(REVOKE, { userId: id(me) }, otherStaff.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.revokeResidency.residency).toEqual({
        status: 'UNVERIFIED',
        district: null,
        verifiedAt: null,
        verifiedBy: null,
      });
      expect(await row(me)).toMatchObject({
        birth_year: 1970,
        birth_year_verified: true,
        residency_district_id: null,
        residency_verified_at: null,
        residency_verified_by_id: null,
      });
      expect((await auditOf(me)).map((e) => [e.action, e.actor_id, e.before, e.after])).toEqual([
        ['RESIDENCY_VERIFIED', staff.user.id, 'UNVERIFIED', 'VERIFIED (운봉읍) birthYear=1970'],
        ['RESIDENCY_REVOKED', otherStaff.user.id, 'VERIFIED (운봉읍) birthYear=1970', 'UNVERIFIED'],
      ]);
    });

    it('refuses citizens and moderators (FORBIDDEN), oneself (FORBIDDEN), the unverified (CONFLICT), changing nothing', async () => {
      const me = await citizen();
      await verifyDirectly(me, dongchung, staff);
      const before = await row(me);
      for (const who of [me, await citizen(), moderator]) {
        const res = await t.gql(REVOKE, { userId: id(me) }, who.token);
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      await verifyDirectly(staff, dongchung, admin);
      const own = await t.gql(REVOKE, { userId: id(staff) }, staff.token);
      expect(own.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await row(me)).toEqual(before);
      const unverified = await citizen();
      const res = await t.gql(REVOKE, { userId: id(unverified) }, admin.token);
      expect(res.errors?.[0].extensions?.code).toBe('CONFLICT');
      const other = await t.gql(REVOKE, { userId: districtId(dongchung) }, admin.token);
      expect(other.errors?.[0].extensions?.fieldErrors?.[0].field).toBe('userId');
    });
  });
});
