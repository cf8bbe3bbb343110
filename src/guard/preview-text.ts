import type { Preview } from '../domain/operation.js';

/** The preview as lines a person reads: the same text in the elicitation, the token note and refusals. */
export function previewText(preview: Preview): string {
  return [
    `${preview.action} on instance ${preview.InstanceId} (status ${preview.Status}, region ${preview.RegionId}):`,
    ...preview.summary.map((line) => `  - ${line}`),
  ].join('\n');
}
