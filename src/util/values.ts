/** Small checks on untyped values, shared by every layer. */

/** A JSON object: not null, not an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string, or undefined. */
export const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Unicode code points in `s` (what JSON Schema's maxLength counts), not UTF-16 units. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * The dotted path of the first own "__proto__" key in a value (JSON.parse creates such keys).
 * Anything that later copies the object by assignment would turn it into a prototype, and the values
 * behind it would dodge validation, so every layer refuses it the same way.
 */
export function protoKeyPath(value: unknown, path = ''): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop() as [unknown, string];
    if (typeof current !== 'object' || current === null) continue;
    if (!Array.isArray(current) && Object.prototype.hasOwnProperty.call(current, '__proto__')) return at ? `${at}.__proto__` : '__proto__';
    for (const [key, child] of Object.entries(current)) stack.push([child, at ? `${at}.${key}` : key]);
  }
  return undefined;
}

/** Whether any path in `value` goes deeper than `limit` objects or arrays (checked without recursion). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
