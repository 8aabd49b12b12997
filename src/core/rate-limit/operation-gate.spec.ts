import { jest } from '@jest/globals';
import { OperationGate } from './operation-gate.js';

/** The gate's rules with a controllable clock (jest's fake timers), no server. */
/** Lets admissions reach their queue (each first awaits its budget's charge). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

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

  it('expensive waiters go in arrival order: a later one does not overtake an earlier one', async () => {
    const g = gate({ expensivePerClient: null });
    const first = await g.admit('ip:a', 90);
    const order: string[] = [];
    const large = g.admit('ip:b', 80).then((end) => (order.push('80'), end));
    const smaller = g.admit('ip:c', 60).then((end) => (order.push('60'), end));
    await Promise.resolve();
    first();
    (await large)();
    (await smaller)();
    expect(order).toEqual(['80', '60']);
  });

  it('a cheap operation passes expensive waiters when it fits: a flood of large ones never delays it', async () => {
    const g = gate({ expensivePerClient: null });
    const running = await g.admit('ip:a', 90);
    const large = g.admit('ip:b', 80);
    // 5 fits beside 90 and is cheap (under 50): it runs at once, though 80 waits.
    const cheap = await g.admit('ip:c', 5);
    expect(g.waitingCount).toBe(1);
    // A cheap one that does not fit waits, and is admitted before the expensive waiter.
    const order: string[] = [];
    const cheapWaiting = g.admit('ip:d', 10).then((end) => (order.push('cheap'), end));
    void large.then(() => order.push('large'));
    await settle();
    cheap();
    running();
    (await cheapWaiting)();
    (await large)();
    expect(order).toEqual(['cheap', 'large']);
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
    await settle();
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
    await settle();
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

describe('OperationGate and the budget', () => {
  it('charges the budget only when the client may run one more: a refusal for too many at once is free', async () => {
    const g = new OperationGate({
      costInFlight: 1000,
      queueMs: 1000,
      expensiveCost: 50,
      expensivePerClient: 1,
    });
    let charged = 0;
    const charge = async () => void (charged += 1);
    const end = await g.admit('ip:a', 60, charge);
    await expect(g.admit('ip:a', 60, charge)).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    expect(charged).toBe(1);
    end();
  });

  it('a refused charge takes nothing: no room, no client slot', async () => {
    const g = new OperationGate({
      costInFlight: 1000,
      queueMs: 1000,
      expensiveCost: 50,
      expensivePerClient: 1,
    });
    const spent = async () => {
      throw new Error('budget spent');
    };
    await expect(g.admit('ip:a', 60, spent)).rejects.toThrow('budget spent');
    expect(g.costRunning).toBe(0);
    (await g.admit('ip:a', 60))();
  });
});
