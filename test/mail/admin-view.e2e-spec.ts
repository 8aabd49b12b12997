import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { deliverer, deliveriesOf, notifyNow, TestSmtp, withEnv } from './support.js';

/** emailDeliveries and node(id) of an EmailDelivery: admins only, every other role refused. */

const smtp = new TestSmtp();
let t: TestApp;
let admin: TestUser;
let sent: TestUser;
let failed: TestUser;

const LIST = `query($state: EmailDeliveryState, $first: Int, $after: String) {
  emailDeliveries(state: $state, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id purpose state attempts lastError nextAttemptAt sentAt createdAt recipient { id displayName } }
  } }`;
const NODE = `query($id: ID!) { node(id: $id) { __typename ... on EmailDelivery { state } } }`;

beforeAll(async () => {
  await smtp.start();
  t = await withEnv({ SMTP_URL: smtp.url }, () => startTestApp());
  admin = await createUser(t.db, t.jwt, { role: Role.ADMIN });
  sent = await createUser(t.db, t.jwt, { emailVerifiedAt: new Date(), displayName: 'Sent' });
  failed = await createUser(t.db, t.jwt, { emailVerifiedAt: new Date(), displayName: 'Failed' });
  await notifyNow(t, [sent.user.id]);
  await deliverer(t).deliverDue(new Date(Date.now() + 1000));
  await notifyNow(t, [failed.user.id]);
  smtp.refuseNext({ code: 550, message: 'No such user' });
  await deliverer(t).deliverDue(new Date(Date.now() + 1000));
});

afterAll(async () => {
  await t?.close();
  await smtp.stop();
});

it('an admin reads the outbox, newest first, and where each mail stands', async () => {
  const res = await t.gql(LIST, {}, admin.token);
  expect(res.errors).toBeUndefined();
  const [newest, older] = res.data.emailDeliveries.nodes;
  const [failedRow] = await deliveriesOf(t, failed.user.id);
  expect(newest).toMatchObject({
    id: toGlobalId('EmailDelivery', failedRow.id),
    purpose: 'NOTIFICATION',
    state: 'FAILED',
    attempts: 1,
    sentAt: null,
    recipient: { id: toGlobalId('User', failed.user.id), displayName: 'Failed' },
  });
  expect(newest.lastError).toMatch(/^550 .*No such user/);
  expect(older).toMatchObject({
    state: 'SENT',
    lastError: null,
    recipient: { displayName: 'Sent' },
  });
  expect(typeof older.sentAt).toBe('string');
  expect(res.data.emailDeliveries.totalCount).toBe(2);
});

it('filters by state and pages with a cursor', async () => {
  const onlyFailed = await t.gql(LIST, { state: 'FAILED' }, admin.token);
  expect(onlyFailed.data.emailDeliveries.nodes.map((n: { state: string }) => n.state)).toEqual([
    'FAILED',
  ]);
  const first = await t.gql(LIST, { first: 1 }, admin.token);
  expect(first.data.emailDeliveries.pageInfo.hasNextPage).toBe(true);
  const second = await t.gql(
    LIST,
    { first: 1, after: first.data.emailDeliveries.pageInfo.endCursor },
    admin.token,
  );
  expect(second.data.emailDeliveries.nodes[0].state).toBe('SENT');
  expect(second.data.emailDeliveries.pageInfo.hasNextPage).toBe(false);
  // Hostile arguments: the usual refusals.
  expect(badFields(await t.gql(LIST, { first: 101 }, admin.token))).toEqual(['first']);
  expect(badFields(await t.gql(LIST, { after: 'not-a-cursor' }, admin.token))).toEqual(['after']);
  expect(codeOf(await t.gql(LIST, { state: 'LOST' }, admin.token))).toBe('BAD_USER_INPUT');
});

it('is FORBIDDEN to every other role, and UNAUTHENTICATED signed out', async () => {
  const department = await createDepartment(t.db, { slug: 'mail-admin', name: '총무과' });
  const others: Record<string, TestUser> = {
    citizen: await createUser(t.db, t.jwt),
    staff: await createUser(t.db, t.jwt, { role: Role.STAFF, departmentId: department.id }),
    moderator: await createUser(t.db, t.jwt, { role: Role.MODERATOR }),
    recipient: sent,
  };
  for (const [name, who] of Object.entries(others)) {
    const res = await t.gql(LIST, {}, who.token);
    expect([name, codeOf(res), res.data?.emailDeliveries ?? null]).toEqual([
      name,
      'FORBIDDEN',
      null,
    ]);
  }
  expect(codeOf(await t.gql(LIST))).toBe('UNAUTHENTICATED');
});

it('node(id) of a delivery: the admin sees it, anyone else null', async () => {
  const [row] = await deliveriesOf(t, sent.user.id);
  const id = toGlobalId('EmailDelivery', row.id);
  expect((await t.gql(NODE, { id }, admin.token)).data.node).toEqual({
    __typename: 'EmailDelivery',
    state: 'SENT',
  });
  expect((await t.gql(NODE, { id }, sent.token)).data.node).toBeNull();
  expect((await t.gql(NODE, { id })).data?.node ?? null).toBeNull();
});
