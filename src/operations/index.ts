/** The operation table: every tool this server can offer, in the order `tools/list` shows them. */
import type { Operation } from '../domain/operation.js';
import { describeAgentInstance } from './describe-agent-instance.js';
import { listAgentInstances } from './list-agent-instances.js';
import { sendAgentSpeech } from './send-agent-speech.js';
import { updateAgentInstance } from './update-agent-instance.js';

export const OPERATIONS: readonly Operation[] = [listAgentInstances, describeAgentInstance, updateAgentInstance, sendAgentSpeech];
