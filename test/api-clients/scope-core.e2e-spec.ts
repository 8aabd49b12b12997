import { createApiClientRow } from '../../src/api-clients/testing/api-clients.factory.js';
import { ApiScope } from '../../src/core/access/api-scope.js';
import { createUser } from '../../src/identity/testing/identity.factory.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * The scope rule of the guard (src/core/auth/gql-auth.guard.ts, checkScope), for client tokens
 * only: queries need READ, other mutations than the department's are for people.
 */
describe('API client scopes in the guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a READ token reads; a token without READ is FORBIDDEN naming the scope', async () => {
    const reader = await createApiClientRow(t.db, t.jwt, { scopes: [ApiScope.READ] });
    const ok = await t.gql('{ me { displayName } }', {}, reader.token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.me.displayName).toBe(reader.user.displayName);
    const writer = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.WEBHOOKS],
      tokenScopes: [ApiScope.WEBHOOKS],
    });
    const refused = await t.gql('{ me { id } }', {}, writer.token);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions).toMatchObject({
      reason: 'MISSING_SCOPE',
      missingScope: 'read',
    });
  });

  it("a client cannot make people's mutations, whatever its scopes; people are unscoped", async () => {
    const client = await createApiClientRow(t.db, t.jwt, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE, ApiScope.WEBHOOKS],
    });
    const mutation = 'mutation { markNotificationsRead(ids: []) }';
    const refused = await t.gql(mutation, {}, client.token);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'NOT_FOR_API_CLIENTS' });
    const person = await createUser(t.db, t.jwt);
    expect((await t.gql(mutation, {}, person.token)).errors).toBeUndefined();
  });
});
