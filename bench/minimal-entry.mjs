// The minimal server started the way dist/index.js starts this one: Node's compile cache first
// (Node 22.8 and later; nothing on Node 20), then the server's code. The start-up benchmark bundles
// this entry, so the bundled minimal server gets everything the build and the entry give ours.
import { enableCompileCache } from '../src/cli/compile-cache.ts';

enableCompileCache();
await import('./minimal-server.mjs');
