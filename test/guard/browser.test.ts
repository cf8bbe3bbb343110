/** Browser approval through a real MCP client: the page decides, the emulator's log shows what was sent. */
import { describe, expect, it } from 'vitest';
import { ElicitRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { liveInstance, startHarness, type Harness, type HarnessOptions } from '../helpers/harness.js';
import { personAtBrowser, type PersonAtBrowser } from '../helpers/person-at-browser.js';

const SPEECH = 'ice_send_agent_speech';
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const status = (r: CallToolResult): unknown => (r.structuredContent as { status?: unknown } | undefined)?.status;

async function withBrowser(person: PersonAtBrowser, options: HarnessOptions, body: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness({ ...options, deps: { browser: person.browser, ...options.deps } });
  try {
    await body(h);
  } finally {
    await h.close();
  }
}

describe('--confirm browser', () => {
  it('sends once the person approves on the page, which showed the preview; the page URL goes nowhere else', async () => {
    const person = personAtBrowser();
    await withBrowser(person, { flags: ['--confirm', 'browser'] }, async (h) => {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'Approved in a browser' });
      expect(status(result)).toBe('executed');
      expect(h.requests('SendAIAgentSpeech')).toHaveLength(1);
      expect(person.pages[0]).toContain('Approved in a browser');
      expect(person.pages[0]).toContain(liveInstance());
      const path = new URL(person.urls[0]!).pathname;
      const everything = [JSON.stringify(result), ...h.logs].join('\n');
      expect(everything).not.toContain(path);
      expect(h.audit().map((l) => [l.mode, l.outcome])).toEqual([
        ['browser', 'previewed'],
        ['browser', 'confirmed'],
        ['browser', 'executed'],
      ]);
    });
  });

  it('sends nothing when the person declines', async () => {
    const person = personAtBrowser();
    person.decide(async () => 'decline');
    await withBrowser(person, { flags: ['--confirm', 'browser'] }, async (h) => {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'Declined in a browser' });
      expect(status(result)).toBe('declined');
      expect(h.requests('SendAIAgentSpeech')).toHaveLength(0);
    });
  });

  it('sends nothing when nobody decides in time: timed_out', async () => {
    const person = personAtBrowser();
    person.decide(async () => 'ignore');
    await withBrowser(person, { flags: ['--confirm', 'browser', '--confirm-timeout-ms', '1000'] }, async (h) => {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'Nobody is there' });
      expect(status(result)).toBe('timed_out');
      expect(h.requests('SendAIAgentSpeech')).toHaveLength(0);
      expect(h.audit().map((l) => l.outcome)).toEqual(['previewed', 'timed_out']);
    });
  });

  it('reports progress while the person reads, when the client gave a progress token', async () => {
    const person = personAtBrowser({ progressEveryMs: 5 });
    let progressed!: () => void;
    const firstProgress = new Promise<void>((resolve) => (progressed = resolve));
    // The person decides only once a progress notification has reached the client.
    person.decide(async () => {
      await firstProgress;
      return 'approve';
    });
    await withBrowser(person, { flags: ['--confirm', 'browser'] }, async (h) => {
      const seen: { progress: number; message?: string }[] = [];
      const result = await h.client.callTool(
        { name: SPEECH, arguments: { InstanceId: liveInstance(), Text: 'With progress' } },
        undefined,
        {
          onprogress: (p) => {
            seen.push(p);
            progressed();
          },
        },
      );
      expect(status(result as CallToolResult)).toBe('executed');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]?.message).toMatch(/approve or decline in the browser/);
    });
  });
});

describe('auto: elicitation, else a browser page on stdio, else refused', () => {
  it('a client without elicitation gets a browser page when the server can open one', async () => {
    const person = personAtBrowser();
    await withBrowser(person, {}, async (h) => {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'Auto picked the browser' });
      expect(status(result)).toBe('executed');
      expect(person.pages).toHaveLength(1);
      expect(new Set(h.audit().map((l) => l.mode))).toEqual(new Set(['browser']));
    });
  });

  it('a client with elicitation is asked there, not in the browser', async () => {
    const person = personAtBrowser();
    await withBrowser(
      person,
      {
        capabilities: { elicitation: { form: {} } },
        beforeConnect: (client) =>
          client.setRequestHandler(ElicitRequestSchema, async () => ({
            action: 'decline',
          })),
      },
      async (h) => {
        const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'Elicited' });
        expect(status(result)).toBe('declined');
        expect(person.pages).toHaveLength(0);
      },
    );
  });

  it("over HTTP (where the browser is not necessarily the person's) auto refuses instead of opening a page", async () => {
    const person = personAtBrowser({ auto: false });
    await withBrowser(person, {}, async (h) => {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'No page here' });
      expect(result.isError).toBe(true);
      expect(allText(result)).toMatch(/^ConfirmationUnavailable: /);
      expect(person.urls).toHaveLength(0);
      expect(h.emu.requests).toHaveLength(0);
    });
  });
});
