/**
 * `ice-agent-mcp doctor`: checks a setup before any assistant calls, one line per check with a fix.
 * It builds the server's own dependencies from the same configuration, so what passes here is what
 * the server will do. Exit code 0 when nothing failed (warnings allowed), 1 otherwise.
 */
import { endpointFor, type Config } from '../config/config.js';
import { VERSION } from '../config/version.js';
import { credentialFailure, describeCredential } from '../ice/credentials.js';
import { loadCatalog } from '../mcp/catalog.js';
import { buildDeps } from '../mcp/deps.js';
import { isLoopback } from '../util/net.js';
import { checkDns, checkTls, splitEndpoint, type Lookup } from './doctor-network.js';
import { checkAgents, probeDescribe, probeOtherReads, ramChecks } from './doctor-reads.js';
import { formatCheck, summary, type Check } from './doctor-report.js';
import { withSandbox } from './sandbox.js';

export interface DoctorIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Name resolution (tests pass one that knows only loopback names). */
  lookup?: Lookup;
}

function configurationCheck(config: Config, endpoint: string): Check {
  const text = `region ${config.region}, endpoint ${endpoint} over ${config.protocol}, timeout ${config.timeoutMs} ms, confirm ${config.confirm}${
    config.readOnly ? ', read-only' : ''
  }${config.sandbox ? ', sandbox' : ''}`;
  const { host } = splitEndpoint(endpoint, config.protocol);
  if (config.protocol === 'http' && !isLoopback(host)) {
    return { status: 'warn', name: 'configuration', text: `${text}; plain http to a non-loopback host`, fix: 'use --protocol https' };
  }
  return { status: 'ok', name: 'configuration', text };
}

export async function runDoctor(initial: Config, io: DoctorIo): Promise<number> {
  const { config, credentials, close } = await withSandbox(initial, io.stderr);
  const checks: Check[] = [];
  const report = (check: Check): void => {
    checks.push(check);
    io.stdout(formatCheck(check));
  };
  try {
    io.stdout(`ice-agent-mcp doctor ${VERSION}\n`);
    const endpoint = endpointFor(config, config.region);
    report(configurationCheck(config, endpoint));
    const deps = buildDeps(config, { log: io.stderr, ...(credentials ? { credentials } : {}) });
    let haveCredentials = false;
    try {
      const found = await describeCredential(deps.credential);
      haveCredentials = true;
      report({ status: 'ok', name: 'credentials', text: `${found.provider} (type ${found.type}, AccessKey ${found.accessKeyId})` });
    } catch (error) {
      report({
        status: 'fail',
        name: 'credentials',
        text: credentialFailure(error),
        fix: 'see README "Using it with your Alibaba Cloud account"',
      });
    }
    const { host, port } = splitEndpoint(endpoint, config.protocol);
    const dns = await checkDns(host, config.timeoutMs, io.lookup);
    report(dns);
    if (dns.status !== 'fail') report(await checkTls(host, port, config.protocol, config.timeoutMs));
    if (!haveCredentials || dns.status === 'fail') {
      report({ status: 'skip', name: 'signed reads', text: 'not attempted: fix the problems above first' });
    } else {
      const agents = await checkAgents(deps.ice, config.agentIds, config.region);
      agents.checks.forEach(report);
      const describe = await probeDescribe(deps.ice);
      if (describe !== undefined) agents.granted.set('DescribeAIAgentInstance', describe);
      for (const [action, state] of await probeOtherReads(deps.ice, config.agentIds[0], Date.now())) agents.granted.set(action, state);
      const { operations } = await loadCatalog();
      const actions = (kind: 'read' | 'write') => [...new Set(operations.filter((op) => op.kind === kind).map((op) => op.action))];
      ramChecks({ read: actions('read'), write: actions('write') }, agents.granted).forEach(report);
    }
  } finally {
    await close();
  }
  const { line, code } = summary(checks);
  io.stdout(line);
  return code;
}
