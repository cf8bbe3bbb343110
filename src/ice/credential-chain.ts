/**
 * The default credentials chain, limited to the sources that are set up (credential-sources.ts).
 * @alicloud/credentials' own DefaultCredentialsProvider always ends with the ECS metadata service
 * and then a credentials-URI provider that, with no URI configured, requests https://undefined/ (a
 * name lookup of "undefined"): a failing local source would fall through to both. This chain holds
 * the same providers, built the same way, in the same order, but only those that apply.
 */
import type { CredentialSource } from './credential-sources.js';

interface Provider {
  getCredentials(): Promise<{ accessKeyId?: string; accessKeySecret?: string; securityToken?: string; providerName?: string }>;
  getProviderName(): string;
}
interface Builder {
  build(): Provider;
  withRoleName?(name: string | undefined): Builder;
  withCredentialsURI?(uri: string | undefined): Builder;
}
type ProviderClass = { builder(): Builder };

/** The provider classes @alicloud/credentials exports, by the source they serve. */
export interface ProviderClasses {
  EnvironmentVariableCredentialsProvider: ProviderClass;
  OIDCRoleArnCredentialsProvider: ProviderClass;
  CLIProfileCredentialsProvider: ProviderClass;
  ProfileCredentialsProvider: ProviderClass;
  ECSRAMRoleCredentialsProvider: ProviderClass;
  URICredentialsProvider: ProviderClass;
}

function providerFor(lib: ProviderClasses, source: CredentialSource, env: Record<string, string | undefined>): Provider {
  switch (source) {
    case 'env':
      return lib.EnvironmentVariableCredentialsProvider.builder().build();
    case 'oidc_role_arn':
      return lib.OIDCRoleArnCredentialsProvider.builder().build();
    case 'cli_profile':
      return lib.CLIProfileCredentialsProvider.builder().build();
    case 'profile':
      return lib.ProfileCredentialsProvider.builder().build();
    case 'ecs_ram_role':
      return lib.ECSRAMRoleCredentialsProvider.builder().withRoleName!(env.ALIBABA_CLOUD_ECS_METADATA).build();
    case 'credential_uri':
      return lib.URICredentialsProvider.builder().withCredentialsURI!(env.ALIBABA_CLOUD_CREDENTIALS_URI).build();
  }
}

/** A provider (in the library's sense) that tries each applicable source, then sticks to the one that answered. */
export function limitedChain(
  lib: ProviderClasses,
  sources: readonly CredentialSource[],
  env: Record<string, string | undefined>,
): Provider {
  const providers: Provider[] = [];
  for (const source of sources) {
    try {
      providers.push(providerFor(lib, source, env));
    } catch {
      // A builder refuses a source it finds incomplete, as the library's own chain does.
    }
  }
  let last: Provider | undefined;
  return {
    getProviderName: () => 'default',
    async getCredentials() {
      const errors: string[] = [];
      for (const provider of last ? [last] : providers) {
        try {
          const inner = await provider.getCredentials();
          last = provider;
          return { ...inner, providerName: `default/${provider.getProviderName()}` };
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
      last = undefined;
      throw new Error(`no source in the credentials chain answered: ${errors.join('; ')}`);
    },
  };
}
