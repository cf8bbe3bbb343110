/** The in-memory log of ICE API requests the emulator received. */
import type { RecordedRequest } from './types.js';

export class RequestLog {
  /** Live array handed out as Emulator.requests: cleared and trimmed in place, never replaced. */
  readonly entries: RecordedRequest[] = [];

  constructor(private readonly max = 50_000) {}

  /** Adds an entry on arrival; the caller fills in status and code once it has answered. */
  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    // Trim in batches so a long-running emulator neither grows forever nor splices on every call.
    if (this.entries.length > this.max + Math.ceil(this.max / 10)) {
      this.entries.splice(0, this.entries.length - this.max);
    }
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
