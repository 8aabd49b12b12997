import { jest } from '@jest/globals';

/**
 * A controllable clock for end-to-end tests: the app runs in the test's process, so faking
 * `Date` moves the application's clock (JWT iat, "upcoming", deadlines checked in code) while
 * timers, microtasks and the database keep real time, so requests and Postgres work as usual.
 * The clock stands still until `setClock` moves it. Postgres's own now() is not affected.
 */
export function freezeClock(at: Date | number = Date.now()): void {
  jest.useFakeTimers({
    now: at,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** Moves the frozen clock to `at`. */
export function setClock(at: Date | number): void {
  jest.setSystemTime(at);
}

export function restoreClock(): void {
  jest.useRealTimers();
}
