import { describe, expect, test } from 'vitest';
import { bearerCheck, hostCheck, parseHostPort } from '../../src/http/guards.js';

describe('parseHostPort', () => {
  test.each([
    ['localhost:3000', { name: 'localhost', port: 3000 }],
    ['LOCALHOST', { name: 'localhost' }],
    ['[::1]:8080', { name: '::1', port: 8080 }],
    ['::1', { name: '::1' }],
    ['example.com.:443', { name: 'example.com', port: 443 }],
  ])('%s', (input, expected) => expect(parseHostPort(input)).toEqual(expected));

  test.each(['', 'a b', 'host:99999', 'user@host', 'host:1:2', '[::1'])('refuses %j', (input) => {
    expect(parseHostPort(input)).toBeUndefined();
  });
});

describe('hostCheck on loopback', () => {
  const check = hostCheck({ boundHost: '127.0.0.1', port: 3000, allowedHosts: [] });
  const ok = (host: string | undefined, origin?: string): boolean => check(host, origin).ok;

  test('every loopback name on the bound port is the same host', () => {
    expect(ok('127.0.0.1:3000')).toBe(true);
    expect(ok('localhost:3000')).toBe(true);
    expect(ok('[::1]:3000')).toBe(true);
    expect(ok('127.0.0.2:3000')).toBe(true);
  });

  test('another port, a missing port, a foreign name or no Host is refused', () => {
    expect(ok('localhost:3001')).toBe(false);
    expect(ok('localhost')).toBe(false);
    expect(ok('evil.example:3000')).toBe(false);
    expect(ok(undefined)).toBe(false);
  });

  test('Origin must name an accepted host too', () => {
    expect(ok('localhost:3000', 'http://localhost:3000')).toBe(true);
    expect(ok('localhost:3000', 'http://[::1]:3000')).toBe(true);
    expect(ok('localhost:3000', 'http://evil.example:3000')).toBe(false);
    expect(ok('localhost:3000', 'http://localhost:5173')).toBe(false);
    expect(ok('localhost:3000', 'null')).toBe(false);
    expect(ok('localhost:3000', 'file:///tmp/x.html')).toBe(false);
  });

  test('the refusal explains the fix without echoing the header', () => {
    const verdict = check('evil.example:3000', undefined);
    expect(verdict).toEqual({ ok: false, message: expect.stringContaining('--allowed-hosts') });
    expect(JSON.stringify(verdict)).not.toContain('evil.example');
  });
});

describe('hostCheck with other binds and allowed hosts', () => {
  test('a wildcard bind accepts loopback and listed names only', () => {
    const check = hostCheck({ boundHost: '0.0.0.0', port: 8080, allowedHosts: ['mcp.internal'] });
    expect(check('0.0.0.0:8080', undefined).ok).toBe(false);
    expect(check('10.1.2.3:8080', undefined).ok).toBe(false);
    expect(check('localhost:8080', undefined).ok).toBe(true);
    expect(check('mcp.internal', undefined).ok).toBe(true);
    expect(check('mcp.internal:443', 'https://mcp.internal').ok).toBe(true);
  });

  test('a specific bind address is accepted on its port', () => {
    const check = hostCheck({ boundHost: '10.1.2.3', port: 8080, allowedHosts: [] });
    expect(check('10.1.2.3:8080', undefined).ok).toBe(true);
    expect(check('10.1.2.3:8081', undefined).ok).toBe(false);
  });

  test('an allowed entry with a port matches that port only', () => {
    const check = hostCheck({ boundHost: '127.0.0.1', port: 3000, allowedHosts: ['app.example:8443', '[::1]'] });
    expect(check('app.example:8443', undefined).ok).toBe(true);
    expect(check('app.example:8444', undefined).ok).toBe(false);
    expect(check('localhost:3000', 'https://app.example:8443').ok).toBe(true);
    expect(check('[::1]:1234', undefined).ok).toBe(true);
  });
});

describe('bearerCheck', () => {
  const check = bearerCheck('s3cret-token-0123456789');
  test('accepts the exact token, case-insensitive scheme', () => {
    expect(check('Bearer s3cret-token-0123456789')).toBe('ok');
    expect(check('bearer s3cret-token-0123456789')).toBe('ok');
  });
  test('tells missing from wrong', () => {
    expect(check(undefined)).toBe('missing');
    expect(check('')).toBe('missing');
    expect(check('Bearer s3cret-token-012345678')).toBe('invalid');
    expect(check('Bearer s3cret-token-0123456789x')).toBe('invalid');
    expect(check('Basic czNjcmV0')).toBe('invalid');
    expect(check('s3cret-token-0123456789')).toBe('invalid');
  });
});
