/**
 * SSE event ids: "<scope>.<stream>.<sequence>". The scope (one per session) is checked on replay, so
 * a client cannot have another session's events replayed to it by naming their id.
 */
export interface EventIdParts {
  stream: string;
  sequence: string;
}

export const eventId = (scope: string, stream: string, sequence: string): string => `${scope}.${stream}.${sequence}`;

/** Splits an id minted for `scope`; undefined for anything else. */
export function parseEventId(scope: string, id: string): EventIdParts | undefined {
  if (!id.startsWith(`${scope}.`)) return undefined;
  const rest = id.slice(scope.length + 1);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  return { stream: rest.slice(0, dot), sequence: rest.slice(dot + 1) };
}

/** The SDK stores an empty message as the stream's priming event; replaying it would only confuse clients. */
export const isPriming = (message: object): boolean => Object.keys(message).length === 0;
