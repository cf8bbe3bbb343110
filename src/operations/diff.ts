import { canonicalJson } from '../util/canonical-json.js';
import { isPlainObject } from '../util/values.js';

/** One field an update would change. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** JSON strings compare by meaning, so re-spaced but equal JSON is not a change. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && a !== b) {
    try {
      return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
    } catch {
      return false;
    }
  }
  return canonicalJson(a) === canonicalJson(b);
}

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
