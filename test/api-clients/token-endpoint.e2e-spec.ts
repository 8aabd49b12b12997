import jwt from 'jsonwebtoken';
import { ApiScope } from '../../src/core/access/api-scope.js';
import type { TestUser } from '../../src/identity/testing/identity.factory.js';
import { freezeClock, restoreClock, setClock } from '../helpers/clock.js';
import { codeOf, startTestApp, type TestApp } from '../helpers/test-app.js';
import { admin, clientToken, registerClient, REVOKE, ROTATE, tokenRequest } from './support.js';

/**
 * POST /oauth/token (RFC 6749 4.4, client credentials): the secret in the body or by HTTP
 * Basic, errors as RFC 6749 5.2 says, a rotated secret within its grace, a revoked client.
 */
const ME = '{ apiClient { name } }';
const T0 = new Date('2026-12-01T10:00:00Z').getTime();

describe('the token endpoint', () => {
  let t: TestApp;
  let boss: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    boss = await admin(t);
  });
  afterAll(async () => {
    restoreClock();
    await t.close();
  });
  afterEach(() => restoreClock());

  it('issues a Bearer token for the right secret in the body, never cached, that calls the API', async () => {
    const client = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.PROPOSALS_WRITE],
      name: '종로구 무인민원발급기',
    });
    const res = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'read proposals:write',
    });
    const claims = jwt.decode(res.body.access_token) as Record<string, unknown>;
    const [row] = await t.db.query('SELECT user_id, session_id FROM api_client WHERE id = $1', [
      client.dbId,
    ]);
    expect(claims).toMatchObject({
      sub: row.user_id,
      sid: row.session_id,
      scope: 'read proposals:write',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
    const me = await t.gql(ME, {}, res.body.access_token);
    expect(me.errors).toBeUndefined();
    expect(me.data.apiClient.name).toBe('종로구 무인민원발급기');
  });

  it('takes HTTP Basic (form-urlencoded, then base64) and JSON bodies alike', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const basic = await tokenRequest(
      t,
      { grant_type: 'client_credentials' },
      {
        basic: [client.clientId, client.secret],
      },
    );
    expect(basic.status).toBe(200);
    expect((await t.gql(ME, {}, basic.body.access_token)).errors).toBeUndefined();
    const json = await tokenRequest(
      t,
      {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.secret,
      },
      { json: true },
    );
    expect(json.status).toBe(200);
    expect(json.body.token_type).toBe('Bearer');
  });

  it('refuses a wrong secret and an unknown id alike: invalid_client, 401, no hint which', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const wrongSecret = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: `${client.secret.slice(0, -1)}${client.secret.endsWith('A') ? 'B' : 'A'}`,
    });
    const wrongId = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: 'wtk_aaaaaaaaaaaaaaaa',
      client_secret: client.secret,
    });
    for (const res of [wrongSecret, wrongId]) {
      expect(res.status).toBe(401);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['www-authenticate']).toBeUndefined();
      expect(res.body).toEqual({
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
      });
    }
    // By Basic: the same answer, with the challenge RFC 6749 5.2 asks for.
    const basic = await tokenRequest(
      t,
      { grant_type: 'client_credentials' },
      {
        basic: [client.clientId, 'not-the-secret'],
      },
    );
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_client');
    expect(basic.headers['www-authenticate']).toMatch(/^Basic realm="wontak"/);
  });

  it('answers malformed requests as RFC 6749 5.2 says', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const credentials = { client_id: client.clientId, client_secret: client.secret };
    const cases: [Promise<{ status: number; body: { error: string } }>, number, string][] = [
      [tokenRequest(t, credentials), 400, 'invalid_request'],
      [tokenRequest(t, { grant_type: 'password', ...credentials }), 400, 'unsupported_grant_type'],
      [
        tokenRequest(t, { grant_type: 'authorization_code', ...credentials }),
        400,
        'unsupported_grant_type',
      ],
      [tokenRequest(t, { grant_type: 'client_credentials' }), 401, 'invalid_client'],
      [
        tokenRequest(t, { grant_type: 'client_credentials', client_id: client.clientId }),
        401,
        'invalid_client',
      ],
      // Two ways of authenticating at once.
      [
        tokenRequest(
          t,
          { grant_type: 'client_credentials', ...credentials },
          {
            basic: [client.clientId, client.secret],
          },
        ),
        400,
        'invalid_request',
      ],
      // A parameter given twice, or not a string.
      [
        t
          .http()
          .post('/oauth/token')
          .type('form')
          .send(
            `grant_type=client_credentials&client_id=${client.clientId}&client_id=${client.clientId}&client_secret=${encodeURIComponent(client.secret)}`,
          ),
        400,
        'invalid_request',
      ],
      [
        t
          .http()
          .post('/oauth/token')
          .set('Content-Type', 'application/json')
          .send(
            JSON.stringify({ grant_type: 'client_credentials', ...credentials, scope: ['read'] }),
          ),
        400,
        'invalid_request',
      ],
      [
        t
          .http()
          .post('/oauth/token')
          .set('Content-Type', 'text/plain')
          .send('grant_type=client_credentials'),
        400,
        'invalid_request',
      ],
      // A Basic header that is no such thing.
      [
        t
          .http()
          .post('/oauth/token')
          .set('Authorization', 'Basic !!!')
          .type('form')
          .send({ grant_type: 'client_credentials' }),
        401,
        'invalid_client',
      ],
    ];
    for (const [request, status, error] of cases) {
      const res = await request;
      expect([res.status, res.body.error]).toEqual([status, error]);
    }
  });

  it('narrows the token to the scope asked for; a scope the client lacks or that does not exist is invalid_scope', async () => {
    const client = await registerClient(t, boss.token, {
      scopes: [ApiScope.READ, ApiScope.WEBHOOKS],
    });
    const narrow = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
      scope: 'webhooks',
    });
    expect(narrow.status).toBe(200);
    expect(narrow.body.scope).toBe('webhooks');
    const refused = await t.gql(ME, {}, narrow.body.access_token);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions).toMatchObject({ missingScope: 'read' });
    for (const scope of [
      'proposals:write',
      'read feedback:write',
      'READ',
      'admin',
      '',
      'read  webhooks x',
    ]) {
      const res = await tokenRequest(t, {
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.secret,
        scope,
      });
      expect([scope, res.status, res.body.error]).toEqual([scope, 400, 'invalid_scope']);
      expect(res.body.access_token).toBeUndefined();
    }
  });

  it('after a rotation: the new secret works, the old one within its grace and not a moment after', async () => {
    freezeClock(T0);
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const rotated = await t.gql(ROTATE, { id: client.id, graceSeconds: 600 }, boss.token);
    expect(rotated.errors).toBeUndefined();
    const fresh = rotated.data.rotateApiClientSecret.clientSecret as string;
    expect(fresh).not.toBe(client.secret);
    expect(await clientToken(t, { ...client, secret: fresh })).toEqual(expect.any(String));
    setClock(T0 + 599_000);
    expect(await clientToken(t, client)).toEqual(expect.any(String));
    setClock(T0 + 600_000);
    const late = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect([late.status, late.body.error]).toEqual([401, 'invalid_client']);
    expect(await clientToken(t, { ...client, secret: fresh })).toEqual(expect.any(String));
  });

  it('a rotation with no grace ends the old secret at once; a second rotation forgets the first secret', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const first = await t.gql(ROTATE, { id: client.id, graceSeconds: 0 }, boss.token);
    const second = await t.gql(ROTATE, { id: client.id }, boss.token);
    const [s1, s2] = [first, second].map((r) => r.data.rotateApiClientSecret.clientSecret);
    await expect(clientToken(t, client)).rejects.toThrow(/invalid_client/);
    expect(await clientToken(t, { ...client, secret: s1 })).toEqual(expect.any(String)); // default grace
    expect(await clientToken(t, { ...client, secret: s2 })).toEqual(expect.any(String));
  });

  it('revoked: its tokens are refused at once, and no new token is issued', async () => {
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const token = await clientToken(t, client);
    expect((await t.gql(ME, {}, token)).errors).toBeUndefined();
    const revoked = await t.gql(REVOKE, { id: client.id }, boss.token);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeApiClient.revokedAt).toEqual(expect.any(String));
    const refused = await t.gql(ME, {}, token);
    expect(codeOf(refused)).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'SESSION_REVOKED' });
    const again = await tokenRequest(t, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect([again.status, again.body.error]).toEqual([401, 'invalid_client']);
    // Nor can a revoked client be given a new secret.
    const rotate = await t.gql(ROTATE, { id: client.id }, boss.token);
    expect(codeOf(rotate)).toBe('CONFLICT');
  });

  it('an expired token is refused as expired', async () => {
    freezeClock(T0);
    const client = await registerClient(t, boss.token, { scopes: [ApiScope.READ] });
    const token = await clientToken(t, client);
    setClock(T0 + 899_000);
    expect((await t.gql(ME, {}, token)).errors).toBeUndefined();
    setClock(T0 + 901_000);
    const expired = await t.gql(ME, {}, token);
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    expect(expired.errors![0].extensions).toMatchObject({ reason: 'TOKEN_EXPIRED' });
  });
});
