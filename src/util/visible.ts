/**
 * Text as a person must see it in a preview: quoted, with every character that could hide or fake
 * something (controls, line breaks, bidirectional overrides, zero-width and tag characters) turned
 * into a visible escape, so "\u202E001$" cannot render as "$100" and a newline cannot forge a line.
 */

// Cc: controls (incl. \n \r \t); Cf: format characters (bidi overrides and isolates, zero-width, tags,
// BOM); Zl/Zp: U+2028/U+2029. Variation selectors and emoji joiners are Cf or Mn; only Cf is escaped.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The code point as <U+XXXX>. */
const codeOf = (ch: string): string => `<U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`;

/** Whether `s` holds anything `visible` would escape. */
export const hasHidden = (s: string): boolean => new RegExp(HIDDEN.source, 'u').test(s);

/** `s` with hidden characters made visible (no quotes added). */
export function visible(s: string): string {
  return s.replace(HIDDEN, (ch) => NAMED[ch] ?? codeOf(ch));
}

/** How much of one value a preview line shows before cutting (with the full size said). */
export const SHOWN_LIMIT = 4000;

/** A string in double quotes, escaped as above, cut at `limit` code points with its full length stated. */
export function quote(s: string, limit = SHOWN_LIMIT): string {
  const points = Array.from(s);
  const cut = points.length > limit;
  const body = visible((cut ? points.slice(0, limit).join('') : s).replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return cut ? `"${body}"… (cut here; ${points.length} characters in all)` : `"${body}"`;
}

/** Any JSON value for a preview line: strings quoted, the rest as JSON, both escaped and cut. */
export function shown(value: unknown, limit = SHOWN_LIMIT): string {
  if (value === undefined || value === null) return '(not set)';
  if (typeof value === 'string') return quote(value, limit);
  const json = JSON.stringify(value);
  const points = Array.from(json);
  return points.length > limit
    ? `${visible(points.slice(0, limit).join(''))}… (cut here; ${points.length} characters in all)`
    : visible(json);
}
