/** Remembers signature nonces long enough to reject replays, in bounded memory. */

/**
 * A request dated T is accepted until T + 15 min, and T itself may be up to 15 min ahead of the
 * clock, so a nonce has to be remembered for 30 minutes after it is first seen.
 */
const REMEMBER_MS = 30 * 60 * 1000;

export class NonceCache {
  /** nonce -> expiry; Map keeps insertion order, and expiries grow with it. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Records the nonce; false when it was already used within the window. */
  use(nonce: string, now: number): boolean {
    this.prune(now);
    const expiry = this.seen.get(nonce);
    if (expiry !== undefined && expiry > now) return false;
    this.seen.delete(nonce);
    this.seen.set(nonce, now + REMEMBER_MS);
    // Beyond the cap the oldest are forgotten: a bounded replay window beats unbounded memory.
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done === true) break;
      this.seen.delete(oldest.value);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    for (const [nonce, expiry] of this.seen) {
      if (expiry > now) break;
      this.seen.delete(nonce);
    }
  }
}
