/**
 * Two corrections to what zod-to-json-schema advertises, so every schema says what is accepted:
 * - `z.record(z.unknown())` (an open payload) comes out as `additionalProperties: {}`, a schema with
 *   no keyword at all that schema linters (the Inspector's among them) flag; without it the object
 *   means the same and says only what is true: "an object".
 * - An object that may also arrive as a JSON string (operations/fields.ts jsonObject) comes out as
 *   the object alone, so a client that validates against it would refuse the string the server takes.
 */
import type { PostProcessCallback } from 'zod-to-json-schema';
import { jsonTextPreprocess } from '../operations/fields.js';

const STRING_FORM = { type: 'string' } as const;

interface EffectsDef {
  typeName?: unknown;
  effect?: { type?: unknown; transform?: unknown };
}

const isEmptyObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

export const honestSchema: PostProcessCallback = (jsonSchema, def) => {
  if (jsonSchema === undefined) return jsonSchema;
  const schema = { ...jsonSchema } as Record<string, unknown>;
  if (isEmptyObject(schema.additionalProperties)) delete schema.additionalProperties;
  const effects = def as EffectsDef;
  if (effects.typeName === 'ZodEffects' && effects.effect?.type === 'preprocess' && effects.effect.transform === jsonTextPreprocess) {
    const { description, ...objectForm } = schema;
    return { anyOf: [objectForm, STRING_FORM], ...(description === undefined ? {} : { description }) } as typeof jsonSchema;
  }
  return schema as typeof jsonSchema;
};
