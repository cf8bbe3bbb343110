/**
 * Secret removal for everything that leaves the server: results, resources, prompts, errors, logs.
 * Only string values change; numbers and booleans pass through (a numeric MaxTokens is no secret).
 */

/** What a secret is replaced by. */
export const REDACTED = '[redacted]';
const MAX_DEPTH = 64;

// Names are compared lower-cased with '-', '_' and '.' removed: "api-key", "API_KEY" and "ApiKey" agree.
const NOT_SECRET = new Set(['confirmationtoken', 'nexttoken']);
const SECRET_NAMES = new Set(['authorization', 'credential', 'credentials', 'privatekey', 'secretkey']);
const SECRET_SUFFIX = /(?:token|secret|password|passwd|apikey|signature)$/;
// In query strings, short generic names are key material too (`key=...`, `sig=...`).
const QUERY_ONLY = new Set(['key', 'sig', 'pwd']);

const nameCache = new Map<string, boolean>();

function isSecretName(name: string, inQuery: boolean): boolean {
  const cacheKey = inQuery ? `?${name}` : name;
  let hit = nameCache.get(cacheKey);
  if (hit === undefined) {
    const n = name.toLowerCase().replace(/[-_.]/g, '');
    hit = !NOT_SECRET.has(n) && (SECRET_NAMES.has(n) || SECRET_SUFFIX.test(n) || (inQuery && QUERY_ONLY.has(n)));
    if (nameCache.size < 2000) nameCache.set(cacheKey, hit);
  }
  return hit;
}

// Every string rule needs one of these; most strings (IDs, prompts, numbers as text) have none.
const MAY_HOLD_SECRET = /[=":]|earer|EARER|sk-|LTAI/;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const SK_KEY = /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{7,}/g;
const ACCESS_KEY_ID = /\bLTAI[A-Za-z0-9]{12,}/g;
const QUERY_PARAM = /(^|[?&;\s])([A-Za-z][\w.-]*)=([^&#\s"']*)/g;
// A "name": "value" pair in text that is not (or no longer, once cut short) valid JSON.
const JSON_PAIR = /"([A-Za-z][\w.-]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)("?)/g;

interface Walk {
  hits: number;
  ancestors: object[];
}

function redactPatterns(s: string, w: Walk): string {
  let out = s;
  if (out.includes('earer') || out.includes('EARER'))
    out = out.replace(BEARER, (_m, word: string) => {
      w.hits++;
      return `${word} ${REDACTED}`;
    });
  if (out.includes('sk-'))
    out = out.replace(SK_KEY, () => {
      w.hits++;
      return REDACTED;
    });
  if (out.includes('LTAI'))
    out = out.replace(ACCESS_KEY_ID, () => {
      w.hits++;
      return REDACTED;
    });
  if (out.includes('=')) {
    out = out.replace(QUERY_PARAM, (m, pre: string, name: string, value: string) => {
      if (value === '' || value === REDACTED || !isSecretName(name, true)) return m;
      w.hits++;
      return `${pre}${name}=${REDACTED}`;
    });
  }
  if (out.includes('"')) {
    out = out.replace(JSON_PAIR, (m, name: string, colon: string, value: string, close: string) => {
      if (value === '' || value === REDACTED || !isSecretName(name, false)) return m;
      w.hits++;
      return `"${name}"${colon}"${REDACTED}${close}`;
    });
  }
  return out;
}

function looksLikeJson(s: string): boolean {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  return (first === 123 && last === 125) || (first === 91 && last === 93) || (s.length >= 2 && first === 34 && last === 34);
}

// Strings already found to hold nothing secret. Lists repeat the same prompts, URLs and JSON in every
// instance; remembering them keeps a 100-instance list near the cost of a plain copy. Only clean
// strings are kept, so the cache never holds a secret.
const clean = new Set<string>();
const CLEAN_MAX_ENTRIES = 512;
const CLEAN_MAX_LENGTH = 2048;

function redactString(s: string, w: Walk, depth: number): string {
  if (s.length < 5 || !MAY_HOLD_SECRET.test(s) || clean.has(s)) return s;
  const before = w.hits;
  const out = redactFresh(s, w, depth);
  if (w.hits === before && s.length <= CLEAN_MAX_LENGTH) {
    if (clean.size >= CLEAN_MAX_ENTRIES) clean.clear();
    clean.add(s);
  }
  return out;
}

function redactFresh(s: string, w: Walk, depth: number): string {
  const trimmed = s.trim();
  if (looksLikeJson(trimmed) && depth < MAX_DEPTH) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if ((parsed !== null && typeof parsed === 'object') || typeof parsed === 'string') {
      const before = w.hits;
      const walked = walk(parsed, w, depth + 1);
      // Unchanged JSON keeps its original formatting.
      return w.hits === before ? s : JSON.stringify(walked);
    }
  }
  return redactPatterns(s, w);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function walk(value: unknown, w: Walk, depth: number): unknown {
  if (typeof value === 'string') return redactString(value, w, depth);
  if (value === null || typeof value !== 'object') return value;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return value;
  // The path from the root is short (depth-limited): a linear scan beats hashing every object.
  if (w.ancestors.includes(value)) return '[circular]';
  if (depth >= MAX_DEPTH) {
    w.hits++;
    return '[redacted: too deep]';
  }
  w.ancestors.push(value);
  let out: unknown;
  if (isArray) {
    const items = value as unknown[];
    const copy: unknown[] = new Array<unknown>(items.length);
    for (let i = 0; i < items.length; i++) copy[i] = walk(items[i], w, depth + 1);
    out = copy;
  } else {
    const record = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      const v = record[key];
      let next: unknown;
      if (typeof v === 'string' && v !== '' && v !== REDACTED && isSecretName(key, false)) {
        w.hits++;
        next = REDACTED;
      } else next = walk(v, w, depth + 1);
      // A "__proto__" key from JSON.parse must stay an own property, not become the prototype.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
      else copy[key] = next;
    }
    out = copy;
  }
  w.ancestors.pop();
  return out;
}

/** A deep copy of plain objects and arrays with every secret string replaced by "[redacted]". */
export function redact<T>(value: T): T {
  return walk(value, { hits: 0, ancestors: [] }, 0) as T;
}

const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;

/**
 * For error messages and log lines: the string rules of `redact`, plus removal of URL query strings
 * and of known secret values (e.g. the configured AccessKey secret; values under 4 characters are
 * ignored, since replacing them would garble the text without protecting anything).
 */
export function redactText(s: string, extraSecrets: readonly string[] = []): string {
  let out = s;
  for (const secret of extraSecrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(URL_QUERY, `$1?${REDACTED}`);
  return redactString(out, { hits: 0, ancestors: [] }, 0);
}
