/** What the call-log fetcher's users need, without loading its network modules (node:https pulls in TLS and crypto). */
export type CallLogFetcher = (url: string) => Promise<unknown>;

/** A refusal or failure while fetching a call log; the message is safe to show. */
export class CallLogError extends Error {
  override readonly name = 'CallLogError';
}
