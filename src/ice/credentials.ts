/**
 * The credentials behind every signed call, and what can be said about them without showing them.
 * The library reads process.env itself, so the decision of which sources exist reads it too.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { addKnownSecrets, redactText } from '../redact/redact.js';
import { commonJs } from './common-js.js';
import { limitedChain, type ProviderClasses } from './credential-chain.js';
import { localCredentialSources, maskKeyId, NO_CREDENTIALS } from './credential-sources.js';

export interface StaticCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface CredentialLike {
  getCredential(): Promise<unknown>;
}

/** Which provider answered, and the AccessKey id masked: never the secret or token. */
export interface CredentialReport {
  type: string;
  provider: string;
  accessKeyId: string;
}

interface CredentialsModule extends ProviderClasses {
  default: new (config?: unknown, provider?: unknown) => CredentialLike;
  Config: new (map: Record<string, unknown>) => unknown;
}

const unavailable = (reason: string): Error => Object.assign(new Error(reason), { code: 'CredentialsUnavailable', reason });

const noSources: CredentialLike = { getCredential: () => Promise.reject(unavailable(NO_CREDENTIALS)) };

/** Loaded on first use (import() lets the build put the library in a chunk of its own). */
async function build(keys: StaticCredentials | undefined): Promise<CredentialLike> {
  const lib = commonJs(await import('@alicloud/credentials')) as unknown as CredentialsModule;
  if (keys) {
    const type = keys.securityToken ? 'sts' : 'access_key';
    return new lib.default(new lib.Config({ type, ...keys }));
  }
  const sources = localCredentialSources(process.env, existsSync, homedir());
  return sources.length === 0 ? noSources : new lib.default(null, limitedChain(lib, sources, process.env));
}

/**
 * After a failure the next call starts from a fresh credential: the default chain otherwise keeps
 * retrying only its last provider. The failure keeps the library's reason (redacted, one line).
 */
class RenewingCredential implements CredentialLike {
  private current: Promise<CredentialLike> | undefined;
  constructor(private readonly keys: StaticCredentials | undefined) {}
  async getCredential(): Promise<unknown> {
    this.current ??= build(this.keys);
    let got: unknown;
    try {
      got = await (await this.current).getCredential();
    } catch (error) {
      this.current = undefined;
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw unavailable(redactText(reason));
    }
    // Whatever provider answered (environment, profile, OIDC, a role), its secret is scrubbed from
    // every output from now on, like the keys given explicitly.
    const { accessKeySecret, securityToken } = got as { accessKeySecret?: unknown; securityToken?: unknown };
    addKnownSecrets([accessKeySecret, securityToken].filter((v): v is string => typeof v === 'string'));
    return got;
  }
}

/** Explicit keys (sandbox, tests), or the default chain when some local source is set up. */
export const createCredential = (keys?: StaticCredentials): CredentialLike => new RenewingCredential(keys);

/** Asks the credential for itself and reports what may be shown. Throws with the reason when none answered. */
export async function describeCredential(credential: CredentialLike): Promise<CredentialReport> {
  const got = (await credential.getCredential()) as { type?: unknown; providerName?: unknown; accessKeyId?: unknown };
  const text = (v: unknown): string => (typeof v === 'string' && v !== '' ? v : 'unknown');
  return { type: text(got.type), provider: text(got.providerName), accessKeyId: maskKeyId(text(got.accessKeyId)) };
}

/** The reason a credential failed, as describeCredential's rejection carries it. */
export const credentialFailure = (error: unknown): string =>
  typeof error === 'object' && error !== null && typeof (error as { reason?: unknown }).reason === 'string'
    ? (error as { reason: string }).reason
    : 'the credentials could not be resolved';
