/**
 * The secret corpus through every exit of a real MCP client session: 150+ planted secrets in every
 * shape and every place instance data holds them must never appear, and 50+ ordinary values must
 * come through unchanged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../src/emulator/index.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { CORPUS_AGENT, getPath, loadCorpus, plantCorpus } from './corpus-plant.js';

const key = DEMO_KEYS[0];
if (!key) throw new Error('no demo key');
const corpus = loadCorpus(key.accessKeySecret);
const planted = plantCorpus(corpus);
const outputs: { exit: string; text: string }[] = [];
const record = (exit: string, value: unknown): void =>
  void outputs.push({ exit, text: typeof value === 'string' ? value : JSON.stringify(value) });
/** An exit that fails: the error text the client sees is the output. */
const recordFailure = async (exit: string, run: () => Promise<unknown>): Promise<void> => {
  try {
    record(exit, await run());
  } catch (error) {
    record(exit, error instanceof Error ? error.message : String(error));
  }
};

let h: Harness;
const views = new Map<string, unknown[]>(); // instance id -> the instance as each exit showed it

beforeAll(async () => {
  h = await startHarness({ flags: ['--confirm', 'token'], emulator: { seed: planted.seed, listIncludesInstanceId: true } });
  const { client } = h;
  const ids = [...new Set(planted.instanceOf.values())];
  for (const InstanceId of ids) {
    const described = await h.call('ice_describe_agent_instance', { InstanceId });
    record('tool ice_describe_agent_instance', described);
    const resource = await client.readResource({ uri: `ice://instances/${InstanceId}` });
    record('resource ice://instances/{id}', resource);
    const prompt = await client.getPrompt({ name: 'ice_diagnose_instance', arguments: { InstanceId } });
    record('prompt ice_diagnose_instance', prompt);
    const first = prompt.messages.find((m) => m.content.type === 'resource')?.content;
    views.set(InstanceId, [
      (described.structuredContent as { Instance?: unknown } | undefined)?.Instance,
      JSON.parse((resource.contents[0] as { text: string }).text),
      first?.type === 'resource' && 'text' in first.resource ? JSON.parse(first.resource.text) : undefined,
    ]);
  }
  for (const entry of corpus.secrets) {
    const InstanceId = planted.instanceOf.get(entry.id);
    if (InstanceId === undefined) continue;
    if (entry.place === 'CallLog' || entry.place === 'Transcript') {
      await recordFailure('resource ice://instances/{id}/call-log', () =>
        client.readResource({ uri: `ice://instances/${InstanceId}/call-log` }),
      );
    }
    if (entry.place === 'UserData') {
      record('update preview', await h.call('ice_update_agent_instance', { InstanceId, UserData: '{"note":"rotated"}' }));
    }
  }
  for (const Detail of ['full', 'summary']) {
    const listed = await h.call('ice_list_agent_instances', { AIAgentId: CORPUS_AGENT, AllPages: true, Detail });
    record(`tool ice_list_agent_instances ${Detail}`, listed);
    if (Detail === 'full') {
      for (const item of (listed.structuredContent as { Instances: { InstanceId: string }[] }).Instances)
        views.get(item.InstanceId)?.push(item);
    }
  }
  record('resource ice://agents/{id}/instances', await client.readResource({ uri: `ice://agents/${CORPUS_AGENT}/instances` }));
  record('resources/list', await client.listResources());
  const complete = (ref: { type: 'ref/resource'; uri: string } | { type: 'ref/prompt'; name: string }, name: string) =>
    client.complete({ ref, argument: { name, value: '' } });
  record('completion', await complete({ type: 'ref/resource', uri: 'ice://instances/{InstanceId}' }, 'InstanceId'));
  record('completion', await complete({ type: 'ref/prompt', name: 'ice_diagnose_instance' }, 'InstanceId'));
  record('completion', await complete({ type: 'ref/resource', uri: 'ice://agents/{AIAgentId}/instances' }, 'AIAgentId'));
  // Cloud errors whose Message holds a secret, through a tool, a resource and the prompt.
  const someInstance = ids[0] ?? '';
  for (const entry of corpus.secrets.filter((e) => e.place === 'Error')) {
    const fault = { action: 'DescribeAIAgentInstance', status: 400, code: 'InvalidParameter', message: String(entry.data) };
    h.emu.injectFault(fault);
    record('error tool', await h.call('ice_describe_agent_instance', { InstanceId: someInstance }));
    h.emu.injectFault(fault);
    await recordFailure('error resource', () => client.readResource({ uri: `ice://instances/${someInstance}` }));
    h.emu.injectFault(fault);
    await recordFailure('error prompt', () => client.getPrompt({ name: 'ice_diagnose_instance', arguments: { InstanceId: someInstance } }));
  }
  record('audit lines and stderr', h.logs.join(''));
}, 120_000);

afterAll(async () => h?.close());

it('has the corpus it promises', () => {
  expect(corpus.secrets.length).toBeGreaterThanOrEqual(150);
  expect(corpus.ordinary.length).toBeGreaterThanOrEqual(50);
  const places = new Set(corpus.secrets.map((s) => s.place));
  for (const place of ['UserData', 'BailianAppParams.object', 'BailianAppParams.string', 'OpenAIExtraQuery', 'CustomParams']) {
    expect(places).toContain(place);
  }
  for (const place of ['WorkflowOverrideParams', 'ExperimentalConfig', 'LlmHistory', 'CallLog', 'Transcript', 'Error'])
    expect(places).toContain(place);
});

it('no planted secret leaves through any exit, and ordinary values come through unchanged', () => {
  const leaks: string[] = [];
  for (const { id, form, place, secret } of corpus.secrets) {
    for (const { exit, text } of outputs) if (text.includes(secret)) leaks.push(`${id} ${place}/${form} via ${exit}`);
  }
  const falsePositives: string[] = [];
  for (const { id, path, value } of corpus.ordinary) {
    const seen = views.get(planted.instanceOf.get(id) ?? '') ?? [];
    expect(seen.length, id).toBe(4);
    for (const view of seen)
      if (JSON.stringify(getPath(view, path)) !== JSON.stringify(value))
        falsePositives.push(`${id} ${path.join('.')}: ${JSON.stringify(getPath(view, path))}`);
  }
  const exits = new Set(outputs.map((o) => o.exit));
  console.log(
    `secret corpus: ${corpus.secrets.length} planted secrets x ${exits.size} exits (${outputs.length} outputs): ${leaks.length} leaks; ` +
      `${corpus.ordinary.length} ordinary values x 4 views: ${falsePositives.length} false positives`,
  );
  expect(leaks).toEqual([]);
  expect(falsePositives).toEqual([]);
  expect(outputs.map((o) => o.text).join('')).toContain('[redacted]');
});
