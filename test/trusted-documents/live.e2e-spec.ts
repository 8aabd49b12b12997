import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { createProposal } from '../../src/proposals/testing/proposals.factory.js';
import { connectLive, listen, type LiveClient } from '../helpers/live-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { withEnv } from '../mail/support.js';
import { manifestOf, register } from './support.js';

const REGISTERED = 'subscription Updated($id: ID!) { proposalUpdated(id: $id) { id title } }';
const OWN = 'subscription { proposalUpdated(id: "UHJvcG9zYWw6MA") { id body } }';

/**
 * TRUSTED_DOCUMENTS_ONLY holds over the WebSocket too: a subscription that is not registered
 * is refused for anonymous and people's connections, and admitted for an API client's.
 */
describe('trusted documents only, for subscriptions', () => {
  let t: TestApp;
  let url: string;
  let proposalId: string;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    t = await withEnv({ TRUSTED_DOCUMENTS_ONLY: 'true' }, () => startTestApp());
    await register(t, manifestOf([{ name: 'Updated', body: REGISTERED, type: 'subscription' }]));
    const author = await createUser(t.db, t.jwt);
    proposalId = toGlobalId('Proposal', (await createProposal(t.db, author.user.id)).id);
    url = await listen(t.app);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await t.close();
  });
  const connect = (token?: string) => {
    const client = connectLive(url, token ? { authorization: `Bearer ${token}` } : undefined);
    clients.push(client);
    return client;
  };

  it("an unregistered subscription is refused for anonymous and people's connections", async () => {
    const person = await createUser(t.db, t.jwt);
    for (const client of [connect(), connect(person.token)]) {
      // Refused before it starts: graphql-ws ends it with the error.
      const { error } = await client.subscribe(OWN).ended;
      expect((error as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(
        'PERSISTED_QUERY_NOT_IN_LIST',
      );
    }
  });

  it('a registered one runs for anyone; an API client runs its own', async () => {
    const registered = connect().subscribe(REGISTERED, { id: proposalId });
    const api = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const own = connect(api.token).subscribe(
      'subscription($id: ID!) { proposalUpdated(id: $id) { id body } }',
      { id: proposalId },
    );
    // Admitted subscriptions wait for events: neither is ended by a refusal.
    const endings: unknown[] = [];
    for (const subscription of [registered, own]) {
      void subscription.ended.then((ending) => endings.push(ending));
    }
    await Promise.all([registered.expectSilence(300), own.expectSilence(300)]);
    expect(endings).toEqual([]);
  });
});
