/**
 * Small async-iterator combinators for subscriptions. Written as plain iterator objects, not
 * async generators: a generator waiting for its next event cannot be returned from, so a client
 * that unsubscribes would leave its Redis subscription open until one more event arrived.
 * Here `return()` reaches the source at once.
 */

function iteratorOf<T>(
  next: () => Promise<IteratorResult<T>>,
  source: AsyncIterator<unknown>,
  onReturn?: () => void,
): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next,
    async return() {
      onReturn?.();
      await source.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      onReturn?.();
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** The events of `source` that `keep` accepts; an event whose check fails is dropped. */
export function filterEvents<T>(
  source: AsyncIterator<T>,
  keep: (event: T) => boolean | Promise<boolean>,
): AsyncIterableIterator<T> {
  return iteratorOf(async () => {
    for (;;) {
      const result = await source.next();
      if (result.done) return result;
      const kept = await Promise.resolve(keep(result.value)).catch(() => false);
      if (kept) return result;
    }
  }, source);
}

/**
 * The events of `source` until `deadline`; then one last event, `final`, and the end. Used to
 * close a stream that an access token opened when the token expires.
 */
export function endingAt<T>(
  source: AsyncIterator<T>,
  deadline: Date | null,
  final: T,
): AsyncIterableIterator<T> {
  if (!deadline) return iteratorOf(() => source.next(), source);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), Math.max(0, deadline.getTime() - Date.now()));
  });
  let ended = false;
  return iteratorOf(
    async () => {
      if (ended) return { done: true, value: undefined };
      const result = await Promise.race([source.next(), expired]);
      if (result !== 'expired') return result;
      ended = true;
      void source.return?.();
      return { done: false, value: final };
    },
    source,
    () => clearTimeout(timer),
  );
}

/**
 * The events of `source` until one for which `isOver` holds: that one is replaced by `final`,
 * and the stream ends. Used to close a private stream whose session has ended.
 */
export function endingWhen<T>(
  source: AsyncIterator<T>,
  isOver: (event: T) => Promise<boolean>,
  final: T,
): AsyncIterableIterator<T> {
  let ended = false;
  return iteratorOf(async () => {
    if (ended) return { done: true, value: undefined };
    const result = await source.next();
    if (result.done || result.value === final || !(await isOver(result.value))) return result;
    ended = true;
    void source.return?.();
    return { done: false, value: final };
  }, source);
}
