import type { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { validateEnvironment } from '../config/environment.js';
import type { RateLimits } from '../rate-limit/rate-limits.js';
import { CLOSE_NOT_READING, LiveSockets } from './live-sockets.js';

/** LiveSockets with `env`; its ws server is not needed by the rules tested here. */
function liveSockets(env: Record<string, string>): LiveSockets {
  return new LiveSockets(
    validateEnvironment(env),
    {} as HttpAdapterHost,
    {} as ModuleRef,
    {} as RateLimits,
  );
}

/** A socket with `buffered` bytes not yet read by its client. */
function socket(buffered: number) {
  const closes: [number | undefined, string | undefined][] = [];
  return {
    bufferedAmount: buffered,
    readyState: 1 as const,
    close(code?: number, reason?: string) {
      closes.push([code, reason]);
      this.readyState = 2 as never;
    },
    closes,
  };
}

describe('LiveSockets', () => {
  it('lets a connection hold exactly WS_MAX_BUFFERED_KB unread, and closes it with 1013 past it', () => {
    const sockets = liveSockets({ WS_MAX_BUFFERED_KB: '16' });
    const atLimit = socket(16 * 1024);
    expect(sockets.closeIfNotReading(atLimit)).toBe(false);
    expect(atLimit.closes).toEqual([]);
    const over = socket(16 * 1024 + 1);
    expect(sockets.closeIfNotReading(over)).toBe(true);
    expect(over.closes).toEqual([[CLOSE_NOT_READING, expect.stringMatching(/unread/)]]);
    // Asked again while it closes: nothing more is sent, and it is not closed twice.
    expect(sockets.closeIfNotReading(over)).toBe(true);
    expect(over.closes).toHaveLength(1);
  });

  it('gives out exactly WS_MAX_SUBSCRIPTIONS places, and each back once', () => {
    const sockets = liveSockets({ WS_MAX_SUBSCRIPTIONS: '3' });
    const places = [1, 2, 3].map(() => sockets.reserveSubscription());
    expect(places.every((giveBack) => typeof giveBack === 'function')).toBe(true);
    expect(sockets.subscriptionCount).toBe(3);
    expect(sockets.reserveSubscription()).toBeNull();
    places[0]!();
    places[0]!(); // given back twice: counted once
    expect(sockets.subscriptionCount).toBe(2);
    expect(sockets.reserveSubscription()).not.toBeNull();
    expect(sockets.reserveSubscription()).toBeNull();
  });
});
