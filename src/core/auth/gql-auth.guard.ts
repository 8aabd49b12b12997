import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { GraphQLResolveInfo } from 'graphql';
import { API_SCOPE_KEY, ApiScope, OAUTH_SCOPE } from '../access/api-scope.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { text } from '../i18n/text.js';
import { UnauthenticatedReason } from '../errors/error-codes.js';
import { isDatabaseUnavailable } from '../errors/postgres-errors.js';
import {
  PERMISSION_KEY,
  WHILE_SUSPENDED_KEY,
  Permission,
  ROLE_TABLE,
} from '../access/permissions.js';
import type { AuthenticatedRequest, RequestContext } from '../graphql/request-context.js';
import { RateLimits } from '../rate-limit/rate-limits.js';
import { connectionRefusal } from './connection-authenticator.js';
import { refusalOfToken } from './jwt.strategy.js';
import { isSuspended, type Viewer } from './viewer.js';

/**
 * The global guard of every GraphQL root field. Deny by default: a root field without an
 * @Allow permission is refused (and logged as a programming error). It authenticates the
 * bearer token once per request through passport-jwt, then checks the role table and the
 * suspension rule. A presented but invalid token is UNAUTHENTICATED even for public reads,
 * so a client learns that its token is no good instead of silently reading as anonymous; every
 * UNAUTHENTICATED says why in `extensions.reason`.
 */
@Injectable()
export class GqlAuthGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(GqlAuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimits,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true; // REST: health checks and public calendar files, no roles.
    const gql = GqlExecutionContext.create(context);
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!permission) {
      this.logger.error(
        `${context.getClass().name}.${context.getHandler().name} declares no @Allow permission`,
      );
      throw AppError.forbidden();
    }
    // Signing in, refreshing and signing out carry their credential in the arguments. The
    // bearer header is not read, so a stale access token cannot stand in the way of the refresh
    // meant to replace it, and a suspended user can still sign in and out.
    const ctx = gql.getContext<RequestContext>();
    const req = ctx.req;
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (permission === Permission.AUTHENTICATE) {
      // Counted before the credentials are checked: while limited, even the right password waits.
      await this.countCall(ctx, info, gql.getArgs(), null);
      return true;
    }

    req.viewerPromise ??= this.authenticate(context, req);
    const viewer = await req.viewerPromise;
    req.viewer = viewer;
    // Refused calls count too: probing for what one may do is not free.
    await this.countCall(ctx, info, gql.getArgs(), viewer);

    const allowed = ROLE_TABLE[permission];
    if (allowed !== null) {
      if (!viewer) {
        // Over HTTP a refused token has already been answered: here there was none. A
        // WebSocket connection keeps why its token was refused, or that it has expired since.
        throw AppError.unauthenticated(
          ctx.live ? connectionRefusal(ctx.live) : UnauthenticatedReason.SIGN_IN_REQUIRED,
        );
      }
      if (!allowed.includes(viewer.role)) throw AppError.forbidden();
    }
    if (viewer?.apiClient) this.checkScope(context, info, permission, viewer.apiClient.scopes);
    if (
      info.operation.operation === 'mutation' &&
      viewer &&
      isSuspended(viewer) &&
      !this.reflector.get<boolean | undefined>(WHILE_SUSPENDED_KEY, context.getHandler())
    ) {
      throw AppError.forbidden(
        text('error.forbidden.suspended', { until: viewer.suspendedUntil!.toISOString() }),
      );
    }
    return true;
  }

  /**
   * An API client's token calls only what its scopes grant: every query and subscription needs
   * READ; a mutation needs the scope its resolver names (@RequireScope), else FEEDBACK_WRITE
   * for the department's own mutations (ACT_FOR_DEPARTMENT); any other mutation (supporting,
   * commenting, moderating, administering, signing in) is for people only. FORBIDDEN names the
   * missing scope in `extensions.missingScope`, in its OAuth spelling.
   */
  private checkScope(
    context: ExecutionContext,
    info: GraphQLResolveInfo,
    permission: Permission,
    scopes: readonly ApiScope[],
  ): void {
    const needed =
      this.reflector.get<ApiScope | undefined>(API_SCOPE_KEY, context.getHandler()) ??
      (info.operation.operation !== 'mutation'
        ? ApiScope.READ
        : permission === Permission.ACT_FOR_DEPARTMENT
          ? ApiScope.FEEDBACK_WRITE
          : null);
    if (needed === null) {
      throw new AppError(ErrorCode.FORBIDDEN, 'error.forbidden.notForApiClients', {
        reason: 'NOT_FOR_API_CLIENTS',
      });
    }
    if (!scopes.includes(needed)) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        text('error.forbidden.missingScope', { scope: OAUTH_SCOPE[needed] }),
        { reason: 'MISSING_SCOPE', missingScope: OAUTH_SCOPE[needed] },
      );
    }
  }

  /** The rate limits (rate-limits.ts); a refusal also sets the HTTP Retry-After header. */
  private async countCall(
    ctx: RequestContext,
    info: GraphQLResolveInfo,
    args: Record<string, unknown>,
    viewer: Viewer | null,
  ): Promise<void> {
    try {
      await this.rateLimits.check({
        operation: info.operation.operation,
        fieldName: info.fieldName,
        args,
        viewer,
        ip: ctx.req.ip ?? null,
      });
    } catch (error) {
      const retryAfter = (error as AppError).extensions?.retryAfter;
      if (typeof retryAfter === 'number' && ctx.res && !ctx.res.headersSent) {
        ctx.res.setHeader('Retry-After', String(retryAfter));
      }
      throw error;
    }
  }

  private async authenticate(
    context: ExecutionContext,
    req: AuthenticatedRequest,
  ): Promise<Viewer | null> {
    if (!req.headers.authorization) return null;
    await super.canActivate(context);
    return req.user as Viewer;
  }

  override getRequest(context: ExecutionContext): AuthenticatedRequest {
    return GqlExecutionContext.create(context).getContext<RequestContext>().req;
  }

  getResponse(context: ExecutionContext): unknown {
    return GqlExecutionContext.create(context).getContext<RequestContext>().res;
  }

  /** `info` is passport-jwt's reason for a token jsonwebtoken refused. */
  override handleRequest<T>(error: unknown, user: T, info?: unknown): T {
    // JwtStrategy.validate's refusal, with its reason.
    if (error instanceof AppError) throw error;
    // Reading the session failed because the database is down: not the token's fault.
    if (error && isDatabaseUnavailable(error)) throw AppError.databaseUnavailable(error);
    if (error || !user) {
      throw AppError.unauthenticated(
        error ? UnauthenticatedReason.TOKEN_INVALID : refusalOfToken(info),
      );
    }
    return user;
  }
}
