/**
 * What a person is shown of a preview. The `from` side of each change is redacted (it is the cloud's
 * data); the `to` side is shown exactly as it will be sent (it is the caller's own). Every value goes
 * through util/visible.ts, so hidden characters show as escapes and nothing can forge a line.
 */
import type { FieldChange, Preview } from '../domain/operation.js';
import { redact } from '../redact/redact.js';
import { canonicalJson } from '../util/canonical-json.js';
import { hasHidden, shown } from '../util/visible.js';

export interface Shown {
  /** The preview as it may leave the server: every `from` redacted. */
  preview: Preview;
  /** The lines a person reads (elicitation, browser page, token note). */
  text: string;
  /** The raw `from` values, canonical: an approval holds only while they are unchanged. Never leaves the server. */
  basis: string;
}

const HIDDEN_NOTE =
  'Note: the new values contain invisible or direction-changing characters; they are shown above as <U+...> or \\n escapes.';

function hiddenIn(value: unknown): boolean {
  if (typeof value === 'string') return hasHidden(value);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hiddenIn);
  return false;
}

/** The preview's own fields beside the changes (a speech's Text, say): the caller's values. */
function callerFields(preview: Preview): Record<string, unknown> {
  const { summary: _summary, changes: _changes, ...rest } = preview;
  return rest;
}

export function render(preview: Preview): Shown {
  const changes: FieldChange[] = preview.changes ?? [];
  const safe = changes.map((c) => ({ field: c.field, from: redact(c.from), to: c.to }));
  const lines = [
    ...safe.map((c) => `${c.field}: ${shown(c.from)} -> ${shown(c.to)}`),
    ...preview.summary,
    ...(hiddenIn(changes.map((c) => c.to)) || hiddenIn(callerFields(preview)) ? [HIDDEN_NOTE] : []),
  ];
  // A write that creates its instance (an outbound call) has no instance to name yet.
  const target =
    preview.InstanceId === undefined
      ? `(region ${preview.RegionId})`
      : `on instance ${preview.InstanceId} (status ${preview.Status ?? 'unknown'}, region ${preview.RegionId})`;
  const header = `${preview.action} ${target}:`;
  return {
    preview: { ...preview, ...(preview.changes ? { changes: safe } : {}), summary: lines },
    text: [header, ...lines.map((line) => `  - ${line}`)].join('\n'),
    basis: canonicalJson(changes.map((c) => [c.field, c.from])),
  };
}
