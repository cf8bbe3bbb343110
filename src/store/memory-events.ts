/** An in-memory SSE event store for one session, bounded per stream. */
import type { EventId, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { eventId, isPriming, parseEventId } from './event-ids.js';

/** Enough for any one request's stream (a progress note a second for an approval, plus the answer). */
export const EVENTS_PER_STREAM = 1000;

export class MemoryEvents {
  private readonly streams = new Map<StreamId, { sequence: number; message: JSONRPCMessage }[]>();
  private next = 1;

  constructor(private readonly scope: string) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    let events = this.streams.get(streamId);
    if (!events) this.streams.set(streamId, (events = []));
    const sequence = this.next++;
    events.push({ sequence, message });
    if (events.length > EVENTS_PER_STREAM) events.shift();
    return eventId(this.scope, streamId, String(sequence));
  }

  async getStreamIdForEventId(id: EventId): Promise<StreamId | undefined> {
    const parts = parseEventId(this.scope, id);
    return parts && this.streams.has(parts.stream) ? parts.stream : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (id: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const parts = parseEventId(this.scope, lastEventId);
    const events = parts ? this.streams.get(parts.stream) : undefined;
    if (!parts || !events) return '';
    const after = Number(parts.sequence);
    for (const event of events) {
      if (event.sequence > after && !isPriming(event.message))
        await send(eventId(this.scope, parts.stream, String(event.sequence)), event.message);
    }
    return parts.stream;
  }

  dispose(): void {
    this.streams.clear();
  }
}
