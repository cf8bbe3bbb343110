/** The audit line of one write attempt, bound to what identifies it. */
import { canonicalJson, sha256Hex } from '../util/canonical-json.js';
import type { Args } from '../domain/operation.js';
import type { AuditNumbers, AuditOutcome, AuditSink } from './audit.js';

export type Trail = (outcome: AuditOutcome, requestId?: string) => void;

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

export function trailFor(
  audit: AuditSink,
  entry: { tool: string; InstanceId: string; RegionId: string; mode: string; canonical: string; numbers?: AuditNumbers },
): Trail {
  const argsDigest = sha256Hex(entry.canonical);
  return (outcome, requestId) =>
    audit({
      tool: entry.tool,
      InstanceId: entry.InstanceId,
      ...entry.numbers,
      RegionId: entry.RegionId,
      mode: entry.mode,
      outcome,
      argsDigest,
      ...(requestId ? { RequestId: requestId } : {}),
    });
}

/** The RequestId an error carries, if any (an IceError from the service has one). */
export const requestIdOfError = (error: unknown): string | undefined => {
  const id = (error as { requestId?: unknown } | null)?.requestId;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Audits a write refused before the guard saw it (read-only server, malformed arguments, unreachable
 * region): still an attempt, so the trail says so, naming the instance it was meant for.
 */
export function auditRefusal(audit: AuditSink, entry: { tool: string; raw: unknown; region: string; mode: string }): void {
  const raw = (typeof entry.raw === 'object' && entry.raw !== null ? entry.raw : {}) as Args;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  trailFor(audit, {
    tool: entry.tool,
    InstanceId: text(raw.InstanceId) ?? '',
    RegionId: text(raw.RegionId) ?? entry.region,
    mode: entry.mode,
    canonical: canonicalJson(raw),
    numbers: phoneNumbersOf(raw),
  })('refused');
}
