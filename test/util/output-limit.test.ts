import { describe, expect, it } from 'vitest';
import { OUTPUT_LIMIT_BYTES, limitOutput } from '../../src/util/output-limit.js';

const size = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');
const instance = (i: number) => ({
  InstanceId: `id-${i}`,
  Status: 'Finished',
  UserData: 'x'.repeat(3000),
  AgentConfig: { Greeting: 'Hello' },
});

describe('limitOutput', () => {
  it('returns a value that fits untouched (the same object)', () => {
    const value = { Instances: [instance(1)] };
    const out = limitOutput(value);
    expect(out).toEqual({ value, truncated: false });
    expect(out.value).toBe(value);
  });

  it('cuts a large list to fit, keeping the leading items whole, and says what was left out', () => {
    const value = { AIAgentId: 'a', Instances: Array.from({ length: 200 }, (_, i) => instance(i)) };
    expect(size(value)).toBeGreaterThan(OUTPUT_LIMIT_BYTES);
    const out = limitOutput(value, { howToGetMore: 'use PageSize and PageNumber' });
    expect(out.truncated).toBe(true);
    expect(size(out.value) + size(out.note)).toBeLessThanOrEqual(OUTPUT_LIMIT_BYTES);
    const kept = (out.value as typeof value).Instances;
    expect(kept.length).toBeGreaterThan(50);
    expect(kept[0]).toEqual(instance(0));
    expect(out.note?.omitted[0]).toEqual({ path: '$.Instances', unit: 'items', kept: kept.length, total: 200 });
    expect(out.note?.text).toContain('use PageSize and PageNumber');
    expect(out.note?.originalBytes).toBe(size(value));
  });

  it('cuts one huge string and marks the cut inside it', () => {
    const value = { Instance: { UserData: 'é'.repeat(600_000), Status: 'Executing' } };
    const out = limitOutput(value, { limitBytes: 10_000 });
    const cutValue = out.value as typeof value;
    expect(size(cutValue)).toBeLessThanOrEqual(10_000);
    expect(cutValue.Instance.Status).toBe('Executing');
    expect(cutValue.Instance.UserData).toMatch(/…\[cut: \d+ more characters\]$/);
    expect(out.note?.omitted).toEqual([{ path: '$.Instance.UserData', unit: 'characters', kept: expect.any(Number), total: 600_000 }]);
  });

  it('never splits a surrogate pair', () => {
    const out = limitOutput({ s: '😀'.repeat(10_000) }, { limitBytes: 5000 });
    const s = (out.value as { s: string }).s.replace(/…\[cut.*$/, '');
    expect(s).toBe('😀'.repeat(s.length / 2));
  });

  it('keeps "__proto__" keys as data and counts omissions past the first twenty', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, Array.from({ length: 400 }, () => 'yyyyyyyy')]));
    const value = JSON.parse(`{"__proto__":{"a":1},"many":${JSON.stringify(many)}}`) as Record<string, unknown>;
    const out = limitOutput(value, { limitBytes: 30_000 });
    expect(Object.getPrototypeOf(out.value)).toBe(Object.prototype);
    expect(Object.keys(out.value as object)).toContain('__proto__');
    expect(out.note?.omitted).toHaveLength(20);
    expect(out.note?.moreOmissions).toBeGreaterThan(0);
  });

  it('keeps nearly all that fits of a list of tiny items', () => {
    const out = limitOutput({ n: Array.from({ length: 1_000_000 }, () => 0) }, { limitBytes: 262_144 });
    const most = Math.floor((262_144 - 4096 - '{"n":[]}'.length + 1) / 2);
    expect((out.value as { n: number[] }).n.length).toBeGreaterThanOrEqual(Math.floor(most * (63 / 64)));
    expect(Buffer.byteLength(JSON.stringify(out.value))).toBeLessThanOrEqual(262_144 - 4096);
  });

  it('keeps nearly as much as fits: within 1/64 of the most items under the limit', () => {
    const item = 'x'.repeat(50); // 52 bytes as JSON, 53 with its comma
    for (const limitBytes of [8_192, 65_536, 262_144]) {
      const out = limitOutput({ items: Array.from({ length: 20_000 }, () => item) }, { limitBytes });
      const most = Math.floor((limitBytes - 4096 - '{"items":[]}'.length + 1) / 53);
      const kept = (out.value as { items: string[] }).items.length;
      expect(Buffer.byteLength(JSON.stringify(out.value))).toBeLessThanOrEqual(limitBytes - 4096);
      expect(kept).toBeLessThanOrEqual(most);
      expect(kept).toBeGreaterThanOrEqual(Math.floor(most * (63 / 64)));
    }
  });
});
