import type { FieldChange } from '../domain/operation.js';
import { canonicalJson } from '../util/canonical-json.js';
import { isPlainObject } from '../util/values.js';

/**
 * Values compare exactly as they go on the wire: two JSON strings that mean the same but differ in
 * bytes (spacing, a duplicate key, an integer past 2^53) are a change, and the person sees it.
 */
const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

/**
 * Every leaf of `requested` whose value differs from the same path in `current`, named by its
 * dotted path under `prefix`. Leaves are scalars and arrays; objects are walked.
 */
export function changedFields(prefix: string, requested: unknown, current: unknown): FieldChange[] {
  if (!isPlainObject(requested)) {
    return sameValue(requested, current) ? [] : [{ field: prefix, from: current ?? null, to: requested }];
  }
  const here = isPlainObject(current) ? current : {};
  return Object.entries(requested).flatMap(([key, value]) =>
    value === undefined ? [] : changedFields(prefix ? `${prefix}.${key}` : key, value, here[key]),
  );
}
