/**
 * The text half of redaction: shapes, header values, URL userinfo, name/value pairs, JSON written
 * inside prose, and percent- or base64-encoded payloads, which are decoded and checked in full.
 */
import { isSecretName } from './names.js';
import {
  base64Text,
  HEADER,
  looksRandom,
  PAIR,
  PROSE,
  REDACTED,
  SCHEME,
  SHAPES,
  TOKEN_RUN,
  URL_ENCODED_JSON,
  USERINFO,
  YAML_BLOCK,
} from './rules.js';

/** How the text scanner hands decoded content back to the full policy, one level deeper. */
export interface Inner {
  /** The full check of a decoded string. */
  text(s: string): string;
  /** The full walk of a parsed JSON value; undefined when nothing in it changed. */
  json(value: unknown): unknown;
}

const HAS_HEADER = /authorization|cookie/i;
const HAS_SCHEME = /bearer|basic/i;
const HEX_RUN = /^[0-9A-Fa-f-]+$/;
const AUTH_SCHEME = /^(?:bearer|basic|token|digest|negotiate)$/i;
const HAS_URL_JSON = /%(?:7B|5B)/i;
// A JSON object or array starts here: `{"`, `{}`, `[{`, `["`, `[[`, `[]` (spaces allowed).
const JSON_START = /[{[]\s*["{[\]}]/g;
const SECRET_BRACKET = /(?<![\w.-])(\\*["']?)([A-Za-z_][\w.-]{0,63})\1[ \t]*[=:][ \t]*[{[]/g;

function pair(m: string, q: string, name: string, op: string, vq?: string, quoted?: string, close?: string, bare?: string): string {
  const value = quoted ?? bare ?? '';
  if (value === '' || value.startsWith('[redacted')) return m;
  // A bracket is handled whole by bracketValues; an auth scheme word is followed by its credential.
  if (bare !== undefined && (/^[{[]/.test(bare) || AUTH_SCHEME.test(bare))) return m;
  if (!isSecretName(name, op.includes('=') ? 'query' : 'key')) return m;
  return vq === undefined ? `${q}${name}${q}${op}${REDACTED}` : `${q}${name}${q}${op}${vq}${REDACTED}${close ?? ''}`;
}

/**
 * End index (exclusive) of the bracketed value starting at `start`, matching brackets outside quoted
 * strings; undefined when it never closes. `budget.left` bounds the characters scanned in total.
 */
function bracketEnd(text: string, start: number, budget: { left: number }): number | undefined {
  let depth = 0;
  let quote = '';
  for (let i = start; i < text.length; i++) {
    if (--budget.left < 0) return undefined;
    const c = text[i];
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** Every match of `re` whose span `at` accepts is replaced by `by`, left to right; null span: kept. */
function spans(text: string, re: RegExp, at: (m: RegExpExecArray, budget: { left: number }) => [number, string] | undefined): string {
  const budget = { left: 32 * text.length + 4096 };
  let out = '';
  let from = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const found = at(m, budget);
    // Too tangled to check in bounded time: nothing of it is shown.
    if (budget.left < 0) return REDACTED;
    if (found === undefined) {
      re.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(from, m.index) + found[1];
    from = re.lastIndex = found[0];
  }
  return from === 0 ? text : out + text.slice(from);
}

/** JSON objects and arrays written inside text (an error body quoted in a message, a log line). */
function embeddedJson(text: string, inner: Inner): string {
  return spans(text, JSON_START, (m, budget) => {
    const end = bracketEnd(text, m.index, budget);
    if (end === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.slice(m.index, end));
    } catch {
      return undefined;
    }
    const walked = inner.json(parsed);
    return walked === undefined ? undefined : [end, JSON.stringify(walked)];
  });
}

/** `token: [...]`, `'auth': {...}` in text that is not JSON (Python repr, YAML flow): the value goes whole. */
function bracketValues(text: string): string {
  return spans(text, SECRET_BRACKET, (m, budget) => {
    const name = m[2] ?? '';
    if (!isSecretName(name)) return undefined;
    const open = m.index + m[0].length - 1;
    const end = bracketEnd(text, open, budget) ?? text.length;
    return [end, `${m[0].slice(0, -1)}${REDACTED}`];
  });
}

function encodedRuns(text: string, inner: Inner): string {
  let out = text;
  if (HAS_URL_JSON.test(out)) {
    out = out.replace(URL_ENCODED_JSON, (run) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(run.replace(/\+/g, ' '));
      } catch {
        return run;
      }
      const checked = inner.text(decoded);
      return checked === decoded ? run : encodeURIComponent(checked);
    });
  }
  return out.replace(TOKEN_RUN, (run) => {
    if (HEX_RUN.test(run)) return run; // ids and digests: not base64 text, not a key shape here
    // Base64 of JSON or of name=value text is judged by what it says, not by how random it looks.
    const decoded = base64Text(run);
    if (decoded !== undefined && /[{[=:]/.test(decoded)) return inner.text(decoded) === decoded ? run : REDACTED;
    return looksRandom(run) ? REDACTED : run;
  });
}

/**
 * A YAML value below its secret key becomes one redacted line, before the pairs see the key line.
 * Under any other key the scan goes on inside its block: `db:` may hold `password: |`.
 */
function yamlBlocks(text: string): string {
  let out = '';
  let from = 0;
  YAML_BLOCK.lastIndex = 0;
  for (let m = YAML_BLOCK.exec(text); m; m = YAML_BLOCK.exec(text)) {
    const [whole, indent = '', keyLine = '', , name = '', block = ''] = m;
    if (!isSecretName(name)) {
      YAML_BLOCK.lastIndex = m.index + indent.length + keyLine.length;
      continue;
    }
    const newline = block.startsWith('\r') ? '\r\n' : '\n';
    out += `${text.slice(from, m.index)}${indent}${keyLine}${newline}${indent}  ${REDACTED}${block.endsWith('\n') ? newline : ''}`;
    from = m.index + whole.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Every text rule over one string that is not itself JSON. */
export function scanText(s: string, inner: Inner): string {
  let out = s;
  for (const rule of SHAPES) if (out.includes(rule.hint)) out = out.replace(rule.pattern, REDACTED);
  if (HAS_HEADER.test(out)) {
    out = out.replace(HEADER, (m, name: string, op: string, scheme: string | undefined, value: string) =>
      value.startsWith('[redacted') ? m : `${name}${op}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    );
  }
  if (HAS_SCHEME.test(out)) {
    out = out.replace(SCHEME, (m, scheme: string, credential: string) => {
      // "Basic" is also an English word: only a base64 "user:password" counts after it.
      if (scheme.toLowerCase() === 'basic' && !base64Text(credential)?.includes(':')) return m;
      return `${scheme} ${REDACTED}`;
    });
  }
  if (out.includes('://') && out.includes('@')) out = out.replace(USERINFO, `$1$2:${REDACTED}@`);
  if (out.includes(':') && out.includes('\n')) out = yamlBlocks(out);
  if (out.includes('=') || out.includes(':')) out = out.replace(PAIR, pair);
  out = out.replace(PROSE, `$1$2${REDACTED}`);
  if (out.includes('{') || out.includes('[')) out = bracketValues(embeddedJson(out, inner));
  return encodedRuns(out, inner);
}
