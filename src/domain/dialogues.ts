/** Transcripts: ListAIAgentDialogues by session, and how an instance leads to its session and time window. */
import { Refusal } from '../errors/refusal.js';
import type { AgentInstance, IceClient } from '../ice/types.js';
import { isPlainObject, nonEmpty } from '../util/values.js';
import { requestIdOf } from './instances.js';
import { fetchAllPages } from './pages.js';

const HOUR_MS = 3_600_000;
export const DIALOGUE_PAGE_MAX = 100;

/** One request's parameters; times are Unix milliseconds, as the API takes them. */
export interface DialogueQuery {
  SessionId: string;
  StartTime: number;
  EndTime: number;
  Order: 'ASC' | 'DESC';
  PageSize?: number;
  PageNumber?: number;
  RoundLimit?: number;
}

/** The window around a call: from an hour before it began to an hour after its last change, or now while it runs. */
export function instanceWindow(instance: AgentInstance, now: number): { StartTime: number; EndTime: number } {
  const created = Date.parse(String(instance.GmtCreate ?? ''));
  const modified = Date.parse(String(instance.GmtModified ?? ''));
  const end = Number.isNaN(modified) ? now : instance.Status === 'Finished' ? modified + HOUR_MS : Math.max(now, modified + HOUR_MS);
  return { StartTime: Number.isNaN(created) ? end - 24 * HOUR_MS : created - HOUR_MS, EndTime: end };
}

/** The instance's SessionId, or a refusal explaining why it has no transcript. */
export function sessionOf(instanceId: string, instance: AgentInstance): string {
  const session = nonEmpty(instance.SessionId);
  if (session !== undefined) return session;
  throw new Refusal(
    `Instance ${instanceId} has no SessionId, so it has no transcript: ICE keeps dialogues only for calls started with a SessionId (StartAIAgentInstance, GenerateAIAgentCall or StartAIAgentOutboundCall). Describe it or read its call log instead.`,
    'NoSession',
  );
}

export async function listDialoguePage(
  ice: IceClient,
  query: DialogueQuery,
  regionId?: string,
): Promise<{ Dialogues: Record<string, unknown>[]; RequestId: string }> {
  const body = await ice.call('ListAIAgentDialogues', { ...query }, 'read', regionId);
  const list = Array.isArray(body.Dialogues) ? body.Dialogues.filter(isPlainObject) : [];
  return { Dialogues: list, RequestId: requestIdOf(body) };
}

const iso = (ms: unknown): unknown => (typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : ms);

/** One record for people: the key fields with an ISO time; "full" keeps everything, ReasoningText included. */
export function dialogueView(record: Record<string, unknown>, detail: 'summary' | 'full'): Record<string, unknown> {
  if (detail === 'full') return { ...record, Time: iso(record.Time) };
  const { Producer, Text, Time, Type, RoundId, DialogueId } = record;
  return { Producer, Text, Time: iso(Time), Type, RoundId, DialogueId };
}

/** A described instance's whole transcript, oldest first (the transcript resource and the diagnosis prompt). */
export async function readTranscript(ice: IceClient, instanceId: string, instance: AgentInstance, now: number) {
  const SessionId = sessionOf(instanceId, instance);
  const window = instanceWindow(instance, now);
  const all = await fetchAllPages(
    async (PageNumber) =>
      (await listDialoguePage(ice, { SessionId, ...window, Order: 'ASC', PageSize: DIALOGUE_PAGE_MAX, PageNumber })).Dialogues,
    DIALOGUE_PAGE_MAX,
  );
  return {
    InstanceId: instanceId,
    SessionId,
    StartTime: new Date(window.StartTime).toISOString(),
    EndTime: new Date(window.EndTime).toISOString(),
    Count: all.items.length,
    Truncated: all.truncated,
    Dialogues: all.items.map((d) => dialogueView(d, 'summary')),
  };
}
