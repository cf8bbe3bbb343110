/** The ICE client: one generic signed call. The kind decides retries: reads are retried, writes sent once. */
import { IceError, isThrottlingCode } from '../errors/ice-error.js';
import { defaultRetryPolicy, retrying, type RetryPolicy } from './retry.js';
import { toWireParams } from './wire.js';
import type { SignedCall } from './openapi-caller.js';
import type { CallKind, IceClient } from './types.js';

export interface IceClientOptions {
  call: SignedCall;
  /** Region used when a call names none. */
  region: string;
  /** host[:port] for a region. */
  endpointFor: (regionId: string) => string;
  retry?: Partial<RetryPolicy>;
}

const shouldRetry = (error: unknown): boolean => error instanceof IceError && (error.retryable || isThrottlingCode(error.code));

export function createIceClient(options: IceClientOptions): IceClient {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  return {
    call(action: string, params: Record<string, unknown>, kind: CallKind, regionId?: string) {
      const endpoint = options.endpointFor(regionId ?? options.region);
      const wire = toWireParams(params);
      const once = () => options.call(action, wire, endpoint, kind);
      return kind === 'read' ? retrying(policy, once, shouldRetry) : once();
    },
  };
}
