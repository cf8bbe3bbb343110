/** The compact per-instance view of `Detail: "summary"` lists. */
import { TEMPLATE_GROUPS, type AgentInstance } from '../ice/types.js';
import { redact } from '../redact/redact.js';
import { isPlainObject, nonEmpty as str } from '../util/values.js';

/** Summary fields; absent ones are left out rather than set to undefined. */
export interface InstanceSummary {
  InstanceId?: string;
  Status?: string;
  GmtCreate?: string;
  ChannelId?: string;
  AgentUserId?: string;
  VoiceId?: string;
  Greeting?: string;
  UserData?: string;
  SessionId?: string;
  /** Phone calls only: numbers, times, hang-up role. */
  CallInfo?: Record<string, unknown>;
  HasCallLog: boolean;
}

/** UserData is cut to this many Unicode code points. */
export const USER_DATA_LIMIT = 200;
const CUT_MARKER = '…';

const asRecord = (v: unknown): Record<string, unknown> | undefined => (isPlainObject(v) ? v : undefined);

/** `field` from the record itself, else from its first template group that has it. */
function withFallback(top: unknown, groups: unknown, field: string): string | undefined {
  const direct = str(asRecord(top)?.[field]);
  if (direct !== undefined) return direct;
  const wrappers = asRecord(groups);
  for (const group of TEMPLATE_GROUPS) {
    const found = str(asRecord(wrappers?.[group])?.[field]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function cut(s: string, limit: number): string {
  if (s.length <= limit) return s; // code points never outnumber UTF-16 units
  const points = Array.from(s);
  return points.length <= limit ? s : points.slice(0, limit).join('') + CUT_MARKER;
}

/** Key fields of one instance. Never carries AuthToken or any other RuntimeConfig secret. */
export function summarizeInstance(instance: AgentInstance): InstanceSummary {
  const runtime = instance.RuntimeConfig;
  const agent = asRecord(instance.AgentConfig);
  const fields: Omit<InstanceSummary, 'HasCallLog' | 'CallInfo'> = {
    InstanceId: str(instance.InstanceId),
    Status: str(instance.Status),
    GmtCreate: str(instance.GmtCreate),
    ChannelId: withFallback(runtime, runtime, 'ChannelId'),
    AgentUserId: withFallback(runtime, runtime, 'AgentUserId'),
    VoiceId: withFallback(agent?.TtsConfig, instance.TemplateConfig, 'VoiceId'),
    Greeting: withFallback(agent, instance.TemplateConfig, 'Greeting'),
    // Redacted before cutting: a cut JSON string can no longer be parsed to find its secrets.
    UserData:
      typeof instance.UserData === 'string' && instance.UserData !== '' ? cut(redact(instance.UserData), USER_DATA_LIMIT) : undefined,
    SessionId: str(instance.SessionId),
  };
  const present: Partial<InstanceSummary> = {};
  for (const [key, value] of Object.entries(fields) as [keyof typeof fields, string | undefined][]) {
    if (value !== undefined) present[key] = value;
  }
  const callInfo = asRecord(instance.CallInfo);
  const hasCallInfo = callInfo !== undefined && Object.keys(callInfo).length > 0;
  return { ...present, ...(hasCallInfo ? { CallInfo: callInfo } : {}), HasCallLog: str(instance.CallLogUrl) !== undefined };
}
