/** What a write returns: structuredContent with the next step, and the preview exactly as the person saw it. */
import type { Preview } from '../domain/operation.js';
import type { Shown } from './render.js';

export interface WriteOutcome {
  structured: Record<string, unknown>;
  /** The preview as shown to the person; already safe (see render.ts), so it is passed on as it is. */
  preview?: Preview;
  /** The preview's lines, for the text block. */
  previewText?: string;
}

/** The next step for the assistant, by status. Everything it must know is in structuredContent. */
export const NEXT = {
  executed: 'Done: ICE accepted the request. Tell the person it was sent.',
  confirmation_required:
    'Nothing was sent. Show this preview to the person and ask whether to proceed. A token proves the preview was shown, not that anyone approved it. Only if they approve, call TOOL again with exactly the same arguments plus ConfirmationToken',
  declined: 'The person declined. Nothing was sent and nothing changed; ask what they want instead.',
  cancelled: 'The person dismissed the approval. Nothing was sent and nothing changed.',
  timed_out: 'Nobody answered the approval in time. Nothing was sent and nothing changed; ask the person before trying again.',
} as const;

export function outcome(structured: Record<string, unknown>, shown?: Shown): WriteOutcome {
  return shown ? { structured, preview: shown.preview, previewText: shown.text } : { structured };
}
