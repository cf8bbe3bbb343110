/** Links from a tool result to resources. */
import type { ResourceLink } from '@modelcontextprotocol/sdk/types.js';
import { JSON_TYPE, agentUri, callLogUri, instanceUri, transcriptUri } from './uris.js';

/**
 * Links from a tool result to the resources that describe what it returned. Resources read the
 * configured region, so a result from another region gets no links rather than misleading ones.
 */
export function resourceLinksFor(output: Record<string, unknown>, configuredRegion: string): ResourceLink[] {
  const links: ResourceLink[] = [];
  if (typeof output.RegionId === 'string' && output.RegionId !== configuredRegion) return links;
  const instance = output.Instance as Record<string, unknown> | undefined;
  const instanceId =
    typeof output.InstanceId === 'string' ? output.InstanceId : typeof instance?.InstanceId === 'string' ? instance.InstanceId : undefined;
  if (instanceId) {
    links.push({ type: 'resource_link', uri: instanceUri(instanceId), name: `Instance ${instanceId}`, mimeType: JSON_TYPE });
    if (typeof instance?.CallLogUrl === 'string' && instance.CallLogUrl !== '') {
      links.push({ type: 'resource_link', uri: callLogUri(instanceId), name: `Call log of ${instanceId}`, mimeType: JSON_TYPE });
    }
    if (typeof instance?.SessionId === 'string' && instance.SessionId !== '') {
      links.push({ type: 'resource_link', uri: transcriptUri(instanceId), name: `Transcript of ${instanceId}`, mimeType: JSON_TYPE });
    }
  }
  if (typeof output.AIAgentId === 'string') {
    links.push({
      type: 'resource_link',
      uri: agentUri(output.AIAgentId),
      name: `Instances of agent ${output.AIAgentId}`,
      mimeType: JSON_TYPE,
    });
  }
  return links;
}
