/** Someone else changing an instance through the real API, as a colleague's tool would between a preview and its approval. */
import { DEMO_KEYS, type Emulator } from '../../src/emulator/index.js';
import { createIceClient } from '../../src/ice/client.js';
import { createOpenApiCaller } from '../../src/ice/openapi-caller.js';

export async function colleagueUpdates(
  emu: Emulator,
  instanceId: string,
  change: { AgentConfig?: Record<string, unknown>; UserData?: string },
): Promise<void> {
  const key = DEMO_KEYS[0]!;
  const ice = createIceClient({
    call: createOpenApiCaller({
      protocol: 'http',
      timeoutMs: 5_000,
      credentials: { accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
    }),
    region: 'cn-shanghai',
    endpointFor: () => emu.endpoint,
  });
  await ice.call('UpdateAIAgentInstance', { InstanceId: instanceId, ...change }, 'write');
}
