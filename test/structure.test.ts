/**
 * The folders of src/ are layers, and imports run one way: a folder imports only from folders below
 * it. This test reads every import (static and dynamic) and fails on one that points up or sideways.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Top to bottom. Folders on one line are siblings: they may not import each other. */
const LAYERS: string[][] = [
  ['index.ts'],
  ['cli'],
  ['http'],
  ['mcp'],
  ['resources', 'guard', 'operations', 'approval'],
  ['domain'],
  ['store'],
  ['ice'],
  ['errors'],
  ['config'],
  ['redact'],
  ['util'],
];
// The emulator is a program of its own (the sandbox starts it); it borrows only ICE types and small pure helpers.
const EMULATOR_MAY_IMPORT = new Set(['ice', 'util']);

const SRC = resolve(__dirname, '../src');
const rank = new Map(LAYERS.flatMap((names, i) => names.map((name) => [name, i] as const)));
const unitOf = (file: string): string => relative(SRC, file).split('/')[0]!;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const IMPORT = /(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g;
const edges = [...sources(SRC)].flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => ({
    file: relative(SRC, file),
    from: unitOf(file),
    to: unitOf(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts'))),
  })),
);

describe('src/ layering', () => {
  it('knows every folder', () => {
    expect(edges.length).toBeGreaterThan(100);
    const units = new Set(edges.flatMap((e) => [e.from, e.to]));
    for (const unit of units) expect(unit === 'emulator' || rank.has(unit), `${unit} has a place in LAYERS`).toBe(true);
  });

  it('imports only downwards', () => {
    const wrong = edges.filter(({ from, to }) => {
      if (from === to) return false;
      if (from === 'emulator') return !EMULATOR_MAY_IMPORT.has(to);
      if (to === 'emulator') return from !== 'cli';
      return (rank.get(from) ?? -1) >= (rank.get(to) ?? -1);
    });
    expect(wrong.map((e) => `${e.file} -> ${e.to}`)).toEqual([]);
  });
});
