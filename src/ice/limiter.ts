/**
 * A per-process bound on upstream calls in flight. AllPages reads (the list tool, the agent
 * resource) share one, so twenty concurrent reads of a large agent queue up behind a fixed number of
 * requests instead of opening a hundred each. About twenty lines, so no dependency: it also exposes
 * what tests and the bench read (in flight, waiting).
 */

/** Upstream calls AllPages reads may have in flight at once, across the whole process. */
export const UPSTREAM_LIMIT = 16;

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('A limiter needs a limit of at least 1.');
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free (first come, first served) and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** The one limiter every AllPages read in this process shares. */
export const allPagesLimiter = new Limiter(UPSTREAM_LIMIT);
