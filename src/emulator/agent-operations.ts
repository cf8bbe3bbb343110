/** Emulated reads about agents and the account: voices, notify configs, phone numbers. */
import { requireAgent } from './call-operations.js';
import type { Operation } from './operation-context.js';
import { integerIn, optional } from './params.js';

const NO_NOTIFY = { CallbackUrl: '', EnableNotify: false, EventTypes: '', Token: '', EnableAudioRecording: false, AudioOssPath: '' };

const listVoices: Operation = (params, ctx) => {
  const type = optional(params, 'VoiceType');
  const groups = ctx.directory.voices.map((group) => ({
    Type: group.Type,
    VoiceList: group.VoiceList.filter((voice) => type === undefined || voice.VoiceType === type),
  }));
  return { VoiceGroups: groups.filter((group) => group.VoiceList.length > 0) };
};

const describeNotify: Operation = (params, ctx) => ({ ...NO_NOTIFY, ...ctx.directory.notifyConfig(requireAgent(params, ctx)) });

const listPhoneNumbers: Operation = (params, ctx) => {
  const number = optional(params, 'Number');
  const status = optional(params, 'Status') === undefined ? undefined : integerIn(params, 'Status', 1, 4, 2);
  const pageNumber = integerIn(params, 'PageNumber', 1, 100_000, 1);
  const pageSize = integerIn(params, 'PageSize', 1, 100, 50);
  const matching = ctx.directory.phoneNumbers.filter(
    (n) => (number === undefined || n.PhoneNumber.includes(number)) && (status === undefined || n.Status === status),
  );
  return {
    PageNumber: pageNumber,
    PageSize: pageSize,
    TotalNumber: matching.length,
    Data: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
  };
};

export const AGENT_OPERATIONS: Readonly<Record<string, Operation>> = {
  ListSmartVoiceGroups: listVoices,
  DescribeNotifyConfig: describeNotify,
  ListAIAgentPhoneNumber: listPhoneNumbers,
};
