/**
 * Bounded outputs: a JSON value whose serialized form is over a size limit is cut to fit, with a
 * note saying what was left out and how to get it. Pure; the caller decides where it applies (tool
 * results, resources, prompts) and what "how to get it" is for that output.
 *
 * The cut keeps the shape: every array keeps its first k items, every object its first k entries,
 * every string its first 64k characters, with about the largest k that fits (found by doubling,
 * then narrowing, so the candidates stay near the limit in size whatever the input's). Leading items
 * are kept because lists are ordered (newest instances first, oldest dialogue first).
 */

/** The default limit: serialized UTF-8 bytes of JSON. */
export const OUTPUT_LIMIT_BYTES = 256 * 1024;
const CHARS_PER_STEP = 64;
const MAX_LISTED = 20;

export interface Omission {
  /** Where, as a JSON path: $.Instances, $.Instance.UserData. */
  path: string;
  unit: 'items' | 'entries' | 'characters';
  kept: number;
  total: number;
}

export interface OutputNote {
  limitBytes: number;
  originalBytes: number;
  keptBytes: number;
  /** The first places that were cut; `moreOmissions` counts the rest. */
  omitted: Omission[];
  moreOmissions: number;
  howToGetMore: string;
  /** One sentence for a person or a model. */
  text: string;
}

export interface LimitedOutput {
  value: unknown;
  truncated: boolean;
  /** Present when `truncated`. */
  note?: OutputNote;
}

export interface LimitOptions {
  limitBytes?: number;
  /** What the reader can do to see the rest, e.g. "read ice://instances/<id>" or "use PageNumber". */
  howToGetMore?: string;
}

const DEFAULT_HOW = 'ask for less at once: a smaller PageSize, a narrower time window, Detail "summary", or one instance at a time';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

function cutString(s: string, max: number): string {
  if (s.length <= max) return s;
  // Never split a surrogate pair: the half would not be valid text.
  const end = max > 0 && /[\uD800-\uDBFF]/.test(s[max - 1] ?? '') ? max - 1 : max;
  return `${s.slice(0, end)}…[cut: ${s.length - end} more characters]`;
}

function cut(value: unknown, k: number, path: string, omitted: Omission[]): unknown {
  if (typeof value === 'string') {
    const max = k * CHARS_PER_STEP;
    if (value.length > max) omitted.push({ path, unit: 'characters', kept: max, total: value.length });
    return cutString(value, max);
  }
  if (Array.isArray(value)) {
    if (value.length > k) omitted.push({ path, unit: 'items', kept: k, total: value.length });
    return value.slice(0, k).map((item, i) => cut(item, k, `${path}[${i}]`, omitted));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > k) omitted.push({ path, unit: 'entries', kept: k, total: entries.length });
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries.slice(0, k)) {
      const next = cut(item, k, /^[A-Za-z_]\w*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, omitted);
      // Plain assignment, except for a "__proto__" key, which it would turn into the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
      else out[key] = next;
    }
    return out;
  }
  return value;
}

/** Cuts `value` to fit `limitBytes` of serialized JSON; returns it untouched when it fits already. */
export function limitOutput(value: unknown, options: LimitOptions = {}): LimitedOutput {
  const limitBytes = options.limitBytes ?? OUTPUT_LIMIT_BYTES;
  const originalBytes = bytesOf(value);
  if (originalBytes <= limitBytes) return { value, truncated: false };

  // The note itself takes room: aim below the limit so value and note together still fit.
  const budget = Math.max(0, limitBytes - 4096);
  // k never needs to pass half the input's size: a list item takes at least two bytes with its comma.
  const maxK = Math.max(1, Math.ceil(originalBytes / 2));
  const tried = (k: number): { value: unknown; omitted: Omission[]; bytes: number } => {
    const omitted: Omission[] = [];
    const candidate = cut(value, k, '$', omitted);
    return { value: candidate, omitted, bytes: bytesOf(candidate) };
  };
  const none: Omission[] = [];
  const bare = cut(value, 0, '$', none);
  let best = { value: bare, omitted: none, bytes: bytesOf(bare) };
  // A large enough k (within 1/64 of the largest that fits): doubling from 1, then narrowing the gap.
  // A larger k keeps more, so candidates stay within a few times the budget, however large the input
  // (cutting 1 MB to 64 KiB serializes a few hundred KiB in all, not 1 MB twenty times). Each
  // narrowing step aims where the budget falls between the two sizes known, as if size grew linearly
  // with k (it grows faster where lists hold long strings or lists), kept an eighth of the gap away
  // from either end so that the gap always shrinks.
  let fits = 0;
  let fitsBytes = 0;
  let over = maxK + 1;
  let overBytes = Number.POSITIVE_INFINITY;
  const record = (k: number): void => {
    const t = tried(k);
    if (t.bytes <= budget) {
      best = t;
      fits = k;
      fitsBytes = t.bytes;
    } else {
      over = k;
      overBytes = t.bytes;
    }
  };
  for (let k = 1; k <= maxK && over > maxK; k *= 2) record(k);
  while (over - fits > Math.max(1, Math.floor(fits / 64))) {
    const gap = over - fits;
    const aim = Number.isFinite(overBytes) ? fits + (gap * (budget - fitsBytes)) / (overBytes - fitsBytes) : fits + gap / 2;
    const margin = Math.max(1, Math.floor(gap / 8));
    record(Math.min(over - margin, Math.max(fits + margin, Math.floor(aim))));
  }
  const keptBytes = best.bytes;
  const howToGetMore = options.howToGetMore ?? DEFAULT_HOW;
  const first = best.omitted[0];
  const text =
    `This output was ${originalBytes} bytes of JSON, over the ${limitBytes}-byte limit, so it was cut to ${keptBytes} bytes` +
    (first ? ` (for example ${first.path} keeps ${first.kept} of ${first.total} ${first.unit})` : '') +
    `. To see the rest: ${howToGetMore}.`;
  return {
    value: best.value,
    truncated: true,
    note: {
      limitBytes,
      originalBytes,
      keptBytes,
      omitted: best.omitted.slice(0, MAX_LISTED),
      moreOmissions: Math.max(0, best.omitted.length - MAX_LISTED),
      howToGetMore,
      text,
    },
  };
}

/**
 * The JSON text of `value` within the limit: when cut, an object gets the note as `Truncated` (a
 * string, so an assistant that reads only text sees it too) and anything else is wrapped with it.
 */
export function boundedJson(value: unknown, howToGetMore: string): { value: unknown; text: string; bytes: number } {
  // Serialized once when it fits (almost always): the text is the answer, and its size the test.
  const whole = JSON.stringify(value) ?? '';
  const bytes = Buffer.byteLength(whole, 'utf8');
  if (bytes <= OUTPUT_LIMIT_BYTES) return { value, text: whole, bytes };
  const limited = limitOutput(value, { howToGetMore });
  if (!limited.truncated || !limited.note) return { value, text: whole, bytes };
  const note = limited.note.text;
  const cut = limited.value;
  const out =
    typeof cut === 'object' && cut !== null && !Array.isArray(cut) ? { ...cut, Truncated: note } : { Truncated: note, Value: cut };
  const text = JSON.stringify(out);
  return { value: out, text, bytes: Buffer.byteLength(text, 'utf8') };
}
