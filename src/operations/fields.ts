/**
 * The pieces every operation's schema is made of (zod v3 API).
 *
 * Every schema is built by a factory call at its point of use: a zod instance used twice in one tool
 * would be advertised the second time as a `$ref`, which several assistant clients cannot follow.
 */
import { z } from 'zod';
import { codePoints, protoKeyPath } from '../util/values.js';
import { REGION_ID, isoInstant } from '../util/time.js';

// In unicode mode a paired surrogate is one code point outside this class, so only lone halves match.
// They cannot be percent-encoded for the request, so they are refused here, naming the parameter.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const WELL_FORMED = 'Must be well-formed Unicode (it contains an unpaired surrogate)';

/**
 * A string of `min..max` Unicode code points. zod's own `.max()` counts UTF-16 units, so the checked
 * schema advertises min/maxLength (JSON Schema counts code points) while the real check is the pipe:
 * `.catch` hands the raw input on untouched, and the pipe's output side validates it.
 */
export function chars(min: number, max: number) {
  const advertised = min > 0 ? z.string().min(min).max(max) : z.string().max(max);
  return advertised
    .catch(({ input }) => input as string)
    .pipe(
      z.string().superRefine((s, ctx) => {
        if (LONE_SURROGATE.test(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: WELL_FORMED });
        const n = codePoints(s);
        if (n < min) {
          ctx.addIssue({
            code: z.ZodIssueCode.too_small,
            minimum: min,
            inclusive: true,
            type: 'string',
            message: `Must be at least ${min} character(s)`,
          });
        }
        if (n > max) {
          ctx.addIssue({
            code: z.ZodIssueCode.too_big,
            maximum: max,
            inclusive: true,
            type: 'string',
            message: `Must be at most ${max} characters (Unicode code points); got ${n}`,
          });
        }
      }),
    );
}

/** A string of 1..max UTF-16 units (ids and names are ASCII in practice) that is well-formed Unicode. */
export const bounded = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), WELL_FORMED);
/**
 * An id of 1..128 characters. Checked with refine rather than advertised as min/maxLength: the
 * bound is this server's (the API documents none), and a dozen copies of it would cost tools/list bytes.
 */
const unadvertised = (max: number) =>
  z
    .string()
    .refine((s) => s.length >= 1 && s.length <= max && !LONE_SURROGATE.test(s), `Must be 1-${max} characters of well-formed Unicode`);
export const id = (what: string) => unadvertised(128).describe(what);
export const instanceId = () => id('Instance ID.');

// Checked with refine rather than .regex(): many advertised copies of the pattern would cost tools/list
// bytes and tell an assistant less than the example does.
export const regionId = () =>
  z
    .string()
    .refine((s) => REGION_ID.test(s), 'Must be a region ID such as cn-shanghai')
    .optional()
    .describe('e.g. cn-shanghai');
const PHONE = /^\+?[0-9]{5,20}$/;
export const phoneNumber = (what: string) =>
  z
    .string()
    .refine((s) => PHONE.test(s), 'Must be a phone number: 5-20 digits, optionally after a +, e.g. +8613800001234')
    .describe(what);
export const confirmationToken = () => unadvertised(512).optional().describe('From confirmation_required.');
export const isoTime = (what: string) =>
  z
    .string()
    .refine((s) => isoInstant(s) !== undefined, {
      message: 'Must be ISO 8601 with a Z or ±hh:mm offset and a real date, e.g. 2025-07-18T06:39:08Z',
    })
    .optional()
    .describe(what);

/** An integer parameter whose every refusal states the allowed range. */
export function int(min: number, max: number) {
  const message = `Must be an integer from ${min} to ${max}`;
  return z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message);
}

/** Names unknown keys and the fields that are allowed at this place. */
export function unknownKeyMap(where: string, allowed: string): z.ZodErrorMap {
  return (issue, ctx) => {
    if (issue.code !== z.ZodIssueCode.unrecognized_keys) return { message: ctx.defaultError };
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { message: `Unrecognized key${issue.keys.length > 1 ? 's' : ''} ${keys} in ${where}; ${allowed}` };
  };
}

export const hasSomething = (o: object): boolean => Object.values(o).some((v) => v !== undefined);

/** The one rule for own "__proto__" keys, wherever they hide (see util/values.ts). */
export const protoKeyMessage = (path: string): string => `unrecognized key "__proto__" at ${path}; such keys are never accepted`;

/**
 * Parses JSON text held in a string argument, refusing "__proto__" keys inside it. Text that is not
 * JSON is refused with `invalid`, or, without it, handed on as it is for the caller's schema to judge.
 */
export function parseJsonText(text: string, ctx: z.RefinementCtx, invalid?: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    if (invalid === undefined) return text;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: invalid, fatal: true });
    return z.NEVER;
  }
  const proto = protoKeyPath(parsed);
  if (proto !== undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: protoKeyMessage(proto), fatal: true });
    return z.NEVER;
  }
  return parsed;
}

/** The preprocess step of jsonObject; tools/list recognises it to advertise the string form too. */
export const jsonTextPreprocess = (v: unknown, ctx: z.RefinementCtx): unknown => (typeof v === 'string' ? parseJsonText(v, ctx) : v);

/** Some clients send nested arguments as a JSON string: parse it, and let the object schema judge. */
export const jsonObject = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(jsonTextPreprocess, schema);

/** structuredContent that is an open payload (a whole instance): typed as a record, not spelled out. */
export const openRecord = () => z.record(z.unknown());

/** structuredContent of every write. */
export const writeOutput = {
  status: z.enum(['executed', 'confirmation_required', 'declined', 'cancelled', 'timed_out', 'already_finished']),
  InstanceId: z.string(),
  RegionId: z.string(),
  RequestId: z.string().optional(),
  preview: openRecord().optional(),
  confirmationToken: z.string().optional(),
  expiresAt: z.string().optional(),
  next: z.string(),
};
