// What the bundle must carry for dist/ to run: the installed packages reachable from package.json
// `dependencies` (and their dependencies, optional ones and installed peers), resolved the way
// Node resolves them, from the nearest node_modules outward. Computed, so a change to the
// dependencies (or a build that bundles them) changes the bundle without editing a list.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

function resolvePackage(name, fromDir, root) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/** Package folders (relative to root, e.g. "node_modules/zod") that the production dependencies need. */
export function productionPackages(root) {
  const found = new Set();
  const visit = (name, fromDir, required) => {
    const dir = resolvePackage(name, fromDir, root);
    if (dir === undefined) {
      if (required) throw new Error(`${name} (needed by ${relative(root, fromDir) || 'package.json'}) is not installed: run npm ci`);
      return;
    }
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = readJson(join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, true);
    for (const dep of Object.keys({ ...pkg.optionalDependencies, ...pkg.peerDependencies })) visit(dep, dir, false);
  };
  for (const dep of Object.keys(readJson(join(root, 'package.json')).dependencies ?? {})) visit(dep, root, true);
  return [...found].map((dir) => relative(root, dir)).sort();
}
