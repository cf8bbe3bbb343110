/** Thousands of calls on one connection, mixed across tools and outcomes, complete without error. */
import { expect, it } from 'vitest';
import { demoInstances, liveInstance, startHarness, textOf } from '../helpers/harness.js';

it('3,000 calls on one connection', async () => {
  const h = await startHarness({ flags: ['--confirm', 'token'], emulator: { maxRecordedRequests: 100_000 } });
  try {
    const agents = [...new Set(demoInstances().map((i) => i.AIAgentId))];
    const instances = demoInstances().map((i) => i.InstanceId);
    let confirmed = 0;
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      switch (i % 6) {
        case 0: {
          const r = await h.call('ice_list_agent_instances', {
            AIAgentId: agents[i % agents.length]!,
            Detail: i % 12 === 0 ? 'full' : 'summary',
          });
          expect(r.isError, textOf(r)).toBeFalsy();
          break;
        }
        case 1:
        case 2: {
          const r = await h.call('ice_describe_agent_instance', { InstanceId: instances[i % instances.length]! });
          expect(r.isError, textOf(r)).toBeFalsy();
          break;
        }
        case 3: {
          const args = { InstanceId: liveInstance(), AgentConfig: { Volume: i % 400 } };
          const preview = await h.call('ice_update_agent_instance', args);
          const token = (preview.structuredContent as { confirmationToken: string }).confirmationToken;
          const done = await h.call('ice_update_agent_instance', { ...args, ConfirmationToken: token });
          expect(done.structuredContent, textOf(done)).toMatchObject({ status: 'executed' });
          confirmed++;
          break;
        }
        case 4: {
          const r = await h.call('ice_send_agent_speech', { InstanceId: liveInstance(), Text: 'x'.repeat(1025) });
          expect(r.isError).toBe(true);
          refused++;
          break;
        }
        default: {
          const r = await h.client.readResource({ uri: `ice://instances/${instances[i % instances.length]!}` });
          expect(r.contents).toHaveLength(1);
        }
      }
    }
    expect(confirmed).toBe(500);
    expect(refused).toBe(500);
    expect(h.requests('UpdateAIAgentInstance')).toHaveLength(500);
    expect(h.requests('SendAIAgentSpeech')).toHaveLength(0);
  } finally {
    await h.close();
  }
}, 120_000);
