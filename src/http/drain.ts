/** The requests being answered, and a bounded wait for them to finish (for a graceful close). */
import type { ServerResponse } from 'node:http';

export interface RequestsInProgress {
  /** Counts `res` until it closes. */
  add(res: ServerResponse): void;
  /** Resolves when none is left, or after `ms`, whichever comes first. */
  drained(ms: number): Promise<void>;
}

export function requestsInProgress(): RequestsInProgress {
  const open = new Set<ServerResponse>();
  let onEmpty: (() => void) | undefined;
  return {
    add(res) {
      open.add(res);
      res.once('close', () => {
        open.delete(res);
        if (open.size === 0) onEmpty?.();
      });
    },
    drained: (ms) =>
      open.size === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            onEmpty = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
  };
}
