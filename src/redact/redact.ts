/**
 * Secret removal for everything that leaves the server: results, resources, prompts, errors, logs.
 * The policy (README, "Redaction policy"): by structure and by key name, by shape inside any string,
 * inside JSON, base64 JSON and percent-encoded JSON held in strings, and the secrets this process
 * holds. The walk uses an explicit stack, so no nesting depth lets a value through unchecked.
 */
import { replaceKnown } from './memory.js';
import { REDACTED } from './rules.js';
import { checkString, walk } from './walk.js';

export { addKnownSecrets } from './memory.js';
export { isSecretName } from './names.js';
export { REDACTED } from './rules.js';
export { MAX_DEPTH } from './walk.js';

/** A deep copy of plain objects and arrays with every secret replaced by "[redacted]". */
export function redact<T>(value: T): T {
  return walk(value, { changes: 0, decode: 0 }, 0) as T;
}

const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;

/**
 * For error messages and log lines: the rules of `redact`, plus removal of URL query strings and of
 * `extraSecrets` (values under 4 characters are ignored: replacing them would garble the text
 * without protecting anything).
 */
export function redactText(s: string, extraSecrets: readonly string[] = []): string {
  const out = replaceKnown(s, extraSecrets).replace(URL_QUERY, `$1?${REDACTED}`);
  return checkString(out, { changes: 0, decode: 0 }, 0);
}
