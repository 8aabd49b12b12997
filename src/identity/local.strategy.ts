import { ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-local';
import { AppError } from '../core/errors/app-error.js';
import { ErrorCode, UnauthenticatedReason } from '../core/errors/error-codes.js';
import { RateLimits } from '../core/rate-limit/rate-limits.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import { malformedTextErrors } from '../core/validation/malformed-text.js';
import type { UserEntity } from './user.entity.js';
import { UsersService } from './users.service.js';

/** Email and password log-in through passport-local. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super({ usernameField: 'email', passwordField: 'password', session: false });
  }

  async validate(email: string, password: string): Promise<UserEntity> {
    const user = await this.users.verifyCredentials(email, password);
    if (!user) throw AppError.unauthenticated(UnauthenticatedReason.INVALID_CREDENTIALS);
    return user;
  }
}

interface CredentialsRequest {
  body: { email?: unknown; password?: unknown };
  user?: UserEntity;
}

/**
 * Runs passport-local on the `logIn(input)` arguments. Passport reads credentials from a
 * request body, so the guard hands it a small request made of the GraphQL input, kept in the
 * context, and the resolver reads the verified account from there.
 */
@Injectable()
export class GqlCredentialsGuard extends AuthGuard('local') {
  constructor(private readonly rateLimits: RateLimits) {
    super();
  }

  /**
   * Tells the log-in limits how the attempt went: failures count per (address, email) and per
   * email, a success forgets its address's failures (core/rate-limit/rate-limits.ts).
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const gql = GqlExecutionContext.create(context);
    const ip = gql.getContext<RequestContext>().req.ip;
    const email = gql.getArgs<{ input?: { email?: unknown } }>().input?.email;
    let allowed: boolean;
    try {
      allowed = (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED)
        await this.rateLimits.noteLogInFailure(ip, email);
      throw error;
    }
    await this.rateLimits.noteLogInSuccess(ip, email);
    return allowed;
  }

  override getRequest(context: ExecutionContext): CredentialsRequest {
    const gql = GqlExecutionContext.create(context);
    const ctx = gql.getContext<RequestContext & { credentials?: CredentialsRequest }>();
    const input = gql.getArgs<{ input?: { email?: unknown; password?: unknown } }>().input ?? {};
    // Guards run before pipes: passport would take the credentials to the database before the
    // validation pipe's check for text Postgres cannot take as sent (a NUL failed the statement,
    // a lone surrogate was compared as U+FFFD), so the same check runs here, before passport.
    const malformed = malformedTextErrors(input, '');
    if (malformed.length) throw AppError.badInput(malformed);
    // A fresh one per logIn field: a document may hold several aliased logIn mutations, and
    // each must check its own credentials, not reuse the account verified for the first.
    ctx.credentials = { body: { email: input.email, password: input.password } };
    return ctx.credentials;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    if (error instanceof AppError) throw error;
    if (error || !user) throw AppError.unauthenticated(UnauthenticatedReason.INVALID_CREDENTIALS);
    return user;
  }
}

export function credentialsUser(
  ctx: RequestContext & { credentials?: CredentialsRequest },
): UserEntity {
  return ctx.credentials!.user!;
}
