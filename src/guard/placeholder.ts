/**
 * Writes of the redaction placeholder are refused: a model that copies a redacted value back would
 * otherwise overwrite the real secret with the literal "[redacted]", and no preview could show it.
 */
import { REDACTED } from '../redact/redact.js';
import { Refusal } from '../errors/refusal.js';
import type { Args } from '../domain/operation.js';

/** The dotted path of the first string in `value` that contains the placeholder, if any. */
export function placeholderPath(value: unknown, path = ''): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (current.includes(REDACTED)) return at;
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) stack.push([child, at ? `${at}.${key}` : key]);
    }
  }
  return undefined;
}

export function refusePlaceholders(args: Args): void {
  const { ConfirmationToken: _token, ...sent } = args;
  const at = placeholderPath(sent);
  if (at === undefined) return;
  throw new Refusal(
    `Not sent: ${at} contains "${REDACTED}", the placeholder this server shows instead of a secret. Sending it would overwrite the real value with the placeholder. Leave that field out to keep the current value, or give the real new value.`,
    'RedactedPlaceholder',
  );
}
