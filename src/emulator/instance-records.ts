/** Building stored instances: from seed entries, or fresh with generated ids and tokens. */
import { randomChunk, newHexId } from './ids.js';
import type { InstanceStatus } from '../ice/types.js';
import type { SeedInstance, StoredInstance } from './types.js';

/** ICE's time format: 2025-07-18T06:39:08.000+00:00. */
export function formatGmt(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** A fresh channel join token; prefixed like the seed's secrets so leak scans catch it too. */
function newAuthToken(): string {
  return `demo-secret-rtc-${randomChunk(18).toString('base64url')}`;
}

/** A new instance with generated ids and channel credentials. */
export function blankInstance(
  aiAgentId: string,
  createdAt: number,
  status: InstanceStatus,
  agentConfig: Record<string, unknown> = {},
): StoredInstance {
  const token = newAuthToken();
  const channel = { AgentUserId: newHexId(), ChannelId: newHexId(), AuthToken: token };
  return {
    InstanceId: newHexId(),
    AIAgentId: aiAgentId,
    Status: status,
    GmtCreate: createdAt,
    GmtModified: createdAt,
    RuntimeConfig: { ...channel, VoiceChat: { ...channel } },
    AgentConfig: agentConfig,
    TemplateConfig: {},
    UserData: '',
    SessionId: '',
    CallInfo: {},
    speeches: [],
    updates: [],
  };
}

/** A stored instance from its seed entry (deep copies, so the seed object stays untouched). */
export function fromSeed(aiAgentId: string, item: SeedInstance): StoredInstance {
  const created = Date.parse(item.GmtCreate);
  const instance: StoredInstance = {
    InstanceId: item.InstanceId,
    AIAgentId: aiAgentId,
    Status: item.Status,
    GmtCreate: created,
    GmtModified: item.GmtModified === undefined ? created : Date.parse(item.GmtModified),
    RuntimeConfig: structuredClone(item.RuntimeConfig ?? {}),
    AgentConfig: structuredClone(item.AgentConfig ?? {}),
    TemplateConfig: structuredClone(item.TemplateConfig ?? {}),
    UserData: item.UserData ?? '',
    SessionId: item.SessionId ?? '',
    CallInfo: structuredClone(item.CallInfo ?? {}),
    speeches: [],
    updates: [],
  };
  if (item.callLog !== undefined) instance.callLog = structuredClone(item.callLog);
  if (item.CallLogUrl !== undefined) instance.externalCallLogUrl = item.CallLogUrl;
  return instance;
}
