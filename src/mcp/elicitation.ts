/** Asking the person through the client: MCP form elicitation with one required checkbox. */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError, type ServerNotification, type ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Ask } from '../guard/enforce.js';

/** What the SDK hands a request handler: the request's id, its cancellation signal. */
export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const CONFIRM_SCHEMA = {
  type: 'object' as const,
  properties: {
    confirm: { type: 'boolean' as const, title: 'Send this change', description: 'Check to send it now; leave unchecked to send nothing.' },
  },
  required: ['confirm'],
};

export const canElicit = (server: Server): boolean => Boolean(server.getClientCapabilities()?.elicitation?.form);

export function elicit(server: Server, extra: Extra, timeoutMs: number): Ask {
  return async (shown) => {
    try {
      const reply = await server.elicitInput(
        { mode: 'form', message: `${shown.text}\n\nSend this now?`, requestedSchema: CONFIRM_SCHEMA },
        // The signal ends the question when the client cancels the tool call, so a late "yes" sends nothing.
        { relatedRequestId: extra.requestId, timeout: timeoutMs, signal: extra.signal },
      );
      if (reply.action === 'accept') return reply.content?.confirm === true ? 'confirm' : 'decline';
      return reply.action === 'decline' ? 'decline' : 'cancel';
    } catch (error) {
      // The client withdrew the tool call while the question was open.
      if (extra.signal.aborted) return 'cancel';
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) return 'timeout';
      throw error;
    }
  };
}
