/** The audit line of one write attempt, bound to what identifies it. */
import type { Args } from '../domain/operation.js';
import { canonicalJson } from '../util/canonical-json.js';
import { Refusal } from '../errors/refusal.js';
import { AuditError, type AuditNumbers, type AuditOutcome, type AuditSink } from './audit.js';
import { keyedDigest } from './keys.js';

export type Trail = (outcome: AuditOutcome, requestId?: string) => void;

/** Who is asking: the client from initialize and, over HTTP, the session. */
export interface Caller {
  client?: string;
  session?: string;
}

/** The arguments a token is bound to: validated values with defaults, the effective region, no token. */
export function canonicalArgs(args: Args, regionId: string): string {
  const { ConfirmationToken: _token, ...rest } = args;
  return canonicalJson({ ...rest, RegionId: regionId });
}

/** The phone numbers among a write's arguments (telephony tools), for the audit line to show masked. */
export function phoneNumbersOf(args: Args): AuditNumbers {
  const numbers: AuditNumbers = {};
  if (typeof args.CallerNumber === 'string') numbers.CallerNumber = args.CallerNumber;
  if (typeof args.CalledNumber === 'string') numbers.CalledNumber = args.CalledNumber;
  return numbers;
}

export interface TrailFields {
  tool: string;
  InstanceId: string;
  RegionId: string;
  mode: string;
  canonical: string;
  caller: Caller;
  /** The confirmation key (ICE_MCP_CONFIRM_KEY), when configured. */
  key: string | undefined;
  numbers?: AuditNumbers;
}

export function trailFor(audit: AuditSink, f: TrailFields): Trail {
  const argsDigest = keyedDigest(f.key, `args|${f.canonical}`);
  return (outcome, requestId) =>
    audit({
      tool: f.tool,
      InstanceId: f.InstanceId,
      ...f.numbers,
      RegionId: f.RegionId,
      mode: f.mode,
      outcome,
      argsDigest,
      ...(requestId ? { RequestId: requestId } : {}),
      ...f.caller,
    });
}

/**
 * An audit line that cannot be appended to --audit-log stops the write while nothing was sent yet
 * (previewed, confirmed, token_redeemed). After that, and for outcomes that send nothing, the line
 * is on stderr and the file failure was reported there: the result must still say what happened.
 */
export function stopsUnaudited(line: Trail): Trail {
  return (outcome, requestId) => {
    try {
      line(outcome, requestId);
    } catch (error) {
      if (!(error instanceof AuditError)) throw error;
      if (outcome === 'previewed' || outcome === 'confirmed' || outcome === 'token_redeemed') {
        throw new Refusal(`Not sent: ${error.message}, and no write goes out unaudited. Nothing was changed.`, 'AuditUnavailable');
      }
    }
  };
}

/** The RequestId an error carries, if any (an IceError from the service has one). */
export const requestIdOfError = (error: unknown): string | undefined => {
  const id = (error as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : undefined;
};

/** Serialises arguments that may be malformed (cyclic cannot happen over JSON, BigInt neither) without throwing. */
function safeCanonical(raw: unknown): string {
  try {
    return canonicalJson(raw);
  } catch {
    return '"unserialisable arguments"';
  }
}

/**
 * Audits a write refused before the guard saw it (read-only server, malformed arguments, unreachable
 * region): still an attempt, so the trail says so, naming the instance it was meant for.
 */
export function auditRefusal(
  audit: AuditSink,
  entry: { tool: string; raw: unknown; region: string; mode: string; caller: Caller; key: string | undefined },
): void {
  const raw = (typeof entry.raw === 'object' && entry.raw !== null ? entry.raw : {}) as Args;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' && v.length <= 256 ? v : undefined);
  trailFor(audit, {
    tool: entry.tool,
    InstanceId: text(raw.InstanceId) ?? '',
    RegionId: text(raw.RegionId) ?? entry.region,
    mode: entry.mode,
    canonical: safeCanonical(raw),
    caller: entry.caller,
    key: entry.key,
    numbers: phoneNumbersOf(raw),
  })('refused');
}
