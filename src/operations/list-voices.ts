import { z } from 'zod';
import { requestIdOf } from '../domain/instances.js';
import { defineOperation } from '../domain/operation.js';
import { isPlainObject } from '../util/values.js';
import { bounded, openRecord, regionId } from './fields.js';

const input = z
  .object({ VoiceType: bounded(64).optional().describe('Only this voice type, e.g. CosyVoice.'), RegionId: regionId() })
  .strict();

/** The groups flattened: an assistant picking a VoiceId wants one list, each voice naming its group. */
function flatten(groups: unknown): Record<string, unknown>[] {
  if (!Array.isArray(groups)) return [];
  return groups.filter(isPlainObject).flatMap((group) =>
    (Array.isArray(group.VoiceList) ? group.VoiceList.filter(isPlainObject) : []).map((v) => ({
      Voice: v.Voice,
      Name: v.Name,
      Desc: v.Desc,
      Tag: v.Tag,
      VoiceType: v.VoiceType,
      Group: group.Type,
    })),
  );
}

export const listVoices = defineOperation({
  name: 'ice_list_voices',
  title: 'List voices',
  description: 'The voice catalog; each Voice is a TtsConfig.VoiceId for ice_update_agent_instance.',
  action: 'ListSmartVoiceGroups',
  toolset: 'agents',
  kind: 'read',
  input,
  output: {
    Voices: z.array(openRecord()),
    Count: z.number().int(),
    RequestId: z.string(),
    RegionId: z.string(),
  },
  async run(args: z.infer<typeof input>, call) {
    const body = await call.send({ VoiceType: args.VoiceType });
    const Voices = flatten(body.VoiceGroups);
    return { Voices, Count: Voices.length, RequestId: requestIdOf(body), RegionId: call.regionId };
  },
});
