import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/emulator/admin.js';
import { deepMerge } from '../../src/emulator/merge.js';
import { NonceCache } from '../../src/emulator/nonce-cache.js';
import { canonicalQuery, percentEncode } from '../../src/emulator/signature.js';
import { formatGmt } from '../../src/emulator/instance-records.js';

describe('NonceCache', () => {
  it('refuses a nonce for 30 minutes, then forgets it', () => {
    const cache = new NonceCache();
    const t0 = 1_700_000_000_000;
    expect(cache.use('a', t0)).toBe(true);
    expect(cache.use('a', t0 + 29 * 60_000)).toBe(false);
    expect(cache.use('a', t0 + 30 * 60_000 + 1)).toBe(true);
  });

  it('stays within its cap by forgetting the oldest nonces', () => {
    const cache = new NonceCache(3);
    for (const nonce of ['a', 'b', 'c', 'd']) expect(cache.use(nonce, 0)).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.use('d', 0)).toBe(false);
    expect(cache.use('a', 0)).toBe(true);
  });

  it('prunes expired entries as time passes', () => {
    const cache = new NonceCache();
    for (let i = 0; i < 100; i += 1) cache.use(`n${i}`, i);
    cache.use('later', 31 * 60_000 + 200);
    expect(cache.size).toBe(1);
  });
});

describe('deepMerge', () => {
  it('merges objects recursively, replaces arrays and scalars, and leaves its inputs alone', () => {
    const base = { A: { B: 1, C: [1, 2], D: { E: 'x' } }, F: 'keep' };
    const patch = { A: { C: [3], D: { G: true } }, H: null };
    const merged = deepMerge(base, patch);
    expect(merged).toEqual({ A: { B: 1, C: [3], D: { E: 'x', G: true } }, F: 'keep', H: null });
    expect(base).toEqual({ A: { B: 1, C: [1, 2], D: { E: 'x' } }, F: 'keep' });
    expect(deepMerge({ A: { B: 1 } }, { A: 'scalar' })).toEqual({ A: 'scalar' });
  });
});

describe('canonical query', () => {
  it("percent-encodes values like encodeURIComponent plus !'()*, sorts keys and leaves them unencoded", () => {
    expect(percentEncode("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
    expect(canonicalQuery({ b: '{"x":1}', A: '', a: 'é' })).toBe('A=&a=%C3%A9&b=%7B%22x%22%3A1%7D');
  });

  it('formats times the way ICE does', () => {
    expect(formatGmt(Date.UTC(2025, 6, 18, 6, 39, 8))).toBe('2025-07-18T06:39:08.000+00:00');
  });
});

describe('isLoopback', () => {
  it('accepts IPv4, IPv6 and mapped loopback addresses only', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
    for (const address of ['10.0.0.5', '::ffff:192.168.1.2', 'fe80::1', undefined]) expect(isLoopback(address)).toBe(false);
  });
});
