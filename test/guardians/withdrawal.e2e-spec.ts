import { randomBytes } from 'node:crypto';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { parseGlobalId } from '../../src/core/graphql/relay/global-id.js';
import {
  createUser,
  tokenFor,
  type TestUser,
} from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  ADD_CHILD,
  CANCEL_ADULT,
  CANCEL_CHILD,
  childrenSnapshot,
  DAY,
  expectCountersMatch,
  gid,
  MINE,
  person,
  queueOf,
  REGISTER_ADULT,
  REGISTER_CHILD,
  T0,
  WITHDRAW,
  workshopRow,
  YEAR,
} from './support.js';

/**
 * Withdrawing a guardian's consent (issue 19): every place of the child is given up (the next
 * in each queue promoted), the child's data is erased from the whole database, and the record
 * the law requires stays: the consents, marked withdrawn. Only the guardian may, also while
 * suspended; for anyone else the child does not exist.
 */

const NOTIFICATIONS = `query { notifications(first: 20) { nodes { kind message subject { __typename } } } }`;

describe('guardians: withdrawing consent', () => {
  let t: TestApp;
  let parksId: string;
  let organizer: TestUser;
  let version: string;

  const raw = (globalId: string) => parseGlobalId(globalId)!.id;

  /** A unique, random name, so that finding it anywhere can only mean it leaked. */
  const uniqueName = () => `Zq${randomBytes(6).toString('hex')}`;

  async function addChild(guardian: TestUser, firstName: string): Promise<string> {
    const res = await t.gql(
      ADD_CHILD,
      { input: { firstName, birthYear: YEAR - 8 } },
      guardian.token,
    );
    expect(res.errors).toBeUndefined();
    return res.data.addChild.id;
  }

  async function registerChild(
    guardian: TestUser,
    childId: string,
    workshopId: string,
    guardianContact: string | null = null,
  ): Promise<{ id: string; status: string }> {
    const res = await t.gql(
      REGISTER_CHILD,
      {
        input: {
          workshopId: gid('Workshop', workshopId),
          childId,
          relationship: '할머니(후견인)',
          consentTextVersion: version,
          guardianContact,
        },
      },
      guardian.token,
    );
    expect(res.errors).toBeUndefined();
    return res.data.registerChild;
  }

  const registerAdult = async (workshopId: string): Promise<TestUser> => {
    const adult = await person(t);
    const res = await t.gql(REGISTER_ADULT, { id: gid('Workshop', workshopId) }, adult.token);
    expect(res.errors).toBeUndefined();
    return adult;
  };

  /** Every table and every text, varchar, json or array column in the database holding `needle`. */
  async function whereFound(needle: string): Promise<string[]> {
    const columns = (await t.db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public'
          AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
          AND table_name IN (SELECT table_name FROM information_schema.tables
                              WHERE table_schema = 'public' AND table_type = 'BASE TABLE')`,
    )) as { table_name: string; column_name: string }[];
    expect(columns.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}"::text LIKE '%' || $1 || '%'`,
        [needle],
      );
      if (n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  beforeAll(async () => {
    t = await startTestApp();
    freezeClock(T0);
    parksId = (await createDepartment(t.db, { name: '공원녹지과' })).id;
    organizer = await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: parksId });
    version = (await t.gql('{ guardianConsentText { version } }')).data.guardianConsentText.version;
  });

  afterAll(async () => {
    restoreClock();
    await t.close();
  });

  it('erases the child everywhere, gives every place up to the next in line, and keeps the consent records', async () => {
    const guardian = await person(t, 1960);
    const name = uniqueName();
    const contact = `contact-${uniqueName()}`;
    const childId = await addChild(guardian, name);
    const sibling = await addChild(guardian, uniqueName());

    // W1: the child holds the only place; an adult waits behind it.
    const w1 = await workshopRow(t.db, parksId, { capacity: 1 });
    const heldAtW1 = await registerChild(guardian, childId, w1, contact);
    expect(heldAtW1.status).toBe('CONFIRMED');
    const waitingAdult = await registerAdult(w1);
    // W2: an adult holds the place, the child waits, another adult waits behind the child.
    const w2 = await workshopRow(t.db, parksId, { capacity: 1 });
    await registerAdult(w2);
    expect((await registerChild(guardian, childId, w2, contact)).status).toBe('WAITLISTED');
    const behindChild = await registerAdult(w2);
    // W3: registered, then cancelled: its consent stays on record too.
    const w3 = await workshopRow(t.db, parksId, { capacity: 5 });
    const cancelled = await registerChild(guardian, childId, w3);
    await t.gql(CANCEL_CHILD, { id: cancelled.id }, guardian.token);
    // W4: the child was promoted from the waitlist, so the guardian holds a notice about it.
    const w4 = await workshopRow(t.db, parksId, { capacity: 1 });
    const first = await registerAdult(w4);
    await registerChild(guardian, childId, w4, contact);
    await t.gql(CANCEL_ADULT, { id: gid('Workshop', w4) }, first.token);
    // The organizers read the child, so it went through every path there is.
    const read = await t.gql(
      `query($id: ID!) { workshop(id: $id) { childRegistrations { child { firstName } guardianContact } } }`,
      { id: gid('Workshop', w4) },
      organizer.token,
    );
    expect(read.data.workshop.childRegistrations[0]).toEqual({
      child: { firstName: name },
      guardianContact: contact,
    });
    // The sibling, registered at W1's waitlist, stays.
    expect((await registerChild(guardian, sibling, w1)).status).toBe('WAITLISTED');
    expect(await whereFound(name)).toEqual(['child.first_name']);

    setClock(T0.getTime() + 60_000);
    const token = await tokenFor(t.db, t.jwt, guardian.user);
    const res = await t.gql(WITHDRAW, { childId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.withdrawGuardianConsent).toBe(true);

    // Erased: the name and the contact are nowhere in the database.
    expect(await whereFound(name)).toEqual([]);
    expect(await whereFound(contact)).toEqual([]);
    expect(await t.db.query('SELECT id FROM child WHERE id = $1', [raw(childId)])).toEqual([]);
    expect(
      await t.db.query('SELECT id FROM child_registration WHERE child_id = $1', [raw(childId)]),
    ).toEqual([]);

    // Kept: one consent per registration made, with who, as what, to which text, given and withdrawn.
    const consents = await t.db.query(
      `SELECT child_id, guardian_id, workshop_id, consent_text_version, relationship, given_at, withdrawn_at
         FROM guardian_consent WHERE guardian_id = $1 AND workshop_id = ANY($2) ORDER BY workshop_id`,
      [guardian.user.id, [w2, w3, w4, w1]],
    );
    const ofChild = consents.filter((c: { withdrawn_at: Date | null }) => c.withdrawn_at !== null);
    expect(ofChild).toHaveLength(4);
    for (const consent of ofChild) {
      expect(consent).toMatchObject({
        child_id: null,
        guardian_id: guardian.user.id,
        consent_text_version: version,
        relationship: '할머니(후견인)',
      });
      expect(new Date(consent.withdrawn_at).getTime()).toBe(T0.getTime() + 60_000);
      expect(new Date(consent.given_at).getTime()).toBe(T0.getTime());
    }
    expect(new Set(ofChild.map((c: { workshop_id: string }) => c.workshop_id))).toEqual(
      new Set([w1, w2, w3, w4]),
    );
    // The sibling's consent is untouched.
    expect(
      consents.filter((c: { withdrawn_at: Date | null }) => c.withdrawn_at === null),
    ).toHaveLength(1);

    // The guardian sees that record, and no trace of the child.
    const mine = await t.gql(MINE, {}, token);
    expect(mine.data.me.children.map((c: { id: string }) => c.id)).toEqual([sibling]);
    expect(mine.data.me.childRegistrations).toHaveLength(1);
    const withdrawn = mine.data.me.guardianConsents.filter(
      (c: { withdrawnAt: string | null }) => c.withdrawnAt,
    );
    expect(withdrawn).toHaveLength(4);
    expect(withdrawn[0]).toMatchObject({
      consentTextVersion: version,
      relationship: '할머니(후견인)',
      givenAt: T0.toISOString(),
      withdrawnAt: new Date(T0.getTime() + 60_000).toISOString(),
    });
    // The notice of the promotion stays, but its subject is gone.
    const inbox = await t.gql(NOTIFICATIONS, {}, token);
    expect(inbox.data.notifications.nodes).toEqual([
      expect.objectContaining({ kind: 'WORKSHOP_WAITLIST_PROMOTED', subject: null }),
    ]);

    // W1: the waiting adult has the child's place; the sibling still waits, now first.
    const q1 = await queueOf(t.db, w1);
    expect(q1.map((r) => [r.kind, r.status])).toEqual([
      ['adult', 'CONFIRMED'],
      ['child', 'WAITLISTED'],
    ]);
    const promotedNotice = await t.db.query(
      `SELECT kind FROM notification WHERE recipient_id = $1`,
      [waitingAdult.user.id],
    );
    expect(promotedNotice).toEqual([{ kind: 'WORKSHOP_WAITLIST_PROMOTED' }]);
    // W2: the adult who waited behind the child is now first in line.
    const position = await t.gql(
      `query($id: ID!) { workshop(id: $id) { viewerRegistration { status waitlistPosition } } }`,
      { id: gid('Workshop', w2) },
      await tokenFor(t.db, t.jwt, behindChild.user),
    );
    expect(position.data.workshop.viewerRegistration).toEqual({
      status: 'WAITLISTED',
      waitlistPosition: 1,
    });
    for (const w of [w1, w2, w3, w4]) await expectCountersMatch(t.db, w);

    // The child is gone: withdrawing again, registering or cancelling it are NOT_FOUND.
    expect(codeOf(await t.gql(WITHDRAW, { childId }, token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(CANCEL_CHILD, { id: heldAtW1.id }, token))).toBe('NOT_FOUND');
    setClock(T0);
  });

  it("someone else's child: NOT_FOUND for a citizen, the organizer and an admin alike; nothing changed", async () => {
    const guardian = await person(t, 1970);
    const childId = await addChild(guardian, uniqueName());
    const w = await workshopRow(t.db, parksId, { capacity: 3 });
    await registerChild(guardian, childId, w);
    const before = await childrenSnapshot(t.db);
    const admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
    const missing = await t.gql(
      WITHDRAW,
      { childId: gid('Child', '00000000-0000-4000-8000-000000000000') },
      admin.token,
    );
    expect(codeOf(missing)).toBe('NOT_FOUND');
    for (const who of [await person(t), organizer, admin]) {
      const res = await t.gql(WITHDRAW, { childId }, who.token);
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(res.errors![0].message).toBe(missing.errors![0].message);
    }
    expect(codeOf(await t.gql(WITHDRAW, { childId }))).toBe('UNAUTHENTICATED');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('hostile ids: another type, junk, none: BAD_USER_INPUT, nothing changed', async () => {
    const guardian = await person(t, 1970);
    await addChild(guardian, uniqueName());
    const before = await childrenSnapshot(t.db);
    for (const bad of [gid('User', guardian.user.id), 'junk', '', 42]) {
      const res = await t.gql(WITHDRAW, { childId: bad }, guardian.token);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(await t.gql(WITHDRAW, { childId: null }, guardian.token))).toBe('BAD_USER_INPUT');
    expect(await childrenSnapshot(t.db)).toEqual(before);
  });

  it('a suspended guardian may still withdraw consent: it is their child’s data, not a post', async () => {
    const guardian = await person(t, 1970);
    const name = uniqueName();
    const childId = await addChild(guardian, name);
    await t.db.query('UPDATE app_user SET suspended_until = $2 WHERE id = $1', [
      guardian.user.id,
      new Date(T0.getTime() + 30 * DAY),
    ]);
    const token = await tokenFor(t.db, t.jwt, guardian.user);
    const res = await t.gql(WITHDRAW, { childId }, token);
    expect(res.errors).toBeUndefined();
    expect(await whereFound(name)).toEqual([]);
  });

  it('after the workshop has started: the place is given up and erased, but nobody is promoted into a running session', async () => {
    const guardian = await person(t, 1970);
    const name = uniqueName();
    const childId = await addChild(guardian, name);
    const w = await workshopRow(t.db, parksId, {
      capacity: 1,
      startsAt: new Date(T0.getTime() + DAY),
    });
    await registerChild(guardian, childId, w);
    const adult = await registerAdult(w);
    setClock(T0.getTime() + DAY + 60_000);
    try {
      const res = await t.gql(WITHDRAW, { childId }, await tokenFor(t.db, t.jwt, guardian.user));
      expect(res.errors).toBeUndefined();
      expect((await queueOf(t.db, w)).map((r) => [r.kind, r.status])).toEqual([
        ['adult', 'WAITLISTED'],
      ]);
      await expectCountersMatch(t.db, w);
      expect(await whereFound(name)).toEqual([]);
      expect(
        await t.db.query('SELECT id FROM notification WHERE recipient_id = $1', [adult.user.id]),
      ).toEqual([]);
    } finally {
      setClock(T0);
    }
  });

  it('races: withdrawal against registrations and a cancellation of the same child: no child left, counters true', async () => {
    for (let round = 0; round < 5; round += 1) {
      const guardian = await person(t, 1970);
      const name = uniqueName();
      const childId = await addChild(guardian, name);
      const workshops = await Promise.all(
        [1, 1, 2].map((capacity) => workshopRow(t.db, parksId, { capacity })),
      );
      const held = await registerChild(guardian, childId, workshops[0]!);
      await registerAdult(workshops[0]!);
      const results = await Promise.all([
        t.gql(WITHDRAW, { childId }, guardian.token),
        t.gql(
          REGISTER_CHILD,
          {
            input: {
              workshopId: gid('Workshop', workshops[1]!),
              childId,
              relationship: '아버지',
              consentTextVersion: version,
            },
          },
          guardian.token,
        ),
        t.gql(
          REGISTER_CHILD,
          {
            input: {
              workshopId: gid('Workshop', workshops[2]!),
              childId,
              relationship: '아버지',
              consentTextVersion: version,
            },
          },
          guardian.token,
        ),
        t.gql(CANCEL_CHILD, { id: held.id }, guardian.token),
      ]);
      expect(results[0].errors).toBeUndefined();
      for (const r of results.slice(1)) {
        // Each either ran before the withdrawal (and was undone by it) or found no child.
        if (r.errors) expect(codeOf(r)).toBe('NOT_FOUND');
      }
      expect(await whereFound(name)).toEqual([]);
      for (const w of workshops) await expectCountersMatch(t.db, w);
      const [{ n }] = await t.db.query(
        'SELECT count(*)::int AS n FROM guardian_consent WHERE guardian_id = $1 AND withdrawn_at IS NULL',
        [guardian.user.id],
      );
      expect(n).toBe(0);
    }
  });
});
