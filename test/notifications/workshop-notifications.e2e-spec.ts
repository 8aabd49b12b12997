import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import {
  CANCEL,
  expectReadAs,
  heardDuring,
  newWorkshop,
  ok,
  PUBLISH_OUTCOME,
  register,
  startScene,
  UPDATE_WORKSHOP,
  wid,
  type Scene,
} from './support.js';

/**
 * Who hears of what at workshops: one's own registration or cancellation answers itself; a
 * cancellation that frees a place tells the first waitlisted person; a capacity raise tells
 * the newly confirmed (and only them of their confirmation) and everybody else still holding
 * or awaiting a place of the change; an edit or a published outcome tells every confirmed and
 * waitlisted registrant. Never the organizer who acted, never people who cancelled.
 */

let s: Scene;
beforeAll(async () => {
  s = await startScene();
});
afterAll(() => s.t.close());

const rid = (registrationId: string) => toGlobalId('WorkshopRegistration', registrationId);
const cancel = (who: TestUser, workshopId: string) =>
  ok(s.t, CANCEL, { id: wid(workshopId) }, who.token);

it('registering (confirmed or waitlisted), registering again and cancelling without a waitlist tell nobody', async () => {
  const workshop = await newWorkshop(s, s.parks, 1);
  const first = await heardDuring(s, () => register(s, s.citizen, workshop.id));
  expect(first.heard).toEqual([]);
  const waitlisted = await heardDuring(s, async () => {
    expect((await register(s, s.citizen2, workshop.id)).status).toBe('WAITLISTED');
  });
  expect(waitlisted.heard).toEqual([]);
  expect((await heardDuring(s, () => register(s, s.citizen2, workshop.id))).heard).toEqual([]);
  // A waitlisted person leaving frees no place: nobody is promoted, nobody hears.
  expect((await heardDuring(s, () => cancel(s.citizen2, workshop.id))).heard).toEqual([]);
  // The last confirmed person leaving with nobody waiting: nobody hears either.
  expect((await heardDuring(s, () => cancel(s.citizen, workshop.id))).heard).toEqual([]);
  // Cancelling twice returns the cancelled registration and tells nobody.
  expect((await heardDuring(s, () => cancel(s.citizen, workshop.id))).heard).toEqual([]);
});

it('a cancellation that frees a place tells the first waitlisted person only (WORKSHOP_WAITLIST_PROMOTED)', async () => {
  const workshop = await newWorkshop(s, s.parks, 1);
  await register(s, s.citizen, workshop.id);
  const promotedRegistration = await register(s, s.citizen2, workshop.id);
  const stillWaiting = await register(s, s.citizen3, workshop.id);
  expect([promotedRegistration.status, stillWaiting.status]).toEqual(['WAITLISTED', 'WAITLISTED']);

  const { heard, rows } = await heardDuring(s, () => cancel(s.citizen, workshop.id));
  expect(heard).toEqual([
    {
      to: 'citizen2',
      kind: 'WORKSHOP_WAITLIST_PROMOTED',
      subject: `WorkshopRegistration:${promotedRegistration.id}`,
    },
  ]);
  // The platform moved them up: whoever cancelled, and so freed the place, stays unnamed.
  expect(rows[0]).toMatchObject({ actor_id: null, actor_kind: 'SYSTEM' });
  const entry = await expectReadAs(s.t, s.citizen2, rows[0]!, {
    kind: 'WORKSHOP_WAITLIST_PROMOTED',
    subject: { __typename: 'WorkshopRegistration', id: rid(promotedRegistration.id) },
    mentions: [workshop.title],
  });
  expect(entry.message).toBe(
    `A place came free: you moved from the waitlist to confirmed at "${workshop.title}".`,
  );
  expect(entry.message).not.toContain(s.citizen.user.displayName);
  const [{ status }] = await s.t.db.query(
    'SELECT status FROM workshop_registration WHERE id = $1',
    [promotedRegistration.id],
  );
  expect(status).toBe('CONFIRMED');
});

it('a capacity raise confirms the first waitlisted (REGISTRATION_CONFIRMED), tells the others still registered (UPDATED), not the cancelled nor the actor', async () => {
  const workshop = await newWorkshop(s, s.parks, 2);
  await register(s, s.citizen, workshop.id); // confirmed
  await register(s, s.parksStaff, workshop.id); // confirmed: the organizer who will raise it
  const b = await register(s, s.citizen2, workshop.id); // waitlisted 1
  const c = await register(s, s.citizen3, workshop.id); // waitlisted 2
  const d = await register(s, s.author, workshop.id); // waitlisted 3
  const e = await register(s, s.moderator, workshop.id); // waitlisted 4, then cancels
  const f = await register(s, s.roadsStaff, workshop.id); // waitlisted 5, then cancels
  expect([b, c, d, e, f].map((r) => r.status)).toEqual(Array(5).fill('WAITLISTED'));
  await cancel(s.moderator, workshop.id);
  await cancel(s.roadsStaff, workshop.id);

  const { heard, rows } = await heardDuring(s, () =>
    ok(s.t, UPDATE_WORKSHOP, { input: { id: wid(workshop.id), capacity: 4 } }, s.parksStaff.token),
  );
  const workshopSubject = `Workshop:${workshop.id}`;
  expect(heard).toEqual([
    { to: 'author', kind: 'WORKSHOP_UPDATED', subject: workshopSubject },
    { to: 'citizen', kind: 'WORKSHOP_UPDATED', subject: workshopSubject },
    {
      to: 'citizen2',
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: `WorkshopRegistration:${b.id}`,
    },
    {
      to: 'citizen3',
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: `WorkshopRegistration:${c.id}`,
    },
  ]);
  const confirmed = await expectReadAs(
    s.t,
    s.citizen2,
    rows.find((r) => r.recipient_id === s.citizen2.user.id)!,
    {
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: { __typename: 'WorkshopRegistration', id: rid(b.id) },
      mentions: [workshop.title],
    },
  );
  expect(confirmed.message).toBe(
    `More places were opened: your place at "${workshop.title}" is confirmed.`,
  );
  const updated = await expectReadAs(
    s.t,
    s.author,
    rows.find((r) => r.recipient_id === s.author.user.id)!,
    {
      kind: 'WORKSHOP_UPDATED',
      subject: { __typename: 'Workshop', id: wid(workshop.id) },
      mentions: [workshop.title],
    },
  );
  expect(updated.message).toBe(`"${workshop.title}" was updated.`);
  const statuses: { user_id: string; status: string }[] = await s.t.db.query(
    'SELECT user_id, status FROM workshop_registration WHERE workshop_id = $1 ORDER BY queue_number',
    [workshop.id],
  );
  expect(statuses.map((r) => r.status)).toEqual([
    'CONFIRMED',
    'CONFIRMED',
    'CONFIRMED',
    'CONFIRMED',
    'WAITLISTED',
    'CANCELLED',
    'CANCELLED',
  ]);
});

it('a capacity raise to unlimited confirms every waitlisted person, each told once', async () => {
  const workshop = await newWorkshop(s, s.roads, 1);
  await register(s, s.citizen, workshop.id);
  const b = await register(s, s.citizen2, workshop.id);
  const c = await register(s, s.citizen3, workshop.id);
  const { heard } = await heardDuring(s, () =>
    ok(s.t, UPDATE_WORKSHOP, { input: { id: wid(workshop.id), capacity: null } }, s.admin.token),
  );
  expect(heard).toEqual([
    { to: 'citizen', kind: 'WORKSHOP_UPDATED', subject: `Workshop:${workshop.id}` },
    {
      to: 'citizen2',
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: `WorkshopRegistration:${b.id}`,
    },
    {
      to: 'citizen3',
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: `WorkshopRegistration:${c.id}`,
    },
  ]);
});

it('an edit tells every confirmed and waitlisted registrant, with the new title; not the cancelled, the organizer nor other staff', async () => {
  const workshop = await newWorkshop(s, s.parks, 1);
  await register(s, s.citizen, workshop.id); // confirmed
  await register(s, s.citizen2, workshop.id); // waitlisted
  await register(s, s.citizen3, workshop.id); // waitlisted, then cancels
  await cancel(s.citizen3, workshop.id);
  const title = `${workshop.title} (장소 변경)`;
  const { heard, rows } = await heardDuring(s, () =>
    ok(s.t, UPDATE_WORKSHOP, { input: { id: wid(workshop.id), title } }, s.parksStaff2.token),
  );
  const subject = `Workshop:${workshop.id}`;
  expect(heard).toEqual([
    { to: 'citizen', kind: 'WORKSHOP_UPDATED', subject },
    { to: 'citizen2', kind: 'WORKSHOP_UPDATED', subject },
  ]);
  await expectReadAs(
    s.t,
    s.citizen2,
    rows.find((r) => r.recipient_id === s.citizen2.user.id)!,
    {
      kind: 'WORKSHOP_UPDATED',
      subject: { __typename: 'Workshop', id: wid(workshop.id) },
      mentions: [title],
    },
  );
});

it('publishWorkshopOutcome tells every confirmed and waitlisted registrant (WORKSHOP_UPDATED), not the cancelled nor the actor', async () => {
  const workshop = await newWorkshop(s, s.parks, 2);
  await register(s, s.citizen, workshop.id); // confirmed
  await register(s, s.parksStaff, workshop.id); // confirmed, and will publish
  await register(s, s.citizen2, workshop.id); // waitlisted
  await register(s, s.citizen3, workshop.id); // waitlisted, then cancels
  await cancel(s.citizen3, workshop.id);
  // The workshop has started: an outcome may be published.
  await s.t.db.query(
    `UPDATE workshop SET starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour'
      WHERE id = $1`,
    [workshop.id],
  );
  const { heard, rows } = await heardDuring(s, () =>
    ok(
      s.t,
      PUBLISH_OUTCOME,
      { input: { workshopId: wid(workshop.id), outcome: '세 가지 개선안을 정했습니다.' } },
      s.parksStaff.token,
    ),
  );
  const subject = `Workshop:${workshop.id}`;
  expect(heard).toEqual([
    { to: 'citizen', kind: 'WORKSHOP_UPDATED', subject },
    { to: 'citizen2', kind: 'WORKSHOP_UPDATED', subject },
  ]);
  const entry = await expectReadAs(
    s.t,
    s.citizen,
    rows.find((r) => r.recipient_id === s.citizen.user.id)!,
    {
      kind: 'WORKSHOP_UPDATED',
      subject: { __typename: 'Workshop', id: wid(workshop.id) },
      mentions: [workshop.title],
    },
  );
  expect(entry.message).toBe(`"${workshop.title}" has a published outcome.`);
});

it('an organizer waitlisted at their own workshop who raises its capacity gets the place, and is not told of their own act', async () => {
  const workshop = await newWorkshop(s, s.parks, 1);
  await register(s, s.citizen, workshop.id); // confirmed
  const own = await register(s, s.parksStaff, workshop.id); // waitlisted 1: the organizer
  const next = await register(s, s.citizen2, workshop.id); // waitlisted 2
  const { heard } = await heardDuring(s, () =>
    ok(s.t, UPDATE_WORKSHOP, { input: { id: wid(workshop.id), capacity: 3 } }, s.parksStaff.token),
  );
  expect(heard).toEqual([
    { to: 'citizen', kind: 'WORKSHOP_UPDATED', subject: `Workshop:${workshop.id}` },
    {
      to: 'citizen2',
      kind: 'WORKSHOP_REGISTRATION_CONFIRMED',
      subject: `WorkshopRegistration:${next.id}`,
    },
  ]);
  const [{ status }] = await s.t.db.query(
    'SELECT status FROM workshop_registration WHERE id = $1',
    [own.id],
  );
  expect(status).toBe('CONFIRMED');
});
