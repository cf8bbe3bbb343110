/** The write audit trail: one JSON line per write attempt, on stderr and optionally in a file. */
import { appendFileSync } from 'node:fs';

export type AuditOutcome = 'previewed' | 'confirmed' | 'declined' | 'cancelled' | 'executed' | 'failed' | 'refused';

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
}

export type AuditSink = (entry: AuditEntry) => void;

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
    });
    write(`${line}\n`);
    if (file) {
      try {
        appendFileSync(file, `${line}\n`);
      } catch (error) {
        write(`audit: could not append to ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}\n`);
      }
    }
  };
}
