/**
 * Confirmation tokens: proof that a write's exact arguments were previewed by this server (or a
 * replica sharing its key) recently, usable once.
 * Format: v2.<key id>.<expiry ms>.<nonce>.<mac>, mac = HMAC-SHA256(key, v2|key id|tool|expiry|nonce|canonical args).
 * The key id (a MAC of a constant, so it reveals nothing about the key) tells a token made under
 * another key, such as the random key of an earlier run, from a forged one. "Used once" is recorded
 * in a UsedTokens store: this process's memory, or Redis shared by replicas and kept across restarts.
 */
import { MemoryUsedTokens } from '../store/memory.js';
import { StoreError, type UsedTokens } from '../store/types.js';
import { lazyCrypto } from '../util/lazy-crypto.js';

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

export type TokenCheck = { ok: true } | { ok: false; reason: string };

const b64url = (buf: Buffer): string => buf.toString('base64url');
const MAX_REMEMBERED_ISSUES = 10_000;
const PATTERN = /^v2\.([A-Za-z0-9_-]{11})\.(\d{13})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
const V1_PATTERN = /^v1\.\d{13}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/;

export const OTHER_RUN =
  'the ConfirmationToken was issued by an earlier run of this server (or by a server with another confirmation key); ask for a new preview';

export class ConfirmationTokens {
  /** The HMAC key: the configured one, or random, made on first use (see lazy-crypto.ts). */
  private keyBytes: Buffer | undefined;
  private keyIdText: string | undefined;
  /** nonce -> tool + args this process issued it for, to tell "changed" from "forged" */
  private readonly issued = new Map<string, { tool: string; args: string; expiry: number }>();

  constructor(
    private readonly configuredKey: string | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly used: UsedTokens = new MemoryUsedTokens(now),
  ) {}

  private get key(): Buffer {
    this.keyBytes ??= this.configuredKey ? Buffer.from(this.configuredKey, 'utf8') : lazyCrypto().randomBytes(32);
    return this.keyBytes;
  }

  private get keyId(): string {
    this.keyIdText ??= b64url(lazyCrypto().createHmac('sha256', this.key).update('ice-agent-mcp confirmation key id').digest()).slice(
      0,
      11,
    );
    return this.keyIdText;
  }

  issue(tool: string, canonicalArgs: string): IssuedToken {
    this.prune();
    const expiry = this.now() + this.ttlMs;
    const nonce = b64url(lazyCrypto().randomBytes(12));
    this.issued.set(nonce, { tool, args: canonicalArgs, expiry });
    // Only used to word refusals; the MAC alone decides, so the oldest entries can go.
    if (this.issued.size > MAX_REMEMBERED_ISSUES) this.issued.delete(this.issued.keys().next().value as string);
    return {
      token: `v2.${this.keyId}.${expiry}.${nonce}.${this.mac(tool, expiry, nonce, canonicalArgs)}`,
      expiresAt: new Date(expiry).toISOString(),
    };
  }

  /** Checks and, when valid, consumes the token. Fails closed: when the used-token store cannot be reached, the token is refused. */
  async redeem(tool: string, canonicalArgs: string, token: string): Promise<TokenCheck> {
    this.prune();
    const m = PATTERN.exec(token);
    if (!m) {
      if (V1_PATTERN.test(token)) {
        return {
          ok: false,
          reason: 'the ConfirmationToken comes from an earlier version of this server (format v1); ask for a new preview',
        };
      }
      return { ok: false, reason: 'the ConfirmationToken is malformed or truncated' };
    }
    const [, keyId, expiryText, nonce, mac] = m as unknown as [string, string, string, string, string];
    if (keyId !== this.keyId) return { ok: false, reason: OTHER_RUN };
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
    const remaining = expiry - this.now();
    if (remaining <= 0) return { ok: false, reason: 'the ConfirmationToken has expired' };
    let first: boolean;
    try {
      first = await this.used.claim(`${keyId}:${nonce}`, remaining);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      return {
        ok: false,
        reason: `the store that makes each ConfirmationToken work once could not record this one (${error.message}); the token was not used, try again in a moment`,
      };
    }
    if (!first) return { ok: false, reason: 'the ConfirmationToken was already used' };
    this.issued.delete(nonce);
    return { ok: true };
  }

  private mac(tool: string, expiry: number, nonce: string, args: string): string {
    const text = `v2|${this.keyId}|${tool}|${expiry}|${nonce}|${args}`;
    return b64url(lazyCrypto().createHmac('sha256', this.key).update(text).digest());
  }

  private prune(): void {
    const now = this.now();
    for (const [nonce, entry] of this.issued) if (entry.expiry <= now) this.issued.delete(nonce);
  }
}
