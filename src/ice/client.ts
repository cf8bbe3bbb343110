import { IceError, isThrottlingCode } from './errors.js';
import { defaultRetryPolicy, retrying, type RetryPolicy } from './retry.js';
import { toWireParams } from './wire.js';
import type { SignedCall } from './openapi-caller.js';
import type {
  AgentInstance,
  CallOptions,
  DescribeInstanceResult,
  IceClient,
  ListInstancesResult,
  WireParams,
  WriteResult,
} from './types.js';

export interface IceClientOptions {
  call: SignedCall;
  /** Region used when a call names none. */
  region: string;
  /** host[:port] for a region. */
  endpointFor: (regionId: string) => string;
  retry?: Partial<RetryPolicy>;
}

const shouldRetry = (error: unknown): boolean => error instanceof IceError && (error.retryable || isThrottlingCode(error.code));

function malformed(action: string, what: string, body: Record<string, unknown>): IceError {
  return new IceError({
    kind: 'bad-response',
    action,
    code: 'InvalidResponse',
    message: `ICE answered ${action} without ${what}`,
    ...(typeof body.RequestId === 'string' ? { requestId: body.RequestId } : {}),
  });
}

const requestIdOf = (body: Record<string, unknown>): string => (typeof body.RequestId === 'string' ? body.RequestId : '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ICE client: typed operations over one generic signed call; reads retried, writes sent once. */
export function createIceClient(options: IceClientOptions): IceClient {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };

  const call: IceClient['call'] = (action, params: WireParams, kind, callOptions?: CallOptions) => {
    const endpoint = options.endpointFor(callOptions?.regionId ?? options.region);
    const once = () => options.call(action, params, endpoint, kind);
    return kind === 'read' ? retrying(policy, once, shouldRetry) : once();
  };

  return {
    call,

    async listInstances(params, callOptions): Promise<ListInstancesResult> {
      const body = await call('ListAIAgentInstance', toWireParams({ ...params }), 'read', callOptions);
      const instances = body.Instances;
      if (!Array.isArray(instances)) throw malformed('ListAIAgentInstance', 'an Instances list', body);
      return { RequestId: requestIdOf(body), Instances: instances.filter(isRecord) as AgentInstance[] };
    },

    async describeInstance(instanceId, callOptions): Promise<DescribeInstanceResult> {
      const body = await call('DescribeAIAgentInstance', { InstanceId: instanceId }, 'read', callOptions);
      if (!isRecord(body.Instance)) throw malformed('DescribeAIAgentInstance', 'an Instance', body);
      return { RequestId: requestIdOf(body), Instance: body.Instance as AgentInstance };
    },

    async updateInstance(params, callOptions): Promise<WriteResult> {
      const body = await call('UpdateAIAgentInstance', toWireParams({ ...params }), 'write', callOptions);
      return { RequestId: requestIdOf(body) };
    },

    async sendSpeech(params, callOptions): Promise<WriteResult> {
      const body = await call('SendAIAgentSpeech', toWireParams({ ...params }), 'write', callOptions);
      return { RequestId: requestIdOf(body) };
    },
  };
}
