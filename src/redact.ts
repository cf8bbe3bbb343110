/**
 * Secret removal for everything that leaves the server: results, resources, prompts, errors, logs.
 * The policy (README, "Redaction policy"): by structure and by key name, by shape inside any string,
 * inside JSON, base64 JSON and percent-encoded JSON held in strings, and the secrets this process
 * holds. The walk uses an explicit stack, so no nesting depth lets a value through unchecked.
 */
import { isHandleName, isSecretName } from './redact-names.js';
import { REDACTED } from './redact-rules.js';
import { scanText, type Inner } from './redact-text.js';

export { REDACTED } from './redact-rules.js';
export { isSecretName } from './redact-names.js';

/** Objects nested deeper than this are replaced, never passed: JSON.stringify and clients recurse. */
export const MAX_DEPTH = 256;
/** Strings holding encoded strings holding ...: deeper than this, the whole string is replaced. */
const MAX_DECODE = 24;
const TOO_DEEP = '[redacted: too deep]';
const MIN_SECRET = 4;

const known = new Set<string>();

/**
 * Strings proven clean by the full check (never by a partial one). Lists repeat the same prompts,
 * URLs and JSON in every instance; remembering them keeps a 100-instance list near a plain copy.
 */
const clean = new Set<string>();
const CLEAN_MAX_ENTRIES = 2048;
const CLEAN_MAX_LENGTH = 4096;

/** Registers values this process holds (AccessKey secret, security token) so no output shows them. */
export function addKnownSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) if (value !== undefined && value.length >= MIN_SECRET) known.add(value);
  clean.clear(); // a string found clean before may hold a value that is secret from now on
}

// Every text rule needs one of these; most strings (ids, names, short words, numbers) have none.
const MAY_HOLD = /[=:@%{[]|eyJ|LTAI|CAIS|STS\.|sk-|earer|asic|PRIVATE|[A-Za-z0-9+/_-]{16}/;
const JSON_ENDS: Record<string, string> = { '{': '}', '[': ']', '"': '"' };

interface Walk {
  /** Replacements so far; compared before and after a step to see whether it changed anything. */
  changes: number;
  /** How many decoded strings the current string sits inside. */
  decode: number;
}

function replaceKnown(s: string, secrets: Iterable<string>): string {
  let out = s;
  for (const secret of secrets) if (secret.length >= MIN_SECRET && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function checkString(s: string, w: Walk, depth: number): string {
  if (s.length < MIN_SECRET || clean.has(s)) return s;
  if (w.decode >= MAX_DECODE) {
    w.changes++;
    return TOO_DEEP;
  }
  w.decode++;
  const before = w.changes;
  let out = known.size > 0 ? replaceKnown(s, known) : s;
  if (MAY_HOLD.test(out)) out = checkContent(out, w, depth);
  w.decode--;
  if (out === s) {
    if (s.length <= CLEAN_MAX_LENGTH) {
      if (clean.size >= CLEAN_MAX_ENTRIES) clean.clear();
      clean.add(s);
    }
  } else if (w.changes === before) w.changes++;
  return out;
}

function checkContent(s: string, w: Walk, depth: number): string {
  const trimmed = s.trim();
  if (JSON_ENDS[trimmed[0] ?? ''] === trimmed[trimmed.length - 1] && trimmed.length >= 2) {
    let parsed: unknown;
    let ok = true;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      ok = false;
    }
    if (ok) {
      const before = w.changes;
      const walked = walk(parsed, w, depth + 1);
      // Unchanged JSON keeps its original formatting.
      return w.changes === before ? s : JSON.stringify(walked);
    }
  }
  const inner: Inner = {
    text: (decoded) => checkString(decoded, w, depth + 1),
    json: (value) => {
      const before = w.changes;
      const walked = walk(value, w, depth + 1);
      return w.changes === before ? undefined : walked;
    },
  };
  return scanText(s, inner);
}

type Container = Record<string, unknown> | unknown[];
type Frame = { value: unknown; depth: number; into: Container; key: string | number } | { leave: object };

function put(into: Container, key: string | number, value: unknown): void {
  // A "__proto__" key from JSON.parse must stay an own property, not become the prototype.
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else (into as Record<string | number, unknown>)[key] = value;
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Values a secret name may keep: they carry no secret (`"Password": false`, `"Token": ""`). */
const harmless = (v: unknown): boolean => v === null || v === undefined || typeof v === 'boolean' || v === '' || v === REDACTED;

function walk(root: unknown, w: Walk, baseDepth: number): unknown {
  const holder: unknown[] = [undefined];
  const stack: Frame[] = [{ value: root, depth: baseDepth, into: holder, key: 0 }];
  // Objects on the path from the root: seeing one again is a cycle, not a shared reference.
  const open = new Set<object>();
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if ('leave' in frame) {
      open.delete(frame.leave);
      continue;
    }
    const { value, depth, into, key } = frame;
    if (typeof value === 'string') put(into, key, checkString(value, w, depth));
    else if (value === null || typeof value !== 'object' || (!Array.isArray(value) && !isPlainObject(value))) put(into, key, value);
    else if (open.has(value)) put(into, key, '[circular]');
    else if (depth >= MAX_DEPTH) {
      w.changes++;
      put(into, key, TOO_DEEP);
    } else {
      open.add(value);
      stack.push({ leave: value });
      if (Array.isArray(value)) {
        const copy = new Array<unknown>(value.length);
        put(into, key, copy);
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, into: copy, key: i });
      } else {
        const copy: Record<string, unknown> = {};
        put(into, key, copy);
        pushEntries(value as Record<string, unknown>, copy, depth, w, stack);
      }
    }
  }
  return holder[0];
}

function pushEntries(record: Record<string, unknown>, copy: Record<string, unknown>, depth: number, w: Walk, stack: Frame[]): void {
  const later: Frame[] = [];
  for (const key of Object.keys(record)) {
    const v = record[key];
    let name = checkString(key, w, depth); // a key can be a credential too
    for (let n = 2; name !== key && Object.hasOwn(copy, name); n++) name = `${REDACTED}#${n}`;
    // Whatever sits under a secret name goes, whole: a string, a number, an object or an array.
    if (isSecretName(key) && !harmless(v)) {
      w.changes++;
      put(copy, name, REDACTED);
    } else if (typeof v === 'string' && isHandleName(key)) {
      const kept = replaceKnown(v, known);
      if (kept !== v) w.changes++;
      put(copy, name, kept);
    } else {
      put(copy, name, undefined); // keeps the key order; the value is filled in below
      later.push({ value: v, depth: depth + 1, into: copy, key: name });
    }
  }
  for (let i = later.length - 1; i >= 0; i--) stack.push(later[i] as Frame);
}

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
