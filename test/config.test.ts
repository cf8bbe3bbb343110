import { describe, expect, it } from 'vitest';
import { ConfigError, parseCommand, type Config } from '../src/config/config.js';

const serve = (argv: string[], env: Record<string, string> = {}): Config => {
  const command = parseCommand(argv, env);
  if (command.kind !== 'serve') throw new Error(`expected serve, got ${command.kind}`);
  return command.config;
};
const refusal = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseCommand(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseCommand', () => {
  it('has safe defaults', () => {
    expect(serve([])).toEqual({
      region: 'cn-shanghai',
      protocol: 'https',
      timeoutMs: 10_000,
      toolsets: ['calls', 'agents'],
      readOnly: false,
      confirm: 'auto',
      confirmTtlMs: 300_000,
      confirmTimeoutMs: 600_000,
      agentIds: [],
      sandbox: false,
    });
  });

  it('reads variables, and flags win over them', () => {
    const env = {
      ICE_REGION: 'cn-beijing',
      ICE_ENDPOINT: 'ice-vpc.cn-beijing.aliyuncs.com',
      ICE_MCP_CONFIRM: 'token',
      ICE_MCP_READ_ONLY: 'true',
      ICE_AGENT_IDS: 'a, b,,c',
    };
    expect(serve([], env)).toMatchObject({
      region: 'cn-beijing',
      endpoint: 'ice-vpc.cn-beijing.aliyuncs.com',
      confirm: 'token',
      readOnly: true,
      agentIds: ['a', 'b', 'c'],
    });
    expect(serve(['--region', 'cn-hangzhou', '--confirm', 'elicit'], env)).toMatchObject({ region: 'cn-hangzhou', confirm: 'elicit' });
    expect(serve([], { ALIBABA_CLOUD_REGION_ID: 'ap-southeast-1' }).region).toBe('ap-southeast-1');
  });

  it.each([
    [['--confirm', 'maybe'], /--confirm \/ ICE_MCP_CONFIRM must be one of auto, elicit, browser, token, none/],
    [['--protocol', 'ftp'], /must be one of https, http/],
    [['--timeout-ms', '5s'], /--timeout-ms \/ ICE_TIMEOUT_MS must be an integer from 100 to 600000/],
    [['--endpoint', 'https://ice.cn-shanghai.aliyuncs.com'], /host\[:port\] without a scheme/],
    [['--region', 'Shanghai'], /--region/],
    [['--frobnicate'], /Unknown option '--frobnicate'.*allowed options: --region/],
    [['--port', '80'], /--port needs --http/],
    [['--http', '--host', '0.0.0.0'], /ICE_MCP_HTTP_TOKEN/],
    [['--sandbox', '--endpoint', 'x.example.com'], /--sandbox/],
  ])('refuses %j with one line naming it', (argv, pattern) => {
    const message = refusal(argv);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('refuses bad variables', () => {
    expect(refusal([], { ICE_MCP_READ_ONLY: 'perhaps' })).toMatch(/ICE_MCP_READ_ONLY must be true or false/);
    expect(refusal([], { ICE_MCP_CONFIRM_KEY: 'short' })).toMatch(/at least 16/);
    expect(refusal([], { ICE_MCP_CODE_CACHE: 'disabled' })).toBe(
      'ICE_MCP_CODE_CACHE must be one of on, off, true, false, 1, 0, yes, no (got "disabled")',
    );
    for (const value of ['on', 'off', 'OFF', 'false', '0', 'no', 'true', ''])
      expect(() => serve([], { ICE_MCP_CODE_CACHE: value })).not.toThrow();
  });

  it('accepts a public bind only with a token', () => {
    const config = serve(['--http', '--host', '0.0.0.0', '--port', '8080'], { ICE_MCP_HTTP_TOKEN: 'a-long-enough-token-value' });
    expect(config.http).toMatchObject({ host: '0.0.0.0', port: 8080, tokens: ['a-long-enough-token-value'], stateless: false });
  });

  it('takes several bearer tokens, one per client or team, and a grace time for unused sessions', () => {
    const env = { ICE_MCP_HTTP_TOKEN: 'team-a-token-0123456789, team-b-token-0123456789', ICE_MCP_HTTP_SESSION_GRACE_MS: '5000' };
    expect(serve(['--http'], env).http).toMatchObject({
      tokens: ['team-a-token-0123456789', 'team-b-token-0123456789'],
      sessionGraceMs: 5000,
    });
    expect(serve(['--http'], {}).http).toMatchObject({ tokens: [], sessionGraceMs: 60_000 });
    expect(refusal(['--http'], { ICE_MCP_HTTP_TOKEN: 'long-enough-token-0123,short' })).toMatch(/each token must be at least 16/);
  });

  it('refuses a shared confirmation key without Redis when tokens confirm writes (replay across replicas)', () => {
    const key = { ICE_MCP_CONFIRM_KEY: 'replica-shared-key-0123456789' };
    const message = refusal(['--confirm', 'token'], key);
    expect(message).toMatch(/ICE_MCP_CONFIRM_KEY .*\(replay across replicas\).*ICE_MCP_REDIS_URL/);
    expect(message).not.toContain('\n');
    const url = 'redis://default:hunter2-secret@127.0.0.1:6379/0';
    expect(serve(['--confirm', 'token'], { ...key, ICE_MCP_REDIS_URL: url })).toMatchObject({
      redisUrl: url,
      confirmKey: key.ICE_MCP_CONFIRM_KEY,
    });
    expect(serve(['--confirm', 'elicit'], key).confirmKey).toBe(key.ICE_MCP_CONFIRM_KEY);
  });

  it('refuses a Redis URL that is not one, without echoing it (it may hold a password)', () => {
    const message = refusal([], { ICE_MCP_REDIS_URL: 'http://user:hunter2-secret@host' });
    expect(message).toMatch(/ICE_MCP_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(message).not.toContain('hunter2');
  });

  it('routes the emulator command and the informational flags', () => {
    expect(parseCommand(['emulator', '--port', '9000'], {})).toEqual({ kind: 'emulator', argv: ['--port', '9000'] });
    expect(parseCommand(['--help'], {}).kind).toBe('help');
    expect(parseCommand(['--version'], {}).kind).toBe('version');
  });
});

describe('--toolsets / ICE_MCP_TOOLSETS', () => {
  it('defaults to calls,agents; "all" is every toolset; the flag wins over the variable; order follows the table', () => {
    expect(serve([]).toolsets).toEqual(['calls', 'agents']);
    expect(serve(['--toolsets', 'all']).toolsets).toEqual(['calls', 'agents', 'telephony']);
    expect(serve(['--toolsets', 'telephony, Calls'], { ICE_MCP_TOOLSETS: 'agents' }).toolsets).toEqual(['calls', 'telephony']);
    expect(serve([], { ICE_MCP_TOOLSETS: 'agents' }).toolsets).toEqual(['agents']);
  });

  it('an unknown or empty toolset stops start-up with one line naming the allowed ones', () => {
    expect(refusal(['--toolsets', 'calls,phone'])).toBe(
      '--toolsets / ICE_MCP_TOOLSETS: unknown toolset "phone"; allowed: calls, agents, telephony, all',
    );
    expect(refusal([], { ICE_MCP_TOOLSETS: ' , ' })).toMatch(/must name at least one of calls, agents, telephony, all/);
  });
});

describe('words of the command line, and the doctor command', () => {
  it("a negative number after an option is that option's value, refused with its own range", () => {
    expect(refusal(['--timeout-ms', '-5'])).toBe('--timeout-ms / ICE_TIMEOUT_MS must be an integer from 100 to 600000 (got "-5")');
    expect(refusal(['--timeout-ms=-5'])).toBe('--timeout-ms / ICE_TIMEOUT_MS must be an integer from 100 to 600000 (got "-5")');
    expect(refusal(['--http', '--port', '-1'])).toMatch(/^--port must be an integer from 0 to 65535 \(got "-1"\)$/);
    expect(serve(['--timeout-ms=2500']).timeoutMs).toBe(2500);
  });

  it('a flag that is not a number still reads as a flag', () => {
    expect(refusal(['--region', '-x'])).toMatch(
      /^Option '--region' needs a value, and '-x' is an option \(write --region=-x if it is the value\); allowed options: /,
    );
    expect(refusal(['--region=-x'])).toMatch(/--region \/ ICE_REGION must look like cn-shanghai \(got "-x"\)/);
  });

  it.each([
    [['--frobnicate=1'], /^Unknown option '--frobnicate'; allowed options: --region /],
    [['-x'], /^Unknown option '-x'/],
    [['--constructor'], /^Unknown option '--constructor'/],
    [['--http=yes'], /^Option '--http' does not take a value/],
    [['--region'], /^Option '--region <value>' needs a value/],
    [['cn-shanghai'], /^Unexpected argument 'cn-shanghai'/],
    [['--', '--http'], /^Unexpected argument '--http'/],
  ])('refuses the words %j, naming the one at fault', (argv, pattern) => {
    expect(refusal(argv)).toMatch(pattern);
  });

  it('reads --name value, --name=value, flags, short flags, a trailing --, and the last of a repeated option', () => {
    expect(serve(['--region', 'cn-beijing', '--timeout-ms=2500', '--read-only', '--'])).toMatchObject({
      region: 'cn-beijing',
      timeoutMs: 2500,
      readOnly: true,
    });
    expect(serve(['--region', 'cn-beijing', '--region', 'cn-hangzhou']).region).toBe('cn-hangzhou');
    expect(serve(['--endpoint=a.example.com', '--audit-log=/tmp/a=b.log'])).toMatchObject({
      endpoint: 'a.example.com',
      auditLog: '/tmp/a=b.log',
    });
    expect(parseCommand(['-h'], {})).toEqual({ kind: 'help' });
    expect(parseCommand(['-v'], {})).toEqual({ kind: 'version' });
  });

  it("doctor takes the server's own options", () => {
    const command = parseCommand(['doctor', '--sandbox', '--timeout-ms', '2000'], {});
    expect(command).toMatchObject({ kind: 'doctor', config: { sandbox: true, timeoutMs: 2000 } });
    expect(parseCommand(['doctor', '--help'], {})).toEqual({ kind: 'help' });
    expect(refusal(['doctor', 'emulator'])).toMatch(/Unexpected argument 'emulator'/);
  });
});

describe('ICE_MCP_SANDBOX (the MCP Bundle switch)', () => {
  it('turns the sandbox on or off like --sandbox, and the flag wins', () => {
    expect(serve([], { ICE_MCP_SANDBOX: 'true' }).sandbox).toBe(true);
    expect(serve([], { ICE_MCP_SANDBOX: 'false' }).sandbox).toBe(false);
    expect(serve(['--sandbox'], { ICE_MCP_SANDBOX: 'false' }).sandbox).toBe(true);
    expect(refusal([], { ICE_MCP_SANDBOX: 'maybe' })).toBe('ICE_MCP_SANDBOX must be true or false (got "maybe")');
  });
});
