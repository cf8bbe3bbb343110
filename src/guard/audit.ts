/** The write audit trail: one JSON line per step of a write attempt, on stderr and optionally in a file. */
import { builtin } from '../util/builtin.js';

/** node:fs, needed only with an audit file (see util/builtin.ts for why it is required, not imported). */
const fs = (): typeof import('node:fs') => builtin('node:fs');

export type AuditOutcome =
  'previewed' | 'confirmed' | 'token_redeemed' | 'declined' | 'cancelled' | 'timed_out' | 'executed' | 'failed' | 'refused';

/** The phone numbers a telephony write names; written masked. */
export interface AuditNumbers {
  CallerNumber?: string;
  CalledNumber?: string;
}

export interface AuditEntry extends AuditNumbers {
  tool: string;
  InstanceId: string;
  RegionId: string;
  mode: string;
  outcome: AuditOutcome;
  RequestId?: string;
  argsDigest: string;
  /** The client's name and version from initialize. */
  client?: string;
  /** The HTTP session, when there is one. */
  session?: string;
}

/** Throws AuditError when the file cannot be written: the guard then sends nothing. */
export type AuditSink = (entry: AuditEntry) => void;

export class AuditError extends Error {
  override readonly name = 'AuditError';
}

const MAX_NUMBER_LENGTH = 32;

/** Every digit but the last four becomes "*": enough to tell calls apart, not to dial anyone. */
export function maskNumber(value: string): string {
  return value.slice(0, MAX_NUMBER_LENGTH).replace(/\d(?=(?:\D*\d){4})/g, '*');
}

const masked = (entry: AuditNumbers): AuditNumbers => ({
  ...(entry.CallerNumber !== undefined ? { CallerNumber: maskNumber(entry.CallerNumber) } : {}),
  ...(entry.CalledNumber !== undefined ? { CalledNumber: maskNumber(entry.CalledNumber) } : {}),
});

/** Writes to `write` (stderr in the bin) and appends to `file` when given. */
export function createAuditSink(write: (line: string) => void, file?: string, now: () => Date = () => new Date()): AuditSink {
  return (entry) => {
    const line = JSON.stringify({
      time: now().toISOString(),
      tool: entry.tool,
      InstanceId: entry.InstanceId,
      ...masked(entry),
      RegionId: entry.RegionId,
      mode: entry.mode,
      outcome: entry.outcome,
      ...(entry.RequestId ? { RequestId: entry.RequestId } : {}),
      argsDigest: entry.argsDigest,
      ...(entry.client ? { client: entry.client } : {}),
      ...(entry.session ? { session: entry.session } : {}),
    });
    write(`${line}\n`);
    if (!file) return;
    try {
      fs().appendFileSync(file, `${line}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      write(`audit: could not append to ${file}: ${code}\n`);
      throw new AuditError(`the audit log ${file} could not be written (${code})`);
    }
  };
}

/** Checks at start-up that the audit file can be appended to; returns the problem, if any. */
export function auditFileProblem(file: string): string | undefined {
  try {
    fs().appendFileSync(file, '');
    return undefined;
  } catch (error) {
    return `--audit-log ${file} cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}); fix the path or its permissions`;
  }
}
