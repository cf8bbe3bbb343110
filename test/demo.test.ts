/** The quick start's first command keeps working: `npm run demo` drives a sandbox session end to end. */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { allSecrets } from './helpers/harness.js';

it('npm run demo walks through every step and shows no secret', () => {
  const root = new URL('..', import.meta.url).pathname;
  const out = execFileSync(process.execPath, ['scripts/demo.mjs'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
  });
  for (const step of [
    'tools/list',
    'ice_list_agent_instances',
    'ice_describe_agent_instance',
    'status: confirmation_required',
    '"status": "executed"',
    'InvalidParameter',
    'InvalidInstanceId.NotFound',
    'confirmationToken: v2.',
    'the ConfirmationToken was already used',
    'resources/read ice://instances/',
    'agent  Hello! Support here',
    'prompts/get ice_diagnose_instance',
    'embedded resource ice://instances/',
    'Done.',
    'claude mcp add ice-agent-sandbox -- node ',
  ]) {
    expect(out).toContain(step);
  }
  expect(out).toContain('[redacted]');
  for (const secret of allSecrets()) expect(out).not.toContain(secret);
}, 60_000);
