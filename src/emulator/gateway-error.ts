/** Gateway-style errors: what the emulator throws internally and the JSON body it sends. */
import { randomUUID } from 'node:crypto';

/** A failure the emulator answers with `{RequestId, HostId, Code, Message, Recommend}`. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** Upper-case UUID, the shape ICE uses for RequestId. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function errorBody(requestId: string, hostId: string, code: string, message: string): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=ICE&requestId=${requestId}`,
  };
}

export function missingParameter(name: string): GatewayError {
  return new GatewayError(400, 'MissingParameter', `The required parameter "${name}" is missing or empty.`);
}

export function invalidParameter(name: string, expected: string): GatewayError {
  return new GatewayError(400, 'InvalidParameter', `The parameter "${name}" is invalid: ${expected}.`);
}

/**
 * ICE's code for an unknown InstanceId is not documented anywhere public; this one is the
 * emulator's choice, modelled on the gateway's `<Thing>.NotFound` convention.
 */
export function instanceNotFound(instanceId: string): GatewayError {
  return new GatewayError(404, 'InvalidInstanceId.NotFound', `The instance "${instanceId}" does not exist.`);
}

/** Also our choice: the live code for writing to a finished instance is unconfirmed. */
export function incorrectStatus(instanceId: string, status: string): GatewayError {
  return new GatewayError(400, 'IncorrectInstanceStatus', `The instance "${instanceId}" is ${status} and can no longer be changed.`);
}

/** Default code for a fault that names only a status, and default status for one naming only a code. */
export function defaultCodeForStatus(status: number): string {
  if (status === 503) return 'ServiceUnavailable';
  if (status >= 500) return 'InternalError';
  if (status === 429) return 'Throttling.User';
  if (status === 403) return 'Forbidden.RAM';
  if (status === 404) return 'NotFound';
  return 'InvalidParameter';
}

export function defaultStatusForCode(code: string): number {
  if (code === 'ServiceUnavailable') return 503;
  if (code === 'InternalError') return 500;
  if (code.startsWith('Forbidden') || code.startsWith('OperationDenied')) return 403;
  if (code.endsWith('.NotFound')) return 404;
  return 400;
}

/** The code Alibaba's own sample apps show for a bad AIAgentId; the status is our choice. */
export function agentNotFound(aiAgentId: string): GatewayError {
  return new GatewayError(404, 'AgentNotFound', `The AI agent "${aiAgentId}" does not exist.`);
}
