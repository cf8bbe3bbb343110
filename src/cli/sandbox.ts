import type { Config, SandboxDemo } from '../config/config.js';
import type { StaticCredentials } from '../ice/openapi-caller.js';

/** Starts the sandbox emulator when asked, and returns the config pointed at it. */
export async function withSandbox(
  config: Config,
  log: (line: string) => void,
): Promise<{ config: Config; credentials?: StaticCredentials; close: () => Promise<void> }> {
  if (!config.sandbox) return { config, close: async () => {} };
  const { startEmulator, DEMO_KEYS, DEMO_SEED_PATH, loadSeed } = await import('../emulator/index.js');
  const emulator = await startEmulator();
  const names = new Map(loadSeed(DEMO_SEED_PATH).agents.map((a) => [a.AIAgentId, a.Name]));
  // The demo's agents and instances, so the server's instructions and completions can name them.
  const demo: SandboxDemo = {
    agents: emulator.store.agentIds().map((AIAgentId) => ({ AIAgentId, ...(names.get(AIAgentId) ? { Name: names.get(AIAgentId) } : {}) })),
    instances: emulator.store.listInstances().map((i) => ({
      InstanceId: i.InstanceId,
      AIAgentId: i.AIAgentId,
      Status: i.Status,
      GmtCreate: new Date(i.GmtCreate).toISOString(),
      ...(i.SessionId !== '' ? { SessionId: i.SessionId } : {}),
    })),
  };
  const keys = DEMO_KEYS[0];
  if (!keys) throw new Error('the emulator has no demo keys');
  log(
    [
      '************************************************************************',
      '*  SANDBOX MODE: talking to the built-in ICE emulator with demo data,  *',
      '*  not to Alibaba Cloud. Nothing here touches a real agent or account. *',
      '************************************************************************',
      `   emulator endpoint: http://${emulator.endpoint}`,
      '',
    ].join('\n'),
  );
  return {
    // Without ICE_AGENT_IDS the demo agents are offered, so completions (and the doctor) have something to go on.
    config: {
      ...config,
      endpoint: emulator.endpoint,
      protocol: 'http',
      agentIds: config.agentIds.length > 0 ? config.agentIds : demo.agents.map((a) => a.AIAgentId),
      sandboxDemo: demo,
    },
    credentials: { accessKeyId: keys.accessKeyId, accessKeySecret: keys.accessKeySecret },
    close: () => emulator.close(),
  };
}
