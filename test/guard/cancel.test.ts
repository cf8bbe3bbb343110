/** A tool call cancelled while the person is being asked sends nothing, whatever they answer later. */
import { expect, it } from 'vitest';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { lateAnswerDropped, liveInstance, startHarness } from '../helpers/harness.js';

it('cancelling the call withdraws the question; a late accept sends nothing', async () => {
  let asked!: () => void;
  const questionShown = new Promise<void>((resolve) => (asked = resolve));
  let answer!: () => void;
  const h = await startHarness({
    flags: ['--confirm', 'elicit'],
    capabilities: { elicitation: { form: {} } },
    beforeConnect: (client) =>
      client.setRequestHandler(ElicitRequestSchema, async () => {
        asked();
        await new Promise<void>((resolve) => (answer = resolve));
        return { action: 'accept', content: { confirm: true } };
      }),
  });
  try {
    const controller = new AbortController();
    const call = h.client.callTool(
      { name: 'ice_send_agent_speech', arguments: { InstanceId: liveInstance(), Text: 'too late' } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    await questionShown;
    controller.abort();
    await expect(call).rejects.toThrow();
    answer();
    // The late "yes" reaches the server, which no longer waits for it.
    await lateAnswerDropped(h);
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(0);
    expect(h.emu.store.getSpeeches(liveInstance()).some((s) => s.Text === 'too late')).toBe(false);
    expect(h.audit().map((l) => l.outcome)).toEqual(['previewed', 'cancelled']);
  } finally {
    await h.close();
  }
});
