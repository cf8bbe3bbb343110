/** Scripted failures: a queue of faults, each consumed by the next matching ICE API calls. */
import { STATUS_CODES } from 'node:http';
import { defaultCodeForStatus, defaultStatusForCode } from './gateway-error.js';
import type { Fault } from './types.js';

/** What the server should do with a request a fault caught. */
export type FaultOutcome =
  | { kind: 'delay'; latencyMs: number }
  | { kind: 'reset'; latencyMs: number }
  | { kind: 'hang'; latencyMs: number }
  | { kind: 'html'; latencyMs: number; status: number }
  | { kind: 'error'; latencyMs: number; status: number; code: string; message: string; xml: boolean };

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

const FIELD_TYPES: Record<keyof Fault, 'string' | 'number' | 'boolean'> = {
  action: 'string',
  times: 'number',
  status: 'number',
  code: 'string',
  message: 'string',
  latencyMs: 'number',
  reset: 'boolean',
  nonJson: 'boolean',
  xml: 'boolean',
  hang: 'boolean',
};

/** Checks a fault from code or from the admin API; throws an Error naming the bad field. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('A fault must be a JSON object.');
  const record = input as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    const expected = Object.hasOwn(FIELD_TYPES, name) ? FIELD_TYPES[name as keyof Fault] : undefined;
    if (expected === undefined) throw new Error(`Unknown fault field "${name}"; allowed: ${Object.keys(FIELD_TYPES).join(', ')}.`);
    if (value !== undefined && typeof value !== expected) throw new Error(`Fault field "${name}" must be a ${expected}.`);
  }
  const fault = record as Fault;
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 1))
    throw new Error('Fault field "times" must be an integer >= 1.');
  if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 100 && fault.status <= 599)) {
    throw new Error('Fault field "status" must be an HTTP status from 100 to 599.');
  }
  if (fault.latencyMs !== undefined && !(fault.latencyMs >= 0 && Number.isFinite(fault.latencyMs))) {
    throw new Error('Fault field "latencyMs" must be a non-negative number.');
  }
  return { ...fault };
}

function outcomeOf(fault: Fault): FaultOutcome {
  const latencyMs = fault.latencyMs ?? 0;
  if (fault.reset === true) return { kind: 'reset', latencyMs };
  if (fault.hang === true) return { kind: 'hang', latencyMs };
  if (fault.nonJson === true) return { kind: 'html', latencyMs, status: fault.status ?? 502 };
  if (fault.status !== undefined || fault.code !== undefined || fault.xml === true) {
    const status = fault.status ?? defaultStatusForCode(fault.code ?? '');
    const code = fault.code ?? defaultCodeForStatus(status);
    return { kind: 'error', latencyMs, status, code, message: fault.message ?? `Injected fault: ${code}.`, xml: fault.xml === true };
  }
  return { kind: 'delay', latencyMs };
}

export class FaultQueue {
  private active: ActiveFault[] = [];

  add(fault: Fault): void {
    const checked = parseFault(fault);
    this.active.push({ fault: checked, remaining: checked.times ?? 1 });
  }

  clear(): void {
    this.active = [];
  }

  /** Faults still armed, with how many calls each will still catch. */
  list(): Array<Fault & { remaining: number }> {
    return this.active.map(({ fault, remaining }) => ({ ...fault, remaining }));
  }

  /** Consumes one use of the oldest fault matching the action, if any. */
  take(action: string): FaultOutcome | undefined {
    const index = this.active.findIndex(({ fault }) => fault.action === undefined || fault.action === action);
    const entry = index === -1 ? undefined : this.active[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.active.splice(index, 1);
    return outcomeOf(entry.fault);
  }
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A gateway error as XML: the fields of the JSON error body, as elements of <Error>. */
export function xmlErrorBody(fields: Record<string, string>): string {
  const elements = Object.entries(fields).map(([name, value]) => `<${name}>${value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${elements.join('')}</Error>\n`;
}

/** The kind of page a load balancer returns when the service behind it is down. */
export function htmlErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body><center><h1>${title}</h1></center><hr><center>Tengine</center></body></html>\n`;
}
