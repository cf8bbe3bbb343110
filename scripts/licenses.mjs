// The bundle carries other people's code, and their licenses (MIT, ISC, BSD, Apache-2.0) ask that
// their notices travel with it: one file listing every bundled package with its license text.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package directories (node_modules/...) that esbuild's metafiles say were bundled. */
function bundledPackages(metafiles) {
  const dirs = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (m) dirs.add(m[1]);
    }
  }
  return [...dirs].sort();
}

export function writeNotices(root, metafiles, outfile) {
  const sections = bundledPackages(metafiles).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(root, dir)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text =
      file && existsSync(join(root, dir, file)) ? readFileSync(join(root, dir, file), 'utf8').trim() : `License: ${manifest.license}`;
    return `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}\n`;
  });
  writeFileSync(outfile, `Third-party packages bundled into dist/\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`);
  return sections.length;
}
