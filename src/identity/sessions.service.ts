import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { Environment } from '../core/config/environment.js';
import { AppError } from '../core/errors/app-error.js';
import { UnauthenticatedReason } from '../core/errors/error-codes.js';
import { RefreshTokenEntity, SessionEntity } from './session.entity.js';

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
}

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** `auth_session.revoked_reason` of a family revoked because a spent refresh token came back. */
export const REVOKED_FOR_REUSE = 'REUSE';

/** What a client is told when it presents a token of a session that has ended. */
export function refusalOfEndedSession(revokedReason: string | null): UnauthenticatedReason {
  return revokedReason === REVOKED_FOR_REUSE
    ? UnauthenticatedReason.REFRESH_TOKEN_REUSED
    : UnauthenticatedReason.SESSION_REVOKED;
}

/**
 * Refresh-token families. A refresh token is 256 random bits, stored only as its hash, and
 * single use: exchanging it marks it used and issues the next one of the family. Presenting a
 * used token again means it was stolen or replayed, so the whole family is revoked (RFC 9700
 * §4.14.2). Row locks make two concurrent exchanges of one token end in exactly one success.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly env: Environment,
  ) {}

  async start(
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<IssuedRefreshToken> {
    const session = await manager.save(SessionEntity, manager.create(SessionEntity, { userId }));
    return this.issue(manager, session.id, userId);
  }

  /**
   * The next refresh token of the family, or UNAUTHENTICATED with the reason: TOKEN_INVALID
   * (unknown), SESSION_REVOKED or REFRESH_TOKEN_REUSED (the session has ended, the second when
   * that was for reuse, which this very call may find), SESSION_EXPIRED (past its lifetime).
   */
  async rotate(refreshToken: string): Promise<IssuedRefreshToken> {
    const outcome = await this.db.transaction(async (manager) => {
      const token = await manager
        .createQueryBuilder(RefreshTokenEntity, 't')
        .innerJoinAndSelect('t.session', 's')
        .where('t.token_hash = :hash', { hash: hashToken(refreshToken) })
        .setLock('pessimistic_write', undefined, ['t', 's'])
        .getOne();
      if (!token) return UnauthenticatedReason.TOKEN_INVALID;
      if (token.session!.revokedAt) return refusalOfEndedSession(token.session!.revokedReason);
      if (token.usedAt) {
        await manager.update(
          SessionEntity,
          { id: token.sessionId },
          { revokedAt: new Date(), revokedReason: REVOKED_FOR_REUSE },
        );
        return UnauthenticatedReason.REFRESH_TOKEN_REUSED;
      }
      if (token.expiresAt <= new Date()) return UnauthenticatedReason.SESSION_EXPIRED;
      await manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: new Date() });
      return this.issue(manager, token.sessionId, token.session!.userId);
    });
    // The revocation above must commit before the error is thrown, hence outside the transaction.
    if (typeof outcome === 'string') throw AppError.unauthenticated(outcome);
    return outcome;
  }

  /** Ends the family `refreshToken` belongs to. True when an active session was ended. */
  async revoke(refreshToken: string): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: 'LOG_OUT' })
      .where('revoked_at IS NULL')
      .andWhere('id = (SELECT session_id FROM refresh_token WHERE token_hash = :hash)', {
        hash: hashToken(refreshToken),
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async revokeAllOf(
    userId: string,
    reason: string,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.update(
      SessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }

  private async issue(
    manager: EntityManager,
    sessionId: string,
    userId: string,
  ): Promise<IssuedRefreshToken> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.env.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
    await manager.insert(RefreshTokenEntity, {
      sessionId,
      tokenHash: hashToken(refreshToken),
      expiresAt,
    });
    return { sessionId, userId, refreshToken };
  }
}
