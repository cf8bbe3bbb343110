import { describe, expect, it } from 'vitest';
import { resourceLinksFor } from '../../src/resources/links.js';

describe('resourceLinksFor', () => {
  const describeOutput = { Instance: { InstanceId: 'i-1', CallLogUrl: 'https://x/log.json' }, RequestId: 'r', RegionId: 'cn-shanghai' };

  it('links an instance, its call log and an agent in the configured region', () => {
    expect(resourceLinksFor(describeOutput, 'cn-shanghai').map((l) => l.uri)).toEqual([
      'ice://instances/i-1',
      'ice://instances/i-1/call-log',
    ]);
    expect(resourceLinksFor({ AIAgentId: 'a/b', RegionId: 'cn-shanghai' }, 'cn-shanghai').map((l) => l.uri)).toEqual([
      'ice://agents/a%2Fb/instances',
    ]);
  });

  it('gives no links for a result from another region, since resources read the configured one', () => {
    expect(resourceLinksFor({ ...describeOutput, RegionId: 'cn-beijing' }, 'cn-shanghai')).toEqual([]);
  });
});
