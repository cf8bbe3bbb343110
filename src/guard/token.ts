/**
 * Confirmation tokens: proof that a write's exact arguments were previewed by this server (or a
 * replica sharing its key) recently, usable once.
 * Format: v1.<expiry ms>.<nonce>.<mac>, mac = HMAC-SHA256(key, v1|tool|expiry|nonce|canonical args).
 */
import { lazyCrypto } from '../util/lazy-crypto.js';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export type TokenCheck = { ok: true } | { ok: false; reason: string };

const b64url = (buf: Buffer): string => buf.toString('base64url');
const MAX_REMEMBERED_ISSUES = 10_000;
const PATTERN = /^v1\.(\d{13})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

export class ConfirmationTokens {
  /** The HMAC key: the configured one, or random, made on first use (see lazy-crypto.ts). */
  private keyBytes: Buffer | undefined;
  /** nonce -> expiry, for tokens already used (single use) */
  private readonly used = new Map<string, number>();
  /** nonce -> tool + args this process issued it for, to tell "changed" from "forged" */
  private readonly issued = new Map<string, { tool: string; args: string; expiry: number }>();

  constructor(
    private readonly configuredKey: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private get key(): Buffer {
    this.keyBytes ??= this.configuredKey ? Buffer.from(this.configuredKey, 'utf8') : lazyCrypto().randomBytes(32);
    return this.keyBytes;
  }

  issue(tool: string, canonicalArgs: string): IssuedToken {
    this.prune();
    const expiry = this.now() + this.ttlMs;
    const nonce = b64url(lazyCrypto().randomBytes(12));
    this.issued.set(nonce, { tool, args: canonicalArgs, expiry });
    // Only used to word refusals; the MAC alone decides, so the oldest entries can go.
    if (this.issued.size > MAX_REMEMBERED_ISSUES) this.issued.delete(this.issued.keys().next().value as string);
    return {
      token: `v1.${expiry}.${nonce}.${this.mac(tool, expiry, nonce, canonicalArgs)}`,
      expiresAt: new Date(expiry).toISOString(),
    };
  }

  /** Checks and, when valid, consumes the token. */
  redeem(tool: string, canonicalArgs: string, token: string): TokenCheck {
    this.prune();
    const m = PATTERN.exec(token);
    if (!m) return { ok: false, reason: 'the ConfirmationToken is malformed or truncated' };
    const [, expiryText, nonce, mac] = m as unknown as [string, string, string, string];
    const expiry = Number(expiryText);
    const expected = this.mac(tool, expiry, nonce, canonicalArgs);
    if (!lazyCrypto().timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
      const known = this.issued.get(nonce);
      if (known && known.tool !== tool) return { ok: false, reason: `the ConfirmationToken was issued for ${known.tool}, not ${tool}` };
      if (known) return { ok: false, reason: 'the arguments differ from the ones that were previewed with this ConfirmationToken' };
      return {
        ok: false,
        reason: 'the ConfirmationToken was not issued for these arguments by this server (changed arguments or a forged token)',
      };
    }
    if (expiry <= this.now()) return { ok: false, reason: 'the ConfirmationToken has expired' };
    if (this.used.has(nonce)) return { ok: false, reason: 'the ConfirmationToken was already used' };
    this.used.set(nonce, expiry);
    this.issued.delete(nonce);
    return { ok: true };
  }

  private mac(tool: string, expiry: number, nonce: string, args: string): string {
    return b64url(lazyCrypto().createHmac('sha256', this.key).update(`v1|${tool}|${expiry}|${nonce}|${args}`).digest());
  }

  private prune(): void {
    const now = this.now();
    for (const [nonce, expiry] of this.used) if (expiry <= now) this.used.delete(nonce);
    for (const [nonce, entry] of this.issued) if (entry.expiry <= now) this.issued.delete(nonce);
  }
}
