/** The only producers of tool results: one for success, one (the error funnel's) for every refusal and failure. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorText } from '../errors/error-text.js';
import { redact, redactText } from '../redact.js';
import { resourceLinksFor } from '../resources/links.js';

/** structuredContent and the same JSON as text, a note for the assistant, and links to resources. Redacted here. */
export function successResult(structured: Record<string, unknown>, note: string | undefined, configuredRegion: string): CallToolResult {
  const output = redact(structured);
  return {
    content: [
      { type: 'text', text: JSON.stringify(output) },
      ...(note ? [{ type: 'text' as const, text: redactText(note) }] : []),
      ...resourceLinksFor(output, configuredRegion),
    ],
    structuredContent: output,
  };
}

export function errorResult(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: errorText(error) }], isError: true };
}
