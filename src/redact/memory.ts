/**
 * What redaction remembers across calls: the secret values this process holds, and the strings a
 * full check found clean. Kept apart so the walk stays a pure function of its input and this state.
 */

/** What every secret is replaced with, in every output. */
export const REDACTED = '[redacted]';

/** Values shorter than this are ignored: replacing them would garble text and protect nothing. */
export const MIN_SECRET = 4;

const known = new Set<string>();

/**
 * Strings proven clean by the full check (never by a partial one). Lists repeat the same prompts,
 * URLs and JSON in every instance; remembering them keeps a 100-instance list near a plain copy.
 */
const clean = new Set<string>();
const CLEAN_MAX_ENTRIES = 4096;
const CLEAN_MAX_LENGTH = 4096;

/** Registers values this process holds (AccessKey secret, security token) so no output shows them. */
export function addKnownSecrets(values: Iterable<string | undefined>): void {
  let added = false;
  for (const value of values) {
    if (value === undefined || value.length < MIN_SECRET || known.has(value)) continue;
    known.add(value);
    added = true;
  }
  // A string found clean before may hold a value that is secret from now on. Adding a value already
  // known (each signed call reports its credential again) keeps the cache.
  if (added) clean.clear();
}

export const isClean = (s: string): boolean => clean.has(s);

/** When full, the older half goes: ids seen once must not push out what every instance repeats. */
export function remember(s: string): void {
  if (s.length > CLEAN_MAX_LENGTH) return;
  if (clean.size >= CLEAN_MAX_ENTRIES) {
    const newer = [...clean].slice(CLEAN_MAX_ENTRIES / 2);
    clean.clear();
    for (const kept of newer) clean.add(kept);
  }
  clean.add(s);
}

export function hasKnown(s: string): boolean {
  for (const secret of known) if (s.includes(secret)) return true;
  return false;
}

/** `s` with every value of `secrets` (default: the registered ones) replaced. */
export function replaceKnown(s: string, secrets: Iterable<string> = known): string {
  let out = s;
  for (const secret of secrets) if (secret.length >= MIN_SECRET && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
