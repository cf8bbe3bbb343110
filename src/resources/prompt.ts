/** The ice_diagnose_instance prompt, registered at start-up; its messages (diagnose.ts) are built on first use. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { lazy } from '../util/lazy.js';
import type { Reader } from './reader.js';

const diagnose = lazy(() => import('./diagnose.js'));

export function registerDiagnosePrompt(
  server: McpServer,
  reader: () => Promise<Reader>,
  completeInstance: (prefix: string) => Promise<string[]>,
): void {
  server.registerPrompt(
    'ice_diagnose_instance',
    {
      title: 'Diagnose an AI agent instance',
      description: 'Explain what happened in a call and propose a safe configuration change.',
      argsSchema: { InstanceId: completable(z.string().min(1).max(128).describe('The instance to diagnose.'), completeInstance) },
    },
    async ({ InstanceId }) => (await diagnose()).diagnosis(await reader(), InstanceId),
  );
}
