import { redactText } from '../redact/redact.js';
import type { IceError } from './ice-error.js';

/**
 * The stderr line for a failed cloud call, so an operator tailing the logs sees what the assistant
 * saw: action, code, HTTP status and RequestId (what support asks for), not the service's message.
 */
export function failureLogLine(tool: string, error: IceError): string {
  const status = error.httpStatus ? ` (HTTP ${error.httpStatus})` : '';
  const requestId = error.requestId ? ` RequestId ${error.requestId}` : '';
  return `${redactText(`ice-agent-mcp: ${tool}: ${error.action} failed: ${error.code}${status}${requestId}`)}\n`;
}
