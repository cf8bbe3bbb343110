/**
 * The approval page in a real browser: the built server on stdio opens it through ICE_MCP_BROWSER, a
 * headless Chromium reads the preview as a person would and clicks. A screenshot of the page is
 * written to test/artifacts/approval-page.png for a developer to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Browser } from 'puppeteer-core';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { chromiumPath } from '../helpers/chromium.js';
import { liveInstance } from '../helpers/harness.js';

const ROOT = resolve(__dirname, '../..');
const ARTIFACTS = join(ROOT, 'test', 'artifacts');
const chromium = chromiumPath();

describe.skipIf(!chromium)('browser approval in a real Chromium', () => {
  let emu: Emulator;
  let browser: Browser;
  let dir: string;
  let client: Client;
  let urls: string;

  beforeAll(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'ice-approval-'));
    urls = join(dir, 'urls.txt');
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({ executablePath: chromium!, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const key = DEMO_KEYS[0]!;
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(ROOT, 'dist', 'index.js'), '--endpoint', emu.endpoint, '--protocol', 'http', '--confirm', 'browser'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
        ICE_MCP_BROWSER: `${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, 'test', 'helpers', 'url-to-file.mjs'))} ${JSON.stringify(urls)}`,
      },
      stderr: 'pipe',
    });
    client = new Client({ name: 'chromium-test', version: '1.0.0' });
    await client.connect(transport);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await browser?.close();
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The n-th URL the server asked the "browser command" to open. */
  async function nthUrl(n: number): Promise<string> {
    for (;;) {
      const lines = existsSync(urls) ? readFileSync(urls, 'utf8').split('\n').filter(Boolean) : [];
      if (lines.length >= n) return lines[n - 1]!;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function decideInBrowser(n: number, button: 'approve' | 'decline', screenshot?: string): Promise<string> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 720 });
    await page.goto(await nthUrl(n));
    const text = await page.$eval('body', (body) => (body as unknown as { innerText: string }).innerText);
    if (screenshot) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, screenshot) });
    }
    await Promise.all([page.waitForNavigation(), page.click(`button.${button}`)]);
    const after = await page.$eval('body', (body) => (body as unknown as { innerText: string }).innerText);
    await page.close();
    return `${text}\n---\n${after}`;
  }

  it('Approve sends exactly one write, and the page showed what was sent', async () => {
    const args = { InstanceId: liveInstance(), Text: 'Hello from a real browser', EnableInterrupt: false };
    const [result, seen] = await Promise.all([
      client.callTool({ name: 'ice_send_agent_speech', arguments: args }) as Promise<CallToolResult>,
      decideInBrowser(1, 'approve', 'approval-page.png'),
    ]);
    expect(seen).toContain('Approve this change to a live AI agent call?');
    expect(seen).toContain(liveInstance());
    expect(seen).toContain('Say: "Hello from a real browser"');
    expect(seen).toContain('Does not interrupt');
    expect(seen).toMatch(/---\nApproved/);
    expect(result.structuredContent).toMatchObject({ status: 'executed' });
    expect(emu.requests.filter((r) => r.action === 'SendAIAgentSpeech').map((r) => r.params.Text)).toEqual(['Hello from a real browser']);
    expect(existsSync(join(ARTIFACTS, 'approval-page.png'))).toBe(true);
  });

  it('Decline sends nothing', async () => {
    const [result, seen] = await Promise.all([
      client.callTool({
        name: 'ice_update_agent_instance',
        arguments: { InstanceId: liveInstance(), AgentConfig: { Volume: 77 } },
      }) as Promise<CallToolResult>,
      decideInBrowser(2, 'decline', 'approval-page-update.png'),
    ]);
    expect(seen).toContain('AgentConfig.Volume');
    expect(seen).toMatch(/---\nDeclined/);
    expect(result.structuredContent).toMatchObject({ status: 'declined' });
    expect(emu.requests.filter((r) => r.action === 'UpdateAIAgentInstance')).toHaveLength(0);
  });
});
