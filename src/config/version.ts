import { readFileSync } from 'node:fs';

/**
 * The package version, from the nearest package.json above this module: one level up from the
 * bundle in dist/, two from this file in src/config/ (tests run the sources).
 */
function readVersion(): string {
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

export const VERSION: string = readVersion();
