/**
 * The walk behind `redact`: an explicit stack over objects and arrays (no recursion, so no depth
 * lets a value through unchecked), each key checked by name, each string by the full policy.
 * Strings that hold JSON (plain, base64 or percent-encoded) are decoded and walked in turn.
 */
import { hasKnown, isClean, MIN_SECRET, remember, replaceKnown } from './memory.js';
import { isHandleName, isSecretName } from './names.js';
import { REDACTED } from './rules.js';
import { scanText, type Inner } from './text.js';

/** Objects nested deeper than this are replaced, never passed: JSON.stringify and clients recurse. */
export const MAX_DEPTH = 256;
/** Strings holding encoded strings holding ...: deeper than this, the whole string is replaced. */
const MAX_DECODE = 24;
const TOO_DEEP = '[redacted: too deep]';

// Every text rule needs one of these; most strings (names, words, numbers as text) have none.
const TRIGGER_CHARS = /[=:@%{[]/;
const LONG_RUN = /[A-Za-z0-9+/_-]{16}/;
const TRIGGER_WORDS = ['eyj', 'ltai', 'cais', 'sts.', 'sk-', 'bearer', 'basic', 'private', 'pass', 'pwd', 'secret', 'token', 'key'];

function mayHold(s: string): boolean {
  if (TRIGGER_CHARS.test(s) || LONG_RUN.test(s)) return true;
  const lower = s.toLowerCase();
  return TRIGGER_WORDS.some((word) => lower.includes(word));
}

// Hex ids and UUIDs (instance, channel, request ids) hold nothing the text rules look for.
const PLAIN_KEY = /^[A-Za-z_]{1,64}$/;
const HEX_ID = /^[0-9A-Fa-f-]{1,64}$/;
const JSON_ENDS: Record<string, string> = { '{': '}', '[': ']', '"': '"' };

export interface Walk {
  /** Replacements so far; compared before and after a step to see whether it changed anything. */
  changes: number;
  /** How many decoded strings the current string sits inside. */
  decode: number;
}

export function checkString(s: string, w: Walk, depth: number): string {
  // Hex ids and UUIDs come first: each is seen once per instance and must not crowd the cache.
  if (s.length < MIN_SECRET || (HEX_ID.test(s) && !hasKnown(s)) || isClean(s)) return s;
  if (w.decode >= MAX_DECODE) {
    w.changes++;
    return TOO_DEEP;
  }
  w.decode++;
  const before = w.changes;
  let out = replaceKnown(s);
  if (mayHold(out)) out = checkContent(out, w, depth);
  w.decode--;
  if (out === s) remember(s);
  else if (w.changes === before) w.changes++;
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
/** An object or array whose copy exists but whose children are still to be placed, or the end of one. */
type Frame = { src: object; copy: Container; depth: number } | { leave: object };

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

interface Walker {
  w: Walk;
  stack: Frame[];
  // Objects on the path from the root: seeing one again is a cycle, not a shared reference.
  open: Set<object>;
}

/** Puts the redacted form of `value` at `into[key]`: strings and scalars now, containers as frames. */
function place(value: unknown, depth: number, into: Container, key: string | number, k: Walker): void {
  if (typeof value === 'string') put(into, key, checkString(value, k.w, depth));
  else if (value === null || typeof value !== 'object' || (!Array.isArray(value) && !isPlainObject(value))) put(into, key, value);
  else if (k.open.has(value)) put(into, key, '[circular]');
  else if (depth >= MAX_DEPTH) {
    k.w.changes++;
    put(into, key, TOO_DEEP);
  } else {
    const copy: Container = Array.isArray(value) ? new Array<unknown>(value.length) : {};
    put(into, key, copy);
    k.stack.push({ src: value, copy, depth });
  }
}

function placeEntries(record: Record<string, unknown>, copy: Record<string, unknown>, depth: number, k: Walker): void {
  for (const key of Object.keys(record)) {
    const v = record[key];
    // A key can be a credential too; a name of letters alone cannot have a credential's shape.
    let name = PLAIN_KEY.test(key) && !hasKnown(key) ? key : checkString(key, k.w, depth);
    for (let n = 2; name !== key && Object.hasOwn(copy, name); n++) name = `${REDACTED}#${n}`;
    // Whatever sits under a secret name goes, whole: a string, a number, an object or an array.
    if (isSecretName(key) && !harmless(v)) {
      k.w.changes++;
      put(copy, name, REDACTED);
    } else if (typeof v === 'string' && isHandleName(key)) {
      const kept = replaceKnown(v);
      if (kept !== v) k.w.changes++;
      put(copy, name, kept);
    } else place(v, depth + 1, copy, name, k);
  }
}

export function walk(root: unknown, w: Walk, baseDepth: number): unknown {
  const holder: unknown[] = [undefined];
  const k: Walker = { w, stack: [], open: new Set<object>() };
  place(root, baseDepth, holder, 0, k);
  for (let frame = k.stack.pop(); frame !== undefined; frame = k.stack.pop()) {
    if ('leave' in frame) {
      k.open.delete(frame.leave);
      continue;
    }
    const { src, copy, depth } = frame;
    k.open.add(src);
    k.stack.push({ leave: src });
    if (Array.isArray(src)) for (let i = 0; i < src.length; i++) place(src[i], depth + 1, copy, i, k);
    else placeEntries(src as Record<string, unknown>, copy as Record<string, unknown>, depth, k);
  }
  return holder[0];
}
