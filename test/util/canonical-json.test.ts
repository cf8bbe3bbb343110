import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/util/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, whatever the insertion order', () => {
    const a = { b: 1, a: { d: [{ z: 1, y: 2 }], c: 'x' } };
    const b = { a: { c: 'x', d: [{ y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('keeps array order', () => {
    expect(canonicalJson([2, 1])).toBe('[2,1]');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('sorts integer-like keys as strings, not in engine order', () => {
    expect(canonicalJson({ b: 3, 10: 1, 2: 2 })).toBe('{"10":1,"2":2,"b":3}');
  });

  it('drops undefined like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, () => 1], d: Number.NaN })).toBe('{"b":null,"c":[null,null],"d":null}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('escapes strings and keys as JSON and round-trips', () => {
    const v = { 'k"ey': 'line\nbreak', é: '😀', n: -0.5, t: true, list: [{ InstanceId: 'i', Text: 'hé' }] };
    expect(JSON.parse(canonicalJson(v))).toEqual(v);
    expect(canonicalJson({ 'k"ey': 'x' })).toBe('{"k\\"ey":"x"}');
  });

  it('honours toJSON', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2025, 0, 2)) })).toBe('{"at":"2025-01-02T00:00:00.000Z"}');
  });

  it('throws on a cycle', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(TypeError);
  });

  it('distinguishes values that differ', () => {
    expect(canonicalJson({ Volume: 1 })).not.toBe(canonicalJson({ Volume: '1' }));
    expect(canonicalJson({ a: { b: 1 } })).not.toBe(canonicalJson({ a: { b: 2 } }));
  });
});

describe('sha256Hex', () => {
  it('matches the standard test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('hashes UTF-8 bytes', () => {
    expect(sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    expect(sha256Hex('é')).not.toBe(sha256Hex('e'));
    expect(sha256Hex('x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
