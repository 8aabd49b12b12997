import { createHash } from 'node:crypto';
import type { ApiScope } from '../../src/core/access/api-scope.js';
import { Role } from '../../src/core/access/role.js';
import { toGlobalId } from '../../src/core/graphql/relay/global-id.js';
import { createUser, type TestUser } from '../../src/identity/testing/identity.factory.js';
import type { TestApp } from '../helpers/test-app.js';

/** Helpers of the API clients' tests (issue 20). */

export const CREATE = `mutation Create($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    clientSecret
    client { id clientId name ownerContact scopes department { id } createdAt revokedAt
             usage { windowSeconds costUsed costLimit } }
  } }`;
export const ROTATE = `mutation Rotate($id: ID!, $graceSeconds: Int) {
  rotateApiClientSecret(id: $id, graceSeconds: $graceSeconds) { clientSecret client { id } } }`;
export const REVOKE = `mutation Revoke($id: ID!) { revokeApiClient(id: $id) { id revokedAt } }`;

export function admin(t: TestApp): Promise<TestUser> {
  return createUser(t.db, t.jwt, { role: Role.ADMIN });
}

/** A client made through createApiClient, as an admin would. */
export async function registerClient(
  t: TestApp,
  adminToken: string,
  input: {
    scopes: ApiScope[];
    name?: string;
    departmentId?: string | null;
    costLimitPerMinute?: number | null;
  },
): Promise<{ id: string; dbId: string; clientId: string; secret: string }> {
  const res = await t.gql(
    CREATE,
    {
      input: {
        name: input.name ?? '120 다산콜센터',
        ownerContact: 'ops@dasan.example',
        scopes: input.scopes,
        departmentId: input.departmentId ? toGlobalId('Department', input.departmentId) : null,
        costLimitPerMinute: input.costLimitPerMinute ?? null,
      },
    },
    adminToken,
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { client, clientSecret } = res.data.createApiClient;
  const [row] = await t.db.query('SELECT id FROM api_client WHERE client_id = $1', [
    client.clientId,
  ]);
  return { id: client.id, dbId: row.id, clientId: client.clientId, secret: clientSecret };
}

/** POST /oauth/token, form-urlencoded (the standard way), optionally with HTTP Basic. */
export async function tokenRequest(
  t: TestApp,
  params: Record<string, string>,
  options: { basic?: [string, string]; json?: boolean; ip?: string } = {},
) {
  const req = t.http().post('/oauth/token');
  if (options.ip) req.set('X-Forwarded-For', options.ip);
  if (options.basic) {
    const [id, secret] = options.basic.map((part) => encodeURIComponent(part));
    req.set('Authorization', `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`);
  }
  if (options.json) req.set('Content-Type', 'application/json').send(JSON.stringify(params));
  else req.type('form').send(params);
  return req;
}

/** A token for the client through the token endpoint; throws when refused. */
export async function clientToken(
  t: TestApp,
  client: { clientId: string; secret: string },
  scope?: string,
): Promise<string> {
  const res = await tokenRequest(t, {
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.secret,
    ...(scope !== undefined && { scope }),
  });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export function secretHashOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
