import { Role } from '../../src/core/access/role.js';
import { parseGlobalId, toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import type { DepartmentEntity } from '../../src/catalog/department.entity.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import {
  badFields,
  codeOf,
  startTestApp,
  type GraphqlResponse,
  type TestApp,
} from '../helpers/test-app.js';

/**
 * Registration for workshops end to end: first come, first served under storms of concurrent
 * requests, cancellations and promotions, capacity changes racing registrations, closing at
 * the start, permissions, and who sees the list of registrations.
 */

const REGISTER = `mutation Register($id: ID!) { registerForWorkshop(workshopId: $id) {
  id status waitlistPosition user { id } workshop { id } } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelWorkshopRegistration(workshopId: $id) {
  id status waitlistPosition user { id } } }`;
const UPDATE = `mutation Update($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) {
  id capacity registeredCount waitlistCount } }`;
const MINE = `query Mine($id: ID!) { workshop(id: $id) { registrationOpen registeredCount waitlistCount
  viewerRegistration { id status waitlistPosition } } }`;
const LIST = `query List($id: ID!, $status: RegistrationStatus, $first: Int, $after: String) {
  workshop(id: $id) { registrations(status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id status waitlistPosition user { id displayName email } } } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { __typename ... on WorkshopRegistration {
  id status user { id } workshop { id } } } }`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string; status: string; waitlistPosition: number | null; user: { id: string } }[];
}
interface Row {
  id: string;
  user_id: string;
  status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED';
  queue_number: number;
}
interface Counts {
  capacity: number | null;
  registered_count: number;
  waitlist_count: number;
}

const gid = (workshopId: string) => toGlobalId('Workshop', workshopId);
const uid = (u: TestUser) => toGlobalId('User', u.user.id);
const raw = (globalId: string) => parseGlobalId(globalId)!.id;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('workshops: registration, waitlist and promotion', () => {
  let t: TestApp;
  let parks: DepartmentEntity;
  let parksStaff: TestUser;
  let roadsStaff: TestUser;
  let admin: TestUser;
  let moderator: TestUser;
  let suspended: TestUser;
  /** Citizens, handed out by take() so that every test has people of its own. */
  let people: TestUser[];
  let next = 0;
  const take = (n: number) => {
    const taken = people.slice(next, next + n);
    if (taken.length !== n) throw new Error('not enough test users');
    next += n;
    return taken;
  };

  /** A workshop of parks, straight into the database (creation is not under test here). */
  async function newWorkshop(capacity: number | null, startsInMs = 86_400_000): Promise<string> {
    const [{ id }] = (await t.db.query(
      `INSERT INTO workshop (title, description, kind, organizer_id, starts_at, ends_at, capacity)
       VALUES ('디자인 캠프', '함께 만들어요', 'DESIGN_CAMP', $1,
               now() + $2 * interval '1 millisecond', now() + ($2 + 3600000) * interval '1 millisecond', $3)
       RETURNING id`,
      [parks.id, startsInMs, capacity],
    )) as { id: string }[];
    return id;
  }

  const rows = async (workshopId: string): Promise<Row[]> =>
    (await t.db.query(
      `SELECT id, user_id, status, queue_number FROM workshop_registration
        WHERE workshop_id = $1 ORDER BY queue_number`,
      [workshopId],
    )) as Row[];

  const counts = async (workshopId: string): Promise<Counts> =>
    (
      (await t.db.query(
        'SELECT capacity, registered_count, waitlist_count FROM workshop WHERE id = $1',
        [workshopId],
      )) as Counts[]
    )[0]!;

  /** Everything about a workshop's registrations, to prove that nothing changed. */
  const snapshot = async (workshopId: string) => ({
    workshop: (await t.db.query('SELECT * FROM workshop WHERE id = $1', [workshopId]))[0],
    rows: await rows(workshopId),
  });

  /** The counters equal the rows, nobody is confirmed beyond capacity, and the queue is honoured. */
  async function expectConsistent(workshopId: string): Promise<Row[]> {
    const all = await rows(workshopId);
    const c = await counts(workshopId);
    const confirmed = all.filter((r) => r.status === 'CONFIRMED');
    const waiting = all.filter((r) => r.status === 'WAITLISTED');
    expect(c.registered_count).toBe(confirmed.length);
    expect(c.waitlist_count).toBe(waiting.length);
    if (c.capacity !== null) expect(confirmed.length).toBeLessThanOrEqual(c.capacity);
    // Nobody waits while a place is free, and in every scene of this file (no capacity is
    // lowered with people waiting) everybody waiting came after everybody confirmed.
    if (waiting.length) {
      expect(c.capacity).not.toBeNull();
      expect(confirmed.length).toBe(c.capacity);
      const lastConfirmed = Math.max(...confirmed.map((r) => r.queue_number));
      expect(waiting.every((r) => r.queue_number > lastConfirmed)).toBe(true);
    }
    expect(new Set(all.map((r) => r.user_id)).size).toBe(all.length);
    return all;
  }

  /** The waitlist as the organizer reads it: positions must be exactly 1..n in queue order. */
  async function expectDenseWaitlist(workshopId: string): Promise<void> {
    const waiting = (await rows(workshopId)).filter((r) => r.status === 'WAITLISTED');
    const nodes: Page['nodes'] = [];
    let after: string | null = null;
    do {
      const res: GraphqlResponse = await t.gql(
        LIST,
        { id: gid(workshopId), status: 'WAITLISTED', first: 100, after },
        parksStaff.token,
      );
      expect(res.errors).toBeUndefined();
      const page: Page = res.data.workshop.registrations;
      expect(page.totalCount).toBe(waiting.length);
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(nodes.map((n) => n.waitlistPosition)).toEqual(range(waiting.length));
    expect(nodes.map((n) => raw(n.user.id))).toEqual(waiting.map((r) => r.user_id));
  }

  /** Registers `users` one after the other, so the queue order is theirs. */
  async function fill(workshopId: string, users: TestUser[]): Promise<void> {
    for (const u of users) {
      const res = await t.gql(REGISTER, { id: gid(workshopId) }, u.token);
      expect(res.errors).toBeUndefined();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    parks = await createDepartment(t.db, { slug: 'parks' });
    const roads = await createDepartment(t.db, { slug: 'roads' });
    parksStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parks.id });
    roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roads.id });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    moderator = await createUser(t.db, t.jwt, { role: Role.MODERATOR });
    suspended = await createUser(t.db, t.jwt, {
      suspendedUntil: new Date(Date.now() + 86_400_000),
    });
    people = await Promise.all(range(430).map(() => createUser(t.db, t.jwt)));
  });
  afterAll(() => t.close());

  describe('a storm of registrations', () => {
    it('100 people at once for 30 places: 30 confirmed in queue order, 70 waitlisted 1..70', async () => {
      const w = await newWorkshop(30);
      const crowd = take(100);
      const results = await Promise.all(crowd.map((u) => t.gql(REGISTER, { id: gid(w) }, u.token)));
      results.forEach((res) => expect(res.errors).toBeUndefined());
      const regs = results.map((res) => res.data.registerForWorkshop);
      // Each answer is the caller's own registration.
      regs.forEach((r, i) => {
        expect(r.user.id).toBe(uid(crowd[i]!));
        expect(r.workshop.id).toBe(gid(w));
      });
      expect(regs.filter((r) => r.status === 'CONFIRMED')).toHaveLength(30);
      expect(regs.filter((r) => r.status === 'WAITLISTED')).toHaveLength(70);
      // Later arrivals only join the end of the queue, so the positions given out are final.
      expect(
        regs
          .filter((r) => r.status === 'WAITLISTED')
          .map((r) => r.waitlistPosition)
          .sort((a, b) => a - b),
      ).toEqual(range(70));
      expect(
        regs.filter((r) => r.status === 'CONFIRMED').every((r) => r.waitlistPosition === null),
      ).toBe(true);

      const all = await expectConsistent(w);
      expect(all).toHaveLength(100);
      expect(new Set(all.map((r) => r.user_id))).toEqual(new Set(crowd.map((u) => u.user.id)));
      // First come, first served: the 30 lowest queue numbers hold the places.
      expect(all.slice(0, 30).every((r) => r.status === 'CONFIRMED')).toBe(true);
      expect(all.slice(30).every((r) => r.status === 'WAITLISTED')).toBe(true);
      expect(await counts(w)).toEqual({ capacity: 30, registered_count: 30, waitlist_count: 70 });
      // The answer each caller got agrees with the row.
      const byId = new Map(all.map((r) => [r.id, r]));
      regs.forEach((r) => expect(byId.get(raw(r.id))!.status).toBe(r.status));

      await expectDenseWaitlist(w);
      const confirmedList = await t.gql(
        LIST,
        { id: gid(w), status: 'CONFIRMED', first: 100 },
        parksStaff.token,
      );
      expect(confirmedList.data.workshop.registrations.totalCount).toBe(30);
      expect(
        confirmedList.data.workshop.registrations.nodes.map((n: any) => raw(n.user.id)),
      ).toEqual(all.slice(0, 30).map((r) => r.user_id));

      // Each person reads the same place back through viewerRegistration.
      const rank = new Map(all.slice(30).map((r, i) => [r.user_id, i + 1]));
      const mine = await Promise.all(crowd.map((u) => t.gql(MINE, { id: gid(w) }, u.token)));
      mine.forEach((res, i) => {
        expect(res.errors).toBeUndefined();
        const own = res.data.workshop;
        expect(own.registeredCount).toBe(30);
        expect(own.waitlistCount).toBe(70);
        const userId = crowd[i]!.user.id;
        expect(own.viewerRegistration.status).toBe(rank.has(userId) ? 'WAITLISTED' : 'CONFIRMED');
        expect(own.viewerRegistration.waitlistPosition).toBe(rank.get(userId) ?? null);
      });
    });

    it('a storm on an unlimited workshop confirms everyone', async () => {
      const w = await newWorkshop(null);
      const crowd = take(40);
      const results = await Promise.all(crowd.map((u) => t.gql(REGISTER, { id: gid(w) }, u.token)));
      results.forEach((res) => {
        expect(res.errors).toBeUndefined();
        expect(res.data.registerForWorkshop).toMatchObject({
          status: 'CONFIRMED',
          waitlistPosition: null,
        });
      });
      await expectConsistent(w);
      expect(await counts(w)).toEqual({ capacity: null, registered_count: 40, waitlist_count: 0 });
    });

    it('storms on two workshops at once do not mix their queues', async () => {
      const [a, b] = [await newWorkshop(5), await newWorkshop(7)];
      const crowd = take(20);
      const results = await Promise.all(
        crowd.flatMap((u) => [
          t.gql(REGISTER, { id: gid(a) }, u.token),
          t.gql(REGISTER, { id: gid(b) }, u.token),
        ]),
      );
      results.forEach((res) => expect(res.errors).toBeUndefined());
      expect(await counts(a)).toEqual({ capacity: 5, registered_count: 5, waitlist_count: 15 });
      expect(await counts(b)).toEqual({ capacity: 7, registered_count: 7, waitlist_count: 13 });
      await expectConsistent(a);
      await expectConsistent(b);
      await expectDenseWaitlist(a);
      await expectDenseWaitlist(b);
    });
  });

  describe('the same person, many times', () => {
    it('registering 10 times at once makes one registration and moves the counts once', async () => {
      const w = await newWorkshop(3);
      const [me] = take(1);
      const results = await Promise.all(
        range(10).map(() => t.gql(REGISTER, { id: gid(w) }, me!.token)),
      );
      results.forEach((res) => expect(res.errors).toBeUndefined());
      expect(new Set(results.map((res) => res.data.registerForWorkshop.id)).size).toBe(1);
      expect(results.every((res) => res.data.registerForWorkshop.status === 'CONFIRMED')).toBe(
        true,
      );
      const all = await expectConsistent(w);
      expect(all).toHaveLength(1);
      expect(all[0]!.user_id).toBe(me!.user.id);
      expect(await counts(w)).toEqual({ capacity: 3, registered_count: 1, waitlist_count: 0 });
    });

    it('registering 10 times at once on a full workshop takes one waitlist place', async () => {
      const w = await newWorkshop(2);
      await fill(w, take(3));
      const [me] = take(1);
      const results = await Promise.all(
        range(10).map(() => t.gql(REGISTER, { id: gid(w) }, me!.token)),
      );
      results.forEach((res) => {
        expect(res.errors).toBeUndefined();
        expect(res.data.registerForWorkshop).toMatchObject({
          status: 'WAITLISTED',
          waitlistPosition: 2,
        });
      });
      expect(new Set(results.map((res) => res.data.registerForWorkshop.id)).size).toBe(1);
      expect((await expectConsistent(w)).filter((r) => r.user_id === me!.user.id)).toHaveLength(1);
      expect(await counts(w)).toEqual({ capacity: 2, registered_count: 2, waitlist_count: 2 });
      await expectDenseWaitlist(w);
    });

    it('registering again after cancelling takes a new place at the end of the queue', async () => {
      const w = await newWorkshop(2);
      const [first, second, third, fourth] = take(4);
      await fill(w, [first!, second!, third!, fourth!]);
      const before = await rows(w);
      const cancelled = await t.gql(CANCEL, { id: gid(w) }, first!.token);
      expect(cancelled.data.cancelWorkshopRegistration.status).toBe('CANCELLED');
      // third was first in the waitlist and takes the freed place.
      const third1 = await t.gql(MINE, { id: gid(w) }, third!.token);
      expect(third1.data.workshop.viewerRegistration.status).toBe('CONFIRMED');

      const again = await Promise.all(
        range(5).map(() => t.gql(REGISTER, { id: gid(w) }, first!.token)),
      );
      again.forEach((res) => {
        expect(res.errors).toBeUndefined();
        // The same row comes back, now behind fourth.
        expect(res.data.registerForWorkshop).toMatchObject({
          id: toGlobalId('WorkshopRegistration', before[0]!.id),
          status: 'WAITLISTED',
          waitlistPosition: 2,
        });
      });
      const after = await expectConsistent(w);
      expect(after.map((r) => r.user_id)).toEqual(
        [second, third, fourth, first].map((u) => u!.user.id),
      );
      expect(after.at(-1)!.queue_number).toBeGreaterThan(before.at(-1)!.queue_number);
      expect(await counts(w)).toEqual({ capacity: 2, registered_count: 2, waitlist_count: 2 });
      await expectDenseWaitlist(w);
    });
  });

  describe('cancellations', () => {
    it('10 confirmed people cancelling at once promote the first 10 waitlisted, in order', async () => {
      const w = await newWorkshop(30);
      const crowd = take(50);
      await fill(w, crowd);
      const before = await rows(w);
      const leaving = crowd.slice(0, 30).filter((_, i) => i % 3 === 0); // 10 of the confirmed
      const results = await Promise.all(leaving.map((u) => t.gql(CANCEL, { id: gid(w) }, u.token)));
      results.forEach((res) => {
        expect(res.errors).toBeUndefined();
        expect(res.data.cancelWorkshopRegistration).toMatchObject({
          status: 'CANCELLED',
          waitlistPosition: null,
        });
      });
      const after = await expectConsistent(w);
      const status = new Map(after.map((r) => [r.user_id, r.status]));
      leaving.forEach((u) => expect(status.get(u.user.id)).toBe('CANCELLED'));
      // Exactly the first 10 of the waitlist moved up; the other 10 still wait.
      before.slice(30, 40).forEach((r) => expect(status.get(r.user_id)).toBe('CONFIRMED'));
      before.slice(40).forEach((r) => expect(status.get(r.user_id)).toBe('WAITLISTED'));
      expect(await counts(w)).toEqual({ capacity: 30, registered_count: 30, waitlist_count: 10 });
      await expectDenseWaitlist(w);

      // Waitlisted people cancelling at once: the rest close ranks.
      const waitingUsers = before.slice(40).map((r) => crowd.find((u) => u.user.id === r.user_id)!);
      const leavingQueue = waitingUsers.filter((_, i) => i % 2 === 1); // positions 2, 4, ... 10
      const confirmedBefore = after.filter((r) => r.status === 'CONFIRMED').map((r) => r.user_id);
      const gone = await Promise.all(
        leavingQueue.map((u) => t.gql(CANCEL, { id: gid(w) }, u.token)),
      );
      gone.forEach((res) => expect(res.data.cancelWorkshopRegistration.status).toBe('CANCELLED'));
      const last = await expectConsistent(w);
      expect(last.filter((r) => r.status === 'CONFIRMED').map((r) => r.user_id)).toEqual(
        confirmedBefore,
      );
      expect(last.filter((r) => r.status === 'WAITLISTED').map((r) => r.user_id)).toEqual(
        waitingUsers.filter((_, i) => i % 2 === 0).map((u) => u.user.id),
      );
      expect(await counts(w)).toEqual({ capacity: 30, registered_count: 30, waitlist_count: 5 });
      await expectDenseWaitlist(w);
      const mine = await Promise.all(
        waitingUsers.filter((_, i) => i % 2 === 0).map((u) => t.gql(MINE, { id: gid(w) }, u.token)),
      );
      expect(mine.map((res) => res.data.workshop.viewerRegistration.waitlistPosition)).toEqual(
        range(5),
      );
    });

    it('confirmed and waitlisted people cancelling together keep the queue whole', async () => {
      const w = await newWorkshop(8);
      const crowd = take(20);
      await fill(w, crowd);
      const leaving = [0, 2, 4, 9, 11, 13, 19].map((i) => crowd[i]!); // 3 confirmed, 4 waiting
      const results = await Promise.all(leaving.map((u) => t.gql(CANCEL, { id: gid(w) }, u.token)));
      results.forEach((res) => expect(res.errors).toBeUndefined());
      const after = await expectConsistent(w);
      const stay = crowd.filter((u) => !leaving.includes(u)).map((u) => u.user.id);
      expect(after.filter((r) => r.status !== 'CANCELLED').map((r) => r.user_id)).toEqual(stay);
      expect(after.filter((r) => r.status === 'CONFIRMED').map((r) => r.user_id)).toEqual(
        stay.slice(0, 8),
      );
      expect(await counts(w)).toEqual({ capacity: 8, registered_count: 8, waitlist_count: 5 });
      await expectDenseWaitlist(w);
    });

    it('a person cancelling twice at once is cancelled once and one person is promoted', async () => {
      const w = await newWorkshop(2);
      const crowd = take(5);
      await fill(w, crowd);
      const results = await Promise.all(
        range(8).map(() => t.gql(CANCEL, { id: gid(w) }, crowd[0]!.token)),
      );
      results.forEach((res) => {
        expect(res.errors).toBeUndefined();
        expect(res.data.cancelWorkshopRegistration.status).toBe('CANCELLED');
      });
      expect(new Set(results.map((res) => res.data.cancelWorkshopRegistration.id)).size).toBe(1);
      const after = await expectConsistent(w);
      expect(after.map((r) => r.status)).toEqual([
        'CANCELLED',
        'CONFIRMED',
        'CONFIRMED',
        'WAITLISTED',
        'WAITLISTED',
      ]);
      expect(await counts(w)).toEqual({ capacity: 2, registered_count: 2, waitlist_count: 2 });

      // A waitlisted person cancelling twice at once: the waitlist shrinks by one.
      const twice = await Promise.all(
        range(6).map(() => t.gql(CANCEL, { id: gid(w) }, crowd[3]!.token)),
      );
      twice.forEach((res) => expect(res.data.cancelWorkshopRegistration.status).toBe('CANCELLED'));
      await expectConsistent(w);
      expect(await counts(w)).toEqual({ capacity: 2, registered_count: 2, waitlist_count: 1 });
      await expectDenseWaitlist(w);
    });

    it('cancelling without a registration is NOT_FOUND and changes nothing', async () => {
      const w = await newWorkshop(2);
      await fill(w, take(3));
      const [stranger] = take(1);
      const before = await snapshot(w);
      const res = await t.gql(CANCEL, { id: gid(w) }, stranger!.token);
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(res.data).toBeNull();
      expect(await snapshot(w)).toEqual(before);
    });
  });

  describe('capacity changes', () => {
    it('raising the capacity (30 -> 35) while 20 registrations arrive never overbooks and promotes in order', async () => {
      const w = await newWorkshop(30);
      await fill(w, take(40)); // 30 confirmed, 10 waiting
      const late = take(20);
      const [update, ...registered] = await Promise.all([
        // 35: five of the ten waiting move up, and they must be the first five.
        t.gql(UPDATE, { input: { id: gid(w), capacity: 35 } }, parksStaff.token),
        ...late.map((u) => t.gql(REGISTER, { id: gid(w) }, u.token)),
      ]);
      expect(update!.errors).toBeUndefined();
      expect(update!.data.updateWorkshop.capacity).toBe(35);
      registered.forEach((res) => expect(res.errors).toBeUndefined());
      const all = await expectConsistent(w);
      expect(all).toHaveLength(60);
      // Whatever the order the lock gave them, the 35 places went to the 35 first in the queue.
      expect(all.slice(0, 35).every((r) => r.status === 'CONFIRMED')).toBe(true);
      expect(all.slice(35).every((r) => r.status === 'WAITLISTED')).toBe(true);
      expect(await counts(w)).toEqual({ capacity: 35, registered_count: 35, waitlist_count: 25 });
      await expectDenseWaitlist(w);
    });

    it('capacity changes racing cancellations and registrations: each applies whole or is a CONFLICT', async () => {
      const w = await newWorkshop(20);
      const crowd = take(25);
      await fill(w, crowd);
      const late = take(5);
      const wanted = [20, 25, 22];
      const [updates, others] = await Promise.all([
        Promise.all(
          wanted.map((capacity, i) =>
            t.gql(UPDATE, { input: { id: gid(w), capacity } }, [admin, parksStaff][i % 2]!.token),
          ),
        ),
        Promise.all([
          ...crowd.slice(0, 5).map((u) => t.gql(CANCEL, { id: gid(w) }, u.token)),
          ...late.map((u) => t.gql(REGISTER, { id: gid(w) }, u.token)),
        ]),
      ]);
      others.forEach((res) => expect(res.errors).toBeUndefined());
      // Whether a lowering fits depends on how many were confirmed when its turn came.
      updates.forEach((res) => {
        if (res.errors) expect(codeOf(res)).toBe('CONFLICT');
      });
      const applied = wanted.filter((_, i) => !updates[i]!.errors);
      expect(applied.length).toBeGreaterThan(0);
      expect(applied).toContain((await counts(w)).capacity);
      const all = await expectConsistent(w);
      expect(all.filter((r) => r.status === 'CANCELLED')).toHaveLength(5);
      await expectDenseWaitlist(w);
    });

    it('lowering the capacity below registeredCount is a CONFLICT and changes nothing', async () => {
      const w = await newWorkshop(10);
      await fill(w, take(12));
      const before = await snapshot(w);
      for (const capacity of [9, 1]) {
        const res = await t.gql(
          UPDATE,
          { input: { id: gid(w), capacity, title: '바뀌면 안 되는 제목' } },
          parksStaff.token,
        );
        expect(codeOf(res)).toBe('CONFLICT');
        expect(res.data).toBeNull();
      }
      expect(await snapshot(w)).toEqual(before);
      // Lowering to exactly registeredCount is allowed (and promotes nobody).
      const same = await t.gql(UPDATE, { input: { id: gid(w), capacity: 10 } }, admin.token);
      expect(same.errors).toBeUndefined();
      expect(await rows(w)).toEqual(before.rows);
    });

    it('raising the capacity to null (unlimited) promotes everyone waiting', async () => {
      const w = await newWorkshop(3);
      await fill(w, take(9));
      const res = await t.gql(UPDATE, { input: { id: gid(w), capacity: null } }, parksStaff.token);
      expect(res.errors).toBeUndefined();
      expect(res.data.updateWorkshop).toMatchObject({
        capacity: null,
        registeredCount: 9,
        waitlistCount: 0,
      });
      const all = await expectConsistent(w);
      expect(all.every((r) => r.status === 'CONFIRMED')).toBe(true);
      const [late] = take(1);
      const more = await t.gql(REGISTER, { id: gid(w) }, late!.token);
      expect(more.data.registerForWorkshop.status).toBe('CONFIRMED');
    });

    it('only the organizer may change the capacity', async () => {
      const w = await newWorkshop(2);
      await fill(w, take(4));
      const before = await snapshot(w);
      for (const who of [roadsStaff, moderator, people[0]!]) {
        const res = await t.gql(UPDATE, { input: { id: gid(w), capacity: 4 } }, who.token);
        expect(codeOf(res)).toBe('FORBIDDEN');
      }
      expect(await snapshot(w)).toEqual(before);
    });
  });

  describe('registration closes when the workshop starts', () => {
    it('register and cancel are CONFLICT after the start, and nothing changes', async () => {
      const w = await newWorkshop(2);
      const crowd = take(4);
      await fill(w, crowd);
      const cancelledEarlier = crowd[3]!;
      await t.gql(CANCEL, { id: gid(w) }, cancelledEarlier.token);
      await t.db.query(
        `UPDATE workshop SET starts_at = now() - interval '1 minute', ends_at = now() + interval '1 hour' WHERE id = $1`,
        [w],
      );
      const before = await snapshot(w);
      const [newcomer] = take(1);
      for (const who of [newcomer!, cancelledEarlier]) {
        const res = await t.gql(REGISTER, { id: gid(w) }, who.token);
        expect(codeOf(res)).toBe('CONFLICT');
      }
      for (const who of [crowd[0]!, crowd[2]!]) {
        // A confirmed and a waitlisted person: neither can give up the place any more.
        const res = await t.gql(CANCEL, { id: gid(w) }, who.token);
        expect(codeOf(res)).toBe('CONFLICT');
      }
      expect(await snapshot(w)).toEqual(before);
      const view = await t.gql(MINE, { id: gid(w) }, crowd[0]!.token);
      expect(view.data.workshop).toMatchObject({
        registrationOpen: false,
        viewerRegistration: { status: 'CONFIRMED' },
      });
      const open = await t.gql(MINE, { id: gid(await newWorkshop(2)) }, crowd[0]!.token);
      expect(open.data.workshop).toMatchObject({
        registrationOpen: true,
        viewerRegistration: null,
      });
    });

    it('registrations racing the start: answered before it succeed, sent after it are CONFLICT', async () => {
      const w = await newWorkshop(3);
      await fill(w, take(2));
      const startsAt = new Date(Date.now() + 1_000);
      await t.db.query('UPDATE workshop SET starts_at = $2 WHERE id = $1', [w, startsAt]);
      const crowd = take(10);
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const base = startsAt.getTime() - 500 - Date.now();
      const outcomes = await Promise.all(
        crowd.map(async (u, i) => {
          await sleep(base + i * 120);
          const sentAt = Date.now();
          const res = await t.gql(REGISTER, { id: gid(w) }, u.token);
          return { u, res, sentAt, receivedAt: Date.now() };
        }),
      );
      const ok = outcomes.filter((o) => !o.res.errors);
      outcomes.forEach((o) => {
        if (o.res.errors) expect(codeOf(o.res)).toBe('CONFLICT');
        if (o.receivedAt < startsAt.getTime()) expect(o.res.errors).toBeUndefined();
        if (o.sentAt >= startsAt.getTime()) expect(codeOf(o.res)).toBe('CONFLICT');
      });
      expect(outcomes.filter((o) => o.sentAt >= startsAt.getTime()).length).toBeGreaterThan(0);
      const all = await expectConsistent(w);
      expect(
        all
          .slice(2)
          .map((r) => r.user_id)
          .sort(),
      ).toEqual(ok.map((o) => o.u.user.id).sort());
    });
  });

  describe('who may register, and hostile ids', () => {
    it('anonymous callers are UNAUTHENTICATED and suspended users FORBIDDEN', async () => {
      const w = await newWorkshop(1);
      const [later] = take(1);
      await fill(w, [later!, ...take(1)]); // later is CONFIRMED, the other waits
      await t.db.query(
        `UPDATE app_user SET suspended_until = now() + interval '1 day' WHERE id = $1`,
        [later!.user.id],
      );
      const before = await snapshot(w);
      for (const doc of [REGISTER, CANCEL]) {
        const anonymous = await t.gql(doc, { id: gid(w) }, null);
        expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
        expect(anonymous.data).toBeNull();
        for (const who of [suspended, later!]) {
          const res = await t.gql(doc, { id: gid(w) }, who.token);
          expect(codeOf(res)).toBe('FORBIDDEN');
          expect(res.data).toBeNull();
        }
      }
      expect(await snapshot(w)).toEqual(before);
    });

    it('staff, moderators and admins may register like anyone', async () => {
      const w = await newWorkshop(2);
      const results = await Promise.all(
        [parksStaff, moderator, admin].map((u) => t.gql(REGISTER, { id: gid(w) }, u.token)),
      );
      results.forEach((res) => expect(res.errors).toBeUndefined());
      expect(
        results
          .map((res) => res.data.registerForWorkshop.status as string)
          .sort((a, b) => a.localeCompare(b)),
      ).toEqual(['CONFIRMED', 'CONFIRMED', 'WAITLISTED']);
      await expectConsistent(w);
    });

    it('junk, other types and unknown workshops are refused and change nothing', async () => {
      const w = await newWorkshop(2);
      await fill(w, take(3));
      const [me] = take(1);
      const before = {
        w: await snapshot(w),
        total: await t.db.query('SELECT count(*) FROM workshop_registration'),
      };
      const proposal = await createProposal(t.db, me!.user.id);
      const junk = [
        '',
        'abc',
        'x'.repeat(5000),
        toGlobalId('Workshop', 'not-a-uuid'),
        `${gid(w)}'; DELETE FROM workshop_registration; --`,
        `${gid(w)}==`, // padded base64
      ];
      const otherTypes = [
        toGlobalId('Proposal', proposal.id),
        toGlobalId('User', me!.user.id),
        toGlobalId('Department', parks.id),
        toGlobalId('WorkshopRegistration', before.w.rows[0]!.id),
        toGlobalId('Workshop ', w),
        toGlobalId('workshop', w),
      ];
      for (const doc of [REGISTER, CANCEL]) {
        for (const id of [...junk, ...otherTypes]) {
          const res = await t.gql(doc, { id }, me!.token);
          expect(codeOf(res)).toBe('BAD_USER_INPUT');
          expect(badFields(res)).toEqual(['workshopId']);
        }
        const unknown = await t.gql(
          doc,
          { id: gid('00000000-0000-4000-8000-000000000000') },
          me!.token,
        );
        expect(codeOf(unknown)).toBe('NOT_FOUND');
        // Wrong GraphQL types never reach the resolver.
        for (const id of [null, 42.5, true, { id: gid(w) }]) {
          const res = await t.gql(doc, { id }, me!.token);
          expect(res.errors).toBeDefined();
          expect(res.data).toBeUndefined();
        }
      }
      expect(await snapshot(w)).toEqual(before.w);
      expect(await t.db.query('SELECT count(*) FROM workshop_registration')).toEqual(before.total);
    });
  });

  describe('who sees the registrations', () => {
    let w: string;
    let crowd: TestUser[];
    beforeAll(async () => {
      w = await newWorkshop(10);
      crowd = take(25);
      await fill(w, crowd);
      for (const u of [crowd[1]!, crowd[12]!, crowd[20]!]) {
        await t.gql(CANCEL, { id: gid(w) }, u.token);
      }
    });

    it('the organizer staff see every registrant by display name, never the email', async () => {
      const res: GraphqlResponse = await t.gql(LIST, { id: gid(w), first: 100 }, parksStaff.token);
      expect(res.errors).toBeUndefined();
      const list = res.data.workshop.registrations;
      const all = await rows(w);
      expect(list.totalCount).toBe(25);
      expect(list.nodes.map((n: any) => raw(n.id))).toEqual(all.map((r) => r.id));
      list.nodes.forEach((n: any) => {
        const u = crowd.find((c) => uid(c) === n.user.id)!;
        expect(n.user.displayName).toBe(u.user.displayName);
        expect(n.user.email).toBeNull();
      });
      expect(list.nodes.map((n: any) => n.status)).toEqual(all.map((r) => r.status));
    });

    it('admins see every registrant with the email', async () => {
      const res: GraphqlResponse = await t.gql(LIST, { id: gid(w), first: 100 }, admin.token);
      expect(res.errors).toBeUndefined();
      const nodes = res.data.workshop.registrations.nodes;
      expect(nodes).toHaveLength(25);
      nodes.forEach((n: any) => {
        const u = crowd.find((c) => uid(c) === n.user.id)!;
        expect(n.user.email).toBe(u.user.email);
      });
    });

    it('other staff, moderators and citizens (even registrants) are FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      for (const who of [roadsStaff, moderator, crowd[0]!, people.at(-1)!]) {
        const res: GraphqlResponse = await t.gql(LIST, { id: gid(w) }, who.token);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.data?.workshop ?? null).toBeNull();
      }
      const anonymous = await t.gql(LIST, { id: gid(w) }, null);
      expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
      expect(anonymous.data?.workshop ?? null).toBeNull();
    });

    it('filters by status', async () => {
      const all = await rows(w);
      for (const status of ['CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const) {
        const res: GraphqlResponse = await t.gql(
          LIST,
          { id: gid(w), status, first: 100 },
          parksStaff.token,
        );
        expect(res.errors).toBeUndefined();
        const expected = all.filter((r) => r.status === status);
        expect(res.data.workshop.registrations.totalCount).toBe(expected.length);
        expect(res.data.workshop.registrations.nodes.map((n: any) => raw(n.id))).toEqual(
          expected.map((r) => r.id),
        );
      }
      expect(all.filter((r) => r.status === 'CONFIRMED')).toHaveLength(10);
      expect(all.filter((r) => r.status === 'WAITLISTED')).toHaveLength(12);
      expect(all.filter((r) => r.status === 'CANCELLED')).toHaveLength(3);
      const bad = await t.gql(LIST, { id: gid(w), status: 'PENDING' }, parksStaff.token);
      expect(bad.errors).toBeDefined();
    });

    it('pages with first/after in queue order, without repeats or skips, even as people join', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      const joining = take(3);
      do {
        const res: GraphqlResponse = await t.gql(
          LIST,
          { id: gid(w), first: 7, after },
          admin.token,
        );
        expect(res.errors).toBeUndefined();
        const page: Page = res.data.workshop.registrations;
        expect(page.nodes.length).toBeLessThanOrEqual(7);
        seen.push(...page.nodes.map((n: any) => raw(n.id)));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        // Someone joins between pages: they show up once, at the end.
        if (pages < joining.length) await fill(w, [joining[pages]!]);
        pages += 1;
      } while (after);
      const all = await rows(w);
      expect(seen).toEqual(all.map((r) => r.id));
      expect(new Set(seen).size).toBe(seen.length);
      expect(all).toHaveLength(28);

      const tooBig = await t.gql(LIST, { id: gid(w), first: 101 }, admin.token);
      expect(codeOf(tooBig)).toBe('BAD_USER_INPUT');
      const junkCursor = await t.gql(LIST, { id: gid(w), after: 'bm9wZQ' }, admin.token);
      expect(codeOf(junkCursor)).toBe('BAD_USER_INPUT');
    });

    it('node() shows a registration to its registrant, the organizer staff and admins only', async () => {
      const mine = (await rows(w)).find((r) => r.user_id === crowd[4]!.user.id)!;
      const id = toGlobalId('WorkshopRegistration', mine.id);
      const expected = {
        __typename: 'WorkshopRegistration',
        id,
        status: mine.status,
        user: { id: uid(crowd[4]!) },
        workshop: { id: gid(w) },
      };
      for (const who of [crowd[4]!, parksStaff, admin]) {
        const res = await t.gql(NODE, { id }, who.token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node).toEqual(expected);
      }
      for (const who of [crowd[5]!, roadsStaff, moderator, suspended]) {
        const res = await t.gql(NODE, { id }, who.token);
        expect(res.errors).toBeUndefined();
        expect(res.data.node).toBeNull();
      }
      const anonymous = await t.gql(NODE, { id }, null);
      expect(anonymous.data.node).toBeNull();
      const unknown = await t.gql(
        NODE,
        { id: toGlobalId('WorkshopRegistration', '00000000-0000-4000-8000-000000000000') },
        admin.token,
      );
      expect(unknown.data.node).toBeNull();
    });
  });

  describe('the database guards the capacity itself', () => {
    it('refuses registered_count above capacity, negative counts, and a second row per person', async () => {
      const w = await newWorkshop(3);
      await fill(w, take(3));
      const before = await snapshot(w);
      await expect(
        t.db.query('UPDATE workshop SET registered_count = capacity + 1 WHERE id = $1', [w]),
      ).rejects.toThrow(/ck_workshop_registered/);
      await expect(
        t.db.query('UPDATE workshop SET capacity = 2 WHERE id = $1', [w]),
      ).rejects.toThrow(/ck_workshop_registered/);
      await expect(
        t.db.query('UPDATE workshop SET waitlist_count = -1 WHERE id = $1', [w]),
      ).rejects.toThrow(/ck_workshop_waitlist/);
      await expect(
        t.db.query(
          `INSERT INTO workshop_registration (workshop_id, user_id, status) VALUES ($1, $2, 'WAITLISTED')`,
          [w, before.rows[0]!.user_id],
        ),
      ).rejects.toThrow(/uq_workshop_registration_user/);
      expect(await snapshot(w)).toEqual(before);
    });
  });
});
