/** Tool arguments, validated once against the operation's zod input, with errors that name the parameter. */
import type { z } from 'zod';
import type { Args, Operation } from '../domain/operation.js';
import { protoKeyMessage } from '../operations/fields.js';
import { deeperThan, isPlainObject, protoKeyPath } from '../util/values.js';

/** No tool takes arguments nested this deep; deeper ones are refused before anything walks them recursively. */
const MAX_DEPTH = 32;

export type ParsedArguments = { ok: true; args: Args } | { ok: false; message: string };

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

export function parseArguments(op: Operation, raw: unknown): ParsedArguments {
  const value = raw ?? {};
  if (!isPlainObject(value)) return { ok: false, message: `Invalid arguments for ${op.name}: they must be a JSON object` };
  if (deeperThan(value, MAX_DEPTH))
    return { ok: false, message: `Invalid arguments for ${op.name}: nested deeper than ${MAX_DEPTH} levels` };
  const proto = protoKeyPath(value);
  if (proto) return { ok: false, message: `Invalid arguments for ${op.name}: ${protoKeyMessage(proto)}` };
  const parsed = op.input.safeParse(value);
  if (!parsed.success) return { ok: false, message: `Invalid arguments for ${op.name}: ${describeIssues(parsed.error)}` };
  return { ok: true, args: parsed.data };
}
