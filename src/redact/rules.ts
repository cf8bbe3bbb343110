/**
 * The shapes that mark a credential wherever it appears, as data: one entry per family, each with
 * a cheap literal that must be present before its pattern runs. Written for this server from the
 * formats the issuers document (see README, "Redaction policy").
 */

import { REDACTED } from './memory.js';

export { REDACTED };

export interface ShapeRule {
  id: string;
  /** A fragment every match contains; strings without it skip the pattern. */
  hint: string;
  pattern: RegExp;
}

/** Credentials recognisable by their form alone; each match is replaced whole. */
export const SHAPES: readonly ShapeRule[] = [
  {
    id: 'private-key',
    hint: 'PRIVATE KEY',
    pattern: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g,
  },
  { id: 'jwt', hint: 'eyJ', pattern: /\beyJ[\w-]{5,}\.[\w-]{5,}(?:\.[\w-]*)?/g },
  { id: 'alibaba-access-key-id', hint: 'LTAI', pattern: /\bLTAI[A-Za-z0-9]{12,30}\b/g },
  // STS security tokens are base64 of a structure that always starts the same way.
  { id: 'alibaba-sts-token', hint: 'CAIS', pattern: /\bCAIS[A-Za-z0-9+/=_-]{20,}/g },
  { id: 'alibaba-sts-key-id', hint: 'STS.', pattern: /\bSTS\.[A-Za-z0-9]{16,}/g },
  { id: 'sk-key', hint: 'sk-', pattern: /\bsk-[A-Za-z0-9][A-Za-z0-9_-]{7,}/g },
  { id: 'aws-key-id', hint: 'IA', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { id: 'github-token', hint: 'gh', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g },
  { id: 'gitlab-token', hint: 'glpat-', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { id: 'slack-token', hint: 'xox', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { id: 'google-api-key', hint: 'AIza', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { id: 'stripe-key', hint: 'k_', pattern: /\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}/g },
  { id: 'npm-token', hint: 'npm_', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { id: 'huggingface-token', hint: 'hf_', pattern: /\bhf_[A-Za-z0-9]{30,}/g },
];

/** Header-like names whose whole value, to the end of the line, is a credential. */
export const HEADER =
  /(?<![\w-])((?:proxy-)?authorization|(?:set-)?cookie)([ \t]*[:=][ \t]*)(?!\\*["'])(?:(bearer|basic|token|digest|negotiate|[a-z0-9]+-hmac-sha\d+)[ \t]+)?([^\r\n"'}\]]+)/gi;

/** An auth scheme followed by its credential, anywhere in text. */
export const SCHEME = /\b(Bearer|Basic)[ \t]+([A-Za-z0-9\-._~+/]{6,}=*)/gi;

/** URL userinfo and DSNs: scheme://user:password@host keeps the user and hides the password. */
export const USERINFO = /\b([a-z][a-z0-9+.-]{1,20}:\/\/)([^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@/gi;

/**
 * A `name=value`, `name: value`, `"name": "value"`, `'name': 'value'` or `\"name\":\"value\"` pair.
 * Groups: 1 quote around the name, 2 name, 3 operator with spaces, 4 value quote, 5 quoted value,
 * 6 closing quote, 7 unquoted value.
 */
export const PAIR =
  /(?<![\w.-])(\\*["']?)([A-Za-z_][\w.-]{0,63})\1([ \t]*[=:][ \t]*)(?!\/\/)(?:(\\*["'])((?:\\[\s\S]|(?!\4)[^\\\r\n])*?)(\4|$|(?=[\r\n]))|([^\s&;"'<>`]+))/g;

/**
 * A YAML key whose value is the indented lines below it: a block scalar (`password: |`, `key: >-`)
 * or a plain value on the next line. $1 is the key line's indentation, $2 the key line, $3 the block.
 */
export const YAML_BLOCK =
  /^([ \t]*)((["']?)([A-Za-z_][\w.-]{0,63})\3[ \t]*:[ \t]*(?:[|>][+-]?[1-9]?[+-]?)?[ \t]*(?:#[^\r\n]*)?)(\r?\n(?:\1[ \t]+[^\r\n]*(?:\r?\n|$)|[ \t]*(?:\r?\n|$))*\1[ \t]+[^\r\n]*(?:\r?\n|$))/gm;

/**
 * Prose such as "password Xy7-q2 is wrong": a secret word, then a word with letters and digits
 * ("password reset", "token ring" and "secret 2024" stay).
 */
export const PROSE =
  /\b(passwords?|passwd|passcode|pwd|secret|token|api[-_ ]?key)([ \t]+(?:is[ \t]+|was[ \t]+)?)(?=[^\s"'<>]*\d)(?=[^\s"'<>]*[A-Za-z])[^\s"'<>]{6,}/gi;

/** Text that is (or holds) percent-encoded JSON. */
export const URL_ENCODED_JSON = /%(?:7B|5B)(?:[A-Za-z0-9._~!*'()+-]|%[0-9A-Fa-f]{2})*%(?:7D|5D)/gi;

/** Runs that may be base64 (of JSON or of `name=value` text) or a bare random token. */
export const TOKEN_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;

const classOf = (c: number): number => (c >= 97 && c <= 122 ? 0 : c >= 65 && c <= 90 ? 1 : c >= 48 && c <= 57 ? 2 : 3);

/**
 * A long run mixing lower case, upper case and digits the way generated keys do: frequent switches
 * between character classes and high entropy. Words, camelCase names, hex ids and UUIDs do not pass.
 */
export function looksRandom(run: string, minLength = 24): boolean {
  // A path (cdn.example.com/imgextra/i1/O1CN01abcXYZ_) is judged segment by segment; base64 keys
  // that happen to hold a "/" still have long random segments.
  if (run.includes('/')) return run.split('/').some((segment) => segment.length >= 16 && looksRandom(segment, 16));
  if (run.length < minLength || !/[a-z]/.test(run) || !/[A-Z]/.test(run) || !/\d/.test(run)) return false;
  let switches = 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < run.length; i++) {
    if (i > 0 && classOf(run.charCodeAt(i)) !== classOf(run.charCodeAt(i - 1))) switches++;
    const ch = run[i] ?? '';
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  if (switches / run.length < 0.3) return false;
  let entropy = 0;
  for (const n of counts.values()) entropy -= (n / run.length) * Math.log2(n / run.length);
  return entropy >= 3.5;
}

/** Decodes standard or URL-safe base64 to text when the result is printable, else undefined. */
export function base64Text(run: string): string | undefined {
  const body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) return undefined;
  const text = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  if (text.length < 4 || text.includes('\uFFFD')) return undefined;
  let printable = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 32 || c === 9 || c === 10 || c === 13) printable++;
  }
  return printable === text.length ? text : undefined;
}
