import { AppError } from '../errors/app-error.js';
import type { ClientKey } from './client-key.js';

export interface OperationGateLimits {
  /** The cost of all the operations running at once (GRAPHQL_COST_IN_FLIGHT). */
  costInFlight: number;
  /** How long an operation may wait for room before SERVICE_UNAVAILABLE (GRAPHQL_COST_QUEUE_MS). */
  queueMs: number;
  /** From this cost on an operation is expensive (GRAPHQL_EXPENSIVE_COST). */
  expensiveCost: number;
  /** Expensive operations one client may run at once; null: no such limit (rate limits off). */
  expensivePerClient: number | null;
}

interface Waiter {
  units: number;
  /** Below the expensive cost: may pass expensive waiters when it fits. */
  cheap: boolean;
  admit: () => void;
}

/** Operations that may wait at once; past it the service is plainly too busy. */
const MAX_WAITING = 1000;

/**
 * Admits GraphQL operations into execution by their cost, before they run. Two rules, per
 * process (memory and the event loop are per process):
 *
 * - The costs of the operations running at once stay within `costInFlight`. A cost bounds the
 *   answer's size (cost-model.ts), so this bounds the memory that answers being built can take,
 *   however many arrive together; past it, operations wait, up to `queueMs`. Expensive ones
 *   wait in arrival order; a cheap one (under `expensiveCost`) passes them whenever it fits, so
 *   that a flood of large operations never delays the small ones everybody else sends: under
 *   load the large ones are the first to be answered SERVICE_UNAVAILABLE.
 * - One client runs at most `expensivePerClient` expensive operations at once, so that a
 *   client cannot fill the room alone: past it, RATE_LIMITED at once.
 *
 * Everything it holds is bounded: one count per client with an operation running, and at most
 * MAX_WAITING waiters.
 */
export class OperationGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly expensiveRunning = new Map<ClientKey, number>();

  constructor(private readonly limits: OperationGateLimits) {}

  /** The cost of the operations running now (for tests and metrics). */
  get costRunning(): number {
    return this.running;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Waits until the operation may run; resolves to the function that ends it (idempotent).
   * RATE_LIMITED when the client already runs its expensive operations, SERVICE_UNAVAILABLE
   * when no room frees up in time. `charge` (the client's budget) runs once the client may run
   * one more and before it waits: a request refused for running too many at once costs
   * nothing of its budget.
   */
  async admit(
    client: ClientKey,
    cost: number,
    charge: () => Promise<void> = async () => {},
  ): Promise<() => void> {
    const expensive = this.limits.expensivePerClient !== null && cost >= this.limits.expensiveCost;
    if (expensive) {
      const count = this.expensiveRunning.get(client) ?? 0;
      if (count >= this.limits.expensivePerClient!) throw AppError.rateLimited(1);
      this.expensiveRunning.set(client, count + 1);
    }
    // An operation costing more than the room may still run, alone.
    const units = Math.min(Math.max(1, cost), this.limits.costInFlight);
    try {
      await charge();
      await this.enter(units, cost < this.limits.expensiveCost);
    } catch (error) {
      if (expensive) this.endExpensive(client);
      throw error;
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.running -= units;
      if (expensive) this.endExpensive(client);
      this.admitWaiting();
    };
  }

  private enter(units: number, cheap: boolean): Promise<void> {
    const fits = this.running + units <= this.limits.costInFlight;
    if (fits && (cheap || !this.waiting.some((w) => !w.cheap))) {
      this.running += units;
      return Promise.resolve();
    }
    if (this.waiting.length >= MAX_WAITING) return Promise.reject(busy());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        units,
        cheap,
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(busy());
        // The head may have been the one holding others back.
        this.admitWaiting();
      }, this.limits.queueMs);
      this.waiting.push(waiter);
    });
  }

  /** Cheap waiters first, in order, while they fit; then expensive ones in order. */
  private admitWaiting(): void {
    for (let i = 0; i < this.waiting.length;) {
      const waiter = this.waiting[i]!;
      if (waiter.cheap && this.fits(waiter.units)) {
        this.waiting.splice(i, 1);
        this.running += waiter.units;
        waiter.admit();
      } else i++;
    }
    for (;;) {
      const head = this.waiting.find((w) => !w.cheap);
      if (!head || !this.fits(head.units)) return;
      this.waiting.splice(this.waiting.indexOf(head), 1);
      this.running += head.units;
      head.admit();
    }
  }

  /** Whether `units` more may run now (anything may when nothing runs). */
  private fits(units: number): boolean {
    return this.running === 0 || this.running + units <= this.limits.costInFlight;
  }

  private endExpensive(client: ClientKey): void {
    const count = (this.expensiveRunning.get(client) ?? 1) - 1;
    if (count > 0) this.expensiveRunning.set(client, count);
    else this.expensiveRunning.delete(client);
  }
}

function busy(): AppError {
  return AppError.serviceUnavailable('error.busy', 1);
}
