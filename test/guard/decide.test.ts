/** The confirmation decision, case by case: one row per (mode, elicitation, browser, token). */
import { describe, expect, it } from 'vitest';
import type { ConfirmMode } from '../../src/config/config.js';
import { decide, modeOf, type Decision } from '../../src/guard/decide.js';

type Row = [ConfirmMode, { elicit: boolean; browse: boolean; token: boolean }, Decision['step'], string];

const ROWS: Row[] = [
  // auto: a person through the client first, then a browser page, else refused; never a token.
  ['auto', { elicit: true, browse: true, token: false }, 'ask', 'elicit'],
  ['auto', { elicit: true, browse: false, token: false }, 'ask', 'elicit'],
  ['auto', { elicit: false, browse: true, token: false }, 'ask', 'browser'],
  ['auto', { elicit: false, browse: false, token: false }, 'refuse', 'auto'],
  ['auto', { elicit: false, browse: false, token: true }, 'refuse', 'auto'],
  ['auto', { elicit: true, browse: false, token: true }, 'ask', 'elicit'],
  // elicit: only through the client.
  ['elicit', { elicit: true, browse: true, token: false }, 'ask', 'elicit'],
  ['elicit', { elicit: false, browse: true, token: false }, 'refuse', 'elicit'],
  ['elicit', { elicit: true, browse: false, token: true }, 'ask', 'elicit'],
  // browser: only through a page, even when the client could elicit.
  ['browser', { elicit: true, browse: true, token: false }, 'ask', 'browser'],
  ['browser', { elicit: true, browse: false, token: false }, 'refuse', 'browser'],
  ['browser', { elicit: false, browse: true, token: true }, 'ask', 'browser'],
  // token: chosen explicitly; a token is redeemed, its absence gets one.
  ['token', { elicit: true, browse: true, token: false }, 'issue-token', 'token'],
  ['token', { elicit: false, browse: false, token: true }, 'redeem', 'token'],
  // none: unattended.
  ['none', { elicit: true, browse: true, token: false }, 'send', 'none'],
  ['none', { elicit: false, browse: false, token: true }, 'send', 'none'],
];

describe('decide', () => {
  it.each(ROWS)('%s with %j -> %s (%s)', (configured, can, step, mode) => {
    const decision = decide({ configured, canElicit: can.elicit, canBrowse: can.browse, hasToken: can.token });
    expect(decision.step).toBe(step);
    expect(decision.mode).toBe(mode);
    expect(modeOf({ configured, canElicit: can.elicit, canBrowse: can.browse })).toBe(mode);
  });

  it('every refusal names the ways to enable writes, token mode as previewed-not-approved', () => {
    for (const configured of ['auto', 'elicit', 'browser'] as const) {
      const decision = decide({ configured, canElicit: false, canBrowse: false, hasToken: false });
      expect(decision.step).toBe('refuse');
      if (decision.step !== 'refuse') continue;
      expect(decision.code).toBe('ConfirmationUnavailable');
      expect(decision.message).toMatch(/^Not sent: /);
      expect(decision.message).toMatch(/form elicitation/);
      expect(decision.message).toMatch(/ICE_MCP_BROWSER/);
      expect(decision.message).toMatch(/--confirm token.*previewed, not approved by a person/);
    }
  });
});
