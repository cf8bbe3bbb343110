/** Which credential sources count as set up: decided from variables and files, never the network. */
import { describe, expect, it } from 'vitest';
import { localCredentialSources, maskKeyId } from '../../src/ice/credential-sources.js';

const HOME = '/home/u';
const files =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('localCredentialSources', () => {
  it.each([
    ['nothing at all', {}, [], []],
    ['an AccessKey id in the environment', { ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, [], ['env']],
    [
      'OIDC needs all three variables',
      { ALIBABA_CLOUD_ROLE_ARN: 'r', ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'p', ALIBABA_CLOUD_OIDC_TOKEN_FILE: 'f' },
      [],
      ['oidc_role_arn'],
    ],
    ['only part of OIDC', { ALIBABA_CLOUD_ROLE_ARN: 'r' }, [], []],
    ['the aliyun CLI config', {}, [`${HOME}/.aliyun/config.json`], ['cli_profile']],
    ['the aliyun CLI config, disabled', { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'TRUE' }, [`${HOME}/.aliyun/config.json`], []],
    ['the credentials file', {}, [`${HOME}/.alibabacloud/credentials`], ['profile']],
    ['a credentials file named by variable', { ALIBABA_CLOUD_CREDENTIALS_FILE: '/etc/creds' }, [], ['profile']],
    ['the ECS role, named', { ALIBABA_CLOUD_ECS_METADATA: 'role' }, [], ['ecs_ram_role']],
    ['the ECS role, named but disabled', { ALIBABA_CLOUD_ECS_METADATA: 'role', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }, [], []],
    ['a credentials URI', { ALIBABA_CLOUD_CREDENTIALS_URI: 'http://127.0.0.1:1/c' }, [], ['credential_uri']],
  ])('%s', (_, env, present, expected) => {
    expect(localCredentialSources(env, files(...present), HOME)).toEqual(expected);
  });
});

describe('maskKeyId', () => {
  it('keeps the first and last four characters of an id, and nothing of a short one', () => {
    expect(maskKeyId('LTAI5tEmuDemoPlainKey01')).toBe('LTAI...ey01');
    expect(maskKeyId('short')).toBe('*****');
  });
});
