#!/usr/bin/env node
// Builds dist/: this server and its dependencies bundled into a few CommonJS chunks, which the entry
// (dist/index.js) loads with V8's code cache (src/cli/code-cache.ts). Loading a few files instead of
// ~400 (the SDK, zod, ajv, the Alibaba Cloud libraries) and compiling next to nothing is most of the
// start-up gain, and what the first call does not need sits in chunks loaded on first use.
// `--analyze` prints what went where. Type checking is `npm run typecheck` (tsc), separate from this.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { analyzeMetafile, build, transform } from 'esbuild';
import { writeNotices } from './licenses.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGE = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const RUNTIME_DEPENDENCIES = Object.keys(PACKAGE.dependencies ?? {});

/** The SDK's Server imports its Ajv provider eagerly; inside the bundle it gets src/mcp/lazy-ajv.ts instead. */
const lazyAjv = {
  name: 'lazy-ajv',
  setup(b) {
    b.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      args.importer.includes('@modelcontextprotocol/sdk') ? { path: `${root}src/mcp/lazy-ajv.ts` } : undefined,
    );
  },
};

/**
 * The Alibaba Cloud client requires its XML helper (xml2js and xmlbuilder, ~15 modules) when it loads,
 * for the one case it needs it: an error answered as `text/xml;charset=utf-8`. Inside the bundle it
 * gets a stand-in whose methods require the real helper on first use, so a first call does not
 * evaluate an XML parser for a JSON API.
 */
const TEA_XML = createRequire(`${root}node_modules/@alicloud/openapi-client/package.json`).resolve('@alicloud/tea-xml');
const lazyTeaXml = {
  name: 'lazy-tea-xml',
  setup(b) {
    b.onResolve({ filter: /^@alicloud\/tea-xml$/ }, () => ({ path: 'tea-xml', namespace: 'lazy-tea-xml' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-tea-xml' }, () => ({
      contents: [
        'let real;',
        `const client = () => (real ??= require(${JSON.stringify(TEA_XML)}).default);`,
        'exports.__esModule = true;',
        'exports.default = { parseXml: (body, response) => client().parseXml(body, response), toXML: (body) => client().toXML(body) };',
      ].join('\n'),
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/**
 * `debug` (under the Alibaba Cloud HTTP client) tries `require('supports-color')` in a try/catch, for
 * coloured debug output. It is not installed; left external, the bundle would pick up whatever copy a
 * parent directory happens to hold. Bundled as an empty module, debug behaves as without it.
 */
const noOptional = {
  name: 'no-optional',
  setup(b) {
    b.onResolve({ filter: /^supports-color$/ }, () => ({ path: 'supports-color', namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/**
 * The emulator is built on its own, as one file (dist/emulator/index.cjs). Built with the server, the
 * few modules both use went into chunks of their own, and one of them loaded at every start. The
 * server reaches it (--sandbox, the emulator command) as that file, next to its own chunks.
 */
const EMULATOR_ENTRY = 'src/emulator/index.ts';
const externalEmulator = {
  name: 'external-emulator',
  setup(b) {
    b.onResolve({ filter: /\/emulator\/index\.js$/ }, (args) =>
      args.importer.includes('/src/emulator/') ? undefined : { path: './emulator/index.cjs', external: true },
    );
  },
};

/**
 * esbuild puts a module shared by the start-up code and a lazy part into a chunk of its own, one per
 * combination of parts that reach it: 17 files at start-up, each one more resolution, read and link.
 * Every lazy part is loaded by start-up code that is already in memory, so this build makes each lazy
 * part import `anchor` (the module all start-up code hangs from) as well: everything start-up needs
 * then has the same reach and lands in one chunk, and a lazy part's own modules stay in its chunk.
 * The extra import costs nothing at run time, since the anchor is loaded before any lazy part is.
 */
function anchorPlugin(anchorPath, lazyParts) {
  return {
    name: 'anchor',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) =>
        lazyParts.has(args.path)
          ? { contents: `${readFileSync(args.path, 'utf8')}\nimport ${JSON.stringify(anchorPath)};\n`, loader: 'ts' }
          : undefined,
      );
    },
  };
}

const common = { bundle: true, platform: 'node', target: 'node20', minify: true, logLevel: 'warning', absWorkingDir: root };

/**
 * `import.meta.url` in CommonJS: in a chunk, a parameter of the function each chunk is wrapped in
 * (src/cli/code-cache.ts); in a file Node loads itself (the entry, the emulator), a variable the
 * banner sets.
 */
const IMPORT_META_URL = '__ice_import_meta_url';
const IMPORT_META_URL_BANNER = `var ${IMPORT_META_URL}=require('node:url').pathToFileURL(__filename).href;`;

/**
 * Bundles `program` (a module exporting `main(argv, env, io, hooks)`) into `outdir` the way the
 * shipped server is built, with src/index.ts as `index.js`. Exported so the benchmark can build its
 * minimal SDK server the same way (the comparison then measures code, not the build).
 *
 * esbuild splits only ES modules, and V8 takes a code cache only for scripts: so the program is
 * bundled and split as ES modules, each chunk is then turned into CommonJS (an `import()` of a chunk
 * becomes a `require`, which the entry's loader serves), and the entry loads them with V8's code
 * cache. The chunks are `.cjs`: Node itself never loads them as ES modules.
 */
export async function bundle({ program, outdir, anchor, define = {}, plugins: extra = [] }) {
  const esm = {
    ...common,
    entryPoints: { main: program },
    outdir,
    splitting: true, // the tool table, the Alibaba Cloud client and HTTP load when used
    format: 'esm',
    outExtension: { '.js': '.cjs' },
    // The run-time dependencies (package.json "dependencies") stay external: node-redis, loaded only
    // when ICE_MCP_REDIS_URL is set, does not survive bundling (optional native hashing, dynamic requires).
    external: RUNTIME_DEPENDENCIES,
    // src/config/version.ts: the version is part of the bundle, so start-up reads no package.json.
    define: { __ICE_MCP_VERSION__: JSON.stringify(PACKAGE.version), 'import.meta.url': IMPORT_META_URL, ...define },
    metafile: true,
    write: false,
  };
  const plugins = [lazyAjv, lazyTeaXml, noOptional, ...extra];
  if (anchor) {
    // A first pass finds the lazy parts: our modules that something import()s.
    const probe = await build({ ...esm, plugins });
    const lazyParts = new Set(
      Object.values(probe.metafile.inputs).flatMap((input) =>
        input.imports
          .filter((i) => i.kind === 'dynamic-import' && i.path.startsWith('src/') && i.path !== program && i.path !== anchor)
          .map((i) => `${root}${i.path}`),
      ),
    );
    plugins.push(anchorPlugin(`${root}${anchor}`, lazyParts));
  }
  const main = await build({ ...esm, plugins });
  await mkdir(outdir, { recursive: true });
  // The build's id, part of the code cache's key: a hash of every chunk's name and text.
  const id = createHash('sha256');
  for (const out of [...main.outputFiles].sort((x, y) => (x.path < y.path ? -1 : 1))) {
    const { code } = await transform(out.text, {
      format: 'cjs',
      supported: { 'dynamic-import': false },
      platform: 'node',
      target: common.target,
      minify: true,
      logLevel: 'warning',
    });
    id.update(`${basename(out.path)}\0${code}\0`);
    await writeFile(out.path, code);
  }
  // The entry is CommonJS too, and dist/ says so in a package.json of its own (the project's says
  // "module"): started as an ES module, Node would set up its ES module loader first, ~4 ms of
  // every start (measured side by side, 54.2 against 49.8 ms with the code cache).
  await writeFile(`${outdir}/package.json`, '{ "type": "commonjs" }\n');
  const entry = await build({
    ...common,
    entryPoints: { index: 'src/index.ts' },
    outdir,
    format: 'cjs',
    define: { __ICE_MCP_BUILD_ID__: JSON.stringify(id.digest('hex').slice(0, 16)), 'import.meta.url': IMPORT_META_URL },
    banner: { js: IMPORT_META_URL_BANNER },
    metafile: true,
  });
  // What src/mcp/lazy-ajv.ts loads on first use: the SDK's real provider with ajv, as one CommonJS file.
  const ajv = await build({
    ...common,
    entryPoints: ['@modelcontextprotocol/sdk/validation/ajv'],
    outfile: `${outdir}/ajv.cjs`,
    format: 'cjs',
    metafile: true,
  });
  const metafiles = [main.metafile, entry.metafile, ajv.metafile];
  writeNotices(root, metafiles, `${outdir}/THIRD-PARTY-NOTICES.txt`);
  // One metafile for the builds: which output holds which module, and what it imports.
  return {
    inputs: Object.assign({}, ...metafiles.map((m) => m.inputs)),
    outputs: Object.assign({}, ...metafiles.map((m) => m.outputs)),
  };
}

/**
 * Every operation's tools/list entry, computed from the sources as the server would (for
 * src/mcp/built-listing.ts): the operation table and the listing code, bundled into a temporary
 * module and run here.
 */
async function toolListing() {
  const probe = await build({
    ...common,
    stdin: {
      contents: "export { OPERATIONS } from './src/operations/index.ts'; export { listingEntries } from './src/mcp/listing.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    format: 'esm',
    write: false,
  });
  const dir = await mkdtemp(join(tmpdir(), 'ice-agent-mcp-listing-'));
  try {
    const file = join(dir, 'listing.mjs');
    await writeFile(file, probe.outputFiles[0].text);
    const { OPERATIONS, listingEntries } = await import(pathToFileURL(file).href);
    return listingEntries(OPERATIONS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await rm(`${root}dist`, { recursive: true, force: true });
  const server = await bundle({
    program: 'src/cli/main.ts',
    outdir: `${root}dist`,
    anchor: 'src/cli/main.ts',
    define: { __ICE_MCP_TOOL_LISTING__: JSON.stringify(JSON.stringify(await toolListing())) },
    plugins: [externalEmulator],
  });
  const emulator = await build({
    ...common,
    entryPoints: [EMULATOR_ENTRY],
    outfile: `${root}dist/emulator/index.cjs`,
    format: 'cjs',
    // Loaded by the server's loader, which passes import.meta.url in, or by Node (bench/run.mjs).
    define: { 'import.meta.url': IMPORT_META_URL },
    banner: { js: IMPORT_META_URL_BANNER },
    metafile: true,
  });
  const metafile = {
    inputs: { ...server.inputs, ...emulator.metafile.inputs },
    outputs: { ...server.outputs, ...emulator.metafile.outputs },
  };
  // Which chunk holds which module, for test/bundle.test.ts (kept out of dist/, so out of the package).
  await mkdir(`${root}node_modules/.cache/ice-agent-mcp`, { recursive: true });
  await writeFile(`${root}node_modules/.cache/ice-agent-mcp/metafile.json`, JSON.stringify(metafile));
  if (process.argv.includes('--analyze')) process.stdout.write(await analyzeMetafile(metafile));
}
