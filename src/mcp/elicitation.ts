/** Asking the person through the client: MCP form elicitation with one required checkbox. */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Asker, Answer } from '../guard/enforce.js';

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

export function elicitingAsker(server: Server, extra: Extra, timeoutMs: number): Asker {
  return {
    available: canElicit(server),
    async ask(message): Promise<Answer> {
      const reply = await server.elicitInput(
        { mode: 'form', message, requestedSchema: CONFIRM_SCHEMA },
        // The signal ends the question when the client cancels the tool call, so a late "yes" sends nothing.
        { relatedRequestId: extra.requestId, timeout: timeoutMs, signal: extra.signal },
      );
      if (reply.action === 'accept') return reply.content?.confirm === true ? 'confirm' : 'decline';
      return reply.action === 'decline' ? 'decline' : 'cancel';
    },
  };
}
