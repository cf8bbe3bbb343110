#!/usr/bin/env node
// Builds dist/: our code bundled into a few ES modules (dependencies stay external).
// One file instead of ~40 saves the module loading that dominated start-up time; type checking is
// `npm run typecheck` (tsc), separate from this.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/index.ts', 'src/emulator/index.ts'],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true, // the emulator and the HTTP transport load only when used
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
