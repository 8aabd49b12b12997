import { buildSchema, parse, type ExecutionResult } from 'graphql';
import { FanOutGate, gatedSubscribe } from './fan-out.js';

/** Resolves after every callback already queued on the event loop (setImmediate) has run. */
const turn = () => new Promise<void>((r) => setImmediate(r));

describe('FanOutGate', () => {
  it('runs at most `concurrency` pieces of work at once, the rest in arrival order', async () => {
    const gate = new FanOutGate(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const runs = [0, 1, 2, 3, 4].map((i) =>
      gate.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(i);
            finish[i] = () => resolve(i);
          }),
      ),
    );
    await turn();
    expect(started).toEqual([0, 1]);
    expect(gate.runningCount).toBe(2);
    expect(gate.waitingCount).toBe(3);
    finish[1]!();
    await turn();
    await turn();
    expect(started).toEqual([0, 1, 2]);
    expect(gate.runningCount).toBe(2);
    finish[0]!();
    finish[2]!();
    await turn();
    await turn();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    finish[3]!();
    finish[4]!();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(gate.runningCount).toBe(0);
    expect(gate.waitingCount).toBe(0);
  });

  it('starts work on a later turn of the event loop, so I/O already waiting goes first', async () => {
    const gate = new FanOutGate(100);
    const order: string[] = [];
    setImmediate(() => order.push('waiting I/O'));
    await Promise.all(
      [1, 2, 3].map((i) =>
        gate.run(() => {
          order.push(`work ${i}`);
        }),
      ),
    );
    expect(order).toEqual(['waiting I/O', 'work 1', 'work 2', 'work 3']);
  });

  it('gives the place back when the work fails, and passes the failure on', async () => {
    const gate = new FanOutGate(1);
    await expect(
      gate.run(() => {
        throw new Error('resolver failed');
      }),
    ).rejects.toThrow('resolver failed');
    await expect(gate.run(() => 'next one')).resolves.toBe('next one');
    expect(gate.runningCount).toBe(0);
  });
});

describe('gatedSubscribe', () => {
  const schema = buildSchema('type Query { ok: Boolean } type Subscription { tick: Int }');

  /** A source of events that the test pushes, and whether the subscriber returned it. */
  function source() {
    const pushed: number[] = [];
    const pulls: ((r: IteratorResult<{ tick: number }>) => void)[] = [];
    let returned = false;
    const iterator: AsyncIterableIterator<{ tick: number }> = {
      next: () =>
        pushed.length
          ? Promise.resolve({ done: false, value: { tick: pushed.shift()! } })
          : new Promise((r) => pulls.push(r)),
      return: () => {
        returned = true;
        for (const pull of pulls.splice(0)) pull({ done: true, value: undefined });
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return {
      iterator,
      push(tick: number) {
        const pull = pulls.shift();
        if (pull) pull({ done: false, value: { tick } });
        else pushed.push(tick);
      },
      returned: () => returned,
    };
  }

  it('executes each event through the gate, as graphql-js would, and returns the source', async () => {
    const events = source();
    const gate = new FanOutGate(1);
    const stream = (await gatedSubscribe(gate)({
      schema,
      document: parse('subscription { tick }'),
      rootValue: { tick: () => events.iterator },
    })) as AsyncIterableIterator<ExecutionResult>;
    events.push(1);
    events.push(2);
    await expect(stream.next()).resolves.toEqual({ done: false, value: { data: { tick: 1 } } });
    await expect(stream.next()).resolves.toEqual({ done: false, value: { data: { tick: 2 } } });
    const pending = stream.next();
    await stream.return!();
    expect(events.returned()).toBe(true);
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it('answers a subscription that cannot start with its errors, as graphql-js does', async () => {
    const result = await gatedSubscribe(new FanOutGate(1))({
      schema,
      document: parse('subscription { tick }'),
      rootValue: {
        tick: () => {
          throw new Error('refused');
        },
      },
    });
    expect((result as ExecutionResult).errors?.[0]?.message).toBe('refused');
  });
});
