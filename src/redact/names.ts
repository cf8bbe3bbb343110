/**
 * Which key names hold secrets. A name is split into words (camelCase, ACRONYMS, digits, and any
 * separator), so "api-key", "API_KEY", "apiKey" and "ApiKey" all read as the words "api key".
 * The list is broad on purpose; the exceptions keep ordinary ICE settings readable (SessionId,
 * MaxTokens, NextToken, SignName, ...), since an assistant that cannot see them cannot help.
 */

/** Where a name was found: `query` is a URL query or `name=value` text, where `code` is an OAuth code. */
export type NameContext = 'key' | 'query';

/** Fields ICE documents as secrets. Listed apart so no exception below can ever reach them. */
const STRUCTURAL = new Set(['authtoken', 'token', 'jointoken', 'securitytoken', 'accesskeysecret', 'xacssecuritytoken']);

// Whole words that name a secret, wherever they stand in the name.
const SECRET_WORDS = new Set([
  'pass',
  'pwd',
  'sig',
  'sign',
  'auth',
  'key',
  'keys',
  'session',
  'sessions',
  'ak',
  'sk',
  'jwt',
  'otp',
  'cred',
  'creds',
  'dsn',
]);

// Fragments that name a secret even inside one lower-case word ("authtoken", "xapikey").
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'appkey',
  'privatekey',
  'secretkey',
  'sessionkey',
  'subscriptionkey',
  'authkey',
  'masterkey',
  'signingkey',
  'encryptionkey',
  'credential',
  'signature',
  'cookie',
  'authorization',
  'bearer',
];

// "code" alone is an error code in JSON bodies; these are the codes that log someone in.
const SECRET_CODE = /^(?:auth|authorization|verification|verify|otp|sms|mfa|totp|access|security|activation|recovery|backup)code$/;

// Names that contain a secret word but are not secrets: ids, counts, limits, cursors.
const NOT_SECRET = new Set([
  'confirmationtoken',
  'nexttoken',
  'nextpagetoken',
  'pagetoken',
  'continuationtoken',
  'tokens',
  'tokenizer',
  'keyword',
  'keywords',
  'primarykey',
  'sortkey',
  'partitionkey',
  'foreignkey',
  'cachekey',
  'hotkey',
  'hotkeys',
  'routingkey',
  'idempotencykey',
]);
// Handles a caller passes back verbatim (a confirmation token, a page cursor): random-looking by design.
const HANDLES = new Set(['confirmationtoken', 'nexttoken', 'nextpagetoken', 'pagetoken', 'continuationtoken']);

/** True for names whose string value is an opaque handle to pass back, exempt from the shape rules. */
export function isHandleName(name: string): boolean {
  // Most keys have no "oken" at all; only those pay for the normalisation.
  return /oken/i.test(name) && HANDLES.has(name.replace(/[-_.\s]/g, '').toLowerCase());
}

const SAFE_LAST = new Set(
  'id ids count counts limit limits length len size ttl type types name names index at expires expiry expiration url uri endpoint path file mode enabled required version method algorithm timeout interval format'.split(
    ' ',
  ),
);
const SAFE_FIRST = new Set(['max', 'min', 'num', 'total', 'prompt', 'completion', 'input', 'output', 'reasoning', 'cached']);

const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g;

const cache = new Map<string, boolean>();
const CACHE_MAX = 4096;

function decide(name: string, context: NameContext): boolean {
  const words = (name.match(WORD) ?? []).map((w) => w.toLowerCase());
  const joined = words.join('');
  if (STRUCTURAL.has(joined)) return true;
  // key1, key2: the placeholder names of filter maps (the API reference's own example).
  if (NOT_SECRET.has(joined) || /^keys?\d+$/.test(joined)) return false;
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  if (words.length > 1 && (SAFE_LAST.has(last) || SAFE_FIRST.has(first))) return false;
  if (context === 'query' && joined === 'code') return true;
  if (SECRET_CODE.test(joined)) return true;
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return SECRET_PARTS.some((part) => joined.includes(part));
}

/** True when a value under this key name (or query parameter name) must not be shown. */
export function isSecretName(name: string, context: NameContext = 'key'): boolean {
  const cacheKey = context === 'query' ? `?${name}` : name;
  let hit = cache.get(cacheKey);
  if (hit === undefined) {
    hit = decide(name, context);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(cacheKey, hit);
  }
  return hit;
}
