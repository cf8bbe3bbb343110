import type { WireParams } from './types.js';

/**
 * Encodes API parameters the way the official SDK puts them on the wire: every value a string,
 * nested structures as ONE parameter holding JSON (never flattened), absent values left out.
 */
export function toWireParams(params: Record<string, unknown>): WireParams {
  const wire: WireParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    wire[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return wire;
}
