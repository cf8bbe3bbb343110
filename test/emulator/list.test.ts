import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { SUPPORT_AGENT, failure, iceClient, type Caller } from './helpers.js';

const BULK_AGENT = 'b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0';
const BIG_AGENT = 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0';
const ITEM_FIELDS = ['AgentConfig', 'CallLogUrl', 'RuntimeConfig', 'Status', 'TemplateConfig', 'UserData'];

let emu: Emulator;
let call: Caller;
beforeAll(async () => {
  emu = await startEmulator();
  call = iceClient(emu.endpoint, DEMO_KEYS[0] ?? { accessKeyId: '', accessKeySecret: '' });
  emu.addInstances(BULK_AGENT, 25, { Status: 'Finished', UserData: 'bulk' });
});
afterAll(async () => {
  await emu.close();
});

async function list(query: Record<string, string>): Promise<Array<Record<string, unknown>>> {
  const res = await call('ListAIAgentInstance', query);
  expect(Object.keys(res.body).sort()).toEqual(['Instances', 'RequestId']);
  return res.body.Instances as Array<Record<string, unknown>>;
}

const channelOf = (item: Record<string, unknown>) => (item.RuntimeConfig as Record<string, unknown>).ChannelId;

describe('ListAIAgentInstance', () => {
  it('has the documented shape: no InstanceId, no TotalCount, newest first', async () => {
    const items = await list({ AIAgentId: SUPPORT_AGENT });
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(Object.keys(item).every((key) => ITEM_FIELDS.includes(key))).toBe(true);
      expect(item).not.toHaveProperty('InstanceId');
    }
    const expected = emu.store
      .listInstances(SUPPORT_AGENT)
      .sort((a, b) => b.GmtCreate - a.GmtCreate)
      .map((instance) => instance.RuntimeConfig.ChannelId);
    expect(items.map(channelOf)).toEqual(expected);
    expect(items[0]?.Status).toBe('Created');
  });

  it('pages with a default size of 10 and a short last page', async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((n) => list({ AIAgentId: BULK_AGENT, PageNumber: String(n) })));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5, 0]);
    expect(pages.flat().every((item) => item.Status === 'Finished' && item.UserData === 'bulk')).toBe(true);
    expect(new Set(pages.flat().map(channelOf)).size).toBe(25);
    expect(await list({ AIAgentId: BULK_AGENT })).toEqual(pages[0]);
    expect(await list({ AIAgentId: BULK_AGENT, PageSize: '0' })).toEqual([]);
    expect(await list({ AIAgentId: BULK_AGENT, PageSize: '100' })).toHaveLength(25);
    expect(await list({ AIAgentId: BULK_AGENT, PageSize: '7', PageNumber: '4' })).toHaveLength(4);
    expect(await list({ AIAgentId: 'no-such-agent' })).toEqual([]);
  });

  it('filters on creation time, both ends inclusive, with Z or +hh:mm offsets and optional seconds', async () => {
    const items = await list({ AIAgentId: SUPPORT_AGENT, StartTime: '2025-07-17T09:12:44Z', EndTime: '2025-07-18T14:39:08+08:00' });
    expect(items.map((item) => item.Status)).toEqual(['Executing', 'Finished']);
    expect(await list({ AIAgentId: SUPPORT_AGENT, StartTime: '2025-07-18T08:01Z' })).toHaveLength(1);
    expect(await list({ AIAgentId: SUPPORT_AGENT, EndTime: '2025-07-15T14:20:05.000+00:00' })).toHaveLength(1);
  });

  it('rejects bad times, page sizes and page numbers by name with the allowed range', async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ StartTime: 'yesterday' }, 'StartTime', 'ISO 8601'],
      [{ EndTime: '2025-07-17' }, 'EndTime', 'ISO 8601'],
      [{ StartTime: '2025-13-01T00:00:00Z' }, 'StartTime', 'ISO 8601'],
      [{ StartTime: '2025-07-18T00:00:00Z', EndTime: '2025-07-17T00:00:00Z' }, 'StartTime', 'EndTime'],
      [{ PageSize: '101' }, 'PageSize', '0 to 100'],
      [{ PageSize: '-1' }, 'PageSize', '0 to 100'],
      [{ PageSize: '1.5' }, 'PageSize', '0 to 100'],
      [{ PageSize: 'ten' }, 'PageSize', '0 to 100'],
      [{ PageNumber: '0' }, 'PageNumber', '1 to 100'],
      [{ PageNumber: '101' }, 'PageNumber', '1 to 100'],
    ];
    for (const [fields, name, hint] of cases) {
      const err = await failure(call('ListAIAgentInstance', { AIAgentId: SUPPORT_AGENT, ...fields }));
      expect([err.statusCode, err.code]).toEqual([400, 'InvalidParameter']);
      expect(String(err.data?.Message)).toContain(name);
      expect(String(err.data?.Message)).toContain(hint);
    }
    const missing = await failure(call('ListAIAgentInstance', { PageSize: '5' }));
    expect([missing.statusCode, missing.code]).toEqual([400, 'MissingParameter']);
    expect(String(missing.data?.Message)).toContain('AIAgentId');
    expect(await list({ AIAgentId: SUPPORT_AGENT, PageNumber: '100', PageSize: '100' })).toEqual([]);
  });

  it('serves 10,000 generated instances: page 100 of 100 is full', async () => {
    const ids = emu.addInstances(BIG_AGENT, 10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(emu.store.getInstance(ids[0] ?? '')?.Status).toBe('Executing');
    expect(await list({ AIAgentId: BIG_AGENT, PageSize: '100', PageNumber: '100' })).toHaveLength(100);
  });
});

describe('listIncludesInstanceId', () => {
  it('adds InstanceId to each item when enabled, in the same newest-first order addInstances returns', async () => {
    const withIds = await startEmulator({ listIncludesInstanceId: true });
    try {
      const ids = withIds.addInstances(BULK_AGENT, 3, { Status: 'Created' });
      const res = await iceClient(withIds.endpoint, DEMO_KEYS[1] ?? { accessKeyId: '', accessKeySecret: '' })('ListAIAgentInstance', {
        AIAgentId: BULK_AGENT,
      });
      const items = res.body.Instances as Array<Record<string, unknown>>;
      expect(items.map((item) => item.InstanceId)).toEqual(ids);
      expect(items.every((item) => item.Status === 'Created')).toBe(true);
    } finally {
      await withIds.close();
    }
  });
});
