/**
 * The confirmation decision, as a pure function of the situation: which mode applies, whether the
 * client can ask a person, and whether the call carries a token. guard/enforce.ts carries it out.
 */
import type { ConfirmMode } from '../config/config.js';

export type Mode = Exclude<ConfirmMode, 'auto'>;

export interface Situation {
  /** The configured mode. */
  configured: ConfirmMode;
  /** The client declared form elicitation. */
  canElicit: boolean;
  /** The call carries a ConfirmationToken. */
  hasToken: boolean;
}

export type Decision =
  /** Send without asking (mode none). */
  | { step: 'send'; mode: Mode }
  /** Check and consume the token; send only if it holds. */
  | { step: 'redeem'; mode: Mode }
  /** Preview, then return a token instead of sending. */
  | { step: 'issue-token'; mode: Mode }
  /** Preview, then ask the person and send only on their yes. */
  | { step: 'ask'; mode: Mode }
  /** Send nothing; say why. */
  | { step: 'refuse'; mode: Mode; code: string; message: string };

/** The mode a call runs in, once the client's capabilities are known. */
export function effectiveMode(configured: ConfirmMode, canElicit: boolean): Mode {
  return configured === 'auto' ? (canElicit ? 'elicit' : 'token') : configured;
}

const NO_ELICITATION =
  'Not sent: this server asks a person to approve every write (--confirm elicit), but the connected client does not support form elicitation. Use a client that supports elicitation, or start the server with --confirm token (the assistant shows a preview and calls again with a token).';

export function decide(s: Situation): Decision {
  const mode = effectiveMode(s.configured, s.canElicit);
  switch (mode) {
    case 'none':
      return { step: 'send', mode };
    case 'token':
      return { step: s.hasToken ? 'redeem' : 'issue-token', mode };
    case 'elicit':
      if (!s.canElicit) return { step: 'refuse', mode, code: 'ConfirmationUnavailable', message: NO_ELICITATION };
      return { step: 'ask', mode };
  }
}
