#!/usr/bin/env node
import { enableCompileCache } from './cli/compile-cache.js';

// Before the server's code is loaded, so that Node (22.8 and later) can use its cached compilation.
enableCompileCache();
const { main } = await import('./cli/main.js');

main(process.argv.slice(2), process.env).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ice-agent-mcp: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
