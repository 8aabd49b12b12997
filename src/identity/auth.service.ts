import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queueVerificationEmail } from '../mail/verification.js';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Environment } from '../core/config/environment.js';
import type { AccessTokenPayload } from '../core/auth/jwt.strategy.js';
import { AppError } from '../core/errors/app-error.js';
import { UnauthenticatedReason } from '../core/errors/error-codes.js';
import type { SignUpInput } from './dto/auth.inputs.js';
import { SessionsService } from './sessions.service.js';
import { UsersService } from './users.service.js';
import type { UserEntity } from './user.entity.js';

/**
 * Marks the user of an AuthPayload: the request that signs someone in is still anonymous, yet
 * the person signing in may see their own email.
 */
export const SIGNED_IN_AS = Symbol('signedInAs');

export interface AuthResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserEntity;
}

/** Sign-up, log-in and the token pair every signed-in client holds. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * A new account, signed in, and the mail that proves its address queued: nothing is e-mailed
   * to the address before its owner follows that link (verifyEmail).
   */
  async signUp(input: SignUpInput): Promise<AuthResult> {
    const user = await this.users.create(input);
    await queueVerificationEmail(this.db.manager, user.id, user.email);
    return this.startSession(user);
  }

  /** Called with the account passport-local verified. */
  async startSession(user: UserEntity): Promise<AuthResult> {
    const issued = await this.sessions.start(user.id);
    return this.result(user, issued.sessionId, issued.refreshToken);
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const issued = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(issued.userId);
    // The account was deleted between the two reads: its sessions are gone with it.
    if (!user) throw AppError.unauthenticated(UnauthenticatedReason.SESSION_REVOKED);
    return this.result(user, issued.sessionId, issued.refreshToken);
  }

  logOut(refreshToken: string): Promise<boolean> {
    return this.sessions.revoke(refreshToken);
  }

  private async result(
    user: UserEntity,
    sessionId: string,
    refreshToken: string,
  ): Promise<AuthResult> {
    const payload: AccessTokenPayload = { sub: user.id, sid: sessionId };
    // A unique jti: two tokens of one session issued within the same second (iat has seconds
    // only) would otherwise be byte-identical, and a client could not tell a fresh one apart.
    const accessToken = await this.jwt.signAsync(payload, { jwtid: randomUUID() });
    Object.assign(user, { [SIGNED_IN_AS]: true });
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, user };
  }
}
