import { Role } from '../../src/core/access/role.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * updateMe (issue 17): a person's name, language, time zone and digest hour, and who may read
 * the new User fields (locale, emailVerified: the user and admins; timeZone and digestHour: the
 * user only).
 */

const UPDATE_ME = `mutation UpdateMe($input: UpdateMeInput!) {
  updateMe(input: $input) { id displayName locale timeZone digestHour emailVerified } }`;
const USER = `query User($id: ID!) { node(id: $id) { ... on User {
  id displayName locale emailVerified timeZone digestHour } } }`;
const ME = `{ me { id displayName locale timeZone digestHour emailVerified } }`;

let t: TestApp;
let citizen: TestUser;
let other: TestUser;
let staff: TestUser;
let moderator: TestUser;
let admin: TestUser;
let suspended: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  const user = (overrides = {}) => createUser(t.db, t.jwt, overrides);
  citizen = await user({ emailVerifiedAt: new Date() });
  other = await user();
  const parks = await createDepartment(t.db, { slug: 'parks', name: '공원녹지과' });
  staff = await user({ role: Role.STAFF, departmentId: parks.id });
  moderator = await user({ role: Role.MODERATOR });
  admin = await user({ role: Role.ADMIN });
  suspended = await user({ suspendedUntil: new Date(Date.now() + 86_400_000) });
});
afterAll(() => t.close());

const row = async (u: TestUser) =>
  (
    await t.db.query(
      'SELECT display_name, locale, time_zone, digest_hour FROM app_user WHERE id = $1',
      [u.user.id],
    )
  )[0];

it('a new account has no language of its own, Asia/Seoul and 8 o’clock, and an unverified address', async () => {
  const res = await t.gql(ME, {}, other.token);
  expect(res.data.me).toMatchObject({
    locale: null,
    timeZone: 'Asia/Seoul',
    digestHour: 8,
    emailVerified: false,
  });
});

it('sets each field, leaves the absent ones, and stores the canonical time zone name', async () => {
  const res = await t.gql(
    UPDATE_ME,
    { input: { locale: 'EN', timeZone: 'europe/berlin', digestHour: 0 } },
    citizen.token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.updateMe).toMatchObject({
    locale: 'EN',
    timeZone: 'Europe/Berlin',
    digestHour: 0,
    emailVerified: true,
    displayName: citizen.user.displayName,
  });
  expect(await row(citizen)).toEqual({
    display_name: citizen.user.displayName,
    locale: 'en',
    time_zone: 'Europe/Berlin',
    digest_hour: 0,
  });
  const renamed = await t.gql(UPDATE_ME, { input: { displayName: '  새 이름  ' } }, citizen.token);
  expect(renamed.data.updateMe).toMatchObject({ displayName: '새 이름', locale: 'EN' });
});

it('null goes back to the defaults: no language, Asia/Seoul, 8', async () => {
  await t.gql(UPDATE_ME, { input: { locale: 'KO', timeZone: 'UTC', digestHour: 23 } }, other.token);
  const res = await t.gql(
    UPDATE_ME,
    { input: { locale: null, timeZone: null, digestHour: null } },
    other.token,
  );
  expect(res.data.updateMe).toMatchObject({ locale: null, timeZone: 'Asia/Seoul', digestHour: 8 });
});

it('an empty input changes nothing and answers the user as they are', async () => {
  const before = await row(citizen);
  const res = await t.gql(UPDATE_ME, { input: {} }, citizen.token);
  expect(res.errors).toBeUndefined();
  expect(await row(citizen)).toEqual(before);
});

describe('refused inputs change nothing', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['digestHour -1', { digestHour: -1 }, 'digestHour'],
    ['digestHour 24', { digestHour: 24 }, 'digestHour'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['an offset instead of a zone', { timeZone: '+09:00' }, 'timeZone'],
    ['a POSIX-looking offset', { timeZone: '+0900' }, 'timeZone'],
    ['an empty time zone', { timeZone: '' }, 'timeZone'],
    ['a time zone of 65 characters', { timeZone: `Asia/${'x'.repeat(60)}` }, 'timeZone'],
    ['a null display name', { displayName: null }, 'displayName'],
    ['a display name of one character', { displayName: 'x' }, 'displayName'],
    ['a display name of 51 characters', { displayName: '가'.repeat(51) }, 'displayName'],
  ];
  it.each(cases)('%s: BAD_USER_INPUT on the field', async (_name, input, field) => {
    const before = await row(citizen);
    const res = await t.gql(UPDATE_ME, { input }, citizen.token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual([field]);
    expect(await row(citizen)).toEqual(before);
  });

  it('the edges are accepted: digestHour 0 and 23, a display name of 50 characters', async () => {
    for (const input of [{ digestHour: 23 }, { digestHour: 0 }, { displayName: '가'.repeat(50) }]) {
      const res = await t.gql(UPDATE_ME, { input }, other.token);
      expect(res.errors).toBeUndefined();
    }
  });

  it('a locale that is not one of ours, and a digest hour of the wrong type, are refused by the schema', async () => {
    const before = await row(citizen);
    for (const input of [
      { locale: 'FR' },
      { locale: 'ko' },
      { digestHour: '8' },
      { digestHour: 8.5 },
    ]) {
      const res = await t.gql(UPDATE_ME, { input }, citizen.token);
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(res.data?.updateMe ?? null).toBeNull();
    }
    expect(await row(citizen)).toEqual(before);
  });
});

it('signed out: UNAUTHENTICATED, and nobody is changed', async () => {
  const res = await t.gql(UPDATE_ME, { input: { locale: 'EN' } }, null);
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
});

it('a suspended user may change their language and digest, not their name', async () => {
  const settings = await t.gql(
    UPDATE_ME,
    { input: { locale: 'EN', digestHour: 7 } },
    suspended.token,
  );
  expect(settings.errors).toBeUndefined();
  expect(settings.data.updateMe).toMatchObject({ locale: 'EN', digestHour: 7 });
  const name = await t.gql(UPDATE_ME, { input: { displayName: '새 이름입니다' } }, suspended.token);
  expect(codeOf(name)).toBe('FORBIDDEN');
  expect((await row(suspended)).display_name).toBe(suspended.user.displayName);
});

it('two updates at once of different fields both hold', async () => {
  const [a, b] = await Promise.all([
    t.gql(UPDATE_ME, { input: { locale: 'KO' } }, other.token),
    t.gql(UPDATE_ME, { input: { digestHour: 19 } }, other.token),
  ]);
  expect(a.errors).toBeUndefined();
  expect(b.errors).toBeUndefined();
  expect(await row(other)).toMatchObject({ locale: 'ko', digest_hour: 19 });
});

describe('who reads the new fields of another user', () => {
  const id = () => toGlobalId('User', citizen.user.id);

  it('the user themself reads them all', async () => {
    const res = await t.gql(USER, { id: id() }, citizen.token);
    expect(res.data.node).toMatchObject({ emailVerified: true, timeZone: 'Europe/Berlin' });
    expect(res.data.node.locale).not.toBeNull();
  });

  it('an admin reads locale and emailVerified, not the time zone or digest hour', async () => {
    const res = await t.gql(USER, { id: id() }, admin.token);
    expect(res.data.node.locale).not.toBeNull();
    expect(res.data.node.emailVerified).toBe(true);
    expect(res.data.node.timeZone).toBeNull();
    expect(res.data.node.digestHour).toBeNull();
  });

  it.each([
    ['another citizen', () => other],
    ['a staff member', () => staff],
    ['a moderator', () => moderator],
    ['nobody signed in', () => null],
  ])('%s reads null for each', async (_who, viewer) => {
    const res = await t.gql(USER, { id: id() }, viewer()?.token ?? null);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toMatchObject({
      displayName: expect.any(String),
      locale: null,
      emailVerified: null,
      timeZone: null,
      digestHour: null,
    });
  });
});
