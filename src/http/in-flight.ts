/**
 * Counts the client's requests a session's transport received and has not answered yet. HTTP
 * responses cannot tell: with resumable streams a call outlives the POST that carried it (the client
 * reconnects with Last-Event-ID), so the count follows the JSON-RPC messages instead.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse } from '@modelcontextprotocol/sdk/types.js';
import { mayBeRequest, mayBeResponse } from '../mcp/connect.js';

export interface CallHooks {
  started(method: string): void;
  ended(): void;
}

// Key checks first (see src/mcp/connect.ts): these see every message, notifications included.

/** Wraps the transport's message handler and send; call after server.connect(transport). */
export function countCalls(transport: Transport, hooks: CallHooks): void {
  const pending = new Set<string | number>();
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (mayBeRequest(message) && isJSONRPCRequest(message) && !pending.has(message.id)) {
      pending.add(message.id);
      hooks.started(message.method);
    }
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (
      mayBeResponse(message) &&
      (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) &&
      message.id !== undefined &&
      pending.delete(message.id)
    ) {
      hooks.ended();
    }
    return send(message, options);
  };
}
