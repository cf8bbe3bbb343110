import { describe, expect, it } from 'vitest';
import { ConfirmationTokens, OTHER_RUN } from '../../src/guard/token.js';
import { MemoryUsedTokens } from '../../src/store/memory.js';
import { StoreError, type UsedTokens } from '../../src/store/types.js';

const TTL = 5 * 60_000;
const TOOL = 'ice_update_agent_instance';
const ARGS = '{"AgentConfig":{"Volume":120},"InstanceId":"i-1","RegionId":"cn-shanghai"}';

/** A clock tests can move. */
function clock(start = Date.UTC(2025, 6, 18, 6, 39, 8)): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const refusedBecause = (check: Awaited<ReturnType<ConfirmationTokens['redeem']>>): string => {
  expect(check.ok).toBe(false);
  return check.ok ? '' : check.reason;
};

describe('ConfirmationTokens', () => {
  it('issues a v2 token with its expiry and redeems it for the same tool and arguments', async () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token, expiresAt } = tokens.issue(TOOL, ARGS);
    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]{11}\.\d{13}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(new Date(c.now() + TTL).toISOString());
    expect(token.split('.')[2]).toBe(String(c.now() + TTL));
    c.advance(TTL - 1);
    expect(await tokens.redeem(TOOL, ARGS, token)).toEqual({ ok: true });
  });

  it('accepts a token once', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, token))).toMatch(/already used/);
  });

  it('refuses a token at and after its expiry', async () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    c.advance(TTL);
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, token))).toMatch(/expired/);
    c.advance(60_000);
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, token))).toMatch(/expired/);
  });

  it('keeps refusing a used token after the used-list is pruned (expiry still guards it)', async () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
    c.advance(TTL + 1);
    tokens.issue(TOOL, ARGS); // prunes
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(false);
  });

  it('refuses a token for another tool, naming the tool it was issued for, and it stays usable for its own', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    expect(refusedBecause(await tokens.redeem('ice_send_agent_speech', ARGS, token))).toMatch(
      /issued for ice_update_agent_instance, not ice_send_agent_speech/,
    );
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
  });

  it('refuses changed arguments, and the token stays usable for the previewed ones', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    const changed = ARGS.replace('120', '121');
    expect(refusedBecause(await tokens.redeem(TOOL, changed, token))).toMatch(/arguments differ/);
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
  });

  it('refuses truncated and malformed tokens', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const { token } = tokens.issue(TOOL, ARGS);
    for (const bad of [token.slice(0, -1), token.slice(0, 20), `${token}A`, '', 'v2', token.replace(/^v2/, 'v3'), ` ${token}`]) {
      expect(refusedBecause(await tokens.redeem(TOOL, ARGS, bad))).toMatch(/malformed or truncated/);
    }
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
  });

  it('refuses forged tokens: a changed mac, a moved expiry, a changed nonce', async () => {
    const c = clock();
    const tokens = new ConfirmationTokens(undefined, TTL, c.now);
    const { token } = tokens.issue(TOOL, ARGS);
    const [v, kid, expiry, nonce, mac] = token.split('.') as [string, string, string, string, string];
    const flip = (s: string): string => (s.endsWith('A') ? `${s.slice(0, -1)}B` : `${s.slice(0, -1)}A`);
    const laterExpiry = String(Number(expiry) + 24 * 3_600_000);
    const forged = [
      [v, kid, expiry, nonce, flip(mac)],
      [v, kid, laterExpiry, nonce, mac],
      [v, kid, expiry, flip(nonce), mac],
    ].map((parts) => parts.join('.'));
    for (const bad of forged) expect((await tokens.redeem(TOOL, ARGS, bad)).ok).toBe(false);
    // A token built without the key for arguments never issued.
    const invented = `v2.${kid}.${Number(expiry)}.${'A'.repeat(16)}.${'B'.repeat(43)}`;
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, invented))).toMatch(/forged/);
    // A moved expiry cannot outlive the real one.
    c.advance(TTL + 1);
    expect((await tokens.redeem(TOOL, ARGS, [v, kid, laterExpiry, nonce, mac].join('.'))).ok).toBe(false);
  });

  it("with a shared key, two instances (replicas) accept each other's tokens", async () => {
    const c = clock();
    const key = 'a-shared-key-of-at-least-16-chars';
    const a = new ConfirmationTokens(key, TTL, c.now);
    const b = new ConfirmationTokens(key, TTL, c.now);
    const fromA = a.issue(TOOL, ARGS).token;
    const fromB = b.issue(TOOL, ARGS).token;
    expect((await b.redeem(TOOL, ARGS, fromA)).ok).toBe(true);
    expect((await a.redeem(TOOL, ARGS, fromB)).ok).toBe(true);
    // Another replica still checks the arguments, without knowing what was issued.
    const other = a.issue(TOOL, ARGS).token;
    expect(refusedBecause(await b.redeem(TOOL, ARGS.replace('120', '1'), other))).toMatch(/not issued for these arguments/);
  });

  it("with random keys, instances refuse each other's tokens", async () => {
    const c = clock();
    const a = new ConfirmationTokens(undefined, TTL, c.now);
    const b = new ConfirmationTokens(undefined, TTL, c.now);
    const fromA = a.issue(TOOL, ARGS).token;
    expect((await b.redeem(TOOL, ARGS, fromA)).ok).toBe(false);
    // and a different shared key is not the same key
    const k1 = new ConfirmationTokens('key-one-key-one-key-one', TTL, c.now);
    const k2 = new ConfirmationTokens('key-two-key-two-key-two', TTL, c.now);
    expect((await k2.redeem(TOOL, ARGS, k1.issue(TOOL, ARGS).token)).ok).toBe(false);
    expect((await a.redeem(TOOL, ARGS, fromA)).ok).toBe(true);
  });

  it('issues distinct tokens for identical calls, each usable once', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const first = tokens.issue(TOOL, ARGS).token;
    const second = tokens.issue(TOOL, ARGS).token;
    expect(second).not.toBe(first);
    expect((await tokens.redeem(TOOL, ARGS, second)).ok).toBe(true);
    expect((await tokens.redeem(TOOL, ARGS, first)).ok).toBe(true);
    expect((await tokens.redeem(TOOL, ARGS, first)).ok).toBe(false);
  });

  it('names an earlier run (another key) as the reason, not forgery', async () => {
    const c = clock();
    const earlier = new ConfirmationTokens(undefined, TTL, c.now);
    const now = new ConfirmationTokens(undefined, TTL, c.now);
    expect(refusedBecause(await now.redeem(TOOL, ARGS, earlier.issue(TOOL, ARGS).token))).toBe(OTHER_RUN);
    expect(OTHER_RUN).toMatch(/issued by an earlier run of this server .*; ask for a new preview$/);
  });

  it('refuses a v1 token of an earlier version with that reason', async () => {
    const tokens = new ConfirmationTokens(undefined, TTL, clock().now);
    const v1 = `v1.${Date.UTC(2025, 6, 18)}.${'A'.repeat(16)}.${'B'.repeat(43)}`;
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, v1))).toMatch(
      /earlier version of this server \(format v1\); ask for a new preview/,
    );
  });

  it('with a shared key and a shared used-token store, a token works once across instances', async () => {
    const c = clock();
    const used = new MemoryUsedTokens(c.now);
    const [a, b, d] = [1, 2, 3].map(() => new ConfirmationTokens('a-shared-key-of-at-least-16-chars', TTL, c.now, used)) as [
      ConfirmationTokens,
      ConfirmationTokens,
      ConfirmationTokens,
    ];
    const { token } = a.issue(TOOL, ARGS);
    const checks = await Promise.all([b, d, a, b].map((t) => t.redeem(TOOL, ARGS, token)));
    expect(checks.filter((check) => check.ok)).toHaveLength(1);
  });

  it('claims with the remaining lifetime, and fails closed when the store is unreachable', async () => {
    const c = clock();
    const claims: number[] = [];
    let reachable = false;
    const store: UsedTokens = {
      async claim(_id, ttlMs) {
        claims.push(ttlMs);
        if (!reachable) throw new StoreError('Redis at redis://127.0.0.1:1 is unreachable');
        return true;
      },
    };
    const tokens = new ConfirmationTokens(undefined, TTL, c.now, store);
    const { token } = tokens.issue(TOOL, ARGS);
    c.advance(1000);
    expect(refusedBecause(await tokens.redeem(TOOL, ARGS, token))).toMatch(
      /could not record this one \(Redis at redis:\/\/127\.0\.0\.1:1 is unreachable\)/,
    );
    reachable = true;
    expect((await tokens.redeem(TOOL, ARGS, token)).ok).toBe(true);
    expect(claims).toEqual([TTL - 1000, TTL - 1000]);
  });
});
