/** The write audit trail: the sink itself, then one line per outcome through a real MCP client. */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { AuditError, createAuditSink, maskNumber, type AuditEntry } from '../../src/guard/audit.js';
import { keyedDigest } from '../../src/guard/keys.js';
import { startHarness, liveInstance, finishedInstance, allSecrets, type Harness } from '../helpers/harness.js';

const KEYS = ['time', 'tool', 'InstanceId', 'RegionId', 'mode', 'outcome', 'argsDigest', 'client'];
const KEYS_WITH_REQUEST = ['time', 'tool', 'InstanceId', 'RegionId', 'mode', 'outcome', 'RequestId', 'argsDigest', 'client'];

const UPDATE = 'ice_update_agent_instance';
const SPEECH = 'ice_send_agent_speech';
const AUDIT_TIME = new Date('2025-07-18T06:39:08.123Z');

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
// The harness runs in this process, so its random per-process confirmation key is this module's too.
const hmac = (s: string): string => keyedDigest(undefined, `args|${s}`);
const allText = (r: CallToolResult): string => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ice-audit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createAuditSink', () => {
  const entry: AuditEntry = {
    tool: SPEECH,
    InstanceId: 'i-1',
    RegionId: 'cn-shanghai',
    mode: 'token',
    outcome: 'executed',
    RequestId: 'REQ-1',
    argsDigest: 'ab'.repeat(32),
  };
  const fixed = (): Date => new Date('2025-07-18T06:39:08.000Z');

  it('writes one JSON line with exactly the documented keys, in order', () => {
    const lines: string[] = [];
    createAuditSink((l) => void lines.push(l), undefined, fixed)(entry);
    expect(lines).toEqual([
      '{"time":"2025-07-18T06:39:08.000Z","tool":"ice_send_agent_speech","InstanceId":"i-1","RegionId":"cn-shanghai","mode":"token","outcome":"executed","RequestId":"REQ-1","argsDigest":"' +
        'ab'.repeat(32) +
        '"}\n',
    ]);
  });

  it('leaves RequestId out when there is none, and drops keys it does not know', () => {
    const lines: string[] = [];
    const { RequestId: _r, ...rest } = entry;
    const extra = { ...rest, outcome: 'previewed', Text: 'secret words' } as AuditEntry;
    createAuditSink((l) => void lines.push(l), undefined, fixed)(extra);
    const parsed = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(KEYS.filter((k) => k !== 'client'));
    expect(lines[0]).not.toContain('secret words');
  });

  it('appends to the audit file, keeping what was there', () => {
    const file = join(dir, 'unit.log');
    writeFileSync(file, 'earlier line\n');
    const sink = createAuditSink(() => {}, file, fixed);
    sink(entry);
    sink({ ...entry, outcome: 'failed' });
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('earlier line');
    expect(lines.slice(1, 3).map((l) => (JSON.parse(l) as { outcome: string }).outcome)).toEqual(['executed', 'failed']);
    expect(lines[3]).toBe('');
  });

  it('reports a file it cannot append to on the log and throws (a write then goes out unaudited never), naming only the path and code', () => {
    const lines: string[] = [];
    const file = join(dir, 'missing-dir', 'audit.log');
    expect(() => createAuditSink((l) => void lines.push(l), file, fixed)(entry)).toThrow(AuditError);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`audit: could not append to ${file}: ENOENT\n`);
  });
});

describe('audit lines through the MCP client', () => {
  const auditFile = (): string => join(dir, 'server.log');
  const results: CallToolResult[] = [];
  let token: Harness;
  let elicit: Harness;
  let reply: () => Promise<ElicitResult> = async () => ({ action: 'cancel' });
  /** Every elicitation message the person was shown. */
  const messages: string[] = [];
  const id = liveInstance();

  const call = async (h: Harness, name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = await h.call(name, args);
    results.push(result);
    return result;
  };
  /** The audit lines a block of calls produced. */
  const during = async (h: Harness, body: () => Promise<unknown>): Promise<Record<string, unknown>[]> => {
    const before = h.audit().length;
    await body();
    return h.audit().slice(before);
  };
  const outcomes = (lines: Record<string, unknown>[]): unknown[] => lines.map((l) => l.outcome);

  beforeAll(async () => {
    writeFileSync(auditFile(), 'kept from an earlier run\n');
    token = await startHarness({
      flags: ['--confirm', 'token', '--audit-log', auditFile()],
      auditClock: () => AUDIT_TIME,
    });
    elicit = await startHarness({
      capabilities: { elicitation: { form: {} } },
      beforeConnect: (client: Client) =>
        client.setRequestHandler(ElicitRequestSchema, (req) => {
          messages.push(req.params.message);
          return reply();
        }),
      deps: { elicitTimeoutMs: 100 },
    });
  });
  afterAll(async () => {
    await token.close();
    await elicit.close();
  });

  it('token: previewed, then token_redeemed (never confirmed) and executed with the RequestId, all under one argsDigest', async () => {
    const args = { InstanceId: id, Text: 'audited' };
    let first: CallToolResult | undefined;
    const lines = await during(token, async () => {
      first = await call(token, SPEECH, args);
      const t = (first.structuredContent as { confirmationToken: string }).confirmationToken;
      await call(token, SPEECH, { ...args, ConfirmationToken: t });
    });
    expect(outcomes(lines)).toEqual(['previewed', 'token_redeemed', 'executed']);
    const sent = token.requests('SendAIAgentSpeech').at(-1);
    // The digest covers the validated arguments with defaults and the effective region, not the token.
    const canonical = `{"EnableInterrupt":true,"InstanceId":"${id}","RegionId":"cn-shanghai","Text":"audited","Type":"Text"}`;
    for (const line of lines) {
      // An HMAC under the confirmation key, not a bare hash: a small value cannot be recovered by trying candidates.
      expect(line).toMatchObject({ tool: SPEECH, InstanceId: id, RegionId: 'cn-shanghai', mode: 'token', argsDigest: hmac(canonical) });
      expect(line.argsDigest).not.toBe(sha256(canonical));
      expect(line.client).toBe('test-client/1.0.0');
      expect(line.time).toBe(AUDIT_TIME.toISOString()); // the sink's injected clock
    }
    expect(Object.keys(lines[0] ?? {})).toEqual(KEYS);
    expect(Object.keys(lines[2] ?? {})).toEqual(KEYS_WITH_REQUEST);
    expect(lines[2]?.RequestId).toBe(sent?.requestId);
  });

  it('token: a bad token and a Finished instance are refused', async () => {
    const lines = await during(token, async () => {
      await call(token, SPEECH, { InstanceId: id, Text: 'x', ConfirmationToken: 'v1.nope' });
      await call(token, UPDATE, { InstanceId: finishedInstance(), AgentConfig: { Volume: 1 } });
    });
    expect(outcomes(lines)).toEqual(['refused', 'refused']);
    expect(lines[1]).toMatchObject({ tool: UPDATE, InstanceId: finishedInstance() });
    for (const line of lines) expect(Object.keys(line)).toEqual(KEYS);
  });

  it('a failed write is audited with the RequestId of the failed request', async () => {
    const args = { InstanceId: id, AgentConfig: { Greeting: 'Hello from the audit test' } };
    const first = await call(token, UPDATE, args);
    const t = (first.structuredContent as { confirmationToken: string }).confirmationToken;
    token.emu.injectFault({ action: 'UpdateAIAgentInstance', status: 403, code: 'Forbidden.RAM', message: 'denied', times: 1 });
    const lines = await during(token, () => call(token, UPDATE, { ...args, ConfirmationToken: t }));
    expect(outcomes(lines)).toEqual(['token_redeemed', 'failed']);
    expect(lines[1]?.RequestId).toBe(token.requests('UpdateAIAgentInstance').at(-1)?.requestId);
    expect(Object.keys(lines[1] ?? {})).toEqual(KEYS_WITH_REQUEST);
  });

  it('a failed read of the instance before the preview is audited as failed', async () => {
    const lines = await during(token, () => call(token, SPEECH, { InstanceId: 'no-such-instance-0000', Text: 'x' }));
    expect(outcomes(lines)).toEqual(['failed']);
    expect(lines[0]?.RequestId).toBe(token.requests('DescribeAIAgentInstance').at(-1)?.requestId);
  });

  it('elicit: declined, cancelled, confirmed + executed, timed_out (no answer in time) and failed', async () => {
    const ask = async (r: () => Promise<ElicitResult>): Promise<unknown[]> => {
      reply = r;
      return outcomes(await during(elicit, () => call(elicit, SPEECH, { InstanceId: id, Text: 'elicited' })));
    };
    expect(await ask(async () => ({ action: 'decline' }))).toEqual(['previewed', 'declined']);
    expect(await ask(async () => ({ action: 'accept', content: { confirm: false } }))).toEqual(['previewed', 'declined']);
    expect(await ask(async () => ({ action: 'cancel' }))).toEqual(['previewed', 'cancelled']);
    expect(await ask(async () => ({ action: 'accept', content: { confirm: true } }))).toEqual(['previewed', 'confirmed', 'executed']);
    expect(await ask(() => new Promise<ElicitResult>(() => {}))).toEqual(['previewed', 'timed_out']);
    expect(await ask(async () => Promise.reject(new Error('boom')))).toEqual(['previewed', 'failed']);
    const lines = elicit.audit();
    expect(new Set(lines.map((l) => l.mode))).toEqual(new Set(['elicit']));
    for (const line of lines) expect(Object.keys(line)).toEqual(line.RequestId === undefined ? KEYS : KEYS_WITH_REQUEST);
  });

  it('--audit-log appends the same lines as stderr after what the file held', () => {
    const file = readFileSync(auditFile(), 'utf8');
    expect(file.startsWith('kept from an earlier run\n')).toBe(true);
    const fileLines = file
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(fileLines.length).toBeGreaterThan(0);
    expect(fileLines).toEqual(token.audit());
  });

  it('no audit line and no result text holds a secret, nor the confirmation token', () => {
    const auditText = [...token.logs, ...elicit.logs, readFileSync(auditFile(), 'utf8')].join('\n');
    const text = [...results.map(allText), ...messages].join('\n');
    expect(results.length).toBeGreaterThan(10);
    expect(messages.length).toBeGreaterThan(3);
    for (const secret of allSecrets()) {
      expect(auditText).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(auditText).not.toMatch(/v1\.\d{13}\./);
    expect(auditText).not.toContain('audited'); // no argument values, only their digest
  });

  // The current (from) side is redacted before it is quoted: escaped inside a JSON string, a secret
  // would no longer look like one.
  it('previews of an update replacing a secret-bearing UserData keep the secret out', async () => {
    reply = async () => ({ action: 'decline' });
    const args = { InstanceId: id, UserData: '{"customer":"C-10442","note":"rotated"}' };
    const shown = messages.length;
    const texts = [allText(await token.call(UPDATE, args)), allText(await elicit.call(UPDATE, args))];
    const text = [...texts, ...messages.slice(shown)].join('\n');
    expect(messages.length).toBe(shown + 1);
    expect(text).toContain('UserData');
    for (const secret of allSecrets()) expect(text).not.toContain(secret);
  });
});

describe('refusals decided before the preview are audited too', () => {
  it.each([
    [['--confirm', 'token'], { RegionId: 'cn-beijing', AgentConfig: { Volume: 10 } }],
    [['--confirm', 'token'], {}],
    [['--read-only'], { AgentConfig: { Volume: 10 } }],
  ])('%j %j: one refused line, nothing sent', async (flags, extra) => {
    const h = await startHarness({ flags });
    try {
      const result = await h.call(UPDATE, { InstanceId: liveInstance(), ...extra });
      expect(result.isError).toBe(true);
      expect(h.audit().map((line) => line.outcome)).toEqual(['refused']);
      expect(h.audit()[0]).toMatchObject({ tool: UPDATE, InstanceId: liveInstance() });
      expect(h.emu.requests).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});

describe('a write refused for its arguments', () => {
  it('leaves one refused line naming the instance, and sends nothing', async () => {
    const h = await startHarness({ flags: ['--confirm', 'token'] });
    try {
      const result = await h.call(SPEECH, { InstanceId: liveInstance(), Text: 'x'.repeat(1025) });
      expect(result.isError).toBe(true);
      expect(h.audit()).toEqual([expect.objectContaining({ tool: SPEECH, InstanceId: liveInstance(), mode: 'token', outcome: 'refused' })]);
      expect(h.emu.requests).toHaveLength(0);
      const read = await h.call('ice_describe_agent_instance', { InstanceId: 42 });
      expect(read.isError).toBe(true);
      expect(h.audit()).toHaveLength(1); // reads are not audited
    } finally {
      await h.close();
    }
  });
});

describe('phone numbers in audit lines', () => {
  it('are masked but for their last four digits, whatever their shape', () => {
    expect(maskNumber('+8613800001234')).toBe('+*********1234');
    expect(maskNumber('057188880000')).toBe('********0000');
    expect(maskNumber('1234')).toBe('1234');
    expect(maskNumber('x'.repeat(100)).length).toBe(32);
  });

  it('appear masked in the line, right after InstanceId, and only when given', () => {
    const lines: string[] = [];
    const sink = createAuditSink(
      (line) => void lines.push(line),
      undefined,
      () => new Date(0),
    );
    sink({
      tool: 't',
      InstanceId: '',
      CallerNumber: '+8657100000000',
      CalledNumber: '13800001234',
      RegionId: 'r',
      mode: 'none',
      outcome: 'executed',
      argsDigest: 'd',
    });
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      tool: 't',
      InstanceId: '',
      CallerNumber: '+*********0000',
      CalledNumber: '*******1234',
      RegionId: 'r',
      mode: 'none',
      outcome: 'executed',
      argsDigest: 'd',
    });
  });
});
