#!/usr/bin/env node
import { codeCacheDir, loadProgram } from './cli/code-cache.js';
import type * as Main from './cli/main.js';

/** A hash of every chunk of the build (scripts/build.mjs): part of the code cache's key. */
declare const __ICE_MCP_BUILD_ID__: string;

function fail(error: unknown): void {
  process.stderr.write(`ice-agent-mcp: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

try {
  // The server's code is dist/main.cjs and its chunks, compiled with the code cache (cli/code-cache.ts).
  const program = loadProgram<typeof Main>(new URL('./main.cjs', import.meta.url).href, {
    buildId: __ICE_MCP_BUILD_ID__,
    cacheDir: codeCacheDir(process.env),
  });
  program.exports.main(process.argv.slice(2), process.env, undefined, { started: program.checkpoint }).then((code) => {
    if (code !== undefined) process.exitCode = code;
  }, fail);
} catch (error) {
  fail(error);
}
