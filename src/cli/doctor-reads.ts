/**
 * Signed reads the doctor makes through the server's own ICE client, and what they prove about the
 * identity's RAM actions. Only reads are sent: a write cannot be probed without taking effect.
 */
import { listInstancePage, readInstance } from '../domain/instances.js';
import { nextStep } from '../errors/error-text.js';
import { IceError } from '../errors/ice-error.js';
import type { IceClient } from '../ice/types.js';
import type { Check } from './doctor-report.js';

// A well-formed id no instance has: Describe answers NotFound when the action is granted.
const MADE_UP_INSTANCE = '00000000000000000000000000000000';

const iceLine = (error: IceError): string =>
  `ICE error ${error.code}${error.httpStatus ? ` (HTTP ${error.httpStatus})` : ''} from ${error.action}: ${error.message}${
    error.requestId ? ` (RequestId ${error.requestId})` : ''
  }`;

const isForbidden = (error: unknown): error is IceError => error instanceof IceError && error.code.startsWith('Forbidden');

export interface ReadOutcome {
  checks: Check[];
  /** Per read action: true granted, false missing, undefined unknown. */
  granted: Map<string, boolean>;
}

/** ListAIAgentInstance PageSize 1 for each agent. */
export async function checkAgents(ice: IceClient, agentIds: readonly string[], region: string): Promise<ReadOutcome> {
  const granted = new Map<string, boolean>();
  const checks: Check[] = [];
  if (agentIds.length === 0) {
    checks.push({
      status: 'warn',
      name: 'agents',
      text: 'ICE_AGENT_IDS is not set, so no signed read was made',
      fix: 'set ICE_AGENT_IDS to your AIAgentId(s), comma-separated, to check credentials, region and agent together',
    });
    return { checks, granted };
  }
  for (const agentId of agentIds) {
    const name = `agent ${agentId}`;
    try {
      const { Instances, RequestId } = await listInstancePage(ice, { AIAgentId: agentId, PageSize: 1 });
      granted.set('ListAIAgentInstance', true);
      checks.push(
        Instances.length > 0
          ? { status: 'ok', name, text: `signed read ok, it has instances (RequestId ${RequestId})` }
          : {
              status: 'warn',
              name,
              text: `signed read ok, but 0 instances in ${region} (RequestId ${RequestId})`,
              fix: 'check the AIAgentId and the region (--region / ICE_REGION); an agent with no calls yet also shows 0',
            },
      );
    } catch (error) {
      if (isForbidden(error)) granted.set('ListAIAgentInstance', false);
      checks.push({
        status: 'fail',
        name,
        text: error instanceof IceError ? iceLine(error) : 'the read failed unexpectedly',
        ...(error instanceof IceError ? { fix: nextStep(error) } : {}),
      });
    }
  }
  return { checks, granted };
}

/** Describe of a made-up InstanceId: NotFound proves the action is granted, Forbidden that it is not. */
export async function probeDescribe(ice: IceClient): Promise<boolean | undefined> {
  try {
    await readInstance(ice, MADE_UP_INSTANCE);
    return true;
  } catch (error) {
    if (isForbidden(error)) return false;
    return error instanceof IceError && /NotFound$/.test(error.code) ? true : undefined;
  }
}

/**
 * The other reads, each with harmless arguments (a made-up session, the first agent): any answer of
 * the service but Forbidden proves the action is granted, since RAM is checked before the arguments.
 */
export async function probeOtherReads(ice: IceClient, agentId: string | undefined, now: number): Promise<Map<string, boolean>> {
  const agent = agentId ?? MADE_UP_INSTANCE;
  const probes: [string, Record<string, unknown>][] = [
    ['ListAIAgentDialogues', { SessionId: MADE_UP_INSTANCE, StartTime: now - 3_600_000, EndTime: now, PageSize: 1 }],
    ['GetAIAgentConcurrency', { AIAgentId: agent }],
    ['ListSmartVoiceGroups', {}],
    ['DescribeNotifyConfig', { AIAgentId: agent }],
    ['ListAIAgentPhoneNumber', { PageSize: 1 }],
  ];
  const granted = new Map<string, boolean>();
  await Promise.all(
    probes.map(async ([action, params]) => {
      try {
        await ice.call(action, params, 'read');
        granted.set(action, true);
      } catch (error) {
        if (isForbidden(error)) granted.set(action, false);
        else if (error instanceof IceError && error.kind === 'service') granted.set(action, true);
      }
    }),
  );
  return granted;
}

/** One line per RAM action of the server's tools: granted, missing, or what cannot be learned. */
export function ramChecks(actions: { read: string[]; write: string[] }, granted: ReadonlyMap<string, boolean>): Check[] {
  const checks: Check[] = [];
  const unknown: string[] = [];
  for (const action of actions.read) {
    const state = granted.get(action);
    if (state === true)
      checks.push({ status: 'ok', name: 'RAM', text: `ice:${action} granted (ICE answered a signed read of it instead of refusing it)` });
    else if (state === false) {
      checks.push({
        status: 'fail',
        name: 'RAM',
        text: `ice:${action} missing (ICE answered Forbidden)`,
        fix: `grant ice:${action} to the RAM user or role behind these credentials`,
      });
    } else unknown.push(`ice:${action}`);
  }
  if (unknown.length > 0)
    checks.push({ status: 'note', name: 'RAM', text: `${unknown.join(', ')}: not learned (no read of it was possible)` });
  if (actions.write.length > 0) {
    checks.push({
      status: 'note',
      name: 'RAM',
      text: `${actions.write.map((a) => `ice:${a}`).join(', ')}: not checked; a write cannot be probed without side effects, so none was sent`,
    });
  }
  return checks;
}
