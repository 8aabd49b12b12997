import type { Request, Response } from 'express';
import type { Viewer } from '../auth/viewer.js';
import { RequestLoaders } from '../loaders/request-loaders.js';

export interface AuthenticatedRequest extends Request {
  /** Set once per request by the auth guard: the viewer, or null when anonymous. */
  viewer?: Viewer | null;
  viewerPromise?: Promise<Viewer | null>;
}

/** The GraphQL context of one request. DataLoaders are fresh per request, never shared. */
export interface RequestContext {
  req: AuthenticatedRequest;
  res?: Response;
  loaders: RequestLoaders;
}

export function createRequestContext({
  req,
  res,
}: {
  req: AuthenticatedRequest;
  res?: Response;
}): RequestContext {
  return { req, res, loaders: new RequestLoaders() };
}
