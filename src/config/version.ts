import { builtin } from '../util/builtin.js';

/** Set by scripts/build.mjs in the bundle; undefined when the sources run unbundled (the tests). */
declare const __ICE_MCP_VERSION__: string | undefined;

/**
 * The package version: written into the bundle at build time, so start-up reads no file. Unbundled,
 * from the nearest package.json above this module (two levels up from src/config/).
 */
function readVersion(): string {
  const { readFileSync } = builtin('node:fs');
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ice-agent-mcp' && pkg.version) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}

export const VERSION: string = typeof __ICE_MCP_VERSION__ === 'string' ? __ICE_MCP_VERSION__ : readVersion();
