/** A stable text form of tool arguments, for confirmation tokens and audit digests. */
import { lazyCrypto } from './lazy-crypto.js';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth; arrays keep their order.
 * Follows JSON.stringify otherwise: undefined properties are dropped, undefined in arrays and
 * non-finite numbers become null, `toJSON` is honoured. Throws on a cycle, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set()) ?? 'null';
}

function write(value: unknown, path: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON');
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols
  }
  const obj = value as object;
  if (path.has(obj)) throw new TypeError('canonicalJson: cyclic value');
  path.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((item: unknown) => write(item, path) ?? 'null').join(',')}]`;
  } else {
    const record = obj as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = write(record[key], path);
      if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
    }
    out = `{${parts.join(',')}}`;
  }
  path.delete(obj);
  return out;
}

/** Lower-case hex SHA-256 of a UTF-8 string. */
export function sha256Hex(s: string): string {
  return lazyCrypto().createHash('sha256').update(s, 'utf8').digest('hex');
}
