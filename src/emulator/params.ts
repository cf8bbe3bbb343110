/** Reading and validating query parameters (every value on the wire is a string). */
import { invalidParameter, missingParameter } from './gateway-error.js';
import { isPlainObject } from './merge.js';

export type Params = Record<string, string>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A present, non-empty value, else MissingParameter. */
export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** Absent and empty both mean "not given", as the SDK sends nothing for unset fields. */
export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function integerIn(params: Params, name: string, min: number, max: number, fallback: number): number {
  const raw = optional(params, name);
  if (raw === undefined) return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidParameter(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function oneOf<T extends string>(params: Params, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(params, name);
  if (raw === undefined) return fallback;
  const match = allowed.find((candidate) => candidate === raw);
  if (match === undefined) throw invalidParameter(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return match;
}

export function boolean(params: Params, name: string, fallback: boolean): boolean {
  return oneOf(params, name, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}

/** ISO 8601 with seconds optional and a Z or +hh:mm offset; returns epoch ms. */
export function isoTime(params: Params, name: string): number | undefined {
  const raw = optional(params, name);
  if (raw === undefined) return undefined;
  const ms = ISO_TIME.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidParameter(name, `must be an ISO 8601 time such as 2025-07-18T06:39:08Z, got "${raw}"`);
  return ms;
}

/** A parameter holding a JSON object, e.g. AgentConfig={"TtsConfig":{...}}. */
export function jsonObject(params: Params, name: string): Record<string, unknown> | undefined {
  const raw = optional(params, name);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, 'must be a JSON object string, and this is not valid JSON');
  }
  if (!isPlainObject(value)) throw invalidParameter(name, 'must be a JSON object string');
  return value;
}

/** Unicode code points, the "characters" the API's length limits count. */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
