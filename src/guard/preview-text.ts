import type { Preview } from '../domain/operation.js';

/** The preview as lines a person reads: the same text in the elicitation, the token note and refusals. */
export function previewText(preview: Preview): string {
  // A write that creates its instance (an outbound call) has no instance to name yet.
  const target =
    preview.InstanceId === undefined
      ? `(region ${preview.RegionId})`
      : `on instance ${preview.InstanceId} (status ${preview.Status ?? 'unknown'}, region ${preview.RegionId})`;
  return [`${preview.action} ${target}:`, ...preview.summary.map((line) => `  - ${line}`)].join('\n');
}
