import {
  createSourceEventStream,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';

/**
 * Lets at most `concurrency` pieces of work run at once, and starts each on a turn of the event
 * loop of its own (setImmediate), after the I/O that is waiting.
 *
 * Every live event is resolved once per subscriber: a popular proposal's event is hundreds of
 * executions of the subscribers' selections. Started all at once, they would queue hundreds of
 * statements ahead of every HTTP request in the database pool, and, once their reads are
 * shared (LiveViewers), run back to back in one stretch of promise callbacks that no HTTP
 * request gets between. Through the gate, an event is delivered a few subscribers at a time and
 * the rest of the process keeps its turns. Waiting costs a closure per subscriber, and a
 * subscriber waits for one event at a time, so the queue is never longer than the number of
 * subscriptions (WS_MAX_SUBSCRIPTIONS).
 */
export class FanOutGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Index of the first waiter in `waiting` (a queue without shifting the array). */
  private head = 0;
  private scheduled = false;

  constructor(private readonly concurrency: number) {}

  /** Pieces of work running now. */
  get runningCount(): number {
    return this.running;
  }

  /** Pieces of work waiting for their turn. */
  get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  /** Runs `work` when its turn comes; its result, or its error. */
  async run<T>(work: () => Promise<T> | T): Promise<T> {
    await new Promise<void>((admit) => {
      this.waiting.push(admit);
      this.schedule();
    });
    try {
      return await work();
    } finally {
      this.running--;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.waitingCount === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.running < this.concurrency && this.waitingCount > 0) {
        const admit = this.waiting[this.head++]!;
        this.running++;
        admit();
      }
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
    });
  }
}

/**
 * graphql-js's `subscribe`, with each event's execution passed through `gate`: the source
 * stream is created as graphql-js creates it (the subscription resolver runs at once), and
 * every event is executed as graphql-js would execute it, in its turn.
 */
export function gatedSubscribe(
  gate: FanOutGate,
): (args: ExecutionArgs) => Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  return async (args) => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    const events = stream[Symbol.asyncIterator]();
    return eachThroughGate(events, (event) =>
      gate.run(() => execute({ ...args, rootValue: event })),
    );
  };
}

/**
 * The results of `resolve` for each event of `source`, one event at a time. A plain iterator
 * object, as in live-iterators.ts: `return()` reaches the source at once, so a client that
 * unsubscribes frees its pub/sub listener without waiting for one more event.
 */
function eachThroughGate<T, R>(
  source: AsyncIterator<T>,
  resolve: (event: T) => Promise<R>,
): AsyncIterableIterator<R> {
  const iterator: AsyncIterableIterator<R> = {
    async next() {
      const result = await source.next();
      if (result.done) return { done: true, value: undefined };
      try {
        return { done: false, value: await resolve(result.value) };
      } catch (error) {
        await source.return?.();
        throw error;
      }
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
