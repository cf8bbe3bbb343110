/**
 * A Node of another version than this one, for the code cache's test of data V8 refuses (made by
 * another V8): CODE_CACHE_TEST_NODE, which .ci/run fetches from the npm registry (the node-linux-*
 * packages hold Node's own binaries). Missing on a person's machine: the test says so in one line
 * and skips. Missing under CI=true: the test fails.
 */
import { spawnSync } from 'node:child_process';

const versionOf = (node: string): string | undefined => {
  const run = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
};

export function otherNode(): { node: string; version: string } | undefined {
  const node = process.env.CODE_CACHE_TEST_NODE;
  const version = node ? versionOf(node) : undefined;
  if (node && version && version !== process.version) return { node, version };
  if (process.env.CI === 'true')
    throw new Error(`a Node other than ${process.version} is required under CI=true: .ci/run sets CODE_CACHE_TEST_NODE`);
  console.log(`CODE_CACHE_TEST_NODE names no Node other than ${process.version}: skipping the code cache's test across Node versions`);
  return undefined;
}
