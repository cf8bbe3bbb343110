/**
 * The tool surface, pinned: tools/list as a client receives it must equal the committed golden file.
 * A change to a name, description or schema shows up in review as a diff of that file. After an
 * intended change, regenerate it with `UPDATE_GOLDEN=1 npx vitest run test/mcp/listing.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

const GOLDEN = new URL('./tools-list.golden.json', import.meta.url);
const KB = 1024;
const variants = [
  { name: 'default', flags: [] as string[], budget: 12 * KB },
  { name: 'read-only', flags: ['--read-only'], budget: 12 * KB },
  { name: 'all', flags: ['--toolsets', 'all'], budget: 16 * KB },
  { name: 'telephony', flags: ['--toolsets', 'telephony'], budget: 16 * KB },
];

describe.each(variants)('tools/list ($name)', ({ name, flags, budget }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ flags });
  });
  afterAll(() => h.close());

  it('matches the golden file', async () => {
    const { tools } = await h.client.listTools();
    const golden = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>) : {};
    if (process.env.UPDATE_GOLDEN === '1') {
      golden[name] = tools;
      writeFileSync(GOLDEN, `${JSON.stringify(golden, null, 2)}\n`);
    }
    expect(golden[name], `no "${name}" entry in tools-list.golden.json; run with UPDATE_GOLDEN=1`).toBeDefined();
    expect(tools).toEqual(golden[name]);
  });

  it(`stays within its budget (${budget / KB} KB of JSON)`, async () => {
    const { tools } = await h.client.listTools();
    expect(Buffer.byteLength(JSON.stringify({ tools }))).toBeLessThanOrEqual(budget);
  });
});
