import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { createDepartment } from '../../src/catalog/testing/catalog.factory.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { newWebhookSecret } from '../../src/webhooks/webhook-signature.js';
import { badFields, codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  CREATE_WEBHOOK,
  DeliveryClock,
  deliverer,
  deliveriesOf,
  subscribe,
  TestReceiver,
  webhookClient,
  WEBHOOKS,
} from './support.js';

/**
 * Subscriptions under the production rule (WEBHOOKS_ALLOW_PRIVATE_URLS unset): the SSRF
 * refusals, at subscription and at delivery; who may do what (the webhooks scope, the owning
 * client only, people refused); the limit of ten; hostile inputs; the deliveries' pages.
 */

/** Public addresses written as IP literals: no DNS is needed to check them. */
const PUBLIC_URL = 'https://93.184.216.34/hook';

const DELETE = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
const RESUME = `mutation($id: ID!) { resumeWebhook(id: $id) { id active } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id state } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on WebhookSubscription { url } ... on WebhookDelivery { eventId } } }`;

let t: TestApp;
const receiver = new TestReceiver();

beforeAll(async () => {
  await receiver.start();
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await receiver.stop();
});
beforeEach(() => receiver.reset());

const subscriptionCount = async (clientId: string): Promise<number> =>
  Number(
    (
      await t.db.query('SELECT count(*) AS n FROM webhook_subscription WHERE api_client_id = $1', [
        clientId,
      ])
    )[0].n,
  );

describe('createWebhook', () => {
  it('subscribes a public https URL and shows its secret once', async () => {
    const client = await webhookClient(t);
    const res = await t.gql(
      CREATE_WEBHOOK,
      { input: { url: PUBLIC_URL, events: ['PROPOSAL_CREATED', 'WORKSHOP_UPDATED'] } },
      client.token,
    );
    expect(res.errors).toBeUndefined();
    const { subscription, secret } = res.data.createWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(subscription).toMatchObject({
      url: PUBLIC_URL,
      events: ['PROPOSAL_CREATED', 'WORKSHOP_UPDATED'],
      active: true,
      pausedReason: null,
    });
    const read = await t.gql(WEBHOOKS, {}, client.token);
    expect(read.data.webhooks).toHaveLength(1);
    expect(JSON.stringify(read.data)).not.toContain(secret.slice(6));
  });

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['loopback on another port', 'https://127.1.2.3:8443/hook'],
    ['a private network', 'https://10.0.0.8/hook'],
    ['another private network', 'https://192.168.0.10/hook'],
    ['the cloud metadata service', 'https://169.254.169.254/latest/meta-data/'],
    ['carrier-grade NAT', 'https://100.64.0.1/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hook'],
    ['IPv6 unique-local', 'https://[fd00::1]/hook'],
    ['the unspecified address', 'https://0.0.0.0/hook'],
    ['a name resolving to loopback', 'https://localhost/hook'],
    ['loopback as a decimal number', 'https://2130706433/hook'],
  ])('refuses %s (BAD_USER_INPUT on url, nothing created)', async (_case, url) => {
    const client = await webhookClient(t);
    const res = await t.gql(
      CREATE_WEBHOOK,
      { input: { url, events: ['PROPOSAL_CREATED'] } },
      client.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['url']);
    expect(res.errors![0].extensions!.fieldErrors![0].message).toContain('not public');
    expect(await subscriptionCount(client.client.id)).toBe(0);
  });

  it.each([
    ['http', 'http://93.184.216.34/hook', 'https'],
    ['a local http receiver', receiver.url.bind(receiver), 'https'],
    ['credentials', 'https://user:secret@93.184.216.34/hook', 'user name'],
    ['a relative URL', '/hook', 'absolute'],
    ['not a URL', 'hook me', 'absolute'],
    ['an empty URL', '', 'empty'],
    ['a URL too long', `https://93.184.216.34/${'a'.repeat(2000)}`, '2000'],
    ['a host that does not resolve', 'https://no-such-host.invalid/hook', 'resolve'],
  ])('refuses %s', async (_case, url, said) => {
    const client = await webhookClient(t);
    const res = await t.gql(
      CREATE_WEBHOOK,
      { input: { url: typeof url === 'function' ? url() : url, events: ['PROPOSAL_CREATED'] } },
      client.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(badFields(res)).toEqual(['url']);
    expect(res.errors![0].extensions!.fieldErrors![0].message).toContain(said);
    expect(await subscriptionCount(client.client.id)).toBe(0);
  });

  it.each([
    ['no events', [], 'BAD_USER_INPUT'],
    ['a repeated event', ['PROPOSAL_CREATED', 'PROPOSAL_CREATED'], 'BAD_USER_INPUT'],
    ['an event that does not exist', ['PROPOSAL_DELETED'], 'BAD_USER_INPUT'],
    ['an event of the wrong type', [42], 'BAD_USER_INPUT'],
  ])('refuses %s', async (_case, events, code) => {
    const client = await webhookClient(t);
    const res = await t.gql(CREATE_WEBHOOK, { input: { url: PUBLIC_URL, events } }, client.token);
    expect(codeOf(res)).toBe(code);
    expect(await subscriptionCount(client.client.id)).toBe(0);
  });

  it('refuses a URL of the wrong type', async () => {
    const client = await webhookClient(t);
    const res = await t.gql(
      CREATE_WEBHOOK,
      { input: { url: 42, events: ['PROPOSAL_CREATED'] } },
      client.token,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(await subscriptionCount(client.client.id)).toBe(0);
  });

  it('takes the tenth subscription and refuses the eleventh (CONFLICT), also when they race', async () => {
    const client = await webhookClient(t);
    for (let i = 1; i <= 9; i++)
      await subscribe(t, client, `${PUBLIC_URL}/${i}`, ['PROPOSAL_CREATED']);
    const tenth = await t.gql(
      CREATE_WEBHOOK,
      { input: { url: `${PUBLIC_URL}/10`, events: ['PROPOSAL_CREATED'] } },
      client.token,
    );
    expect(tenth.errors).toBeUndefined();
    const eleventh = await t.gql(
      CREATE_WEBHOOK,
      { input: { url: `${PUBLIC_URL}/11`, events: ['PROPOSAL_CREATED'] } },
      client.token,
    );
    expect(codeOf(eleventh)).toBe('CONFLICT');
    expect(await subscriptionCount(client.client.id)).toBe(10);

    // Eight, then five at once: exactly two more.
    const racer = await webhookClient(t);
    for (let i = 1; i <= 8; i++)
      await subscribe(t, racer, `${PUBLIC_URL}/${i}`, ['PROPOSAL_CREATED']);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        t.gql(
          CREATE_WEBHOOK,
          { input: { url: `${PUBLIC_URL}/race/${i}`, events: ['PROPOSAL_CREATED'] } },
          racer.token,
        ),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(2);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(3);
    expect(await subscriptionCount(racer.client.id)).toBe(10);
  });
});

describe('who may', () => {
  const operations = (subscriptionId: string, deliveryId: string) => [
    {
      query: CREATE_WEBHOOK,
      variables: { input: { url: PUBLIC_URL, events: ['PROPOSAL_CREATED'] } },
    },
    { query: '{ webhooks { id } }', variables: {} },
    { query: DELETE, variables: { id: subscriptionId } },
    { query: RESUME, variables: { id: subscriptionId } },
    { query: REDELIVER, variables: { id: deliveryId } },
  ];

  async function ownedWebhook() {
    const owner = await webhookClient(t);
    const { id } = await subscribe(t, owner, PUBLIC_URL, ['PROPOSAL_CREATED']);
    const author = await createUser(t.db, t.jwt);
    await createProposal(t.db, author.user.id);
    const [delivery] = await deliveriesOf(t, owner);
    return { owner, id, deliveryId: toGlobalId('WebhookDelivery', delivery.id), delivery };
  }

  it('a client without the webhooks scope is FORBIDDEN, naming it, for every webhook field', async () => {
    const { owner, id, deliveryId } = await ownedWebhook();
    const readOnly = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    // The scope granted to the client, but not asked for in this token.
    const narrowed = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.WEBHOOKS],
      tokenScopes: [ApiScope.READ],
    });
    for (const caller of [readOnly, narrowed]) {
      for (const { query, variables } of operations(id, deliveryId)) {
        const res = await t.gql(query, variables, caller.token);
        expect(codeOf(res)).toBe('FORBIDDEN');
        expect(res.errors![0].extensions).toMatchObject({ missingScope: 'webhooks' });
      }
      expect(await subscriptionCount(caller.client.id)).toBe(0);
    }
    expect(await subscriptionCount(owner.client.id)).toBe(1);
  });

  it('people, whatever their role, are FORBIDDEN; anonymous callers UNAUTHENTICATED', async () => {
    const { owner, id, deliveryId } = await ownedWebhook();
    const department = await createDepartment(t.db);
    const before = await t.db.query('SELECT count(*)::int AS n FROM webhook_subscription');
    for (const role of [Role.CITIZEN, Role.STAFF, Role.MODERATOR, Role.ADMIN]) {
      const person = await createUser(t.db, t.jwt, {
        role,
        departmentId: role === Role.STAFF ? department.id : null,
      });
      for (const { query, variables } of operations(id, deliveryId)) {
        expect(codeOf(await t.gql(query, variables, person.token))).toBe('FORBIDDEN');
      }
    }
    for (const { query, variables } of operations(id, deliveryId)) {
      expect(codeOf(await t.gql(query, variables, null))).toBe('UNAUTHENTICATED');
    }
    expect(await subscriptionCount(owner.client.id)).toBe(1);
    expect(await t.db.query('SELECT count(*)::int AS n FROM webhook_subscription')).toEqual(before);
    expect((await deliveriesOf(t, owner))[0].state).toBe('PENDING');
  });

  it("another client's subscription and delivery ids are NOT_FOUND, and nothing changes", async () => {
    const { owner, id, deliveryId, delivery } = await ownedWebhook();
    await t.db.query(`UPDATE webhook_subscription SET active = false, paused_reason = 'x'`);
    await t.db.query(`UPDATE webhook_delivery SET state = 'FAILED' WHERE id = $1`, [delivery.id]);
    const other = await webhookClient(t);
    expect(codeOf(await t.gql(DELETE, { id }, other.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(RESUME, { id }, other.token))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(REDELIVER, { id: deliveryId }, other.token))).toBe('NOT_FOUND');
    expect((await t.gql(NODE, { id }, other.token)).data.node).toBeNull();
    expect((await t.gql(NODE, { id: deliveryId }, other.token)).data.node).toBeNull();
    expect((await t.gql('{ webhooks { id } }', {}, other.token)).data.webhooks).toEqual([]);
    // Nothing changed: still there, still paused, still FAILED.
    const [row] = await t.db.query(
      'SELECT active, paused_reason FROM webhook_subscription WHERE api_client_id = $1',
      [owner.client.id],
    );
    expect(row).toEqual({ active: false, paused_reason: 'x' });
    expect((await deliveriesOf(t, owner))[0].state).toBe('FAILED');
    // The owner reaches both.
    expect((await t.gql(NODE, { id }, owner.token)).data.node).toEqual({ id, url: PUBLIC_URL });
    expect((await t.gql(NODE, { id: deliveryId }, owner.token)).data.node).toEqual({
      id: deliveryId,
      eventId: delivery.event_id,
    });
    expect((await t.gql(RESUME, { id }, owner.token)).data.resumeWebhook).toEqual({
      id,
      active: true,
    });
    expect((await t.gql(DELETE, { id }, owner.token)).data.deleteWebhook).toBe(true);
    expect(await subscriptionCount(owner.client.id)).toBe(0);
    expect(await deliveriesOf(t, owner)).toEqual([]);
    // Gone: NOT_FOUND for its owner too.
    expect(codeOf(await t.gql(DELETE, { id }, owner.token))).toBe('NOT_FOUND');
  });

  it.each([
    ['junk', 'not-an-id'],
    ['an id of another type', toGlobalId('Proposal', '00000000-0000-4000-8000-000000000001')],
  ])('refuses %s as an id (BAD_USER_INPUT)', async (_case, id) => {
    const client = await webhookClient(t);
    expect(codeOf(await t.gql(DELETE, { id }, client.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(RESUME, { id }, client.token))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REDELIVER, { id }, client.token))).toBe('BAD_USER_INPUT');
  });
});

describe('at delivery', () => {
  it('a host that resolves to a private address now is refused before any connection', async () => {
    const client = await webhookClient(t);
    // Subscribed when its name resolved publicly; it resolves to loopback now.
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscription (api_client_id, url, events, secret)
       VALUES ($1, $2, '{PROPOSAL_CREATED}', $3) RETURNING id`,
      [client.client.id, `https://localhost:${receiver.port}/hook`, newWebhookSecret()],
    );
    const author = await createUser(t.db, t.jwt);
    await createProposal(t.db, author.user.id);
    const report = await deliverer(t).deliverDue(new DeliveryClock().now());
    expect(report.retrying).toBe(1);
    expect(receiver.connections).toBe(0);
    const attempts = await t.db.query(
      `SELECT a.response_status, a.error FROM webhook_attempt a
         JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.subscription_id = $1`,
      [subscription.id],
    );
    expect(attempts).toEqual([
      {
        response_status: null,
        error: 'refused: the host resolves to an address that is not public',
      },
    ]);
  });
});

describe('deliveries', () => {
  it('page newest first, with cursors', async () => {
    const client = await webhookClient(t);
    await subscribe(t, client, PUBLIC_URL, ['PROPOSAL_CREATED']);
    const author = await createUser(t.db, t.jwt);
    for (let i = 0; i < 3; i++) await createProposal(t.db, author.user.id);
    const rows = await deliveriesOf(t, client);
    const page1 = await t.gql(WEBHOOKS, { first: 2 }, client.token);
    const deliveries = page1.data.webhooks[0].deliveries;
    expect(deliveries.totalCount).toBe(3);
    expect(deliveries.nodes.map((n: any) => n.eventId)).toEqual([
      rows[2].event_id,
      rows[1].event_id,
    ]);
    expect(deliveries.pageInfo.hasNextPage).toBe(true);
    const page2 = await t.gql(
      WEBHOOKS,
      { first: 2, after: deliveries.pageInfo.endCursor },
      client.token,
    );
    expect(page2.data.webhooks[0].deliveries.nodes.map((n: any) => n.eventId)).toEqual([
      rows[0].event_id,
    ]);
    const junk = await t.gql(WEBHOOKS, { first: 2, after: 'junk' }, client.token);
    expect(codeOf(junk)).toBe('BAD_USER_INPUT');
    const tooMany = await t.gql(WEBHOOKS, { first: 101 }, client.token);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });
});
