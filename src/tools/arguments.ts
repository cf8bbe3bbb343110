/** Tool arguments, validated once against the tool's zod input, with errors that name the parameter. */
import type { z } from 'zod';
import type { Args, Tool } from './define.js';

export type ParsedArguments = { ok: true; args: Args } | { ok: false; message: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Finds an own "__proto__" key (JSON.parse creates one). Anything that later copies the object by
 * assignment would turn it into a prototype, and values behind it would dodge validation.
 */
function protoKeyPath(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32 || typeof value !== 'object' || value === null) return undefined;
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '__proto__')) return path ? `${path}.__proto__` : '__proto__';
  for (const [key, child] of Object.entries(value)) {
    const found = protoKeyPath(child, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

export function parseArguments(tool: Tool, raw: unknown): ParsedArguments {
  const value = raw ?? {};
  if (!isPlainObject(value)) return { ok: false, message: `Invalid arguments for ${tool.name}: they must be a JSON object` };
  const proto = protoKeyPath(value, '');
  if (proto) return { ok: false, message: `Invalid arguments for ${tool.name}: unrecognized key "__proto__" at ${proto}` };
  const parsed = tool.input.safeParse(value);
  if (!parsed.success) return { ok: false, message: `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}` };
  return { ok: true, args: parsed.data as Args };
}
