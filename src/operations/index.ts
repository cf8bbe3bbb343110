/** The operation table: every tool this server can offer, in the order `tools/list` shows them. */
import type { Operation } from '../domain/operation.js';
import { describeAgentInstance } from './describe-agent-instance.js';
import { describeNotifyConfig } from './describe-notify-config.js';
import { forwardAgentCall } from './forward-agent-call.js';
import { getAgentConcurrency } from './get-agent-concurrency.js';
import { listAgentDialogues } from './list-agent-dialogues.js';
import { listAgentInstances } from './list-agent-instances.js';
import { listPhoneNumbers } from './list-phone-numbers.js';
import { listVoices } from './list-voices.js';
import { sendAgentSpeech } from './send-agent-speech.js';
import { sendAgentText } from './send-agent-text.js';
import { startOutboundCall } from './start-outbound-call.js';
import { stopAgentInstance } from './stop-agent-instance.js';
import { updateAgentInstance } from './update-agent-instance.js';

export const OPERATIONS: readonly Operation[] = [
  listAgentInstances,
  describeAgentInstance,
  updateAgentInstance,
  sendAgentSpeech,
  stopAgentInstance,
  sendAgentText,
  listAgentDialogues,
  getAgentConcurrency,
  listVoices,
  describeNotifyConfig,
  startOutboundCall,
  forwardAgentCall,
  listPhoneNumbers,
];
