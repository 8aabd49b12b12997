import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  createChildRegistrationRow,
  createChildRow,
} from '../../src/guardians/testing/guardians.factory.js';
import { RegistrationStatus } from '../../src/workshops/workshop-status.js';
import { LiveChannel } from '../../src/core/live/live-events.js';
import { freezeClock, restoreClock } from '../helpers/clock.js';
import { connectLive, listen, waitForSubscribers } from '../helpers/live-client.js';
import { countQueries } from '../helpers/query-counter.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  ADD_CHILD,
  CHILD_REGISTRATION_FIELDS,
  gid,
  MINE,
  NODE,
  person,
  REGISTER_CHILD,
  T0,
  workshopRow,
  WORKSHOP_CHILDREN,
  YEAR,
} from './support.js';

/**
 * Who sees children (issue 19: "nobody else sees children at all, through any query, node id or
 * subscription"): every path to a child, read by the guardian, the organizers, an admin, and
 * by everyone who must see nothing: another citizen, staff of another department, a
 * moderator, anonymous.
 */

const USER_CHILDREN = `query($id: ID!) { node(id: $id) { ... on User { id
  children { id firstName } childRegistrations { id } guardianConsents { relationship } } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
const ADMIN_USERS = `query { users(first: 20) { nodes { id children { id } childRegistrations { id } guardianConsents { relationship } } } }`;
const WORKSHOPS = `query { workshops(first: 20) { nodes { id childRegistrations(first: 10) { id child { firstName } } } } }`;

describe('guardians: nobody but the guardian and the organizers sees a child', () => {
  let t: TestApp;
  let parksId: string;
  let guardian: TestUser;
  let organizer: TestUser;
  let admin: TestUser;
  let outsiders: Record<string, string | null>;
  let workshopId: string;
  let childId: string;
  let registrationId: string;
  const firstName = `비밀${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    const roadsId = (await createDepartment(t.db, { name: '도로과' })).id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    guardian = await person(t, 1984);
    outsiders = {
      citizen: (await person(t)).token,
      otherStaff: (await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roadsId }))
        .token,
      moderator: (await createUser(t.db, t.jwt, { role: Role.MODERATOR })).token,
      anonymous: null,
    };
    workshopId = await workshopRow(t.db, parksId, { capacity: 20 });
    const child = await t.gql(
      ADD_CHILD,
      { input: { firstName, birthYear: YEAR - 8 } },
      guardian.token,
    );
    childId = child.data.addChild.id;
    const version = (await t.gql('{ guardianConsentText { version } }')).data.guardianConsentText
      .version;
    const registered = await t.gql(
      REGISTER_CHILD,
      {
        input: {
          workshopId: gid('Workshop', workshopId),
          childId,
          relationship: '아버지',
          consentTextVersion: version,
          guardianContact: '010-9876-5432',
        },
      },
      guardian.token,
    );
    if (registered.errors) throw new Error(registered.errors[0]!.message);
    registrationId = registered.data.registerChild.id;
  });

  const createChildRowFor = (parent: TestUser) => createChildRow(t.db, parent.user.id, {}, T0);

  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  it('the guardian sees their children, registrations and consents on User', async () => {
    const res = await t.gql(MINE, {}, guardian.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.me.children).toEqual([{ id: childId, firstName, birthYear: YEAR - 8 }]);
    expect(res.data.me.childRegistrations).toHaveLength(1);
    expect(res.data.me.childRegistrations[0]).toMatchObject({
      id: registrationId,
      guardianContact: '010-9876-5432',
      child: { firstName },
    });
    expect(res.data.me.guardianConsents).toEqual([
      {
        consentTextVersion: '2026-12',
        relationship: '아버지',
        givenAt: T0.toISOString(),
        withdrawnAt: null,
        workshop: { id: gid('Workshop', workshopId) },
      },
    ]);
  });

  it('User.children, childRegistrations and guardianConsents of the guardian are null for everyone else, admins included', async () => {
    for (const token of [...Object.values(outsiders), organizer.token, admin.token]) {
      const res = await t.gql(USER_CHILDREN, { id: gid('User', guardian.user.id) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({
        id: gid('User', guardian.user.id),
        children: null,
        childRegistrations: null,
        guardianConsents: null,
      });
    }
    const listed = await t.gql(ADMIN_USERS, {}, admin.token);
    expect(listed.errors).toBeUndefined();
    const row = listed.data.users.nodes.find(
      (u: { id: string }) => u.id === gid('User', guardian.user.id),
    );
    expect(row).toEqual({
      id: gid('User', guardian.user.id),
      children: null,
      childRegistrations: null,
      guardianConsents: null,
    });
  });

  it('node(id) of a Child: its guardian only (not even the organizers or an admin)', async () => {
    const own = await t.gql(NODE, { id: childId }, guardian.token);
    expect(own.data.node).toEqual({
      __typename: 'Child',
      id: childId,
      firstName,
      birthYear: YEAR - 8,
    });
    for (const token of [...Object.values(outsiders), organizer.token, admin.token]) {
      const res = await t.gql(NODE, { id: childId }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
      const many = await t.gql(NODES, { ids: [childId, registrationId] }, token);
      expect(many.data.nodes[0]).toBeNull();
    }
  });

  it('node(id) of a ChildRegistration: the guardian and the organizers; null for the rest', async () => {
    for (const token of [guardian.token, organizer.token, admin.token]) {
      const res = await t.gql(NODE, { id: registrationId }, token);
      expect(res.data.node).toEqual({
        __typename: 'ChildRegistration',
        id: registrationId,
        status: 'CONFIRMED',
        guardianContact: '010-9876-5432',
        child: { firstName },
      });
    }
    for (const token of Object.values(outsiders)) {
      const res = await t.gql(NODE, { id: registrationId }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toBeNull();
      const many = await t.gql(NODES, { ids: [registrationId] }, token);
      expect(many.data.nodes).toEqual([null]);
    }
  });

  it('Workshop.childRegistrations: organizers and admins see first name, birth year, guardian and contact', async () => {
    for (const token of [organizer.token, admin.token]) {
      const res = await t.gql(WORKSHOP_CHILDREN, { id: gid('Workshop', workshopId) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.workshop.childRegistrations).toEqual([
        expect.objectContaining({
          id: registrationId,
          child: { id: childId, firstName, birthYear: YEAR - 8 },
          guardian: { id: gid('User', guardian.user.id), displayName: guardian.user.displayName },
          guardianContact: '010-9876-5432',
          consent: expect.objectContaining({ relationship: '아버지' }),
        }),
      ]);
    }
  });

  it('Workshop.childRegistrations is null for everyone else, the guardian included (they read User.childRegistrations)', async () => {
    for (const token of [...Object.values(outsiders), guardian.token]) {
      const res = await t.gql(WORKSHOP_CHILDREN, { id: gid('Workshop', workshopId) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.workshop.childRegistrations).toBeNull();
      const listed = await t.gql(WORKSHOPS, {}, token);
      expect(listed.errors).toBeUndefined();
      for (const w of listed.data.workshops.nodes) expect(w.childRegistrations).toBeNull();
    }
  });

  it('an organizer of a workshop reads no child of another department’s workshop', async () => {
    const roadsId = (await createDepartment(t.db, { name: '교통과' })).id;
    const roadsStaff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: roadsId });
    await workshopRow(t.db, roadsId);
    const res = await t.gql(
      WORKSHOP_CHILDREN,
      { id: gid('Workshop', workshopId) },
      roadsStaff.token,
    );
    expect(res.data.workshop.childRegistrations).toBeNull();
    expect((await t.gql(NODE, { id: registrationId }, roadsStaff.token)).data.node).toBeNull();
  });

  it('no other field leads to the child: the adults’ registrations list and the guardian’s public face hold none of it', async () => {
    const res = await t.gql(
      `query($id: ID!) { workshop(id: $id) { registrations(first: 50) { totalCount nodes { user { id } } } } }`,
      { id: gid('Workshop', workshopId) },
      organizer.token,
    );
    expect(res.data.workshop.registrations.totalCount).toBe(0);
    // Whatever a stranger may ask of the workshop and of the guardian, the answer never holds the name.
    const everything = await t.gql(
      `query($w: ID!, $u: ID!) {
        workshop(id: $w) { id title registeredCount waitlistCount childRegistrations { id } viewerRegistration { id } }
        node(id: $u) { ... on User { id displayName children { id } childRegistrations { id } guardianConsents { relationship } } } }`,
      { w: gid('Workshop', workshopId), u: gid('User', guardian.user.id) },
      outsiders.citizen,
    );
    expect(everything.errors).toBeUndefined();
    expect(JSON.stringify(everything.data)).not.toContain(firstName);
    expect(JSON.stringify(everything.data)).not.toContain('010-9876-5432');
  });

  it('paged in queue order with an opaque cursor; hostile first and after are refused', async () => {
    const pagedWorkshop = await workshopRow(t.db, parksId, { capacity: 2 });
    const version = (await t.gql('{ guardianConsentText { version } }')).data.guardianConsentText
      .version;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const parent = await person(t, 1980);
      const child = await t.gql(
        ADD_CHILD,
        { input: { firstName: `줄${i}`, birthYear: YEAR - 9 } },
        parent.token,
      );
      const res = await t.gql(
        REGISTER_CHILD,
        {
          input: {
            workshopId: gid('Workshop', pagedWorkshop),
            childId: child.data.addChild.id,
            relationship: '어머니',
            consentTextVersion: version,
          },
        },
        parent.token,
      );
      ids.push(res.data.registerChild.id);
    }
    const read = (variables: Record<string, unknown>) =>
      t.gql(
        WORKSHOP_CHILDREN,
        { id: gid('Workshop', pagedWorkshop), ...variables },
        organizer.token,
      );
    const first = await read({ first: 2 });
    const page1 = first.data.workshop.childRegistrations;
    expect(page1.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2));
    const second = await read({ first: 2, after: page1[1].cursor });
    const page2 = second.data.workshop.childRegistrations;
    expect(page2.map((r: { id: string }) => r.id)).toEqual(ids.slice(2, 4));
    expect(
      page2.map((r: { status: string; waitlistPosition: number | null }) => [
        r.status,
        r.waitlistPosition,
      ]),
    ).toEqual([
      ['WAITLISTED', 1],
      ['WAITLISTED', 2],
    ]);
    const all = await read({});
    expect(all.data.workshop.childRegistrations).toHaveLength(5);

    for (const [variables, field] of [
      [{ first: 101 }, 'first'],
      [{ first: -1 }, 'first'],
      [{ after: 'not a cursor' }, 'after'],
      [{ after: Buffer.from('["registrations-queue",1]').toString('base64url') }, 'after'],
      [{ after: 'x'.repeat(513) }, 'after'],
    ] as const) {
      const res = await read(variables);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(badFields(res)).toEqual([field]);
    }
  });

  it('a page of workshops with their children costs the same statements for one workshop or five', async () => {
    const count = async (n: number) => {
      const deptId = (await createDepartment(t.db, { name: `부서${n}` })).id;
      const staff = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: deptId });
      const ids: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const id = await workshopRow(t.db, deptId, { capacity: 1 });
        // Two children each, one confirmed and one waiting, by rows.
        for (const status of [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]) {
          const parent = await person(t, 1980);
          const child = await createChildRowFor(parent);
          await createChildRegistrationRow(t.db, child, id, { status, guardianContact: '연락처' });
        }
        ids.push(id);
      }
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Workshop { id
        childRegistrations { ${CHILD_REGISTRATION_FIELDS} } } } }`;
      const { queries, result } = await countQueries(t.db, () =>
        t.gql(query, { ids: ids.map((id) => gid('Workshop', id)) }, staff.token),
      );
      expect(result.errors).toBeUndefined();
      for (const w of result.data.nodes) expect(w.childRegistrations).toHaveLength(2);
      return queries.length;
    };
    expect(await count(5)).toBe(await count(1));
  });

  it('notificationAdded: the guardian hears of the promotion without the name; nobody else hears anything', async () => {
    const url = await listen(t.app);
    const full = await workshopRow(t.db, parksId, { capacity: 1 });
    const adult = await person(t);
    await t.gql(
      `mutation($id: ID!) { registerForWorkshop(workshopId: $id) { id } }`,
      { id: gid('Workshop', full) },
      adult.token,
    );
    const version = (await t.gql('{ guardianConsentText { version } }')).data.guardianConsentText
      .version;
    const waiting = await t.gql(
      REGISTER_CHILD,
      {
        input: {
          workshopId: gid('Workshop', full),
          childId,
          relationship: '아버지',
          consentTextVersion: version,
        },
      },
      guardian.token,
    );
    expect(waiting.data.registerChild.status).toBe('WAITLISTED');
    const ADDED = `subscription { notificationAdded { kind message
      subject { __typename ... on ChildRegistration { id status child { firstName } } } } }`;
    const listeners = [guardian, organizer, admin];
    const clients = listeners.map((who) =>
      connectLive(url, { authorization: `Bearer ${who.token}` }),
    );
    try {
      const streams = clients.map((client) => client.subscribe(ADDED));
      for (const who of listeners) {
        await waitForSubscribers(t.app, LiveChannel.notifications(who.user.id));
      }
      await t.gql(
        `mutation($id: ID!) { cancelWorkshopRegistration(workshopId: $id) { id } }`,
        { id: gid('Workshop', full) },
        adult.token,
      );
      const pushed = (await streams[0]!.next()).data!.notificationAdded;
      expect(pushed).toMatchObject({
        kind: 'WORKSHOP_WAITLIST_PROMOTED',
        subject: {
          __typename: 'ChildRegistration',
          id: waiting.data.registerChild.id,
          status: 'CONFIRMED',
        },
      });
      expect(pushed.message).not.toContain(firstName);
      await streams[1]!.expectSilence();
      await streams[2]!.expectSilence();
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });
});
