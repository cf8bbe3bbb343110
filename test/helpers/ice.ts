/**
 * The ICE client tests give the server: the real client over the real signed call, with a retry
 * policy that never sleeps, so a retried read costs no wall-clock time and no jitter.
 */
import { endpointFor, type Config } from '../../src/config/config.js';
import { createIceClient } from '../../src/ice/client.js';
import { createOpenApiCaller, type SignedCall, type StaticCredentials } from '../../src/ice/openapi-caller.js';
import type { RetryPolicy } from '../../src/ice/retry.js';
import type { IceClient } from '../../src/ice/types.js';

/** Retries at once: the policy's delays are computed as usual, then not waited for. */
export const instantRetry: Partial<RetryPolicy> = { sleep: async () => {} };

export type CallWrapper = (call: SignedCall) => SignedCall;

export function iceClientFor(config: Config, credentials: StaticCredentials, wrap: CallWrapper = (call) => call): IceClient {
  const call = createOpenApiCaller({ protocol: config.protocol, timeoutMs: config.timeoutMs, credentials });
  return createIceClient({
    call: wrap(call),
    region: config.region,
    endpointFor: (regionId) => endpointFor(config, regionId),
    retry: instantRetry,
  });
}

/**
 * A signed call that stops before the cloud until the test lets it through: `entered` resolves when
 * the first matching call is held, `release` lets it go on. Only the first match is held.
 */
export function holdFirst(action: string): { wrap: CallWrapper; entered: Promise<void>; release: () => void } {
  let entered!: () => void;
  let release!: () => void;
  const enteredP = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const wrap: CallWrapper = (call) => async (name, query, endpoint, kind) => {
    if (name === action && !held) {
      held = true;
      entered();
      await released;
    }
    return call(name, query, endpoint, kind);
  };
  return { wrap, entered: enteredP, release };
}
