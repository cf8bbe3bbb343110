/**
 * The start-up line that names where the credentials came from, or warns that there are none. It is
 * resolved after the handshake (stdio) or once listening (HTTP), in the background and bounded, so
 * neither loading the library nor a slow provider (an STS exchange) delays anyone; the first call
 * reuses what was resolved here.
 */
import { credentialFailure, describeCredential, type CredentialLike } from '../ice/credentials.js';

export const CREDENTIAL_LINE_TIMEOUT_MS = 3_000;

export async function logCredentialSource(
  credential: CredentialLike,
  log: (line: string) => void,
  timeoutMs = CREDENTIAL_LINE_TIMEOUT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
    timer.unref();
  });
  try {
    const report = await Promise.race([describeCredential(credential), late]);
    if (report === 'late') {
      log(`ice-agent-mcp: credentials: still resolving after ${timeoutMs} ms; the first call waits for them\n`);
    } else {
      log(`ice-agent-mcp: credentials: ${report.provider} (type ${report.type}, AccessKey ${report.accessKeyId})\n`);
    }
  } catch (error) {
    log(
      `ice-agent-mcp: WARNING: ${credentialFailure(error)}; every cloud call will fail until this is fixed (run "ice-agent-mcp doctor")\n`,
    );
  } finally {
    clearTimeout(timer);
  }
}
