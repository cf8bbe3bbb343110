/** The one place an error becomes a tool result: code, HTTP status, message, RequestId, next step. */
import { redactText } from '../redact/redact.js';
import { IceError, isThrottlingCode } from './ice-error.js';
import { Refusal } from './refusal.js';

const CREDENTIALS_HELP =
  'check the credentials source: ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS), ALIBABA_CLOUD_PROFILE, ~/.alibabacloud/credentials or the instance RAM role';

/** What to do about a failure, by ICE code (exact, then by prefix). */
export function nextStep(error: IceError): string {
  const { code, action } = error;
  const exact: Record<string, string> = {
    'Forbidden.RAM': `grant the RAM action ice:${action} to the RAM user or role behind these credentials`,
    'Forbidden.SubscriptionRequired': 'enable real-time conversational AI in your Intelligent Media Services edition',
    OperationDenied: 'activate Intelligent Media Services (ICE) for this account',
    'OperationDenied.Suspended': 'the account is suspended (usually overdue payment): settle it in the billing console',
    InvalidCredentials: `provide Alibaba Cloud credentials: ${CREDENTIALS_HELP}; or try --sandbox without an account`,
    'InvalidTimeStamp.Expired': "the machine's clock is off by more than 15 minutes: synchronise it (NTP)",
    SignatureNonceUsed: 'a request was replayed; retry once, and check for a proxy that repeats requests',
    MissingParameter: 'add the missing parameter the message names',
    InvalidParameter: 'correct the parameter the message names',
    IncorrectInstanceStatus: 'the instance has finished; start a new one, or list instances to find a live one',
    RequestTimeout: 'retry later, or raise --timeout-ms / ICE_TIMEOUT_MS',
    NetworkError: 'check network access to the ICE endpoint (--endpoint / ICE_ENDPOINT, --region)',
    InvalidResponse: 'a gateway or proxy between here and ICE failed; retry later',
  };
  if (exact[code]) return exact[code];
  if (code.startsWith('InvalidAccessKeyId') || code === 'SignatureDoesNotMatch' || code.startsWith('InvalidSecurityToken')) {
    return CREDENTIALS_HELP;
  }
  if (isThrottlingCode(code)) return 'slow down: wait a few seconds before the next call';
  if (/NotFound$/.test(code)) return 'check the id; ice_list_agent_instances shows the instances of an agent';
  if ((error.httpStatus ?? 0) >= 500) return 'the service failed; retry later';
  return 'see the message above';
}

// Values are redacted one by one, not the assembled text: the framing ("Code: message") would read as
// a `key: value` pair to the text rules, and a code such as NoSession would cost the message its
// first word.
function iceErrorText(error: IceError): string {
  const head = `ICE error ${redactText(error.code)}${error.httpStatus ? ` (HTTP ${error.httpStatus})` : ''} from ${error.action}`;
  const lines = [`${head}: ${redactText(error.message)}`];
  if (error.requestId) lines.push(`RequestId: ${redactText(error.requestId)}`);
  if (error.attempts > 1) lines.push(`Tried ${error.attempts} times (retried ${error.attempts - 1}) before giving up.`);
  if (error.ambiguous) {
    lines.push(
      'Outcome unknown: the request may have reached ICE and taken effect. It was not retried automatically; read the instance (ice_describe_agent_instance) before trying again.',
    );
  } else if (error.write) {
    lines.push(
      error.kind === 'service'
        ? 'Not applied: ICE refused the request, so nothing changed.'
        : 'Not applied: the request never reached ICE.',
    );
  }
  lines.push(`Next step: ${nextStep(error)}.`);
  return lines.join('\n');
}

/** Formats any thrown value as the text of an `isError` result. Never a stack, URL query or key. */
export function errorText(error: unknown): string {
  if (error instanceof IceError) return iceErrorText(error);
  // A refusal that carries a preview shows the caller's values exactly, like every preview (guard/render.ts).
  if (error instanceof Refusal) return `${error.code}: ${error.verbatim ? error.message : redactText(error.message)}`;
  return 'InternalError: the server failed unexpectedly while handling this call. Nothing more is known; the server keeps running.';
}
