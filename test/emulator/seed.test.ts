import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_KEYS, DEMO_SEED_PATH, SeedError, loadSeed, startEmulator, type SeedData } from '../../src/emulator/index.js';
import { iceClient } from './helpers.js';

const seedText = readFileSync(DEMO_SEED_PATH, 'utf8');
const seed = loadSeed(DEMO_SEED_PATH);
const instances = seed.agents.flatMap((agent) => agent.instances);

describe('the demo seed', () => {
  it('lives at an absolute DEMO_SEED_PATH under seed/', () => {
    expect(isAbsolute(DEMO_SEED_PATH)).toBe(true);
    expect(DEMO_SEED_PATH.replaceAll('\\', '/')).toMatch(/\/seed\/demo\.json$/);
    expect(existsSync(DEMO_SEED_PATH)).toBe(true);
  });

  it('covers every status, served and external call logs, and 2-3 agents', () => {
    expect(seed.agents.length).toBeGreaterThanOrEqual(2);
    expect(seed.agents.length).toBeLessThanOrEqual(3);
    expect(new Set(instances.map((i) => i.Status))).toEqual(new Set(['Created', 'Executing', 'Finished']));
    expect(instances.some((i) => Array.isArray(i.callLog))).toBe(true);
    expect(instances.some((i) => i.CallLogUrl?.startsWith('https://') === true)).toBe(true);
    expect(new Set(instances.map((i) => i.GmtCreate.slice(0, 10))).size).toBeGreaterThanOrEqual(4);
  });

  it('lists every planted secret, and every listed secret is really in the file', () => {
    const secrets = seed.secrets ?? [];
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(seedText).toContain(secret);
    const planted = new Set(seedText.match(/demo-secret-[A-Za-z0-9-]+/g));
    expect([...planted].sort()).toEqual([...secrets].sort());
    const kinds = ['authtoken', 'voicechat-token', 'llm-apikey', 'crm-token', 'bailian'];
    for (const kind of kinds) expect(secrets.some((s) => s.includes(kind))).toBe(true);
  });

  it('has transcripts for some instances with a SessionId, and instances without one', () => {
    const sessions = new Set((seed.sessions ?? []).map((s) => s.SessionId));
    expect(instances.some((i) => i.SessionId !== undefined && sessions.has(i.SessionId))).toBe(true);
    expect(instances.some((i) => i.SessionId === undefined)).toBe(true);
    for (const token of seed.agents.flatMap((a) => (a.notifyConfig?.Token ? [String(a.notifyConfig.Token)] : []))) {
      expect(seed.secrets).toContain(token);
    }
  });

  it('plants secrets where the API returns them', () => {
    const withApiKey = instances.find((i) =>
      String((i.AgentConfig?.LlmConfig as Record<string, unknown> | undefined)?.OpenAIExtraQuery).includes('api-key=demo-secret-'),
    );
    expect(withApiKey).toBeDefined();
    expect(instances.some((i) => i.UserData?.includes('"crmToken":"demo-secret-') === true)).toBe(true);
    const bailian = instances.map((i) => (i.AgentConfig?.LlmConfig as Record<string, unknown> | undefined)?.BailianAppParams);
    expect(bailian.every((value) => typeof value === 'string' && typeof JSON.parse(value) === 'object')).toBe(true);
    for (const instance of instances) {
      const runtime = instance.RuntimeConfig ?? {};
      expect(runtime.AuthToken).toMatch(/^demo-secret-/);
      expect((runtime.VoiceChat as Record<string, unknown>).AuthToken).toMatch(/^demo-secret-/);
    }
  });

  it('does not contain the demo keys, which are a plain pair and an STS triple', () => {
    expect(DEMO_KEYS.some((k) => k.securityToken === undefined)).toBe(true);
    expect(DEMO_KEYS.some((k) => k.securityToken !== undefined)).toBe(true);
    for (const key of DEMO_KEYS) {
      expect(seedText).not.toContain(key.accessKeySecret);
      if (key.securityToken !== undefined) expect(seedText).not.toContain(key.securityToken);
    }
  });
});

describe('loading seeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ice-emu-seed-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const good = (): SeedData => ({
    agents: [{ AIAgentId: 'agent-1', instances: [{ InstanceId: 'i-1', Status: 'Executing', GmtCreate: '2025-07-18T06:39:08Z' }] }],
  });

  it('reports unreadable files and invalid JSON with the path', () => {
    expect(() => loadSeed(join(dir, 'missing.json'))).toThrow(/missing\.json.*ENOENT/);
    expect(() => loadSeed(write('broken.json', '{"agents": ['))).toThrow(/broken\.json is not valid JSON/);
  });

  it('names the field that is wrong', () => {
    const broken = (change: (data: SeedData) => void): SeedData => {
      const data = good();
      change(data);
      return data;
    };
    const first = (data: SeedData) => data.agents[0]?.instances[0] ?? ({} as never);
    const cases: Array<[unknown, RegExp]> = [
      [[], /top level/],
      [{ agents: {} }, /"agents" must be an array/],
      [
        broken((d) => Object.assign(first(d), { Status: 'Running' })),
        /agents\[0\]\.instances\[0\]\.Status must be one of Created, Executing, Finished/,
      ],
      [broken((d) => Object.assign(first(d), { GmtCreate: 'last tuesday' })), /instances\[0\]\.GmtCreate/],
      [broken((d) => Object.assign(first(d), { AgentConfig: 'x' })), /instances\[0\]\.AgentConfig must be an object/],
      [broken((d) => Object.assign(first(d), { CallLogUrl: 'ftp://x' })), /CallLogUrl must be an http\(s\) URL/],
      [broken((d) => Object.assign(first(d), { CallLogUrl: 'https://x/y.json', callLog: [] })), /both callLog and CallLogUrl/],
      [broken((d) => d.agents[0]?.instances.push({ ...first(d) })), /"i-1" appears twice/],
      [broken((d) => d.agents.push({ AIAgentId: 'agent-1', instances: [] })), /agents\[1\]\.AIAgentId "agent-1" appears twice/],
      [broken((d) => Object.assign(d, { secrets: ['ok', ''] })), /"secrets" must be an array of non-empty strings/],
      [broken((d) => Object.assign(d, { sessions: {} })), /"sessions" must be an array/],
      [
        broken((d) =>
          Object.assign(d, { sessions: [{ SessionId: 's', dialogues: [{ RoundId: 'r', Producer: 'bot', Text: '', Time: 'x' }] }] }),
        ),
        /sessions\[0\]\.dialogues\[0\]\.Producer/,
      ],
      [broken((d) => Object.assign(d, { voices: [{ Type: 'g', VoiceList: [{}] }] })), /voices\[0\]\.VoiceList/],
      [broken((d) => Object.assign(d, { phoneNumbers: [{ PhoneNumber: '1', Status: 9 }] })), /phoneNumbers\[0\]\.Status/],
      [broken((d) => Object.assign(d.agents[0] ?? {}, { notifyConfig: 'x' })), /agents\[0\]\.notifyConfig must be an object/],
    ];
    for (const [data, message] of cases) {
      expect(() => loadSeed(data as SeedData)).toThrow(SeedError);
      expect(() => loadSeed(data as SeedData)).toThrow(message);
    }
  });

  it('starts an emulator from a seed object or file, and refuses an invalid one', async () => {
    const emu = await startEmulator({ seed: write('good.json', JSON.stringify(good())) });
    try {
      const res = await iceClient(emu.endpoint, DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' })('DescribeAIAgentInstance', {
        InstanceId: 'i-1',
      });
      expect((res.body.Instance as Record<string, unknown>).Status).toBe('Executing');
      expect(emu.store.size()).toBe(1);
    } finally {
      await emu.close();
    }
    await expect(startEmulator({ seed: { agents: 'none' } as unknown as SeedData })).rejects.toThrow(SeedError);
  });
});
