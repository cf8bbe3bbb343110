/** Full-jitter exponential backoff for reads. Writes never come through here. */

export interface RetryPolicy {
  /** Total attempts, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(policy.random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, `shouldRetry` says no, or attempts run out.
 * The error thrown is the last one, with `attempts` set when it has that field.
 */
export async function retrying<T>(policy: RetryPolicy, attempt: () => Promise<T>, shouldRetry: (error: unknown) => boolean): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= policy.maxAttempts || !shouldRetry(error)) {
        if (error instanceof Error && 'attempts' in error) (error as { attempts: number }).attempts = n;
        throw error;
      }
      await policy.sleep(backoffDelay(policy, n));
    }
  }
}
