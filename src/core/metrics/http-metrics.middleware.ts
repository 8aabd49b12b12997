import type { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import type { Metrics } from './metrics.js';

const METHODS = new Set(['GET', 'POST', 'OPTIONS', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

/** A catch-all at the end of a route pattern: what middleware and mounts are registered with. */
const CATCH_ALL = /\{?\/\*\w*\}?$/;

/**
 * The route label of a request: the pattern of the last route that took it (`/health/live`,
 * `/workshops/:id.ics`, `/graphql`), never the path itself, which a client chooses. Middleware
 * for every path is registered as a catch-all route too: without a route of its own, a request
 * is "unmatched" when it got a 404 and "other" otherwise (what a mounted handler answered).
 */
export function routeLabel(req: Pick<Request, 'route' | 'baseUrl'>, status: number): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  const pattern =
    typeof path === 'string' ? `${req.baseUrl ?? ''}${path}`.replace(CATCH_ALL, '') : '';
  if (pattern) return pattern;
  return status === 404 ? 'unmatched' : 'other';
}

/** Times every HTTP request by method, route and status, once its answer is done or cut. */
export function httpMetricsMiddleware(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    res.once('close', () => {
      metrics.httpDuration.observe(
        {
          method: METHODS.has(req.method) ? req.method : 'other',
          route: routeLabel(req, res.statusCode),
          status: String(res.statusCode),
        },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}
