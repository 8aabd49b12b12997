import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { parseGlobalId } from '../../src/core/graphql/relay/global-id.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  ADD_CHILD,
  CANCEL_ADULT,
  CANCEL_CHILD,
  childrenSnapshot,
  DAY,
  expectCountersMatch,
  gid,
  person,
  queueOf,
  REGISTER_ADULT,
  REGISTER_CHILD,
  T0,
  workshopRow,
  YEAR,
  type WorkshopOptions,
} from './support.js';

/**
 * Registering children (issue 19): consent stored with each registration, one queue with the
 * adults (capacity, waitlist, promotion either way), three children are three places, ages at
 * their exact edges, the guardian alone acts on a child, and races.
 */

const NOTIFICATIONS = `query { notifications(first: 20) { nodes { kind message
  subject { __typename ... on ChildRegistration { id status } ... on WorkshopRegistration { id status } } } } }`;

describe('guardians: registering children', () => {
  let t: TestApp;
  let parksId: string;
  let parksStaff: TestUser;
  let version: string;

  const raw = (globalId: string) => parseGlobalId(globalId)!.id;
  const workshop = (options: WorkshopOptions = {}) => workshopRow(t.db, parksId, options);

  /** A guardian (born 1985) with children of the given birth years; their global ids. */
  async function family(
    ...birthYears: number[]
  ): Promise<{ guardian: TestUser; children: string[] }> {
    const guardian = await person(t, 1985);
    const children: string[] = [];
    for (const [i, birthYear] of birthYears.entries()) {
      const res = await t.gql(
        ADD_CHILD,
        { input: { firstName: `아이${i}`, birthYear } },
        guardian.token,
      );
      expect(res.errors).toBeUndefined();
      children.push(res.data.addChild.id);
    }
    return { guardian, children };
  }

  const register = (
    guardian: TestUser,
    childId: string,
    workshopId: string,
    extra: Record<string, unknown> = {},
  ) =>
    t.gql(
      REGISTER_CHILD,
      {
        input: {
          workshopId: gid('Workshop', workshopId),
          childId,
          relationship: '어머니',
          consentTextVersion: version,
          ...extra,
        },
      },
      guardian.token,
    );

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    version = (await t.gql('{ guardianConsentText { version } }')).data.guardianConsentText.version;
  });

  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  it('the guardian registers a child: the consent is stored with its text version, relationship and time', async () => {
    const { guardian, children } = await family(YEAR - 8);
    const workshopId = await workshop({ capacity: 10 });
    const res = await register(guardian, children[0]!, workshopId, {
      relationship: ' 어머니 ',
      guardianContact: '010-1234-5678',
    });
    expect(res.errors).toBeUndefined();
    const registration = res.data.registerChild;
    expect(registration).toMatchObject({
      status: 'CONFIRMED',
      waitlistPosition: null,
      guardianContact: '010-1234-5678',
      workshop: { id: gid('Workshop', workshopId) },
      child: { id: children[0], firstName: '아이0', birthYear: YEAR - 8 },
      guardian: { id: gid('User', guardian.user.id) },
      consent: {
        consentTextVersion: version,
        relationship: '어머니',
        givenAt: T0.toISOString(),
        withdrawnAt: null,
        workshop: { id: gid('Workshop', workshopId) },
      },
    });
    const [consent] = await t.db.query(
      `SELECT c.* FROM guardian_consent c JOIN child_registration r ON r.consent_id = c.id WHERE r.id = $1`,
      [raw(registration.id)],
    );
    expect(consent).toMatchObject({
      child_id: raw(children[0]!),
      guardian_id: guardian.user.id,
      workshop_id: workshopId,
      consent_text_version: version,
      relationship: '어머니',
      withdrawn_at: null,
    });
    expect(new Date(consent.given_at).toISOString()).toBe(T0.toISOString());
    await expectCountersMatch(t.db, workshopId);
  });

  it('registering an active child again returns the same place: no second consent, counters unchanged', async () => {
    const { guardian, children } = await family(YEAR - 8);
    const workshopId = await workshop({ capacity: 10 });
    const first = await register(guardian, children[0]!, workshopId);
    const before = await childrenSnapshot(t.db);
    const again = await register(guardian, children[0]!, workshopId, { relationship: '아버지' });
    expect(again.errors).toBeUndefined();
    expect(again.data.registerChild.id).toBe(first.data.registerChild.id);
    expect(again.data.registerChild.consent.relationship).toBe('어머니');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('three children are three registrations, three places', async () => {
    const { guardian, children } = await family(YEAR - 6, YEAR - 8, YEAR - 10);
    const workshopId = await workshop({ capacity: 2 });
    const statuses = [];
    for (const child of children) {
      const res = await register(guardian, child, workshopId);
      expect(res.errors).toBeUndefined();
      statuses.push(res.data.registerChild.status);
    }
    expect(statuses).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED']);
    expect(await queueOf(t.db, workshopId)).toHaveLength(3);
    const [w] = await t.db.query(
      'SELECT registered_count, waitlist_count FROM workshop WHERE id = $1',
      [workshopId],
    );
    expect(w).toEqual({ registered_count: 2, waitlist_count: 1 });
    expect(
      Number(
        (
          await t.db.query('SELECT count(*) AS n FROM guardian_consent WHERE workshop_id = $1', [
            workshopId,
          ])
        )[0].n,
      ),
    ).toBe(3);
  });

  it('one queue: a child waits behind an adult and is promoted when a place frees; its guardian is told without its name', async () => {
    const workshopId = await workshop({ capacity: 1 });
    const adult = await person(t);
    const first = await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    expect(first.data.registerForWorkshop.status).toBe('CONFIRMED');
    const { guardian, children } = await family(YEAR - 9);
    const waiting = await register(guardian, children[0]!, workshopId);
    expect(waiting.data.registerChild).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    const laterAdult = await person(t);
    const later = await t.gql(
      REGISTER_ADULT,
      { id: gid('Workshop', workshopId) },
      laterAdult.token,
    );
    // Positions count across both tables: the adult arriving after the child is second.
    expect(later.data.registerForWorkshop).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 2,
    });

    const cancelled = await t.gql(CANCEL_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    expect(cancelled.errors).toBeUndefined();
    const queue = await queueOf(t.db, workshopId);
    expect(queue.map((r) => [r.kind, r.status])).toEqual([
      ['adult', 'CANCELLED'],
      ['child', 'CONFIRMED'],
      ['adult', 'WAITLISTED'],
    ]);
    await expectCountersMatch(t.db, workshopId);

    const inbox = await t.gql(NOTIFICATIONS, {}, guardian.token);
    expect(inbox.errors).toBeUndefined();
    const [notice] = inbox.data.notifications.nodes;
    expect(notice.kind).toBe('WORKSHOP_WAITLIST_PROMOTED');
    expect(notice.subject).toEqual({
      __typename: 'ChildRegistration',
      id: waiting.data.registerChild.id,
      status: 'CONFIRMED',
    });
    expect(notice.message).not.toContain('아이0');
    const stored = await t.db.query(
      `SELECT subject_type, params, message_key FROM notification WHERE recipient_id = $1`,
      [guardian.user.id],
    );
    expect(stored).toEqual([
      {
        subject_type: 'ChildRegistration',
        params: { title: '어린이 놀이터 디자인 캠프' },
        message_key: 'notification.WORKSHOP_WAITLIST_PROMOTED.child',
      },
    ]);
    // The later adult reads their new place in the one queue.
    const mine = await t.gql(
      `query($id: ID!) { workshop(id: $id) { viewerRegistration { waitlistPosition } } }`,
      { id: gid('Workshop', workshopId) },
      laterAdult.token,
    );
    expect(mine.data.workshop.viewerRegistration.waitlistPosition).toBe(1);
  });

  it('an adult waiting behind a child is promoted when the child is cancelled', async () => {
    const workshopId = await workshop({ capacity: 1 });
    const { guardian, children } = await family(YEAR - 9);
    const child = await register(guardian, children[0]!, workshopId);
    expect(child.data.registerChild.status).toBe('CONFIRMED');
    const adult = await person(t);
    const waiting = await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    expect(waiting.data.registerForWorkshop).toMatchObject({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });

    const cancelled = await t.gql(
      CANCEL_CHILD,
      { id: child.data.registerChild.id },
      guardian.token,
    );
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.cancelChildRegistration.status).toBe('CANCELLED');
    expect((await queueOf(t.db, workshopId)).map((r) => [r.kind, r.status])).toEqual([
      ['child', 'CANCELLED'],
      ['adult', 'CONFIRMED'],
    ]);
    await expectCountersMatch(t.db, workshopId);
    const inbox = await t.gql(NOTIFICATIONS, {}, adult.token);
    expect(inbox.data.notifications.nodes[0]).toMatchObject({
      kind: 'WORKSHOP_WAITLIST_PROMOTED',
      subject: { __typename: 'WorkshopRegistration', status: 'CONFIRMED' },
    });

    // Cancelling twice returns the cancelled registration; nothing moves.
    const before = await childrenSnapshot(t.db);
    const twice = await t.gql(CANCEL_CHILD, { id: child.data.registerChild.id }, guardian.token);
    expect(twice.data.cancelChildRegistration.status).toBe('CANCELLED');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('raising the capacity promotes children and adults in queue order', async () => {
    const workshopId = await workshop({ capacity: 1 });
    const first = await person(t);
    await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, first.token);
    const { guardian, children } = await family(YEAR - 9);
    await register(guardian, children[0]!, workshopId);
    const adult = await person(t);
    await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    const raised = await t.gql(
      `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { registeredCount waitlistCount } }`,
      { input: { id: gid('Workshop', workshopId), capacity: 2 } },
      parksStaff.token,
    );
    expect(raised.data.updateWorkshop).toEqual({ registeredCount: 2, waitlistCount: 1 });
    expect((await queueOf(t.db, workshopId)).map((r) => [r.kind, r.status])).toEqual([
      ['adult', 'CONFIRMED'],
      ['child', 'CONFIRMED'],
      ['adult', 'WAITLISTED'],
    ]);
    const [notice] = await t.db.query(
      `SELECT kind, subject_type FROM notification WHERE recipient_id = $1`,
      [guardian.user.id],
    );
    expect(notice).toEqual({
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject_type: 'ChildRegistration',
    });
  });

  it('registering again after a cancellation: the same row, the end of the queue, a new consent', async () => {
    const workshopId = await workshop({ capacity: 1 });
    const { guardian, children } = await family(YEAR - 9);
    const first = await register(guardian, children[0]!, workshopId, {
      guardianContact: '첫 연락처',
    });
    await t.gql(CANCEL_CHILD, { id: first.data.registerChild.id }, guardian.token);
    const adult = await person(t);
    await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    const again = await register(guardian, children[0]!, workshopId, { relationship: '아버지' });
    expect(again.errors).toBeUndefined();
    expect(again.data.registerChild).toMatchObject({
      id: first.data.registerChild.id,
      status: 'WAITLISTED',
      waitlistPosition: 1,
      guardianContact: null,
      consent: { relationship: '아버지' },
    });
    const consents = await t.db.query(
      'SELECT relationship FROM guardian_consent WHERE workshop_id = $1 ORDER BY given_at, relationship',
      [workshopId],
    );
    expect(consents.map((c: { relationship: string }) => c.relationship).sort()).toEqual([
      '아버지',
      '어머니',
    ]);
    expect((await queueOf(t.db, workshopId)).map((r) => [r.kind, r.status])).toEqual([
      ['adult', 'CONFIRMED'],
      ['child', 'WAITLISTED'],
    ]);
  });

  it("guardians of children holding or awaiting a place hear of the workshop's changes, once each", async () => {
    const workshopId = await workshop({ capacity: 1 });
    const twins = await family(YEAR - 9, YEAR - 9);
    for (const child of twins.children) await register(twins.guardian, child, workshopId);
    const gone = await family(YEAR - 9);
    const left = await register(gone.guardian, gone.children[0]!, workshopId);
    await t.gql(CANCEL_CHILD, { id: left.data.registerChild.id }, gone.guardian.token);
    const res = await t.gql(
      `mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { id } }`,
      { input: { id: gid('Workshop', workshopId), location: '시청 3층' } },
      parksStaff.token,
    );
    expect(res.errors).toBeUndefined();
    const heard = async (who: TestUser) =>
      (await t.db.query(
        `SELECT kind, subject_type, params FROM notification WHERE recipient_id = $1`,
        [who.user.id],
      )) as { kind: string; subject_type: string; params: Record<string, string> }[];
    expect(await heard(twins.guardian)).toEqual([
      {
        kind: 'WORKSHOP_UPDATED',
        subject_type: 'Workshop',
        params: { title: '어린이 놀이터 디자인 캠프', department: '공원녹지과' },
      },
    ]);
    expect(await heard(gone.guardian)).toEqual([]);
  });

  it('ages at the exact edges: minimumAge and maximumAge allowed, one year beyond refused (TOO_YOUNG, TOO_OLD)', async () => {
    const workshopId = await workshop({ minimumAge: 7, maximumAge: 12 });
    const { guardian, children } = await family(YEAR - 7, YEAR - 6, YEAR - 12, YEAR - 13);
    const [seven, six, twelve, thirteen] = children;
    expect((await register(guardian, seven!, workshopId)).data.registerChild.status).toBe(
      'CONFIRMED',
    );
    expect((await register(guardian, twelve!, workshopId)).data.registerChild.status).toBe(
      'CONFIRMED',
    );
    const before = await childrenSnapshot(t.db);
    const young = await register(guardian, six!, workshopId);
    expect(codeOf(young)).toBe('FORBIDDEN');
    expect(young.errors![0].extensions!.reason).toBe('TOO_YOUNG');
    expect(young.errors![0].message).toContain('7');
    const old = await register(guardian, thirteen!, workshopId);
    expect(codeOf(old)).toBe('FORBIDDEN');
    expect(old.errors![0].extensions!.reason).toBe('TOO_OLD');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it("the age is counted in the workshop's year in Seoul: a camp on 1 January (Seoul) is a year later", async () => {
    // 31 December 15:00 UTC is already 1 January in Seoul: the child born in YEAR - 7 is 8 there.
    const workshopId = await workshop({
      maximumAge: 7,
      startsAt: new Date(`${YEAR}-12-31T15:00:00.000Z`),
    });
    const { guardian, children } = await family(YEAR - 7);
    const res = await register(guardian, children[0]!, workshopId);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].extensions!.reason).toBe('TOO_OLD');
    const eve = await workshop({
      maximumAge: 7,
      startsAt: new Date(`${YEAR}-12-31T14:59:00.000Z`),
    });
    expect((await register(guardian, children[0]!, eve)).errors).toBeUndefined();
  });

  it('a workshop that does not take children: CONFLICT, nothing stored', async () => {
    const workshopId = await workshop({ childrenAllowed: false });
    const { guardian, children } = await family(YEAR - 9);
    const before = await childrenSnapshot(t.db);
    const res = await register(guardian, children[0]!, workshopId);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('closed once the workshop has started: registering and cancelling are CONFLICTs', async () => {
    const workshopId = await workshop({ startsAt: new Date(T0.getTime() + DAY) });
    const { guardian, children } = await family(YEAR - 9, YEAR - 9);
    const held = await register(guardian, children[0]!, workshopId);
    setClock(T0.getTime() + DAY);
    try {
      const token = await tokenFor(t.db, t.jwt, guardian.user);
      const before = await childrenSnapshot(t.db);
      const late = await t.gql(
        REGISTER_CHILD,
        {
          input: {
            workshopId: gid('Workshop', workshopId),
            childId: children[1],
            relationship: '어머니',
            consentTextVersion: version,
          },
        },
        token,
      );
      expect(codeOf(late)).toBe('CONFLICT');
      const cancel = await t.gql(CANCEL_CHILD, { id: held.data.registerChild.id }, token);
      expect(codeOf(cancel)).toBe('CONFLICT');
      expect(await childrenSnapshot(t.db)).toEqual(before);
    } finally {
      setClock(T0);
    }
  });

  it("someone else's child, or a child id that does not exist: NOT_FOUND alike, nothing changed", async () => {
    const workshopId = await workshop();
    const { guardian, children } = await family(YEAR - 9);
    const held = await register(guardian, children[0]!, workshopId);
    const stranger = await person(t);
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const before = await childrenSnapshot(t.db);
    for (const who of [stranger, parksStaff, admin]) {
      const other = await register(who, children[0]!, workshopId);
      expect(codeOf(other)).toBe('NOT_FOUND');
      const missing = await register(
        who,
        gid('Child', '00000000-0000-4000-8000-000000000000'),
        workshopId,
      );
      expect(codeOf(missing)).toBe('NOT_FOUND');
      expect(other.errors![0].message).toBe(missing.errors![0].message);
      const cancel = await t.gql(CANCEL_CHILD, { id: held.data.registerChild.id }, who.token);
      expect(codeOf(cancel)).toBe('NOT_FOUND');
    }
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('hostile inputs: every field, empty, too long, wrong type, ids of other types', async () => {
    const workshopId = await workshop();
    const { guardian, children } = await family(YEAR - 9);
    const good = {
      workshopId: gid('Workshop', workshopId),
      childId: children[0],
      relationship: '어머니',
      consentTextVersion: version,
    };
    const before = await childrenSnapshot(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ relationship: '' }, 'relationship'],
      [{ relationship: ' \t ' }, 'relationship'],
      [{ relationship: '가'.repeat(31) }, 'relationship'],
      [{ relationship: '어\u0000머니' }, 'relationship'],
      [{ consentTextVersion: '' }, 'consentTextVersion'],
      [{ consentTextVersion: 'v'.repeat(41) }, 'consentTextVersion'],
      [{ consentTextVersion: '2099-01' }, 'consentTextVersion'],
      [{ guardianContact: '' }, 'guardianContact'],
      [{ guardianContact: '0'.repeat(201) }, 'guardianContact'],
      [{ guardianContact: '010\u001b1234' }, 'guardianContact'],
      [{ childId: gid('User', guardian.user.id) }, 'childId'],
      [{ childId: 'not-an-id' }, 'childId'],
      [{ workshopId: gid('Proposal', workshopId) }, 'workshopId'],
      [{ workshopId: '' }, 'workshopId'],
    ];
    for (const [extra, field] of cases) {
      const res = await t.gql(REGISTER_CHILD, { input: { ...good, ...extra } }, guardian.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([field]);
    }
    for (const extra of [
      { relationship: 7 },
      { childId: null },
      { consentTextVersion: ['2026-12'] },
    ]) {
      const res = await t.gql(REGISTER_CHILD, { input: { ...good, ...extra } }, guardian.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
    const cancelJunk = await t.gql(
      CANCEL_CHILD,
      { id: gid('WorkshopRegistration', workshopId) },
      guardian.token,
    );
    expect(codeOf(cancelJunk)).toBe('BAD_USER_INPUT');
    expect(await childrenSnapshot(t.db)).toEqual(before);
    // At the edges: 30 and 200 characters are accepted.
    const edges = await t.gql(
      REGISTER_CHILD,
      { input: { ...good, relationship: '가'.repeat(30), guardianContact: '0'.repeat(200) } },
      guardian.token,
    );
    expect(edges.errors).toBeUndefined();
  });

  it('anonymous: UNAUTHENTICATED; suspended: FORBIDDEN', async () => {
    const workshopId = await workshop();
    const { children } = await family(YEAR - 9);
    const anonymous = await t.gql(REGISTER_CHILD, {
      input: {
        workshopId: gid('Workshop', workshopId),
        childId: children[0],
        relationship: '어머니',
        consentTextVersion: version,
      },
    });
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    const suspended = await person(t, 1980);
    const child = await t.gql(
      ADD_CHILD,
      { input: { firstName: '도윤', birthYear: YEAR - 9 } },
      suspended.token,
    );
    await t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
      suspended.user.id,
      new Date(T0.getTime() + DAY),
    ]);
    const token = await tokenFor(t.db, t.jwt, suspended.user);
    const res = await t.gql(
      REGISTER_CHILD,
      {
        input: {
          workshopId: gid('Workshop', workshopId),
          childId: child.data.addChild.id,
          relationship: '어머니',
          consentTextVersion: version,
        },
      },
      token,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await queueOf(t.db, workshopId)).toEqual([]);
  });

  describe('races', () => {
    it('the same child registered ten times at once: one registration, one consent', async () => {
      const workshopId = await workshop({ capacity: 5 });
      const { guardian, children } = await family(YEAR - 9);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => register(guardian, children[0]!, workshopId)),
      );
      expect(results.every((r) => !r.errors)).toBe(true);
      expect(new Set(results.map((r) => r.data.registerChild.id)).size).toBe(1);
      expect(await queueOf(t.db, workshopId)).toHaveLength(1);
      expect(
        Number(
          (
            await t.db.query('SELECT count(*) AS n FROM guardian_consent WHERE workshop_id = $1', [
              workshopId,
            ])
          )[0].n,
        ),
      ).toBe(1);
      await expectCountersMatch(t.db, workshopId);
    });

    it('two guardians racing for the last place: one CONFIRMED, one WAITLISTED', async () => {
      for (let round = 0; round < 5; round += 1) {
        const workshopId = await workshop({ capacity: 1 });
        const a = await family(YEAR - 9);
        const b = await family(YEAR - 10);
        const [ra, rb] = await Promise.all([
          register(a.guardian, a.children[0]!, workshopId),
          register(b.guardian, b.children[0]!, workshopId),
        ]);
        expect(
          [ra.data.registerChild.status, rb.data.registerChild.status].sort(
            (x: string, y: string) => x.localeCompare(y),
          ),
        ).toEqual(['CONFIRMED', 'WAITLISTED']);
        await expectCountersMatch(t.db, workshopId);
      }
    });

    it('children and adults storming a small workshop: never past capacity, counters equal the rows', async () => {
      const workshopId = await workshop({ capacity: 3 });
      const families = await Promise.all(Array.from({ length: 6 }, (_, i) => family(YEAR - 5 - i)));
      const adults = await Promise.all(Array.from({ length: 6 }, () => person(t)));
      await Promise.all([
        ...families.map((f) => register(f.guardian, f.children[0]!, workshopId)),
        ...adults.map((a) => t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, a.token)),
      ]);
      await expectCountersMatch(t.db, workshopId);
      const queue = await queueOf(t.db, workshopId);
      expect(queue.filter((r) => r.status === 'CONFIRMED')).toHaveLength(3);
      // First come, first served across both tables: the three confirmed came first.
      expect(queue.slice(0, 3).every((r) => r.status === 'CONFIRMED')).toBe(true);
      // Cancellations of both kinds at once: every freed place goes to the next in the queue.
      const confirmedChild = queue.find((r) => r.kind === 'child' && r.status === 'CONFIRMED');
      const confirmedAdult = queue.find((r) => r.kind === 'adult' && r.status === 'CONFIRMED');
      const cancels = [];
      if (confirmedChild) {
        const [row] = await t.db.query('SELECT guardian_id FROM child_registration WHERE id = $1', [
          confirmedChild.id,
        ]);
        const owner = families.find((f) => f.guardian.user.id === row.guardian_id)!;
        cancels.push(
          t.gql(
            CANCEL_CHILD,
            { id: gid('ChildRegistration', confirmedChild.id) },
            owner.guardian.token,
          ),
        );
      }
      if (confirmedAdult) {
        const [row] = await t.db.query('SELECT user_id FROM workshop_registration WHERE id = $1', [
          confirmedAdult.id,
        ]);
        const adult = adults.find((a) => a.user.id === row.user_id)!;
        cancels.push(t.gql(CANCEL_ADULT, { id: gid('Workshop', workshopId) }, adult.token));
      }
      const done = await Promise.all(cancels);
      expect(done.every((r) => !r.errors)).toBe(true);
      await expectCountersMatch(t.db, workshopId);
      const after = (await queueOf(t.db, workshopId)).filter((r) => r.status !== 'CANCELLED');
      expect(after.slice(0, 3).every((r) => r.status === 'CONFIRMED')).toBe(true);
      expect(after.slice(3).every((r) => r.status === 'WAITLISTED')).toBe(true);
    });
  });
});
