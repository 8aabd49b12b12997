import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '../graphql/request-context.js';
import type { Viewer } from './viewer.js';

/** The signed-in viewer, or null. Set by GqlAuthGuard before any root field runs. */
export const CurrentViewer = createParamDecorator(
  (_: unknown, context: ExecutionContext): Viewer | null =>
    GqlExecutionContext.create(context).getContext<RequestContext>().req.viewer ?? null,
);

/** The viewer as field resolvers see it (they run after the root field's guard). */
export function viewerOf(ctx: RequestContext): Viewer | null {
  return ctx.req.viewer ?? null;
}
