import { createContextKey, type Context, type Span } from '@opentelemetry/api';

/** Spans one request may add under its HTTP span: resolvers and SQL statements together. */
export const MAX_SPANS_PER_REQUEST = 200;

/**
 * Spans one field (`Proposal.author`) or one kind of statement (`SELECT app_user`) may add in
 * one request: a page of 100 proposals resolves `author` 100 times, all waiting on the same
 * loader batch, and five of them tell as much as the hundred. Every span costs CPU to make and
 * send (about 20 µs; docs/operations.md, "Traces").
 */
export const MAX_SPANS_PER_NAME = 5;

/**
 * One traced HTTP request, as the code running for it finds it in the active context: its span,
 * the GraphQL operation running in it, and how many more spans it may make. Made with the HTTP
 * span of a request that is sampled, and only then: resolvers and statements without it (an
 * unsampled request, a WebSocket operation, a timer's statement) make no span, and those with it
 * stop making spans once its budget is spent, so a request's spans stay bounded whatever a
 * client asks for.
 */
export class RequestTrace {
  /**
   * The context of the GraphQL operation running in this request (one at most: batching is
   * off), from its start to its answer.
   */
  operation?: Context;
  /** Spans not made because the budget was spent. */
  skipped = 0;
  private total = 0;
  private readonly perName = new Map<string, number>();

  constructor(
    readonly span: Span,
    private readonly maxTotal = MAX_SPANS_PER_REQUEST,
    private readonly maxPerName = MAX_SPANS_PER_NAME,
  ) {}

  /** Whether a span named `name` may be made now; if so, it is counted. */
  take(name: string): boolean {
    const used = this.perName.get(name) ?? 0;
    if (this.total >= this.maxTotal || used >= this.maxPerName) {
      this.skipped++;
      return false;
    }
    this.total++;
    this.perName.set(name, used + 1);
    return true;
  }

  /**
   * The parent of a span made in `active`: `active` itself, unless it is the request's own
   * context while an operation runs; then the operation's, so that a statement sent by code
   * with no span of its own (a connection's lazy count, a resolver past its budget) still
   * lands under the operation that caused it.
   */
  parentIn(active: Context, activeSpan: Span | undefined): Context {
    return activeSpan === this.span && this.operation ? this.operation : active;
  }
}

const REQUEST_TRACE = createContextKey('wontak request trace');

/** `context` with `request` for the code running inside it. */
export function withRequestTrace(context: Context, request: RequestTrace): Context {
  return context.setValue(REQUEST_TRACE, request);
}

/** The traced request `context` belongs to, if any. */
export function requestTraceOf(context: Context): RequestTrace | undefined {
  return context.getValue(REQUEST_TRACE) as RequestTrace | undefined;
}
