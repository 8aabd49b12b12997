import { jest } from '@jest/globals';
import { OperationGate } from './operation-gate.js';

/** The gate's rules with a controllable clock (jest's fake timers), no server. */
describe('OperationGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const gate = (over: Partial<ConstructorParameters<typeof OperationGate>[0]> = {}) =>
    new OperationGate({
      costInFlight: 100,
      queueMs: 1000,
      expensiveCost: 50,
      expensivePerClient: 2,
      ...over,
    });

  it('admits operations while their costs fit, and the next one when room frees up', async () => {
    const g = gate({ expensivePerClient: null });
    const a = await g.admit('ip:a', 60);
    const b = await g.admit('ip:b', 40);
    expect(g.costRunning).toBe(100);
    let admitted = false;
    const c = g.admit('ip:c', 1).then((end) => ((admitted = true), end));
    await Promise.resolve();
    expect(admitted).toBe(false);
    expect(g.waitingCount).toBe(1);
    a();
    const endC = await c;
    expect(admitted).toBe(true);
    expect(g.costRunning).toBe(41);
    b();
    endC();
    expect(g.costRunning).toBe(0);
  });

  it('ending twice gives the room back once', async () => {
    const g = gate();
    const end = await g.admit('ip:a', 30);
    end();
    end();
    expect(g.costRunning).toBe(0);
  });

  it('waiters go in arrival order: a small one does not overtake a large one', async () => {
    const g = gate({ expensivePerClient: null });
    const first = await g.admit('ip:a', 90);
    const order: string[] = [];
    const large = g.admit('ip:b', 80).then((end) => (order.push('large'), end));
    const small = g.admit('ip:c', 5).then((end) => (order.push('small'), end));
    await Promise.resolve();
    expect(order).toEqual([]); // 5 would fit beside 90, but the large one came first
    first();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('an operation costing more than the room runs alone', async () => {
    const g = gate({ expensivePerClient: null });
    const huge = await g.admit('ip:a', 10_000);
    expect(g.costRunning).toBe(100);
    const next = g.admit('ip:b', 1);
    await Promise.resolve();
    expect(g.waitingCount).toBe(1);
    huge();
    (await next)();
  });

  it('a waiter is SERVICE_UNAVAILABLE after queueMs, and nothing is held for it', async () => {
    const g = gate({ expensivePerClient: null });
    const end = await g.admit('ip:a', 100);
    const waiting = g.admit('ip:b', 10);
    jest.advanceTimersByTime(999);
    await Promise.resolve();
    expect(g.waitingCount).toBe(1);
    jest.advanceTimersByTime(1);
    await expect(waiting).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: 1 },
    });
    expect(g.waitingCount).toBe(0);
    end();
    expect(g.costRunning).toBe(0);
  });

  it('one client runs 2 expensive operations at once; the 3rd is RATE_LIMITED, others are not held back', async () => {
    const g = gate({ costInFlight: 1000 });
    const one = await g.admit('user:x', 50);
    const two = await g.admit('user:x', 99);
    await expect(g.admit('user:x', 50)).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfter: 1 },
    });
    // A cheap one from the same client, and an expensive one from another client, still run.
    (await g.admit('user:x', 49))();
    const other = await g.admit('user:y', 50);
    one();
    (await g.admit('user:x', 50))();
    two();
    other();
    expect(g.costRunning).toBe(0);
  });

  it('a refused or timed-out expensive operation does not keep its client slot', async () => {
    const g = gate({ costInFlight: 60 });
    const blocker = await g.admit('ip:other', 60);
    const timedOut = g.admit('user:x', 50);
    jest.advanceTimersByTime(1000);
    await expect(timedOut).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    blocker();
    const a = await g.admit('user:x', 50);
    a();
    const b = await g.admit('user:x', 50);
    b();
  });

  it('waiting is bounded: past 1,000 waiters the next is SERVICE_UNAVAILABLE at once', async () => {
    const g = gate({ expensivePerClient: null });
    const end = await g.admit('ip:a', 100);
    const waiters = Array.from({ length: 1000 }, (_, i) => g.admit(`ip:${i}`, 1));
    await expect(g.admit('ip:late', 1)).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    end();
    for (const w of waiters) (await w)();
    expect(g.costRunning).toBe(0);
  });
});
