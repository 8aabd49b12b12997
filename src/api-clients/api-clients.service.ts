import { Injectable } from '@nestjs/common';
import { pageSize, type ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditAction } from '../audit/audit-action.js';
import { recordAudit } from '../audit/audit-log.js';
import { DepartmentEntity } from '../catalog/department.entity.js';
import { ApiScope, OAUTH_SCOPE } from '../core/access/api-scope.js';
import { Role } from '../core/access/role.js';
import type { AccessTokenPayload } from '../core/auth/jwt.strategy.js';
import type { Viewer } from '../core/auth/viewer.js';
import { Environment } from '../core/config/environment.js';
import { AppError, fieldProblem } from '../core/errors/app-error.js';
import { encodeCursor } from '../core/graphql/relay/cursor.js';
import { cursorCondition, type KeysetOrdering } from '../core/graphql/relay/paginate.js';
import { text } from '../core/i18n/text.js';
import { byKeys, LoaderKey, type RequestLoaders } from '../core/loaders/request-loaders.js';
import { RateLimits } from '../core/rate-limit/rate-limits.js';
import { SessionEntity } from '../identity/session.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import type { ProposalEntity } from '../proposals/proposal.entity.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import { ApiClientEntity } from './api-client.entity.js';
import type { ApiClientUsage } from './api-client.model.js';
import {
  hashClientSecret,
  newClientId,
  newClientSecret,
  secretMatches,
} from './client-credentials.js';
import {
  API_CLIENT_LIMITS,
  type CreateApiClientInput,
  type CreateProposalOnBehalfInput,
} from './dto/api-clients.inputs.js';

const API_CLIENT_BY_ID = new LoaderKey<string, ApiClientEntity | null>('apiClientById');
const API_CLIENT_OF_USER = new LoaderKey<string, ApiClientEntity | null>('apiClientOfUser');

/** `auth_session.revoked_reason` of a revoked client's session. */
export const REVOKED_WITH_CLIENT = 'API_CLIENT_REVOKED';

/** The order of Query.apiClients: oldest first, the id breaking ties. */
/** Oldest first; the cursor holds (createdAt, id). */
const LIST_ORDERING: KeysetOrdering<ApiClientEntity> = {
  name: 'apiClients:createdAt',
  direction: 'ASC',
  keys: [
    { expression: 'c.created_at', sqlType: 'timestamptz', value: (c) => c.createdAt.toISOString() },
    { expression: 'c.id', sqlType: 'uuid', value: (c) => c.id },
  ],
};

/** A client with the secret it was just given (shown once). */
export interface IssuedApiClientSecret {
  client: ApiClientEntity;
  clientSecret: string;
}

/** An access token of the token endpoint (RFC 6749 5.1). */
export interface ClientAccessToken {
  accessToken: string;
  expiresIn: number;
  scopes: ApiScope[];
}

/**
 * API clients: registered, rotated and revoked by admins (audited); their credentials checked
 * and their tokens issued for POST /oauth/token; their budget read; the proposals they take
 * down for citizens.
 */
@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
    private readonly jwt: JwtService,
    private readonly rateLimits: RateLimits,
    private readonly proposals: ProposalsService,
  ) {}

  /**
   * Its account (STAFF of its department, else CITIZEN; no password can match '!api-client'),
   * its one session and the client itself, in one transaction, audited.
   */
  async create(viewer: Viewer, input: CreateApiClientInput): Promise<IssuedApiClientSecret> {
    const departmentId = input.departmentId ?? null;
    // A department's mutations are made for a department: FEEDBACK_WRITE without one could do nothing.
    if (input.scopes.includes(ApiScope.FEEDBACK_WRITE) && departmentId === null) {
      throw AppError.badField('departmentId', 'field.departmentForFeedback');
    }
    return this.db.transaction(async (manager) => {
      if (departmentId && !(await manager.existsBy(DepartmentEntity, { id: departmentId }))) {
        throw AppError.badField('departmentId', 'field.namesNoDepartment');
      }
      const clientId = newClientId();
      const clientSecret = newClientSecret();
      const user = await manager.save(
        manager.create(UserEntity, {
          email: `client-${clientId.slice('wtk_'.length)}@clients.wontak.invalid`,
          displayName: input.name,
          role: departmentId ? Role.STAFF : Role.CITIZEN,
          departmentId,
          suspendedUntil: null,
          passwordHash: '!api-client',
        }),
      );
      const session = await manager.save(manager.create(SessionEntity, { userId: user.id }));
      const client = await manager.save(
        manager.create(ApiClientEntity, {
          clientId,
          name: input.name,
          ownerContact: input.ownerContact,
          scopes: input.scopes,
          departmentId,
          userId: user.id,
          sessionId: session.id,
          secretHash: hashClientSecret(clientSecret),
          previousSecretHash: null,
          previousSecretExpiresAt: null,
          costLimitPerMinute: input.costLimitPerMinute ?? null,
          createdById: viewer.id,
          revokedAt: null,
        }),
      );
      await recordAudit(manager, {
        action: AuditAction.API_CLIENT_CREATED,
        actorId: viewer.id,
        target: { type: 'ApiClient', id: client.id },
        after: `${client.name}: ${scopeList(client.scopes)}`.slice(0, 200),
      });
      return { client, clientSecret };
    });
  }

  /** A new secret; the previous one stays valid for graceSeconds (0: not at all). */
  async rotateSecret(
    viewer: Viewer,
    id: string,
    graceSeconds: number = API_CLIENT_LIMITS.graceSecondsDefault,
  ): Promise<IssuedApiClientSecret> {
    return this.db.transaction(async (manager) => {
      const client = await lockClient(manager, id);
      if (client.revokedAt) throw AppError.conflict('error.conflict.apiClientRevoked');
      const clientSecret = newClientSecret();
      client.previousSecretHash = graceSeconds > 0 ? client.secretHash : null;
      client.previousSecretExpiresAt =
        graceSeconds > 0 ? new Date(Date.now() + graceSeconds * 1000) : null;
      client.secretHash = hashClientSecret(clientSecret);
      await manager.save(client);
      await recordAudit(manager, {
        action: AuditAction.API_CLIENT_SECRET_ROTATED,
        actorId: viewer.id,
        target: { type: 'ApiClient', id: client.id },
        // Until when the previous secret is still accepted (none: it ended at once).
        after: client.previousSecretExpiresAt?.toISOString() ?? null,
      });
      return { client, clientSecret };
    });
  }

  /**
   * Revoked for good: the client and its session both, so that tokens already issued are
   * refused at once (IdentityViewerSource reads the session on every request).
   */
  async revoke(viewer: Viewer, id: string): Promise<ApiClientEntity> {
    return this.db.transaction(async (manager) => {
      const client = await lockClient(manager, id);
      if (client.revokedAt) return client;
      const now = new Date();
      client.revokedAt = now;
      await manager.save(client);
      await manager.update(
        SessionEntity,
        { id: client.sessionId },
        { revokedAt: now, revokedReason: REVOKED_WITH_CLIENT },
      );
      await recordAudit(manager, {
        action: AuditAction.API_CLIENT_REVOKED,
        actorId: viewer.id,
        target: { type: 'ApiClient', id: client.id },
      });
      return client;
    });
  }

  /** All clients, revoked ones too, oldest first. */
  async list(args: ConnectionArgs): Promise<ApiClientEntity[]> {
    const first = pageSize(args);
    if (first === 0) return [];
    const query = this.db
      .getRepository(ApiClientEntity)
      .createQueryBuilder('c')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(first);
    if (args.after) {
      // The shared keyset condition: it checks each value fits its column's type first.
      const { sql, params } = cursorCondition(args.after, LIST_ORDERING);
      query.andWhere(sql, params);
    }
    return query.getMany();
  }

  cursorOf(client: ApiClientEntity): string {
    return encodeCursor(
      LIST_ORDERING.name,
      LIST_ORDERING.keys.map((key) => key.value(client)),
    );
  }

  load(loaders: RequestLoaders, id: string): Promise<ApiClientEntity | null> {
    return loaders
      .get(API_CLIENT_BY_ID, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(ApiClientEntity).findBy({ id: In([...ids]) }),
          (c) => c.id,
        ),
      )
      .load(id);
  }

  /**
   * The client whose account `userId` is, or null for a person: the attribution of an audit
   * entry or a timeline event. One query for a whole page of actors.
   */
  ofUser(loaders: RequestLoaders, userId: string): Promise<ApiClientEntity | null> {
    return loaders
      .get(API_CLIENT_OF_USER, async (ids) =>
        byKeys(
          ids,
          await this.db.getRepository(ApiClientEntity).findBy({ userId: In([...ids]) }),
          (c) => c.userId,
        ),
      )
      .load(userId);
  }

  /** An active client's own cost limit, by its account: for RateLimits (null: the default). */
  async costLimitOf(userId: string): Promise<number | null> {
    const [row]: { cost_limit_per_minute: number | null }[] = await this.db.query(
      'SELECT cost_limit_per_minute FROM api_client WHERE user_id = $1 AND revoked_at IS NULL',
      [userId],
    );
    return row?.cost_limit_per_minute ?? null;
  }

  async usage(client: ApiClientEntity): Promise<ApiClientUsage> {
    return {
      windowSeconds: 60,
      costUsed: await this.rateLimits.costUsed(`client:${client.userId}`),
      costLimit: client.costLimitPerMinute ?? this.env.RATE_LIMIT_COST_PER_MINUTE,
    };
  }

  /**
   * The client these credentials are, or null: unknown id, wrong secret (the previous one
   * accepted until its grace ends) or revoked alike. An unknown id still costs a comparison,
   * so the time taken does not say whether the id exists.
   */
  async authenticate(clientId: string, clientSecret: string): Promise<ApiClientEntity | null> {
    const client =
      clientId.length <= 64
        ? await this.db.getRepository(ApiClientEntity).findOneBy({ clientId })
        : null;
    const matches = secretMatches(client ?? NO_CLIENT, clientSecret);
    return client && matches && !client.revokedAt ? client : null;
  }

  /**
   * An access token like people's (same key, algorithm and lifetime), naming the client's
   * account and session, with the scopes granted: those asked for, or all of the client's.
   */
  async issueToken(client: ApiClientEntity, scopes: ApiScope[]): Promise<ClientAccessToken> {
    const payload: AccessTokenPayload = {
      sub: client.userId,
      sid: client.sessionId,
      scope: scopeList(scopes),
    };
    const accessToken = await this.jwt.signAsync(payload, { jwtid: randomUUID() });
    return { accessToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, scopes };
  }

  /**
   * A proposal a client takes down for a citizen: theirs when they have an account (a CITIZEN
   * one, not suspended), else the client's own with the contact kept privately. Created by
   * ProposalsService.create like any other (topics, process, timeline, search).
   */
  async createProposalOnBehalf(
    viewer: Viewer,
    input: CreateProposalOnBehalfInput,
  ): Promise<ProposalEntity> {
    const clientId = viewer.apiClient?.id;
    if (!clientId) throw AppError.forbidden('error.forbidden.apiClientsOnly');
    const contactName = input.contactName ?? null;
    const contactPhone = input.contactPhone ?? null;
    let authorId = viewer.id;
    if (input.citizenId) {
      // The citizen's own account speaks for them: a second copy of their contact is not kept.
      const extra = [
        ...(contactName !== null ? ['contactName'] : []),
        ...(contactPhone !== null ? ['contactPhone'] : []),
      ];
      if (extra.length)
        throw AppError.badInput(extra.map((field) => fieldProblem(field, 'field.notWithCitizen')));
      const citizen = await this.db
        .getRepository(UserEntity)
        .findOneBy({ id: input.citizenId, role: Role.CITIZEN });
      // A client's own account may be a CITIZEN one: it is nobody to propose for.
      const isClient =
        citizen !== null &&
        (await this.db.getRepository(ApiClientEntity).existsBy({ userId: citizen.id }));
      if (!citizen || isClient) throw AppError.badField('citizenId', 'field.namesNoCitizen');
      // A suspended citizen may not propose online; a call centre is no way around that.
      if (citizen.suspendedUntil && citizen.suspendedUntil > new Date())
        throw AppError.forbidden(
          text('error.forbidden.suspended', { until: citizen.suspendedUntil!.toISOString() }),
        );
      authorId = citizen.id;
    } else {
      const missing = [
        ...(contactName === null ? ['contactName'] : []),
        ...(contactPhone === null ? ['contactPhone'] : []),
      ];
      if (missing.length)
        throw AppError.badInput(
          missing.map((field) => fieldProblem(field, 'field.requiredWithoutCitizen')),
        );
    }
    return this.proposals.create(
      viewer,
      {
        title: input.title,
        body: input.body,
        topicIds: input.topicIds ?? null,
        processId: input.processId ?? null,
        location: null,
      },
      {
        authorId,
        channel: input.channel,
        submittedViaClientId: clientId,
        contactName: input.citizenId ? null : contactName,
        contactPhone: input.citizenId ? null : contactPhone,
      },
    );
  }
}

/** What an unknown client_id's secret is compared with, so that it takes the usual time. */
const NO_CLIENT = {
  secretHash: hashClientSecret(randomUUID()),
  previousSecretHash: null,
  previousSecretExpiresAt: null,
};

/** Scopes in their OAuth spelling, space-separated (the `scope` of RFC 6749). */
export function scopeList(scopes: readonly ApiScope[]): string {
  return scopes.map((scope) => OAUTH_SCOPE[scope]).join(' ');
}

async function lockClient(manager: EntityManager, id: string): Promise<ApiClientEntity> {
  const client = await manager.findOne(ApiClientEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!client) throw AppError.notFound('apiClient');
  return client;
}
