import { z } from 'zod';
import { requestIdOf } from '../domain/instances.js';
import { defineOperation } from '../domain/operation.js';
import { id, regionId } from './fields.js';

const input = z.object({ AIAgentId: id('AI agent ID.'), RegionId: regionId() }).strict();
const FIELDS = ['CallbackUrl', 'EnableNotify', 'EventTypes', 'Token', 'EnableAudioRecording', 'AudioOssPath'] as const;

export const describeNotifyConfig = defineOperation({
  name: 'ice_describe_notify_config',
  title: 'AI agent notify config',
  description: "Where an AI agent's events go: callback URL, events, recording. Token redacted.",
  action: 'DescribeNotifyConfig',
  toolset: 'agents',
  kind: 'read',
  input,
  output: {
    AIAgentId: z.string(),
    Config: z.record(z.unknown()),
    RequestId: z.string(),
    RegionId: z.string(),
  },
  async run(args: z.infer<typeof input>, call) {
    const body = await call.send({ AIAgentId: args.AIAgentId });
    call.recent.noteAgent(args.AIAgentId);
    // Only the documented fields: the Token among them is replaced by "[redacted]" where results leave the server.
    const Config = Object.fromEntries(FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
    return { AIAgentId: args.AIAgentId, Config, RequestId: requestIdOf(body), RegionId: call.regionId };
  },
});
