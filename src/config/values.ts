/** Checks of single flag and variable values; each refusal names the setting and what it allows. */
import { ConfigError, TOOLSETS, type Toolset } from './types.js';

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${value}")`);
  }
  return n;
}

/** A comma-separated list of toolsets; `all` means every one. */
export function toolsets(value: string): Toolset[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const allowed = `${TOOLSETS.join(', ')}, all`;
  if (names.length === 0) throw new ConfigError(`--toolsets / ICE_MCP_TOOLSETS must name at least one of ${allowed} (got "${value}")`);
  const unknown = names.find((name) => name !== 'all' && !(TOOLSETS as readonly string[]).includes(name));
  if (unknown !== undefined) throw new ConfigError(`--toolsets / ICE_MCP_TOOLSETS: unknown toolset "${unknown}"; allowed: ${allowed}`);
  return TOOLSETS.filter((set) => names.includes('all') || names.includes(set));
}

export function bool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes'].includes(v)) return true;
  if (['0', 'false', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}
