#!/usr/bin/env node
// Renders assets/icon.png (512 x 512), the MCP Bundle's icon, from the SVG icon the server announces
// in initialize (src/mcp/server-info.ts), with a headless Chromium: `node scripts/render-icon.mjs`
// after changing the SVG. Not part of the build: the PNG is committed, so building needs no browser.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const SIZE = 512;

const probe = await build({
  stdin: { contents: "export { SERVER_INFO } from './src/mcp/server-info.ts';", resolveDir: root, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const dir = await mkdtemp(join(tmpdir(), 'ice-agent-mcp-icon-'));
const file = join(dir, 'server-info.mjs');
await writeFile(file, probe.outputFiles[0].text);
const { SERVER_INFO } = await import(pathToFileURL(file).href);
await rm(dir, { recursive: true, force: true });
const svg = SERVER_INFO.icons.find((icon) => icon.mimeType === 'image/svg+xml');
if (!svg) throw new Error('no SVG icon in src/mcp/server-info.ts');

const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: SIZE, height: SIZE });
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img src="${svg.src}" width="${SIZE}" height="${SIZE}"></body></html>`,
  );
  await page.waitForFunction(() => document.images[0]?.complete);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  await writeFile(`${root}assets/icon.png`, png);
  process.stdout.write(`assets/icon.png: ${png.length} bytes\n`);
} finally {
  await browser.close();
}
