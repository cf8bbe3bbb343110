import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, McpError, type CallToolResult, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { allSecrets, demoSeed, finishedInstance, liveInstance, startHarness, type Harness } from '../helpers/harness.js';
import { RecentInstances } from '../../src/domain/recent.js';

const SUPPORT_AGENT = '5f1e9c2ab3d84e7f9a0b1c2d3e4f5a6b';
const EXTERNAL_LOG_ID = '6c2e3a4b5d7f4e8a0b1c2d3e4f5a6b73'; // CallLogUrl on a reserved .invalid name
const CREATED_ID = '5b1d2f3a4c6e4d7f9a0b1c2d3e4f5a62';
const LIVE = liveInstance();
const FINISHED = finishedInstance();

const textOf = (result: ReadResourceResult): string => {
  const first = result.contents[0];
  if (!first || !('text' in first)) throw new Error('expected a text resource');
  return first.text;
};
const jsonOf = (result: ReadResourceResult): unknown => JSON.parse(textOf(result));

function expectNoSecret(text: string): void {
  for (const secret of allSecrets()) expect(text, `leaked ${secret}`).not.toContain(secret);
}

/** The McpError a read fails with. */
async function readFailure(h: Harness, uri: string): Promise<McpError> {
  const error = await h.client.readResource({ uri }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

const completions = async (
  h: Harness,
  ref: { type: 'ref/resource'; uri: string } | { type: 'ref/prompt'; name: string },
  name: string,
  value: string,
) => (await h.client.complete({ ref, argument: { name, value } })).completion.values;

const links = (result: CallToolResult) => result.content.filter((c) => c.type === 'resource_link');

describe('templates', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(async () => h.close());

  it('lists the four templates, each with a name, description and JSON type', async () => {
    const { resourceTemplates } = await h.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'ice://agents/{AIAgentId}/instances',
      'ice://instances/{InstanceId}',
      'ice://instances/{InstanceId}/call-log',
      'ice://instances/{InstanceId}/transcript',
    ]);
    for (const t of resourceTemplates) {
      expect(t.name).toMatch(/\S/);
      expect(t.description?.length).toBeGreaterThan(20);
      expect(t.mimeType).toBe('application/json');
    }
  });

  it('reads an instance: the described instance, redacted', async () => {
    const uri = `ice://instances/${LIVE}`;
    const result = await h.client.readResource({ uri });
    expect(result.contents).toHaveLength(1);
    expect(result.contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
    const instance = jsonOf(result) as Record<string, unknown>;
    expect(instance).toMatchObject({ InstanceId: LIVE, Status: 'Executing' });
    expect(Date.parse(String(instance.GmtCreate))).toBe(Date.parse('2025-07-18T06:39:08Z'));
    expect((instance.RuntimeConfig as Record<string, unknown>).AuthToken).toBe('[redacted]');
    expectNoSecret(textOf(result));
    expect(h.requests('DescribeAIAgentInstance').at(-1)?.params.InstanceId).toBe(LIVE);
  });

  it("reads an instance's call log: the JSON behind its CallLogUrl", async () => {
    const seeded = demoSeed()
      .agents.flatMap((a) => a.instances)
      .find((i) => i.InstanceId === FINISHED);
    expect(seeded?.callLog).toBeDefined();
    const uri = `ice://instances/${FINISHED}/call-log`;
    const result = await h.client.readResource({ uri });
    expect(result.contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
    expect(jsonOf(result)).toEqual(seeded?.callLog);
  });

  it("reads an agent's instances: every one, compact, as the list tool's summary", async () => {
    const uri = `ice://agents/${SUPPORT_AGENT}/instances`;
    const result = await h.client.readResource({ uri });
    expect(result.contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
    const body = jsonOf(result) as { AIAgentId: string; Count: number; Truncated: boolean; Instances: Record<string, unknown>[] };
    const seeded = demoSeed().agents.find((a) => a.AIAgentId === SUPPORT_AGENT)?.instances ?? [];
    expect(body).toMatchObject({ AIAgentId: SUPPORT_AGENT, Count: seeded.length, Truncated: false });
    expect(body.Instances).toHaveLength(seeded.length);
    expect(body.Instances.filter((i) => i.HasCallLog === true)).toHaveLength(
      seeded.filter((i) => i.callLog !== undefined || i.CallLogUrl).length,
    );
    for (const item of body.Instances) {
      expect(Object.keys(item)).not.toContain('RuntimeConfig');
      expect(Object.keys(item)).not.toContain('AgentConfig');
      expect(item.Status).toMatch(/^(Created|Executing|Finished)$/);
    }
    // Same summary as the list tool gives for the same agent.
    const tool = await h.call('ice_list_agent_instances', { AIAgentId: SUPPORT_AGENT, AllPages: true });
    expect(body.Instances).toEqual((tool.structuredContent as { Instances: unknown[] }).Instances);
  });

  it('leaks no secret from any instance, call log or agent resource', async () => {
    const seed = demoSeed();
    const uris = [
      ...seed.agents.map((a) => `ice://agents/${a.AIAgentId}/instances`),
      ...seed.agents.flatMap((a) => a.instances.map((i) => `ice://instances/${i.InstanceId}`)),
      ...seed.agents.flatMap((a) =>
        a.instances.filter((i) => i.callLog !== undefined).map((i) => `ice://instances/${i.InstanceId}/call-log`),
      ),
    ];
    let scanned = 0;
    for (const uri of uris) {
      const result = await h.client.readResource({ uri });
      expectNoSecret(JSON.stringify(result));
      scanned++;
    }
    expect(scanned).toBe(uris.length);
    expect(scanned).toBeGreaterThan(12);
  });
});

describe('errors', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(async () => h.close());
  afterEach(() => h.emu.clearFaults());

  it('an unknown instance is Invalid Params naming the ICE error and the next step', async () => {
    const uri = 'ice://instances/does-not-exist-0001';
    const error = await readFailure(h, uri);
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toContain('InvalidInstanceId.NotFound');
    expect(error.message).toContain('does-not-exist-0001');
    expect(error.message).toMatch(/Next step: check the id/);
    expect(error.data).toEqual({ uri });
  });

  it('an unknown instance in the call-log template fails the same way', async () => {
    const error = await readFailure(h, 'ice://instances/does-not-exist-0002/call-log');
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toContain('InvalidInstanceId.NotFound');
  });

  it.each([
    ['bad percent-encoding', 'ice://instances/%E0%A4%A'],
    ['an encoded slash', 'ice://instances/a%2Fb'],
    ['an encoded space', 'ice://instances/a%20b'],
    ['over 128 characters', `ice://instances/${'a'.repeat(129)}`],
  ])('a malformed InstanceId (%s) is refused before any ICE call', async (_what, uri) => {
    const before = h.requests('DescribeAIAgentInstance').length;
    const error = await readFailure(h, uri);
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/Invalid InstanceId in resource URI: expected 1-128 characters without spaces or slashes/);
    expect(h.requests('DescribeAIAgentInstance').length).toBe(before);
  });

  it('a malformed AIAgentId is refused before any ICE call', async () => {
    const before = h.requests('ListAIAgentInstance').length;
    const error = await readFailure(h, 'ice://agents/a%2Fb/instances');
    expect(error.message).toMatch(/Invalid AIAgentId in resource URI/);
    expect(h.requests('ListAIAgentInstance').length).toBe(before);
  });

  it('an instance without a call log says so', async () => {
    const error = await readFailure(h, `ice://instances/${LIVE}/call-log`);
    expect(error.code).toBe(ErrorCode.InvalidRequest);
    expect(error.message).toContain(`Instance ${LIVE} has no call log (no CallLogUrl)`);
  });

  it('a URI no template matches is not found', async () => {
    const error = await readFailure(h, 'ice://nothing/here');
    expect(error.code).toBe(ErrorCode.InvalidParams);
    expect(error.message).toMatch(/Resource ice:\/\/nothing\/here not found/);
  });

  it('an ICE error while reading an instance carries the code and the next step', async () => {
    h.emu.injectFault({ action: 'DescribeAIAgentInstance', status: 403, code: 'Forbidden.RAM', message: 'User not authorized.', times: 1 });
    const error = await readFailure(h, `ice://instances/${LIVE}`);
    expect(error.code).toBe(ErrorCode.InternalError);
    expect(error.message).toContain('ICE error Forbidden.RAM (HTTP 403) from DescribeAIAgentInstance');
    expect(error.message).toContain('Next step: grant the RAM action ice:DescribeAIAgentInstance');
  });

  it("an ICE error while reading an agent's instances carries the code", async () => {
    h.emu.injectFault({ action: 'ListAIAgentInstance', status: 403, code: 'Forbidden.RAM', message: 'User not authorized.', times: 1 });
    const error = await readFailure(h, `ice://agents/${SUPPORT_AGENT}/instances`);
    expect(error.message).toContain('ICE error Forbidden.RAM (HTTP 403) from ListAIAgentInstance');
  });
});

describe('the demo instance whose call log is on a host that cannot exist (.invalid)', () => {
  it('is a clear error whatever the network does, never a hang', async () => {
    const h = await startHarness({ flags: ['--timeout-ms', '1500'] });
    try {
      const error = await readFailure(h, `ice://instances/${EXTERNAL_LOG_ID}/call-log`);
      expect(error.code).toBe(ErrorCode.InvalidRequest);
      // A .invalid name never resolves (RFC 6761), online or off: no outside host is ever contacted.
      expect(error.message).toMatch(
        /Call log unavailable: the call log (could not be downloaded \(network error\)|did not arrive within 1500 ms)/,
      );
    } finally {
      await h.close();
    }
  });
});

describe('resources/list', () => {
  it('starts empty and then shows the instances seen, most recent first, with helpful names', async () => {
    const h = await startHarness();
    try {
      expect((await h.client.listResources()).resources).toEqual([]);
      await h.call('ice_describe_agent_instance', { InstanceId: FINISHED });
      await h.client.readResource({ uri: `ice://instances/${CREATED_ID}` });
      await h.call('ice_describe_agent_instance', { InstanceId: LIVE });
      await h.call('ice_describe_agent_instance', { InstanceId: FINISHED }); // seen again: back to the front

      const { resources } = await h.client.listResources();
      expect(resources.map((r) => r.uri)).toEqual([
        `ice://instances/${FINISHED}`,
        `ice://instances/${LIVE}`,
        `ice://instances/${CREATED_ID}`,
      ]);
      for (const r of resources) expect(r.mimeType).toBe('application/json');
      expect(resources[1]?.name).toBe(`Instance ${LIVE} (Executing, 2025-07-18T06:39:08.000+00:00)`);
      expect(resources[0]?.name).toMatch(/^Instance \w+ \(Finished, 2025-07-17T09:12:44\.000\+00:00\)$/);
      // Each listed resource reads back.
      const back = await h.client.readResource({ uri: resources[2]?.uri ?? '' });
      expect((jsonOf(back) as { Status: string }).Status).toBe('Created');
    } finally {
      await h.close();
    }
  });

  it('names the agent when the list shows instance ids', async () => {
    const h = await startHarness({ emulator: { listIncludesInstanceId: true } });
    try {
      await h.call('ice_list_agent_instances', { AIAgentId: SUPPORT_AGENT });
      const { resources } = await h.client.listResources();
      const seeded = demoSeed().agents.find((a) => a.AIAgentId === SUPPORT_AGENT)?.instances ?? [];
      expect(resources).toHaveLength(seeded.length);
      for (const r of resources)
        expect(r.name).toMatch(new RegExp(`^Instance \\w+ \\((Created|Executing|Finished), agent ${SUPPORT_AGENT}`));
    } finally {
      await h.close();
    }
  });

  it('is bounded by the memory it is given', async () => {
    const h = await startHarness({ deps: { recent: new RecentInstances(2) } });
    try {
      for (const id of [CREATED_ID, FINISHED, LIVE]) await h.call('ice_describe_agent_instance', { InstanceId: id });
      expect((await h.client.listResources()).resources.map((r) => r.uri)).toEqual([
        `ice://instances/${LIVE}`,
        `ice://instances/${FINISHED}`,
      ]);
    } finally {
      await h.close();
    }
  });

  it('keeps the last 100 by default', async () => {
    const recent = new RecentInstances();
    for (let i = 0; i < 150; i++) recent.noteInstance({ InstanceId: `i${i}`, RegionId: 'cn-shanghai' });
    const listed = await recent.listInstances();
    expect(listed).toHaveLength(100);
    expect(listed[0]?.InstanceId).toBe('i149');
    expect(listed.at(-1)?.InstanceId).toBe('i50');
  });

  it('merges what it learns about an instance', async () => {
    const recent = new RecentInstances(10);
    recent.noteInstance({ InstanceId: 'a', AIAgentId: 'agent-1', Status: 'Executing', RegionId: 'cn-shanghai' });
    recent.noteInstance({ InstanceId: 'b', RegionId: 'cn-shanghai' });
    recent.noteInstance({ InstanceId: 'a', Status: 'Finished', RegionId: 'cn-shanghai' });
    expect((await recent.listInstances()).map((s) => s.InstanceId)).toEqual(['a', 'b']);
    expect((await recent.listInstances())[0]).toMatchObject({
      InstanceId: 'a',
      AIAgentId: 'agent-1',
      Status: 'Finished',
      RegionId: 'cn-shanghai',
    });
    expect(await recent.listAgents()).toEqual(['agent-1']);
  });
});

describe('completion', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ICE_AGENT_IDS: 'agent-x, agent-y,,' } });
    for (const id of [LIVE, FINISHED, CREATED_ID]) await h.call('ice_describe_agent_instance', { InstanceId: id });
  });
  afterAll(async () => h.close());

  const instanceRef = { type: 'ref/resource' as const, uri: 'ice://instances/{InstanceId}' };
  const callLogRef = { type: 'ref/resource' as const, uri: 'ice://instances/{InstanceId}/call-log' };
  const agentRef = { type: 'ref/resource' as const, uri: 'ice://agents/{AIAgentId}/instances' };

  it('offers the instances seen, most recent first, filtered by the typed prefix', async () => {
    expect(await completions(h, instanceRef, 'InstanceId', '')).toEqual([CREATED_ID, FINISHED, LIVE]);
    expect(await completions(h, instanceRef, 'InstanceId', LIVE.slice(0, 3))).toEqual([LIVE]);
    expect(await completions(h, instanceRef, 'InstanceId', 'zzz')).toEqual([]);
  });

  it('offers the same values for the call-log template and the prompt', async () => {
    expect(await completions(h, callLogRef, 'InstanceId', FINISHED.slice(0, 2))).toEqual([FINISHED]);
    expect(await completions(h, { type: 'ref/prompt', name: 'ice_diagnose_instance' }, 'InstanceId', CREATED_ID.slice(0, 4))).toEqual([
      CREATED_ID,
    ]);
    expect(await completions(h, { type: 'ref/prompt', name: 'ice_diagnose_instance' }, 'InstanceId', 'zzz')).toEqual([]);
  });

  it('offers ICE_AGENT_IDS (comma-separated, trimmed) and the agents seen', async () => {
    expect(await completions(h, agentRef, 'AIAgentId', 'agent-')).toEqual(['agent-x', 'agent-y']);
    expect(await completions(h, agentRef, 'AIAgentId', 'agent-y')).toEqual(['agent-y']);
    expect(await completions(h, agentRef, 'AIAgentId', SUPPORT_AGENT.slice(0, 3))).toEqual([]);
    await h.client.readResource({ uri: `ice://agents/${SUPPORT_AGENT}/instances` });
    expect(await completions(h, agentRef, 'AIAgentId', SUPPORT_AGENT.slice(0, 3))).toEqual([SUPPORT_AGENT]);
    expect(await completions(h, agentRef, 'AIAgentId', '')).toEqual([SUPPORT_AGENT, 'agent-x', 'agent-y']);
  });
});

describe('resource links in tool results', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness({ flags: ['--confirm', 'token'] })));
  afterAll(async () => h.close());

  it('a described instance links to itself and to its call log', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: FINISHED });
    expect(result.isError).toBeFalsy();
    expect(links(result)).toEqual([
      { type: 'resource_link', uri: `ice://instances/${FINISHED}`, name: `Instance ${FINISHED}`, mimeType: 'application/json' },
      { type: 'resource_link', uri: `ice://instances/${FINISHED}/call-log`, name: `Call log of ${FINISHED}`, mimeType: 'application/json' },
      {
        type: 'resource_link',
        uri: `ice://instances/${FINISHED}/transcript`,
        name: `Transcript of ${FINISHED}`,
        mimeType: 'application/json',
      },
    ]);
    for (const link of links(result)) {
      if (link.type !== 'resource_link') continue;
      const read = await h.client.readResource({ uri: link.uri });
      expect(read.contents[0]?.uri).toBe(link.uri);
    }
  });

  it('an instance without call log links to itself and its transcript', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: LIVE });
    expect(links(result).map((l) => (l.type === 'resource_link' ? l.uri : ''))).toEqual([
      `ice://instances/${LIVE}`,
      `ice://instances/${LIVE}/transcript`,
    ]);
  });

  it("a list links to the agent's instances", async () => {
    const result = await h.call('ice_list_agent_instances', { AIAgentId: SUPPORT_AGENT });
    expect(links(result)).toEqual([
      {
        type: 'resource_link',
        uri: `ice://agents/${SUPPORT_AGENT}/instances`,
        name: `Instances of agent ${SUPPORT_AGENT}`,
        mimeType: 'application/json',
      },
    ]);
  });

  it('a write awaiting confirmation links to the instance', async () => {
    const result = await h.call('ice_send_agent_speech', { InstanceId: LIVE, Text: 'Hello there' });
    expect((result.structuredContent as { status: string }).status).toBe('confirmation_required');
    expect(links(result).map((l) => (l.type === 'resource_link' ? l.uri : ''))).toEqual([`ice://instances/${LIVE}`]);
  });

  it('an error result carries no link', async () => {
    const result = await h.call('ice_describe_agent_instance', { InstanceId: 'does-not-exist-0003' });
    expect(result.isError).toBe(true);
    expect(links(result)).toEqual([]);
  });
});
