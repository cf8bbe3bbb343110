/**
 * The confirmation decision, a pure function of the situation: the configured mode, what the client
 * and this machine can do to reach a person, and whether the call carries a token. enforce.ts
 * carries it out. `auto` never picks token mode: a token proves a preview, not a person.
 */
import type { ConfirmMode } from '../config/config.js';

export interface Situation {
  configured: ConfirmMode;
  /** The client declared form elicitation. */
  canElicit: boolean;
  /** An approval page can be opened in the person's browser (and, for auto, the server runs on stdio). */
  canBrowse: boolean;
  /** The call carries a ConfirmationToken. */
  hasToken: boolean;
}

export type Decision =
  /** Mode none: send without asking. */
  | { step: 'send'; mode: 'none' }
  /** Check and consume the token; send only if it holds and the instance is as previewed. */
  | { step: 'redeem'; mode: 'token' }
  /** Preview, then return a token instead of sending. */
  | { step: 'issue-token'; mode: 'token' }
  /** Preview, then ask the person; send only on their yes. */
  | { step: 'ask'; mode: 'elicit' | 'browser' }
  /** Send nothing; say why and how to enable writes. */
  | { step: 'refuse'; mode: ConfirmMode; code: string; message: string };

const HOW_TO_ENABLE =
  'To enable writes: use a client that supports form elicitation; or run the server on stdio on your desktop, where it opens an approval page in your browser (ICE_MCP_BROWSER chooses the browser command); or start it with --confirm token, where the assistant shows a preview and calls again with a token (previewed, not approved by a person).';

const UNAVAILABLE: Record<'auto' | 'elicit' | 'browser', string> = {
  auto: `Not sent: every write needs a person's approval, and there is no way to ask one here: the client does not support form elicitation and the server cannot open an approval page in a browser. ${HOW_TO_ENABLE}`,
  elicit: `Not sent: this server asks a person to approve every write through the client (--confirm elicit), but the connected client does not support form elicitation. ${HOW_TO_ENABLE}`,
  browser: `Not sent: this server asks a person to approve every write in a browser (--confirm browser), but it cannot open one here (no desktop session, and ICE_MCP_BROWSER is not set). ${HOW_TO_ENABLE}`,
};

const refuse = (mode: 'auto' | 'elicit' | 'browser'): Decision => ({
  step: 'refuse',
  mode,
  code: 'ConfirmationUnavailable',
  message: UNAVAILABLE[mode],
});

export function decide(s: Situation): Decision {
  switch (s.configured) {
    case 'none':
      return { step: 'send', mode: 'none' };
    case 'token':
      return { step: s.hasToken ? 'redeem' : 'issue-token', mode: 'token' };
    case 'elicit':
      return s.canElicit ? { step: 'ask', mode: 'elicit' } : refuse('elicit');
    case 'browser':
      return s.canBrowse ? { step: 'ask', mode: 'browser' } : refuse('browser');
    case 'auto':
      if (s.canElicit) return { step: 'ask', mode: 'elicit' };
      return s.canBrowse ? { step: 'ask', mode: 'browser' } : refuse('auto');
  }
}

/** The mode an attempt is audited under, before its arguments are known. */
export const modeOf = (s: Omit<Situation, 'hasToken'>): string => decide({ ...s, hasToken: false }).mode;
