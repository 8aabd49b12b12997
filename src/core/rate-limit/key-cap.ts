/** The key every client is counted under once a bucket counts as many clients as it may. */
export const OVERFLOW_KEY = 'overflow:*';

/**
 * Bounds how many clients one rate-limit bucket counts in this process's memory. A counter
 * is kept per key (an address, a user, a hashed email), and an attacker with many addresses
 * (a single IPv6 /48 holds 65,536 /64s) could otherwise make the process keep one per address
 * it sends from, however fast it can send. Past `maxKeys` clients seen within the bucket's
 * window, new ones are counted together under OVERFLOW_KEY: a flood from fresh addresses
 * then limits itself as one client, while the clients already counted keep their own
 * allowance.
 *
 * A key is remembered for the bucket's window after it was last seen, at least as long as the
 * counter rate-limiter-flexible keeps for it, so the counters never outnumber the keys here.
 * Keys are kept in order of last use, so forgetting the expired ones is cheap.
 */
export class KeyCap {
  private readonly forgetAt = new Map<string, number>();

  constructor(
    private readonly maxKeys: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many clients are counted on their own now. */
  get size(): number {
    return this.forgetAt.size;
  }

  /** The key to count `key` under: itself while there is room or it is counted already. */
  keyFor(key: string): string {
    const now = this.now();
    if (this.forgetAt.has(key)) {
      // Moved to the end: the map stays in order of last use.
      this.forgetAt.delete(key);
      this.forgetAt.set(key, now + this.windowMs);
      return key;
    }
    if (this.forgetAt.size >= this.maxKeys) this.forgetExpired(now);
    if (this.forgetAt.size >= this.maxKeys) return OVERFLOW_KEY;
    this.forgetAt.set(key, now + this.windowMs);
    return key;
  }

  private forgetExpired(now: number): void {
    for (const [key, at] of this.forgetAt) {
      if (at > now) return;
      this.forgetAt.delete(key);
    }
  }
}
