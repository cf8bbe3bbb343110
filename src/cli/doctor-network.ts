/** The endpoint's reachability: its name resolves, and (over https) it presents a valid certificate. */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { Check } from './doctor-report.js';

export type Lookup = (host: string) => Promise<{ address: string }>;

/** host and port of a configured `host[:port]` endpoint (IPv6 in brackets). */
export function splitEndpoint(endpoint: string, protocol: 'https' | 'http'): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(endpoint);
  const host = match?.[1] ?? endpoint;
  return { host, port: match?.[2] ? Number(match[2]) : protocol === 'https' ? 443 : 80 };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const reason = (error: unknown): string =>
  error instanceof Error ? ((error as { code?: string }).code ?? error.message.split('\n')[0] ?? 'failed') : String(error);

export async function checkDns(host: string, timeoutMs: number, lookup: Lookup = dnsLookup): Promise<Check> {
  const name = 'endpoint DNS';
  if (isIP(host)) return { status: 'skip', name, text: `${host} is an IP address: nothing to look up` };
  try {
    const { address } = await withTimeout(lookup(host), timeoutMs, 'the lookup');
    return { status: 'ok', name, text: `${host} resolves to ${address}` };
  } catch (error) {
    return {
      status: 'fail',
      name,
      text: `${host} does not resolve (${reason(error)})`,
      fix: "check --endpoint / ICE_ENDPOINT and --region, and this machine's DNS",
    };
  }
}

export async function checkTls(host: string, port: number, protocol: 'https' | 'http', timeoutMs: number): Promise<Check> {
  const name = 'endpoint TLS';
  if (protocol === 'http') {
    return { status: 'skip', name, text: 'the endpoint uses plain http (the sandbox or a local emulator): no TLS to check' };
  }
  const socket = connect({ host, port, servername: isIP(host) ? undefined : host });
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject)),
      timeoutMs,
      'the TLS handshake',
    );
    const cert = socket.getPeerCertificate();
    return { status: 'ok', name, text: `${host}:${port} presents a valid certificate (valid until ${cert.valid_to || 'unknown'})` };
  } catch (error) {
    return {
      status: 'fail',
      name,
      text: `no valid TLS connection to ${host}:${port} (${reason(error)})`,
      fix: 'check the endpoint and any proxy or firewall; a certificate error often means a TLS-intercepting proxy',
    };
  } finally {
    socket.destroy();
  }
}
