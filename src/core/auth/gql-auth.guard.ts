import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { GraphQLResolveInfo } from 'graphql';
import { AppError } from '../errors/app-error.js';
import { PERMISSION_KEY, Permission, ROLE_TABLE } from '../access/permissions.js';
import type { AuthenticatedRequest, RequestContext } from '../graphql/request-context.js';
import { isSuspended, type Viewer } from './viewer.js';

/**
 * The global guard of every GraphQL root field. Deny by default: a root field without an
 * @Allow permission is refused (and logged as a programming error). It authenticates the
 * bearer token once per request through passport-jwt, then checks the role table and the
 * suspension rule. A presented but invalid token is UNAUTHENTICATED even for public reads,
 * so a client learns that its token is no good instead of silently reading as anonymous.
 */
@Injectable()
export class GqlAuthGuard extends AuthGuard('jwt') {
  private readonly logger = new Logger(GqlAuthGuard.name);

  constructor(private readonly reflector: Reflector) {
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
    if (permission === Permission.AUTHENTICATE) return true;

    const req = gql.getContext<RequestContext>().req;
    req.viewerPromise ??= this.authenticate(context, req);
    const viewer = await req.viewerPromise;
    req.viewer = viewer;

    const allowed = ROLE_TABLE[permission];
    if (allowed !== null) {
      if (!viewer) throw AppError.unauthenticated();
      if (!allowed.includes(viewer.role)) throw AppError.forbidden();
    }
    const operation = gql.getInfo<GraphQLResolveInfo>().operation.operation;
    if (operation === 'mutation' && viewer && isSuspended(viewer)) {
      throw AppError.forbidden(
        `Your account is suspended until ${viewer.suspendedUntil!.toISOString()}.`,
      );
    }
    return true;
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

  override handleRequest<T>(error: unknown, user: T): T {
    if (error || !user)
      throw AppError.unauthenticated('The access token is invalid or has expired.');
    return user;
  }
}
