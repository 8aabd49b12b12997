import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { RequestTrace, requestTraceOf, withRequestTrace } from './request-trace.js';

const span = () => trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

describe('RequestTrace', () => {
  it('admits spans of one name up to its cap, then counts the rest as skipped', () => {
    const request = new RequestTrace(span(), 100, 3);
    expect([1, 2, 3, 4, 5].map(() => request.take('Proposal.author'))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(request.take('Proposal.department')).toBe(true);
    expect(request.skipped).toBe(2);
  });

  it('admits no more than its total, whatever the names', () => {
    const request = new RequestTrace(span(), 5, 3);
    const admitted = Array.from({ length: 1000 }, (_, i) => request.take(`Type.field${i}`));
    expect(admitted.filter(Boolean)).toHaveLength(5);
    expect(admitted.slice(0, 5).every(Boolean)).toBe(true);
    expect(request.skipped).toBe(995);
  });

  it("puts what runs in the request's own context under its operation, while one runs", () => {
    const httpSpan = span();
    const request = new RequestTrace(httpSpan);
    const requestContext = trace.setSpan(ROOT_CONTEXT, httpSpan);
    expect(request.parentIn(requestContext, httpSpan)).toBe(requestContext);
    const operationSpan = span();
    request.operation = trace.setSpan(requestContext, operationSpan);
    expect(request.parentIn(requestContext, httpSpan)).toBe(request.operation);
    // Code with a span of its own (a resolver's) keeps it.
    const resolverContext = trace.setSpan(request.operation, span());
    expect(request.parentIn(resolverContext, trace.getSpan(resolverContext))).toBe(resolverContext);
  });

  it('travels in a context, and a context without one has none', () => {
    const request = new RequestTrace(span());
    expect(requestTraceOf(withRequestTrace(ROOT_CONTEXT, request))).toBe(request);
    expect(requestTraceOf(ROOT_CONTEXT)).toBeUndefined();
  });
});
