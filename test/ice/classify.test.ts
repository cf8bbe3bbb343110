import { describe, expect, it } from 'vitest';
import { toIceError } from '../../src/ice/classify.js';
import { backoffDelay, defaultRetryPolicy, retrying } from '../../src/ice/retry.js';

const URL_WITH_QUERY = 'https://ice.cn-shanghai.aliyuncs.com/?InstanceId=abc&Text=secret-words&AccessKeyId=LTAI5tAbCdEfGhIjKlMn';

describe('toIceError', () => {
  it('keeps a network error code but drops the URL the library appended', () => {
    const raw = Object.assign(new Error(`connect ECONNRESET 1.2.3.4:443 POST ${URL_WITH_QUERY} failed.`), { code: 'ECONNRESET' });
    const error = toIceError(raw, 'DescribeAIAgentInstance', 'read');
    expect(error).toMatchObject({ kind: 'network', code: 'NetworkError', retryable: true, ambiguous: false });
    expect(error.message).toBe('Network error talking to ICE (ECONNRESET)');
  });

  it('marks a reset write as ambiguous and a refused one as not sent', () => {
    const reset = Object.assign(new Error('x'), { code: 'ECONNRESET' });
    const refused = Object.assign(new Error('x'), { code: 'ECONNREFUSED' });
    expect(toIceError(reset, 'SendAIAgentSpeech', 'write').ambiguous).toBe(true);
    expect(toIceError(refused, 'SendAIAgentSpeech', 'write').ambiguous).toBe(false);
  });

  it('maps library timeouts', () => {
    const raw = Object.assign(new Error(`ReadTimeout(10000). POST ${URL_WITH_QUERY} failed.`), { name: 'RequestTimeoutError' });
    const error = toIceError(raw, 'ListAIAgentInstance', 'read');
    expect(error).toMatchObject({ kind: 'timeout', code: 'RequestTimeout', retryable: true });
    expect(error.message).not.toContain('http');
  });

  it('never quotes a non-JSON body', () => {
    const raw = new SyntaxError('Unexpected token < in JSON at position 0: <html><body>secret-page</body>');
    const error = toIceError(raw, 'ListAIAgentInstance', 'read');
    expect(error).toMatchObject({ code: 'InvalidResponse', retryable: true });
    expect(error.httpStatus).toBeUndefined();
    expect(error.message).not.toContain('secret-page');
  });

  it('redacts secrets that a service message might echo', () => {
    const raw = Object.assign(new Error('x'), {
      code: 'InvalidParameter',
      statusCode: 400,
      data: { Code: 'InvalidParameter', Message: 'bad OpenAIExtraQuery api-key=sk-abcdef1234567890', RequestId: 'R1' },
    });
    const error = toIceError(raw, 'UpdateAIAgentInstance', 'write');
    expect(error.message).not.toContain('sk-abcdef1234567890');
    expect(error).toMatchObject({ code: 'InvalidParameter', httpStatus: 400, requestId: 'R1', ambiguous: false });
  });

  it('strips URLs from unexpected errors', () => {
    const error = toIceError(new Error(`weird failure at ${URL_WITH_QUERY}`), 'ListAIAgentInstance', 'read');
    expect(error.message).not.toContain('secret-words');
    expect(error.message).not.toContain('aliyuncs');
  });
});

describe('retry policy', () => {
  it('uses full jitter under an exponential ceiling', () => {
    const policy = { ...defaultRetryPolicy, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([199, 399, 799, 1598, 1998]);
    expect(backoffDelay({ ...policy, random: () => 0 }, 3)).toBe(0);
  });

  it('stops when told the error is final', async () => {
    let calls = 0;
    const sleeps: number[] = [];
    const policy = { ...defaultRetryPolicy, sleep: async (ms: number) => void sleeps.push(ms) };
    await expect(
      retrying(
        policy,
        async () => {
          calls++;
          throw new Error('final');
        },
        () => false,
      ),
    ).rejects.toThrow('final');
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });
});
