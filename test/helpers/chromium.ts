/**
 * Finds Debian's Chromium for tests that need a real browser. Missing on a person's machine: the test
 * says so in one line and skips. Missing under CI=true, where .ci/run installs it: the test fails.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  const found = CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (found) return found;
  if (process.env.CI === 'true') throw new Error('chromium is required under CI=true (.ci/run installs it with apt-get)');
  console.log('chromium not found (apt-get install chromium): skipping the real-browser tests');
  return undefined;
}
