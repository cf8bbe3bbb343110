/** Emulated actions on live calls beyond the first four: text input, transcripts, load, phone calls. */
import { GatewayError, agentNotFound, invalidParameter } from './gateway-error.js';
import { formatGmt } from './instance-records.js';
import { findWritable, type Operation, type OperationContext } from './operation-context.js';
import { integerIn, jsonObject, oneOf, optional, required, type Params } from './params.js';
import type { StoredDialogue } from './directory.js';

/** At most this many concurrent calls per caller number (ice-api.md). */
export const MAX_CALLS_PER_NUMBER = 15;
const PHONE = /^\+?\d{5,20}$/;

/** Unix milliseconds, as ListAIAgentDialogues takes its window. */
function epochMs(params: Params, name: string): number {
  const raw = required(params, name);
  if (!/^\d{1,15}$/.test(raw)) throw invalidParameter(name, `must be Unix milliseconds, got "${raw}"`);
  return Number(raw);
}

function phoneNumber(params: Params, name: string): string {
  const value = required(params, name);
  if (!PHONE.test(value)) throw invalidParameter(name, `must be a phone number, got "${value}"`);
  return value;
}

export function requireAgent(params: Params, ctx: OperationContext): string {
  const id = required(params, 'AIAgentId');
  if (!ctx.store.agentIds().includes(id)) throw agentNotFound(id);
  return id;
}

const sendText: Operation = (params, ctx) => {
  const instance = findWritable(params, ctx);
  const text = required(params, 'Text');
  // Without a session the service keeps no transcript; the text is accepted all the same.
  if (instance.SessionId !== '') ctx.directory.appendRound(instance.SessionId, text, ctx.now());
  return {};
};

/** The `n` most recent rounds, by the time each round began. */
function lastRounds(records: StoredDialogue[], n: number): StoredDialogue[] {
  const rounds: string[] = [];
  for (const record of records) if (!rounds.includes(record.RoundId)) rounds.push(record.RoundId);
  const kept = new Set(rounds.slice(-n));
  return records.filter((record) => kept.has(record.RoundId));
}

const listDialogues: Operation = (params, ctx) => {
  const sessionId = required(params, 'SessionId');
  const from = epochMs(params, 'StartTime');
  const to = epochMs(params, 'EndTime');
  if (from > to) throw invalidParameter('StartTime', 'must not be later than EndTime');
  const order = oneOf(params, 'Order', ['ASC', 'DESC'] as const, 'DESC');
  const pageSize = integerIn(params, 'PageSize', 1, 100, 20);
  const pageNumber = integerIn(params, 'PageNumber', 1, 100_000, 1);
  const roundLimit = optional(params, 'RoundLimit') === undefined ? undefined : integerIn(params, 'RoundLimit', 1, 100_000, 1);
  const inWindow = ctx.directory.dialogues(sessionId).filter((d) => d.Time >= from && d.Time <= to);
  const chosen = roundLimit === undefined ? inWindow : lastRounds(inWindow, roundLimit);
  const ordered = order === 'ASC' ? chosen : [...chosen].reverse();
  const page = roundLimit === undefined ? ordered.slice((pageNumber - 1) * pageSize, pageNumber * pageSize) : ordered;
  return {
    Dialogues: page.map((d) => ({ ReasoningText: '', NodeId: '', Extend: '{}', AttachedFileList: [], ...d })),
  };
};

const getConcurrency: Operation = (params, ctx) => {
  const agentId = requireAgent(params, ctx);
  return { ActiveCount: ctx.store.listInstances(agentId).filter((i) => i.Status === 'Executing').length };
};

const startOutboundCall: Operation = (params, ctx) => {
  const agentId = requireAgent(params, ctx);
  const caller = phoneNumber(params, 'CallerNumber');
  const called = phoneNumber(params, 'CalledNumber');
  if (!ctx.directory.phoneNumbers.some((n) => n.PhoneNumber === caller && n.Status === 2)) {
    throw invalidParameter('CallerNumber', "must be one of the account's phone numbers in service (ListAIAgentPhoneNumber)");
  }
  const config = jsonObject(params, 'Config');
  const delay = config?.GreetingDelay;
  if (delay !== undefined && !(Number.isInteger(delay) && (delay as number) >= 0 && (delay as number) <= 5000)) {
    throw invalidParameter('Config', 'GreetingDelay must be an integer from 0 to 5000 (ms)');
  }
  const busy = ctx.store.listInstances().filter((i) => i.Status === 'Executing' && i.CallInfo.CallerNumber === caller).length;
  if (busy >= MAX_CALLS_PER_NUMBER) {
    // The live code for this limit is undocumented; this one is the emulator's choice.
    throw new GatewayError(400, 'ConcurrentCallLimit', `The number ${caller} already has ${busy} calls; at most ${MAX_CALLS_PER_NUMBER}.`);
  }
  const { GreetingDelay: _delay, ...agentConfig } = config ?? {};
  const userData = optional(params, 'UserData');
  const instance = ctx.store.create(agentId, { AgentConfig: agentConfig, ...(userData !== undefined ? { UserData: userData } : {}) });
  instance.SessionId = optional(params, 'SessionId') ?? '';
  instance.CallInfo = {
    Status: 'InCall',
    CallStartTime: formatGmt(ctx.now()),
    CallEndTime: '',
    CallDuration: 0,
    CallerNumber: caller,
    CalleeNumber: called,
  };
  return { InstanceId: instance.InstanceId };
};

/** The caller is handed to another number and the agent leaves: the instance finishes. */
const forwardCall: Operation = (params, ctx) => {
  const instance = findWritable(params, ctx);
  if (typeof instance.CallInfo.CalleeNumber !== 'string') throw invalidParameter('InstanceId', 'must be a phone call to forward');
  phoneNumber(params, 'CalledNumber');
  if (optional(params, 'CallerNumber') !== undefined) phoneNumber(params, 'CallerNumber');
  instance.Status = 'Finished';
  instance.GmtModified = ctx.now();
  instance.CallInfo = { ...instance.CallInfo, Status: 'Transferred', HangupRole: 2, CallEndTime: formatGmt(ctx.now()) };
  return {};
};

export const CALL_OPERATIONS: Readonly<Record<string, Operation>> = {
  SendAIAgentText: sendText,
  ListAIAgentDialogues: listDialogues,
  GetAIAgentConcurrency: getConcurrency,
  StartAIAgentOutboundCall: startOutboundCall,
  ForwardAIAgentCall: forwardCall,
};
