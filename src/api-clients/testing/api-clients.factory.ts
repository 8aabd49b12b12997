import type { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiScope, OAUTH_SCOPE } from '../../core/access/api-scope.js';
import { Role } from '../../core/access/role.js';
import { SessionEntity } from '../../identity/session.entity.js';
import { UserEntity } from '../../identity/user.entity.js';
import { ApiClientEntity } from '../api-client.entity.js';

export interface TestApiClient {
  client: ApiClientEntity;
  /** The client's own account (the viewer of its tokens). */
  user: UserEntity;
  /** Its secret (the client_secret of the token endpoint). */
  secret: string;
  /** An access token with every scope of the client, as POST /oauth/token would issue. */
  token: string;
}

let counter = 0;

/**
 * An API client written straight into the tables, as createApiClient makes one: its account
 * (STAFF of its department, else CITIZEN; no password), its session, its hashed secret; and
 * a token for it. Tests of the token endpoint itself go through HTTP.
 */
export async function createApiClientRow(
  db: DataSource,
  jwt: JwtService,
  options: {
    scopes?: ApiScope[];
    departmentId?: string | null;
    name?: string;
    costLimitPerMinute?: number | null;
    /** The token's scopes, when narrower than the client's. */
    tokenScopes?: ApiScope[];
  } = {},
): Promise<TestApiClient> {
  counter += 1;
  const tag = `${counter}-${randomBytes(3).toString('hex')}`;
  const departmentId = options.departmentId ?? null;
  const user = await db.getRepository(UserEntity).save(
    db.getRepository(UserEntity).create({
      email: `client-${tag}@clients.wontak.invalid`,
      displayName: options.name ?? `Client ${tag}`,
      role: departmentId ? Role.STAFF : Role.CITIZEN,
      departmentId,
      suspendedUntil: null,
      passwordHash: '!api-client',
    }),
  );
  const session = await db.getRepository(SessionEntity).save({ userId: user.id });
  const secret = randomBytes(32).toString('base64url');
  const scopes = options.scopes ?? [ApiScope.READ];
  const client = await db.getRepository(ApiClientEntity).save(
    db.getRepository(ApiClientEntity).create({
      clientId: `wtk_test_${tag}`,
      name: options.name ?? `Client ${tag}`,
      ownerContact: `owner-${tag}@example.test`,
      scopes,
      departmentId,
      userId: user.id,
      sessionId: session.id,
      secretHash: createHash('sha256').update(secret).digest(),
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      costLimitPerMinute: options.costLimitPerMinute ?? null,
      createdById: user.id,
      revokedAt: null,
    }),
  );
  const token = await jwt.signAsync({
    sub: user.id,
    sid: session.id,
    scope: (options.tokenScopes ?? scopes).map((scope) => OAUTH_SCOPE[scope]).join(' '),
  });
  return { client, user, secret, token };
}
