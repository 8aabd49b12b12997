import { randomUUID } from 'node:crypto';
import { Role } from '../../src/core/access/role.js';
import { decodeGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

const FIELDS = `id title description kind startsAt endsAt location capacity registeredCount
  waitlistCount outcome outcomePublishedAt organizer { slug } process { slug }`;
const CREATE = `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { ${FIELDS} } }`;
const PUBLISH = `mutation($input: PublishWorkshopOutcomeInput!) { publishWorkshopOutcome(input: $input) {
  outcome outcomePublishedAt proposals { id } } }`;
const REGISTER = `mutation($id: ID!) { registerForWorkshop(workshopId: $id) { status } }`;
const LIST = `query($filter: WorkshopFilter, $first: Int, $after: String) {
  workshops(filter: $filter, first: $first, after: $after) {
    totalCount nodes { id startsAt } pageInfo { hasNextPage endCursor } } }`;

const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();
const wid = (id: string) => toGlobalId('Workshop', id);
const raw = (globalId: string) => decodeGlobalId(globalId, 'Workshop')!;

describe('workshops: create, update, outcome, lists, comments', () => {
  let t: TestApp;
  let parks: DepartmentEntity;
  let roads: DepartmentEntity;
  let processId: string;
  let listProcessId: string;
  let parksStaff: TestUser;
  let roadsStaff: TestUser;
  let suspendedStaff: TestUser;
  let citizen: TestUser;
  let citizen2: TestUser;
  let moderator: TestUser;
  let admin: TestUser;

  const base = (over: Record<string, unknown> = {}) => ({
    title: '생태놀이터 디자인 캠프',
    description: '아이들과 함께 놀이터를 설계합니다.',
    kind: 'DESIGN_CAMP',
    startsAt: at(48),
    endsAt: at(50),
    ...over,
  });

  /** Every workshop row and link, to prove a refused call changed nothing. */
  const snapshot = async () => ({
    workshops: await t.db.query('SELECT * FROM workshop ORDER BY id'),
    links: await t.db.query('SELECT * FROM workshop_proposal ORDER BY workshop_id, proposal_id'),
  });

  /** A workshop made through the API by parks staff; its global id. */
  const make = async (over: Record<string, unknown> = {}, who?: TestUser): Promise<string> => {
    const res = await t.gql(CREATE, { input: base(over) }, (who ?? parksStaff).token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data.createWorkshop.id;
  };

  /** Moves a workshop's times so that it has started (hours ago). */
  const start = (id: string, hoursAgo = 2) =>
    t.db.query(
      `UPDATE workshop SET starts_at = now() - make_interval(hours => $2),
                           ends_at = now() - make_interval(hours => $2) + interval '1 hour'
        WHERE id = $1`,
      [raw(id), hoursAgo],
    );

  beforeAll(async () => {
    t = await startTestApp();
    parks = await createDepartment(t.db, { slug: 'parks' });
    roads = await createDepartment(t.db, { slug: 'roads' });
    [{ id: processId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('green', '녹색 도시') RETURNING id`,
    );
    [{ id: listProcessId }] = await t.db.query(
      `INSERT INTO participatory_process (slug, title) VALUES ('lists', '목록') RETURNING id`,
    );
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roads.id });
    suspendedStaff = await createUser(t.db, t.jwt, {
      role: Role.STAFF,
      departmentId: parks.id,
      suspendedUntil: new Date(Date.now() + 86_400_000),
    });
    citizen = await createUser(t.db, t.jwt);
    citizen2 = await createUser(t.db, t.jwt);
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  });
  afterAll(() => t.close());

  describe('permissions, from the forbidden side', () => {
    let w: string;
    beforeAll(async () => {
      w = await make();
      await start(await make({ title: '시작한 워크숍' }));
    });

    it('refuses createWorkshop to anonymous (UNAUTHENTICATED) and others (FORBIDDEN)', async () => {
      const before = await snapshot();
      expect(codeOf(await t.gql(CREATE, { input: base() }, null))).toBe('UNAUTHENTICATED');
      for (const who of [citizen, moderator, suspendedStaff]) {
        expect(codeOf(await t.gql(CREATE, { input: base() }, who.token))).toBe('FORBIDDEN');
      }
      const other = await t.gql(
        CREATE,
        { input: base({ organizerId: toGlobalId('Department', roads.id) }) },
        parksStaff.token,
      );
      expect(codeOf(other)).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses updateWorkshop and publishWorkshopOutcome to all but the organizer and admins', async () => {
      const started = (await t.db.query(`SELECT id FROM workshop WHERE title = '시작한 워크숍'`))[0]
        .id as string;
      const before = await snapshot();
      const update = { id: w, title: '바뀐 제목' };
      const publish = { workshopId: wid(started), outcome: '결과' };
      expect(codeOf(await t.gql(UPDATE, { input: update }, null))).toBe('UNAUTHENTICATED');
      expect(codeOf(await t.gql(PUBLISH, { input: publish }, null))).toBe('UNAUTHENTICATED');
      for (const who of [citizen, moderator, suspendedStaff, roadsStaff]) {
        expect(codeOf(await t.gql(UPDATE, { input: update }, who.token))).toBe('FORBIDDEN');
        expect(codeOf(await t.gql(PUBLISH, { input: publish }, who.token))).toBe('FORBIDDEN');
      }
      expect(await snapshot()).toEqual(before);
    });

    it('admin must name the organizer; with one it works; staff default to their own', async () => {
      const before = await snapshot();
      const none = await t.gql(CREATE, { input: base() }, admin.token);
      expect(codeOf(none)).toBe('BAD_USER_INPUT');
      expect(badFields(none)).toEqual(['organizerId']);
      expect(await snapshot()).toEqual(before);

      const byAdmin = await t.gql(
        CREATE,
        { input: base({ organizerId: toGlobalId('Department', roads.id) }) },
        admin.token,
      );
      expect(byAdmin.errors).toBeUndefined();
      expect(byAdmin.data.createWorkshop.organizer).toEqual({ slug: 'roads' });

      const byStaff = await t.gql(CREATE, { input: base() }, parksStaff.token);
      expect(byStaff.data.createWorkshop.organizer).toEqual({ slug: 'parks' });
      const naming = await t.gql(
        CREATE,
        { input: base({ organizerId: toGlobalId('Department', parks.id) }) },
        parksStaff.token,
      );
      expect(naming.data.createWorkshop.organizer).toEqual({ slug: 'parks' });
      // The admin can edit a workshop of any department; roads staff can edit roads' own.
      const edited = await t.gql(
        UPDATE,
        { input: { id: byAdmin.data.createWorkshop.id, title: '도로 원탁회의' } },
        roadsStaff.token,
      );
      expect(edited.data.updateWorkshop.title).toBe('도로 원탁회의');
      const byAdminEdit = await t.gql(UPDATE, { input: { id: w, capacity: 7 } }, admin.token);
      expect(byAdminEdit.data.updateWorkshop.capacity).toBe(7);
    });
  });

  describe('hostile input to createWorkshop', () => {
    const refuse = async (input: Record<string, unknown>, who: TestUser, fields?: string[]) => {
      const before = await snapshot();
      const res = await t.gql(CREATE, { input }, who.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      if (fields) expect(badFields(res)).toEqual(fields);
      expect(await snapshot()).toEqual(before);
    };

    it.each([
      ['title empty', { title: '' }, 'title'],
      ['title of spaces', { title: '    ' }, 'title'],
      ['title of 2 characters', { title: '캠프' }, 'title'],
      ['title of 151 characters', { title: '가'.repeat(151) }, 'title'],
      ['title with a NUL', { title: '캠프\u0000캠프' }, 'title'],
      ['title with a bell', { title: '\u0007캠프캠프' }, 'title'],
      ['title with a carriage return', { title: '캠프\r캠프' }, 'title'],
      ['description empty', { description: '' }, 'description'],
      ['description of 10,001', { description: 'a'.repeat(10_001) }, 'description'],
      ['location of 301', { location: 'a'.repeat(301) }, 'location'],
      ['location empty', { location: '' }, 'location'],
      ['capacity 0', { capacity: 0 }, 'capacity'],
      ['capacity -1', { capacity: -1 }, 'capacity'],
      ['capacity 10,001', { capacity: 10_001 }, 'capacity'],
    ])('refuses %s on that field', async (_l, over, field) => {
      await refuse(base(over), parksStaff, [field]);
    });

    it.each([
      ['capacity 2.5', { capacity: 2.5 }],
      ['capacity "30"', { capacity: '30' }],
      ['a kind not in the enum', { kind: 'PICNIC' }],
      ['startsAt not a date', { startsAt: 'not-a-date' }],
      ['endsAt not a date', { endsAt: '2031-13-45T99:00:00Z' }],
      ['startsAt empty', { startsAt: '' }],
      ['startsAt an object', { startsAt: { at: 1 } }],
      ['title a number', { title: 12345 }],
    ])('refuses %s as BAD_USER_INPUT', async (_l, over) => {
      await refuse(base(over), parksStaff);
    });

    it('refuses endsAt equal to or before startsAt, on endsAt', async () => {
      const s = at(30);
      await refuse(base({ startsAt: s, endsAt: s }), parksStaff, ['endsAt']);
      await refuse(base({ startsAt: s, endsAt: at(29) }), parksStaff, ['endsAt']);
    });

    it.each([
      ['junk', () => 'not-an-id'],
      ['a raw uuid', () => processId],
      ['a Department id', () => toGlobalId('Department', parks.id)],
      ['a nonexistent process', () => toGlobalId('ParticipatoryProcess', randomUUID())],
    ])('refuses a processId that is %s', async (_l, id) => {
      await refuse(base({ processId: id() }), parksStaff, ['processId']);
    });

    it.each([
      ['junk', () => 'not-an-id'],
      ['a Proposal-typed id', () => toGlobalId('Proposal', roads.id)],
      ['a nonexistent department', () => toGlobalId('Department', randomUUID())],
    ])('refuses an organizerId (admin) that is %s', async (_l, id) => {
      await refuse(base({ organizerId: id() }), admin, ['organizerId']);
    });

    it('stores text trimmed and NFC-normalised, HTML verbatim; past dates allowed', async () => {
      const res = await t.gql(
        CREATE,
        {
          input: base({
            title: '  Cafe\u0301 <b>워크숍</b>  ',
            description: '\n<script>alert(1)</script> &amp; 설명\t\n',
            location: ' 시민청 <i>2층</i> ',
            processId: toGlobalId('ParticipatoryProcess', processId),
            startsAt: at(-100),
            endsAt: at(-99),
            capacity: 10_000,
          }),
        },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.createWorkshop).toMatchObject({
        title: 'Caf\u00e9 <b>워크숍</b>',
        description: '<script>alert(1)</script> &amp; 설명',
        location: '시민청 <i>2층</i>',
        capacity: 10_000,
        process: { slug: 'green' },
      });
      const [row] = await t.db.query('SELECT title FROM workshop WHERE id = $1', [
        raw(res.data.createWorkshop.id),
      ]);
      expect(row.title).toBe('Caf\u00e9 <b>워크숍</b>');
    });
  });

  describe('updateWorkshop', () => {
    it('changes only what is given; location null removes it; capacity null is unlimited', async () => {
      const id = await make({ location: '시민청', capacity: 5 });
      const before = (await t.gql(`query($id: ID!) { workshop(id: $id) { ${FIELDS} } }`, { id }))
        .data.workshop;
      const titled = await t.gql(UPDATE, { input: { id, title: '새 제목' } }, parksStaff.token);
      expect(titled.data.updateWorkshop).toEqual({ ...before, title: '새 제목' });
      const nulls = await t.gql(
        UPDATE,
        { input: { id, title: null, description: null, startsAt: null, endsAt: null } },
        parksStaff.token,
      );
      expect(nulls.data.updateWorkshop).toEqual({ ...before, title: '새 제목' });
      const noPlace = await t.gql(UPDATE, { input: { id, location: null } }, parksStaff.token);
      expect(noPlace.data.updateWorkshop).toEqual({ ...before, title: '새 제목', location: null });
      const unlimited = await t.gql(UPDATE, { input: { id, capacity: null } }, parksStaff.token);
      expect(unlimited.data.updateWorkshop).toEqual({
        ...before,
        title: '새 제목',
        location: null,
        capacity: null,
      });
    });

    it('refuses endsAt not after startsAt, also when only one of them changes', async () => {
      const s = at(72);
      const e = at(74);
      const id = await make({ startsAt: s, endsAt: e });
      const before = await snapshot();
      for (const input of [
        { id, endsAt: s },
        { id, endsAt: at(71) },
        { id, startsAt: e },
        { id, startsAt: at(80) },
        { id, startsAt: at(80), endsAt: at(79) },
      ]) {
        const res = await t.gql(UPDATE, { input }, parksStaff.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['endsAt']);
      }
      expect(await snapshot()).toEqual(before);
      const moved = await t.gql(UPDATE, { input: { id, endsAt: at(73) } }, parksStaff.token);
      expect(moved.errors).toBeUndefined();
    });

    it('refuses hostile fields and ids with nothing changed', async () => {
      const id = await make();
      const before = await snapshot();
      for (const [input, field] of [
        [{ id, title: 'ab' }, 'title'],
        [{ id, description: '' }, 'description'],
        [{ id, location: 'x'.repeat(301) }, 'location'],
        [{ id, capacity: 0 }, 'capacity'],
        [{ id, capacity: 10_001 }, 'capacity'],
        [{ id: 'junk' }, 'id'],
        [{ id: toGlobalId('Proposal', raw(id)) }, 'id'],
      ] as const) {
        const res = await t.gql(UPDATE, { input }, parksStaff.token);
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual([field]);
      }
      const missing = await t.gql(
        UPDATE,
        { input: { id: wid(randomUUID()), title: '없는 워크숍' } },
        parksStaff.token,
      );
      expect(codeOf(missing)).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a capacity below registeredCount (CONFLICT), allows it equal', async () => {
      const id = await make({ capacity: 5 });
      for (const c of [citizen, citizen2]) {
        expect((await t.gql(REGISTER, { id }, c.token)).data.registerForWorkshop.status).toBe(
          'CONFIRMED',
        );
      }
      const before = await snapshot();
      expect(codeOf(await t.gql(UPDATE, { input: { id, capacity: 1 } }, parksStaff.token))).toBe(
        'CONFLICT',
      );
      expect(await snapshot()).toEqual(before);
      const equal = await t.gql(UPDATE, { input: { id, capacity: 2 } }, parksStaff.token);
      expect(equal.data.updateWorkshop).toMatchObject({ capacity: 2, registeredCount: 2 });
    });
  });

  describe('publishWorkshopOutcome', () => {
    let w: string;
    let p1: string;
    let p2: string;
    let hidden: string;
    const pid = (id: string) => toGlobalId('Proposal', id);

    beforeAll(async () => {
      w = await make();
      p1 = (await createProposal(t.db, citizen.user.id)).id;
      p2 = (await createProposal(t.db, citizen.user.id)).id;
      hidden = (await createProposal(t.db, citizen.user.id, { hidden: true })).id;
    });

    it('is a CONFLICT before the start, with nothing changed', async () => {
      const before = await snapshot();
      const res = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '이른 결과', proposalIds: [pid(p1)] } },
        parksStaff.token,
      );
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await snapshot()).toEqual(before);
    });

    it('publishes after the start; republishing replaces the outcome and the links', async () => {
      await start(w);
      const first = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '  첫 결과 <b>!</b> ', proposalIds: [pid(p1)] } },
        parksStaff.token,
      );
      expect(first.errors).toBeUndefined();
      expect(first.data.publishWorkshopOutcome).toMatchObject({
        outcome: '첫 결과 <b>!</b>',
        proposals: [{ id: pid(p1) }],
      });
      expect(first.data.publishWorkshopOutcome.outcomePublishedAt).toBeTruthy();

      const kept = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '고친 결과' } },
        admin.token,
      );
      expect(kept.data.publishWorkshopOutcome).toMatchObject({
        outcome: '고친 결과',
        proposals: [{ id: pid(p1) }],
      });

      const replaced = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '최종 결과', proposalIds: [pid(p2), pid(p1)] } },
        parksStaff.token,
      );
      expect(
        replaced.data.publishWorkshopOutcome.proposals.map((p: { id: string }) => p.id).sort(),
      ).toEqual([pid(p1), pid(p2)].sort());
      const only2 = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '최종 결과', proposalIds: [pid(p2)] } },
        parksStaff.token,
      );
      expect(only2.data.publishWorkshopOutcome.proposals).toEqual([{ id: pid(p2) }]);
      const emptied = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '최종 결과', proposalIds: [] } },
        parksStaff.token,
      );
      expect(emptied.data.publishWorkshopOutcome.proposals).toEqual([]);
      expect(
        await t.db.query('SELECT * FROM workshop_proposal WHERE workshop_id = $1', [raw(w)]),
      ).toEqual([]);
    });

    it.each([
      ['a nonexistent proposal', () => [pid(randomUUID())]],
      ['a hidden proposal (for staff)', () => [pid(p1), pid(hidden)]],
      ['duplicates', () => [pid(p1), pid(p1)]],
      ['51 ids', () => Array.from({ length: 51 }, () => pid(randomUUID()))],
      ['an id of another type', () => [wid(p1)]],
      ['junk', () => ['junk']],
    ])('refuses proposalIds with %s, with nothing changed', async (_l, ids) => {
      await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '기준', proposalIds: [pid(p1)] } },
        parksStaff.token,
      );
      const before = await snapshot();
      const res = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '바뀌면 안 됨', proposalIds: ids() } },
        parksStaff.token,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res).length).toBeGreaterThan(0);
      expect(badFields(res).every((f) => f.startsWith('proposalIds'))).toBe(true);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses an empty outcome and a junk workshopId; NOT_FOUND for a missing workshop', async () => {
      const before = await snapshot();
      const empty = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '  ' } },
        parksStaff.token,
      );
      expect(badFields(empty)).toEqual(['outcome']);
      const junk = await t.gql(
        PUBLISH,
        { input: { workshopId: pid(raw(w)), outcome: '결과' } },
        parksStaff.token,
      );
      expect(badFields(junk)).toEqual(['workshopId']);
      const missing = await t.gql(
        PUBLISH,
        { input: { workshopId: wid(randomUUID()), outcome: '결과' } },
        parksStaff.token,
      );
      expect(codeOf(missing)).toBe('NOT_FOUND');
      expect(await snapshot()).toEqual(before);
    });

    it('Workshop.proposals hides a proposal hidden later; Proposal.workshops links back', async () => {
      const linked = await t.gql(
        PUBLISH,
        { input: { workshopId: w, outcome: '결과', proposalIds: [pid(p1), pid(p2)] } },
        parksStaff.token,
      );
      expect(linked.errors).toBeUndefined();
      await t.db.query('UPDATE proposal SET hidden = true WHERE id = $1', [p2]);
      const q = `query($id: ID!) { workshop(id: $id) { proposals { id } } }`;
      const ids = async (who: TestUser | null) =>
        (
          (await t.gql(q, { id: w }, who?.token ?? null)).data.workshop.proposals as {
            id: string;
          }[]
        )
          .map((p) => p.id)
          .sort();
      expect(await ids(null)).toEqual([pid(p1)]);
      expect(await ids(citizen2)).toEqual([pid(p1)]);
      expect(await ids(moderator)).toEqual([pid(p1), pid(p2)].sort());
      expect(await ids(citizen)).toEqual([pid(p1), pid(p2)].sort()); // the author

      const back = await t.gql(
        `query($id: ID!) { node(id: $id) { ... on Proposal { workshops { id outcome } } } }`,
        { id: pid(p1) },
      );
      expect(back.data.node.workshops).toEqual([{ id: w, outcome: '결과' }]);
      await t.db.query('UPDATE proposal SET hidden = false WHERE id = $1', [p2]);
    });
  });

  describe('lists', () => {
    /** Workshops of the list process, in start order: two started, three upcoming. */
    let ids: string[];
    const inList = { processId: '' };

    beforeAll(async () => {
      inList.processId = toGlobalId('ParticipatoryProcess', listProcessId);
      const hours = [-30, -5, 10, 20, 40];
      ids = [];
      for (const [i, h] of hours.entries()) {
        ids.push(
          await make({
            title: `목록 워크숍 ${i}`,
            processId: inList.processId,
            kind: i % 2 ? 'ROUNDTABLE' : 'DESIGN_CAMP',
            startsAt: at(h),
            endsAt: at(h + 1),
          }),
        );
      }
    });

    /** The default order (test/workshops/default-order has it on a controlled clock). */
    const upcomingThenStarted = () => [ids[2], ids[3], ids[4], ids[1], ids[0]];

    const list = async (filter: Record<string, unknown>, first?: number, after?: string) => {
      const res = await t.gql(LIST, { filter, first, after });
      expect(res.errors).toBeUndefined();
      return res.data.workshops;
    };

    it('upcoming: soonest first; started: most recent first; both: upcoming then started', async () => {
      expect((await list({ ...inList, upcoming: true })).nodes.map((n: any) => n.id)).toEqual(
        ids.slice(2),
      );
      expect((await list({ ...inList, upcoming: false })).nodes.map((n: any) => n.id)).toEqual([
        ids[1],
        ids[0],
      ]);
      expect((await list(inList)).nodes.map((n: any) => n.id)).toEqual(upcomingThenStarted());
      const all = (await list({ upcoming: true }, 100)).nodes as { id: string; startsAt: string }[];
      expect(all.every((n) => new Date(n.startsAt) > new Date())).toBe(true);
      expect(all.map((n) => n.startsAt)).toEqual(all.map((n) => n.startsAt).sort());
      const past = (await list({ upcoming: false }, 100)).nodes as { startsAt: string }[];
      expect(past.every((n) => new Date(n.startsAt) <= new Date())).toBe(true);
      expect(past.map((n) => n.startsAt)).toEqual(
        past
          .map((n) => n.startsAt)
          .sort()
          .reverse(),
      );
    });

    it('filters by kind and process', async () => {
      const round = await list({ ...inList, kind: 'ROUNDTABLE' });
      expect(round.nodes.map((n: any) => n.id)).toEqual([ids[3], ids[1]]);
      expect(round.totalCount).toBe(2);
      const pastCamps = await list({ ...inList, kind: 'DESIGN_CAMP', upcoming: false });
      expect(pastCamps.nodes.map((n: any) => n.id)).toEqual([ids[0]]);
      const elsewhere = await list({
        processId: toGlobalId('ParticipatoryProcess', randomUUID()),
      });
      expect(elsewhere).toMatchObject({ totalCount: 0, nodes: [] });
    });

    it('refuses junk filters as BAD_USER_INPUT', async () => {
      for (const filter of [
        { processId: 'junk' },
        { processId: toGlobalId('Department', parks.id) },
        { kind: 'PICNIC' },
        { upcoming: 'yes' },
      ]) {
        expect(codeOf(await t.gql(LIST, { filter }))).toBe('BAD_USER_INPUT');
      }
    });

    it('pages with first/after without repeats, in both directions of time', async () => {
      for (const filter of [inList, { ...inList, upcoming: false }]) {
        const full = (await list(filter)).nodes.map((n: any) => n.id);
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await list(filter, 2, after);
          seen.push(...page.nodes.map((n: any) => n.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(seen).toEqual(full);
        expect(new Set(seen).size).toBe(seen.length);
      }
    });

    it('ParticipatoryProcess.workshops lists its upcoming workshops first, then the started ones', async () => {
      const res = await t.gql(
        `query($slug: String!) { process(slug: $slug) { workshops(first: 10) { totalCount nodes { id } } } }`,
        { slug: 'lists' },
      );
      expect(res.data.process.workshops.nodes.map((n: any) => n.id)).toEqual(upcomingThenStarted());
      expect(res.data.process.workshops.totalCount).toBe(5);
    });

    it('workshop(id) is null for junk, another type, a nonexistent id; node(id) works', async () => {
      const one = `query($id: ID!) { workshop(id: $id) { id title } }`;
      for (const id of ['junk', toGlobalId('Proposal', raw(ids[0]!)), wid(randomUUID()), '']) {
        const res = await t.gql(one, { id });
        expect(res.errors).toBeUndefined();
        expect(res.data.workshop).toBeNull();
      }
      expect((await t.gql(one, { id: ids[0] })).data.workshop).toEqual({
        id: ids[0],
        title: '목록 워크숍 0',
      });
      const node = await t.gql(
        `query($id: ID!) { node(id: $id) { __typename id ... on Workshop { title } } }`,
        { id: ids[2] },
      );
      expect(node.data.node).toEqual({
        __typename: 'Workshop',
        id: ids[2],
        title: '목록 워크숍 2',
      });
    });
  });

  describe('comments on a workshop', () => {
    const ADD = `mutation($input: AddCommentInput!) { addComment(input: $input) {
      id isOfficial body parent { id } subject { __typename ... on Workshop { id } } } }`;
    let w: string;

    beforeAll(async () => {
      w = await make();
    });

    it('marks the organizer staff official, other staff and citizens not', async () => {
      const add = (who: TestUser, body: string) =>
        t.gql(ADD, { input: { subjectId: w, body } }, who.token);
      const own = await add(parksStaff, '공원과입니다.');
      expect(own.data.addComment).toMatchObject({
        isOfficial: true,
        subject: { __typename: 'Workshop', id: w },
      });
      expect((await add(roadsStaff, '도로과입니다.')).data.addComment.isOfficial).toBe(false);
      expect((await add(citizen, '참가합니다.')).data.addComment.isOfficial).toBe(false);
      expect((await add(admin, '관리자입니다.')).data.addComment.isOfficial).toBe(false);

      const thread = await t.gql(
        `query($id: ID!) { workshop(id: $id) { comments { totalCount nodes { body isOfficial } } } }`,
        { id: w },
      );
      expect(thread.data.workshop.comments.totalCount).toBe(4);
      expect(thread.data.workshop.comments.nodes.map((n: any) => n.body)).toEqual([
        '공원과입니다.',
        '도로과입니다.',
        '참가합니다.',
        '관리자입니다.',
      ]);
    });

    it('takes replies on the same workshop only', async () => {
      const top = (await t.gql(ADD, { input: { subjectId: w, body: '질문' } }, citizen.token)).data
        .addComment;
      const reply = await t.gql(
        ADD,
        { input: { subjectId: w, parentId: top.id, body: '답변' } },
        parksStaff.token,
      );
      expect(reply.data.addComment).toMatchObject({ parent: { id: top.id }, isOfficial: true });

      const proposal = await createProposal(t.db, citizen.user.id);
      const onProposal = (
        await t.gql(
          ADD,
          { input: { subjectId: toGlobalId('Proposal', proposal.id), body: '제안 댓글' } },
          citizen.token,
        )
      ).data.addComment;
      const other = await make({ title: '다른 워크숍' });
      const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM comment'))[0].n;
      const before = await count();
      for (const [subjectId, parentId] of [
        [w, onProposal.id],
        [other, top.id],
      ]) {
        const res = await t.gql(
          ADD,
          { input: { subjectId, parentId, body: '엇갈린 답' } },
          citizen.token,
        );
        expect(codeOf(res)).toBe('BAD_USER_INPUT');
        expect(badFields(res)).toEqual(['parentId']);
      }
      const missing = await t.gql(
        ADD,
        { input: { subjectId: wid(randomUUID()), body: '없는 워크숍' } },
        citizen.token,
      );
      expect(codeOf(missing)).toBe('NOT_FOUND');
      expect(codeOf(await t.gql(ADD, { input: { subjectId: w, body: '익명' } }, null))).toBe(
        'UNAUTHENTICATED',
      );
      expect(await count()).toBe(before);
    });

    it('lets the author edit and delete a workshop comment; others are FORBIDDEN', async () => {
      const c = (await t.gql(ADD, { input: { subjectId: w, body: '원래 글' } }, citizen.token)).data
        .addComment;
      const EDIT = `mutation($input: EditCommentInput!) { editComment(input: $input) { body editedAt } }`;
      const DELETE = `mutation($id: ID!) { deleteComment(id: $id) { deleted body } }`;
      const row = async () =>
        (
          await t.db.query('SELECT body, edited_at, deleted_at FROM comment WHERE id = $1', [
            decodeGlobalId(c.id, 'Comment'),
          ])
        )[0];
      const before = await row();
      expect(
        codeOf(await t.gql(EDIT, { input: { id: c.id, body: '남의 글' } }, citizen2.token)),
      ).toBe('FORBIDDEN');
      expect(codeOf(await t.gql(DELETE, { id: c.id }, parksStaff.token))).toBe('FORBIDDEN');
      expect(await row()).toEqual(before);

      const edited = await t.gql(EDIT, { input: { id: c.id, body: '고친 글' } }, citizen.token);
      expect(edited.data.editComment.body).toBe('고친 글');
      expect(edited.data.editComment.editedAt).toBeTruthy();
      const deleted = await t.gql(DELETE, { id: c.id }, citizen.token);
      expect(deleted.data.deleteComment).toEqual({ deleted: true, body: null });
      expect((await row()).deleted_at).not.toBeNull();
    });
  });
});
