import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { NextFunction, Request, Response } from 'express';
import { routeLabel } from '../metrics/http-metrics.middleware.js';
import { RequestTrace, withRequestTrace } from './request-trace.js';

/** The request's id (X-Request-Id, as the logs carry it), to go from a trace to its log line. */
export const ATTR_REQUEST_ID = 'wontak.request.id';
/** Spans this request did not make because its budget was spent (request-trace.ts). */
export const ATTR_SPANS_SKIPPED = 'wontak.spans.skipped';

/** Route labels that are not a route (metrics' routeLabel): the span is named by its method. */
const NO_ROUTE = new Set(['unmatched', 'other']);

/**
 * The root span of every HTTP request (the first middleware, before the rate limits and the
 * body parser), named `POST /graphql` by the route that answered, never by the path a client
 * chose. The rest of the request runs in its context (`next` is called in it; the body parser
 * keeps it across its reads of a body that arrives later, which the tests check). A
 * `traceparent` header continues the caller's trace.
 */
export function traceHttpRequests(tracer: Tracer) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      req.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: req.method,
          [ATTR_URL_PATH]: req.path,
          [ATTR_URL_SCHEME]: req.protocol,
        },
      },
      parent,
    );
    let requestContext = trace.setSpan(parent, span);
    // An unsampled request has no RequestTrace: its resolvers and statements make no span.
    const request = span.isRecording() ? new RequestTrace(span) : undefined;
    if (request) requestContext = withRequestTrace(requestContext, request);
    res.once('close', () => {
      const status = res.statusCode;
      const route = routeLabel(req, status);
      if (!NO_ROUTE.has(route)) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      const requestId = (req as { id?: unknown }).id;
      if (typeof requestId === 'string') span.setAttribute(ATTR_REQUEST_ID, requestId);
      if (request?.skipped) span.setAttribute(ATTR_SPANS_SKIPPED, request.skipped);
      // A server span is an error for a 5xx only: a 4xx is the client's mistake, answered.
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(requestContext, next);
  };
}
