/**
 * Which places the Alibaba Cloud default credentials chain would find credentials in, decided from
 * variables and file existence alone, with no network. @alicloud/credentials' chain ends with the
 * ECS instance role, which it asks the metadata service (100.100.100.200) for: on a laptop that is a
 * silent network attempt and a delay. This server consults the chain only when one of these places
 * is set up, and uses the instance role only when ALIBABA_CLOUD_ECS_METADATA names the role.
 */
import { join } from 'node:path';

export type CredentialSource = 'env' | 'oidc_role_arn' | 'cli_profile' | 'profile' | 'credential_uri' | 'ecs_ram_role';

const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

/** The sources that are set up, in the chain's own order. `exists` and `home` come from the caller. */
export function localCredentialSources(
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean,
  home: string,
): CredentialSource[] {
  const found: CredentialSource[] = [];
  if (env.ALIBABA_CLOUD_ACCESS_KEY_ID) found.push('env');
  if (env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) found.push('oidc_role_arn');
  if (!isTrue(env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED) && exists(join(home, '.aliyun', 'config.json'))) found.push('cli_profile');
  if (env.ALIBABA_CLOUD_CREDENTIALS_FILE || exists(join(home, '.alibabacloud', 'credentials'))) found.push('profile');
  // The chain reads these two only after the ones above; they are here because naming them is a choice.
  if (env.ALIBABA_CLOUD_ECS_METADATA && !isTrue(env.ALIBABA_CLOUD_ECS_METADATA_DISABLED)) found.push('ecs_ram_role');
  if (env.ALIBABA_CLOUD_CREDENTIALS_URI) found.push('credential_uri');
  return found;
}

export const NO_CREDENTIALS =
  'no Alibaba Cloud credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure the aliyun CLI (~/.aliyun/config.json) or ~/.alibabacloud/credentials; on ECS set ALIBABA_CLOUD_ECS_METADATA to the instance role name (the metadata service is not probed otherwise)';

/** An AccessKey id as far as it may be shown: its first and last 4 characters. */
export function maskKeyId(id: string): string {
  return id.length >= 12 ? `${id.slice(0, 4)}...${id.slice(-4)}` : `${'*'.repeat(id.length)}`;
}
