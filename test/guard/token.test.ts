import { describe, expect, it } from 'vitest';
import { ConfirmationTokens } from '../../src/guard/token.js';

const TTL = 5 * 60_000;
const TOOL = 'ice_update_agent_instance';
const ARGS = '{"AgentConfig":{"Volume":120},"InstanceId":"i-1","RegionId":"cn-shanghai"}';

/** A clock tests can move. */
function clock(start = Date.UTC(2025, 6, 18, 6, 39, 8)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const refusedBecause = (check: ReturnType<ConfirmationTokens['redeem']>): string => {
  expect(check.ok).toBe(false);
  return check.ok ? '' : check.reason;
};

describe('ConfirmationTokens', () => {
  it('issues a v1 token with its expiry and redeems it for the same tool and arguments', () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token, expiresAt } = tokens.issue(TOOL, ARGS);
    expect(token).toMatch(/^v1\.\d{13}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(new Date(c.now() + TTL).toISOString());
    expect(token.split('.')[1]).toBe(String(c.now() + TTL));
    c.advance(TTL - 1);
    expect(tokens.redeem(TOOL, ARGS, token)).toEqual({ ok: true });
  });

  it('accepts a token once', () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(true);
    expect(refusedBecause(tokens.redeem(TOOL, ARGS, token))).toMatch(/already used/);
  });

  it('refuses a token at and after its expiry', () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    c.advance(TTL);
    expect(refusedBecause(tokens.redeem(TOOL, ARGS, token))).toMatch(/expired/);
    c.advance(60_000);
    expect(refusedBecause(tokens.redeem(TOOL, ARGS, token))).toMatch(/expired/);
  });

  it('keeps refusing a used token after the used-list is pruned (expiry still guards it)', () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(true);
    c.advance(TTL + 1);
    tokens.issue(TOOL, ARGS); // prunes
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(false);
  });

  it('refuses a token for another tool, naming the tool it was issued for, and it stays usable for its own', () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect(refusedBecause(tokens.redeem('ice_send_agent_speech', ARGS, token))).toMatch(
      /issued for ice_update_agent_instance, not ice_send_agent_speech/,
    );
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(true);
  });

  it('refuses changed arguments, and the token stays usable for the previewed ones', () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    const changed = ARGS.replace('120', '121');
    expect(refusedBecause(tokens.redeem(TOOL, changed, token))).toMatch(/arguments differ/);
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(true);
  });

  it('refuses truncated and malformed tokens', () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    for (const bad of [token.slice(0, -1), token.slice(0, 20), `${token}A`, '', 'v1', token.replace(/^v1/, 'v2'), ` ${token}`]) {
      expect(refusedBecause(tokens.redeem(TOOL, ARGS, bad))).toMatch(/malformed or truncated/);
    }
    expect(tokens.redeem(TOOL, ARGS, token).ok).toBe(true);
  });

  it('refuses forged tokens: a changed mac, a moved expiry, a changed nonce', () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    const [v, expiry, nonce, mac] = token.split('.') as [string, string, string, string];
    const flip = (s: string): string => (s.endsWith('A') ? `${s.slice(0, -1)}B` : `${s.slice(0, -1)}A`);
    const laterExpiry = String(Number(expiry) + 24 * 3_600_000);
    const forged = [
      [v, expiry, nonce, flip(mac)],
      [v, laterExpiry, nonce, mac],
      [v, expiry, flip(nonce), mac],
    ].map((parts) => parts.join('.'));
    for (const bad of forged) expect(tokens.redeem(TOOL, ARGS, bad).ok).toBe(false);
    // A token built without the key for arguments never issued.
    const invented = `v1.${Number(expiry)}.${'A'.repeat(16)}.${'B'.repeat(43)}`;
    expect(refusedBecause(tokens.redeem(TOOL, ARGS, invented))).toMatch(/forged/);
    // A moved expiry cannot outlive the real one.
    c.advance(TTL + 1);
    expect(tokens.redeem(TOOL, ARGS, [v, laterExpiry, nonce, mac].join('.')).ok).toBe(false);
  });

  it("with a shared key, two instances (replicas) accept each other's tokens", () => {
    const c = clock();
    const key = 'a-shared-key-of-at-least-16-chars';
    const a = new ConfirmationTokens(key, TTL, c.now);
    const b = new ConfirmationTokens(key, TTL, c.now);
    const fromA = a.issue(TOOL, ARGS).token;
    const fromB = b.issue(TOOL, ARGS).token;
    expect(b.redeem(TOOL, ARGS, fromA).ok).toBe(true);
    expect(a.redeem(TOOL, ARGS, fromB).ok).toBe(true);
    // Another replica still checks the arguments, without knowing what was issued.
    const other = a.issue(TOOL, ARGS).token;
    expect(refusedBecause(b.redeem(TOOL, ARGS.replace('120', '1'), other))).toMatch(/not issued for these arguments/);
  });

  it("with random keys, instances refuse each other's tokens", () => {
    const c = clock();
    const a = new ConfirmationTokens(undefined, TTL, c.now);
    const b = new ConfirmationTokens(undefined, TTL, c.now);
    const fromA = a.issue(TOOL, ARGS).token;
    expect(b.redeem(TOOL, ARGS, fromA).ok).toBe(false);
    // and a different shared key is not the same key
    const k1 = new ConfirmationTokens('key-one-key-one-key-one', TTL, c.now);
    const k2 = new ConfirmationTokens('key-two-key-two-key-two', TTL, c.now);
    expect(k2.redeem(TOOL, ARGS, k1.issue(TOOL, ARGS).token).ok).toBe(false);
    expect(a.redeem(TOOL, ARGS, fromA).ok).toBe(true);
  });

  it('issues distinct tokens for identical calls, each usable once', () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const first = tokens.issue(TOOL, ARGS).token;
    const second = tokens.issue(TOOL, ARGS).token;
    expect(second).not.toBe(first);
    expect(tokens.redeem(TOOL, ARGS, second).ok).toBe(true);
    expect(tokens.redeem(TOOL, ARGS, first).ok).toBe(true);
    expect(tokens.redeem(TOOL, ARGS, first).ok).toBe(false);
  });
});
