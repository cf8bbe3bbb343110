/**
 * server.connect, with each request handed to the SDK's request handling without the two failed
 * checks before it. The Protocol tells a message's kind by trying, in order, the result-response,
 * error-response, request and notification schemas; a failed zod parse builds an Error with its stack,
 * so every request paid for two of them (~40 µs on a 2-core VM, more than the rest of the SDK's
 * path). Both response schemas require `result` or `error`: a message with neither cannot be a
 * response, so for it the SDK goes on to the request check, exactly as here. Anything else takes the
 * SDK's own route, untouched.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isJSONRPCRequest, type JSONRPCMessage, type JSONRPCRequest, type MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';

/** The Protocol's own request entry point (private in its types). */
interface RequestEntry {
  _onrequest?: (request: JSONRPCRequest, extra?: MessageExtraInfo) => void;
}

/**
 * Key checks that a message must pass to be a request or a response: cheap, so the failed zod checks
 * are skipped for the messages that cannot pass them (http/in-flight.ts uses them too).
 */
export const mayBeRequest = (m: JSONRPCMessage | null): boolean => typeof m === 'object' && m !== null && 'method' in m && 'id' in m;
export const mayBeResponse = (m: JSONRPCMessage | null): boolean => typeof m === 'object' && m !== null && ('result' in m || 'error' in m);

/**
 * Connects `server` to `transport`. Resolves to "direct" when requests take the short route, "sdk"
 * when this SDK has no request entry point to hand them to (every message then takes the SDK's route).
 */
export async function connect(server: McpServer, transport: Transport): Promise<'direct' | 'sdk'> {
  const earlier = transport.onmessage;
  await server.connect(transport);
  const sdkRoute = transport.onmessage;
  const protocol = server.server as unknown as RequestEntry;
  const onrequest = protocol._onrequest;
  if (!sdkRoute || typeof onrequest !== 'function') return 'sdk';
  transport.onmessage = (message, extra) => {
    if (mayBeRequest(message) && !mayBeResponse(message) && isJSONRPCRequest(message)) {
      earlier?.(message, extra); // what the SDK's route calls first
      onrequest.call(protocol, message, extra);
    } else sdkRoute(message, extra);
  };
  return 'direct';
}
