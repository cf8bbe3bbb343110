/** Reading instances: the Describe and List calls that operations, resources and the guard share. */
import { IceError } from '../errors/ice-error.js';
import type { AgentInstance, IceClient, IceResponse } from '../ice/types.js';
import { isPlainObject } from '../util/values.js';

export const requestIdOf = (body: IceResponse): string => (typeof body.RequestId === 'string' ? body.RequestId : '');

function malformed(action: string, what: string, body: IceResponse): IceError {
  return new IceError({
    kind: 'bad-response',
    action,
    code: 'InvalidResponse',
    message: `ICE answered ${action} without ${what}`,
    ...(typeof body.RequestId === 'string' ? { requestId: body.RequestId } : {}),
  });
}

/** DescribeAIAgentInstance: the instance as it is now. */
export async function readInstance(
  ice: IceClient,
  instanceId: string,
  regionId?: string,
): Promise<{ Instance: AgentInstance; RequestId: string }> {
  const body = await ice.call('DescribeAIAgentInstance', { InstanceId: instanceId }, 'read', regionId);
  if (!isPlainObject(body.Instance)) throw malformed('DescribeAIAgentInstance', 'an Instance', body);
  return { RequestId: requestIdOf(body), Instance: body.Instance as AgentInstance };
}

export interface InstancePageQuery {
  AIAgentId: string;
  StartTime?: string;
  EndTime?: string;
  PageSize?: number;
  PageNumber?: number;
}

/** One page of ListAIAgentInstance. */
export async function listInstancePage(
  ice: IceClient,
  query: InstancePageQuery,
  regionId?: string,
): Promise<{ Instances: AgentInstance[]; RequestId: string }> {
  const body = await ice.call('ListAIAgentInstance', { ...query }, 'read', regionId);
  if (!Array.isArray(body.Instances)) throw malformed('ListAIAgentInstance', 'an Instances list', body);
  return { RequestId: requestIdOf(body), Instances: body.Instances.filter(isPlainObject) as AgentInstance[] };
}
