/**
 * Input and output schemas of the four tools (zod v3 API).
 *
 * The top level of every input stays a plain object: a top-level refine would make the SDK advertise
 * an empty schema, so cross-field rules are the `check*` functions below, run by the handler.
 * Every schema is built by a factory call at its point of use: a zod instance used twice in one tool
 * would be advertised the second time as a `$ref`, which several assistant clients cannot follow.
 */
import { z } from 'zod';

/** Updatable AgentConfig fields, by their path inside AgentConfig (ice-api.md). */
export const UPDATABLE_AGENT_FIELDS = [
  'TtsConfig.VoiceId',
  'InterruptConfig.EnableVoiceInterrupt',
  'Greeting',
  'Volume',
  'EnablePushToTalk',
  'VoiceprintConfig.UseVoiceprint',
  'VoiceprintConfig.VoiceprintId',
  'LlmConfig.BailianAppParams',
] as const;

/** Fields the deprecated TemplateConfig can update inside each of its groups. */
export const UPDATABLE_TEMPLATE_FIELDS = [
  'VoiceId',
  'EnableVoiceInterrupt',
  'Greeting',
  'Volume',
  'EnablePushToTalk',
  'UseVoiceprint',
  'AsrMaxSilence',
] as const;

const TEMPLATE_GROUPS = ['VoiceChat', 'VisionChat', 'AvatarChat3D'] as const;
const AGENT_LIST = UPDATABLE_AGENT_FIELDS.join(', ');

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an ISO 8601 time with an offset, or undefined when it is not a real time. */
export function isoInstant(s: string): number | undefined {
  const m = ISO_TIME.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second, oh, om] = [1, 2, 3, 4, 5, 6, 9, 10].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || oh > 23 || om > 59) return undefined;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined; // day 0 of next month = last day
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const fraction = m[7] ? Number(m[7]) * 1000 : 0;
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  // Date.UTC maps years 0..99 to 1900..1999; such years are refused rather than silently moved.
  return year < 100 ? undefined : base + fraction - offset;
}

const codePoints = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
};

// In unicode mode a paired surrogate is one code point outside this class, so only lone halves match.
// They cannot be percent-encoded for the request, so they are refused here, naming the parameter.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const WELL_FORMED = 'Must be well-formed Unicode (it contains an unpaired surrogate)';

/**
 * A string of `min..max` Unicode code points. zod's own `.max()` counts UTF-16 units, so the checked
 * schema advertises min/maxLength (JSON Schema counts code points) while the real check is the pipe:
 * `.catch` hands the raw input on untouched, and the pipe's output side validates it.
 */
function chars(min: number, max: number) {
  const advertised = min > 0 ? z.string().min(min).max(max) : z.string().max(max);
  return advertised
    .catch(({ input }) => input as string)
    .pipe(
      z.string().superRefine((s, ctx) => {
        if (LONE_SURROGATE.test(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: WELL_FORMED });
        const n = codePoints(s);
        if (n < min)
          ctx.addIssue({
            code: z.ZodIssueCode.too_small,
            minimum: min,
            inclusive: true,
            type: 'string',
            message: `Must be at least ${min} character(s)`,
          });
        if (n > max)
          ctx.addIssue({
            code: z.ZodIssueCode.too_big,
            maximum: max,
            inclusive: true,
            type: 'string',
            message: `Must be at most ${max} characters (Unicode code points); got ${n}`,
          });
      }),
    );
}

/** A string of 1..max UTF-16 units (ids and names are ASCII in practice) that is well-formed Unicode. */
const bounded = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), WELL_FORMED);
const id = (what: string) => bounded(128).describe(what);
const instanceId = () => id('Agent instance ID.');
// Checked with refine rather than .regex(): four advertised copies of the pattern would cost tools/list
// bytes and tell an assistant less than the example does.
const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const regionId = () =>
  z
    .string()
    .refine((s) => REGION_ID.test(s), 'Must be a region ID such as cn-shanghai')
    .optional()
    .describe("Region, e.g. cn-shanghai (default: the server's).");
const confirmationToken = () => bounded(512).optional().describe('Token from a confirmation_required result.');
const isoTime = (what: string) =>
  z
    .string()
    .refine((s) => isoInstant(s) !== undefined, {
      message: 'Must be ISO 8601 with a Z or ±hh:mm offset and a real date, e.g. 2025-07-18T06:39:08Z',
    })
    .optional()
    .describe(what);

/** Some clients send nested arguments as a JSON string: parse it, and let the object schema judge. */
function parseJsonString(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** Names unknown keys and the fields that are allowed at this place. */
function unknownKeyMap(where: string, allowed: string): z.ZodErrorMap {
  return (issue, ctx) => {
    if (issue.code !== z.ZodIssueCode.unrecognized_keys) return { message: ctx.defaultError };
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return { message: `Unrecognized key${issue.keys.length > 1 ? 's' : ''} ${keys} in ${where}; ${allowed}` };
  };
}
const agentKeyMap = (where: string) => unknownKeyMap(where, `updatable fields: ${AGENT_LIST}`);

const hasSomething = (o: object): boolean => Object.values(o).some((v) => v !== undefined);
/** An integer parameter whose every refusal states the allowed range. */
function int(min: number, max: number) {
  const message = `Must be an integer from ${min} to ${max}`;
  return z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message);
}
const volume = () => int(0, 400);

function bailianAppParams() {
  return z
    .union([z.string(), z.record(z.unknown())])
    .transform((v, ctx) => {
      if (typeof v !== 'string') return JSON.stringify(v);
      try {
        JSON.parse(v);
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'BailianAppParams must be valid JSON (an object, or a string holding JSON)' });
        return z.NEVER;
      }
      return v;
    })
    .describe('Bailian app parameters: a JSON object or a string holding JSON.');
}

function agentConfig() {
  const where = 'AgentConfig';
  const obj = z
    .object(
      {
        TtsConfig: z
          .object(
            { VoiceId: bounded(64).describe('Voice ID; applies from the next utterance.') },
            { errorMap: agentKeyMap(`${where}.TtsConfig`) },
          )
          .strict()
          .optional(),
        InterruptConfig: z
          .object(
            { EnableVoiceInterrupt: z.boolean().describe('User speech interrupts the agent.') },
            { errorMap: agentKeyMap(`${where}.InterruptConfig`) },
          )
          .strict()
          .optional(),
        Greeting: chars(0, 1024).optional().describe('Applies to later sessions.'),
        Volume: volume().optional().describe('Agent volume.'),
        EnablePushToTalk: z.boolean().optional().describe('Push-to-talk mode.'),
        VoiceprintConfig: z
          .object(
            {
              UseVoiceprint: z.boolean().optional().describe('true needs VoiceprintId.'),
              VoiceprintId: bounded(128).optional().describe('Registered voiceprint ID.'),
            },
            { errorMap: agentKeyMap(`${where}.VoiceprintConfig`) },
          )
          .strict()
          .superRefine((v, ctx) => {
            if (!hasSomething(v))
              ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'VoiceprintConfig is empty: set UseVoiceprint and/or VoiceprintId' });
            else if (v.UseVoiceprint === true && v.VoiceprintId === undefined) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['VoiceprintId'],
                message: 'VoiceprintId is required when UseVoiceprint is true',
              });
            }
          })
          .optional(),
        LlmConfig: z
          .object({ BailianAppParams: bailianAppParams() }, { errorMap: agentKeyMap(`${where}.LlmConfig`) })
          .strict()
          .optional(),
      },
      { errorMap: agentKeyMap(where) },
    )
    .strict()
    .refine(hasSomething, { message: `AgentConfig changes nothing; set at least one of: ${AGENT_LIST}` });
  return z.preprocess(parseJsonString, obj);
}

/**
 * A record keyed by group name advertises the group's fields once instead of three times: that keeps
 * tools/list within its size budget.
 */
function templateConfig() {
  const groups = TEMPLATE_GROUPS.join(', ');
  const fields = UPDATABLE_TEMPLATE_FIELDS.join(', ');
  const group = z
    .object(
      {
        VoiceId: bounded(64).optional(),
        EnableVoiceInterrupt: z.boolean().optional(),
        Greeting: chars(0, 1024).optional(),
        Volume: volume().optional(),
        EnablePushToTalk: z.boolean().optional(),
        UseVoiceprint: z.boolean().optional(),
        AsrMaxSilence: int(200, 1200).optional().describe('Milliseconds.'),
      },
      { errorMap: unknownKeyMap('this TemplateConfig group', `updatable fields: ${fields}`) },
    )
    .strict()
    .refine(hasSomething, { message: `Template group changes nothing; set at least one of: ${fields}` });
  const key = z.enum(TEMPLATE_GROUPS, { errorMap: () => ({ message: `Unknown TemplateConfig group; groups: ${groups}` }) });
  const obj = z.record(key, group).refine(hasSomething, { message: `TemplateConfig changes nothing; set one of: ${groups}` });
  return z.preprocess(parseJsonString, obj);
}

// ---- inputs ----

export const listInput = {
  AIAgentId: id('AI agent ID.'),
  StartTime: isoTime('From this time: ISO 8601 with offset, e.g. 2025-07-18T06:39Z.'),
  EndTime: isoTime('Up to this time: ISO 8601 with offset.'),
  PageSize: int(0, 100).optional().describe('Per page; default 10, or 100 with AllPages.'),
  PageNumber: int(1, 100).optional().describe('Default 1.'),
  AllPages: z.boolean().optional().describe('Fetch all pages (up to 100), ignoring PageNumber.'),
  Detail: z.enum(['summary', 'full']).default('summary').describe('summary: key fields; full: whole instances.'),
  RegionId: regionId(),
};

export const describeInput = {
  InstanceId: instanceId(),
  RegionId: regionId(),
};

export const updateInput = {
  InstanceId: instanceId(),
  AgentConfig: agentConfig().optional().describe('Changes merged into the running config; only these fields.'),
  TemplateConfig: templateConfig().optional().describe('Deprecated; prefer AgentConfig.'),
  UserData: chars(0, 4096).optional().describe('New custom user data (often a JSON string).'),
  RegionId: regionId(),
  ConfirmationToken: confirmationToken(),
};

export const speechInput = {
  InstanceId: instanceId(),
  Text: chars(1, 1024).describe('Words to speak, or an http(s) audio URL when Type is AudioUrl.'),
  EnableInterrupt: z.boolean().default(true).describe('Cut off audio the agent is playing now.'),
  Type: z.enum(['Text', 'AudioUrl']).default('Text').describe('What Text holds.'),
  RegionId: regionId(),
  ConfirmationToken: confirmationToken(),
};

export const listInputSchema = z.object(listInput).strict();
export const describeInputSchema = z.object(describeInput).strict();
export const updateInputSchema = z.object(updateInput).strict();
export const speechInputSchema = z.object(speechInput).strict();

export type ListInput = z.infer<typeof listInputSchema>;
export type DescribeInput = z.infer<typeof describeInputSchema>;
export type UpdateInput = z.infer<typeof updateInputSchema>;
export type SpeechInput = z.infer<typeof speechInputSchema>;

// ---- cross-field rules (checked by the handler, see the file comment) ----

/** StartTime must not be after EndTime. */
export function checkListRange(args: { StartTime?: string; EndTime?: string }): string | undefined {
  if (args.StartTime === undefined || args.EndTime === undefined) return undefined;
  const start = isoInstant(args.StartTime);
  const end = isoInstant(args.EndTime);
  if (start === undefined || end === undefined || start <= end) return undefined;
  return `StartTime (${args.StartTime}) is after EndTime (${args.EndTime}); swap them or widen the range.`;
}

/** An update must change something. */
export function checkUpdateHasChange(args: { AgentConfig?: unknown; TemplateConfig?: unknown; UserData?: string }): string | undefined {
  if (args.AgentConfig !== undefined || args.TemplateConfig !== undefined || args.UserData !== undefined) return undefined;
  return 'Nothing to update: give at least one of AgentConfig, TemplateConfig, UserData.';
}

/** With Type AudioUrl, Text must be an http(s) URL. */
export function checkSpeech(args: { Text: string; Type?: 'Text' | 'AudioUrl' }): string | undefined {
  if (args.Type !== 'AudioUrl') return undefined;
  let url: URL;
  try {
    url = new URL(args.Text);
  } catch {
    return 'With Type AudioUrl, Text must be an http(s) URL of the audio.';
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  return `With Type AudioUrl, Text must be an http(s) URL; got a ${url.protocol} URL.`;
}

// ---- outputs (structuredContent) ----

const openRecord = () => z.record(z.unknown());

export const listOutput = {
  AIAgentId: z.string(),
  Instances: z.array(openRecord()),
  Count: z.number().int(),
  PageNumber: z.number().int().optional(),
  PageSize: z.number().int().optional(),
  Pages: z.number().int().optional().describe('Pages fetched (AllPages).'),
  Truncated: z.boolean().optional().describe('True when page 100 was full: more may exist.'),
  Detail: z.enum(['summary', 'full']),
  RequestId: z.string().optional(),
  RegionId: z.string(),
  sandbox: z.boolean().optional(),
};

export const describeOutput = {
  Instance: openRecord(),
  RequestId: z.string(),
  RegionId: z.string(),
  sandbox: z.boolean().optional(),
};

/** Shared by update and speech. */
export const writeOutput = {
  status: z.enum(['executed', 'confirmation_required', 'declined', 'cancelled']),
  InstanceId: z.string(),
  RegionId: z.string(),
  RequestId: z.string().optional(),
  preview: openRecord().optional(),
  confirmationToken: z.string().optional(),
  expiresAt: z.string().optional(),
  sandbox: z.boolean().optional(),
};
