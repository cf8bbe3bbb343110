/**
 * What the emulator knows besides instances: session transcripts, the voice catalog, agents' notify
 * configs and the account's phone numbers. Loaded from the seed; transcripts grow with SendAIAgentText.
 */
import { newHexId } from './ids.js';

/** One dialogue record as the emulator keeps it (Time in epoch milliseconds). */
export interface StoredDialogue {
  DialogueId: string;
  RoundId: string;
  Producer: 'user' | 'agent';
  Text: string;
  ReasoningText?: string;
  Time: number;
  Type: string;
  Source: string;
}

/** A dialogue record in the seed: Time is ISO 8601; ids are generated when left out. */
export interface SeedDialogue {
  DialogueId?: string;
  RoundId: string;
  Producer: 'user' | 'agent';
  Text: string;
  ReasoningText?: string;
  Time: string;
  Type?: string;
}

export interface SeedSession {
  SessionId: string;
  dialogues: SeedDialogue[];
}

export interface SeedVoiceGroup {
  Type: string;
  VoiceList: Record<string, unknown>[];
}

export interface SeedPhoneNumber {
  PhoneNumber: string;
  /** 1 activating, 2 normal, 3 deactivating, 4 deactivated. */
  Status: number;
}

/** The seed sections this module reads (see SeedData). */
export interface DirectorySeed {
  sessions?: SeedSession[];
  voices?: SeedVoiceGroup[];
  phoneNumbers?: SeedPhoneNumber[];
  agents: { AIAgentId: string; notifyConfig?: Record<string, unknown> }[];
}

export class Directory {
  private readonly sessions = new Map<string, StoredDialogue[]>();
  private readonly notify = new Map<string, Record<string, unknown>>();
  voices: SeedVoiceGroup[] = [];
  phoneNumbers: SeedPhoneNumber[] = [];

  load(seed: DirectorySeed): void {
    for (const session of seed.sessions ?? []) {
      const records = session.dialogues.map((d): StoredDialogue => ({
        DialogueId: d.DialogueId ?? newHexId(),
        RoundId: d.RoundId,
        Producer: d.Producer,
        Text: d.Text,
        ...(d.ReasoningText !== undefined ? { ReasoningText: d.ReasoningText } : {}),
        Time: Date.parse(d.Time),
        Type: d.Type ?? 'normal',
        Source: 'call',
      }));
      this.sessions.set(session.SessionId, [...(this.sessions.get(session.SessionId) ?? []), ...records]);
    }
    for (const agent of seed.agents) if (agent.notifyConfig) this.notify.set(agent.AIAgentId, structuredClone(agent.notifyConfig));
    this.voices = structuredClone(seed.voices ?? []);
    this.phoneNumbers = structuredClone(seed.phoneNumbers ?? []);
  }

  /** The session's records, oldest first (a copy). */
  dialogues(sessionId: string): StoredDialogue[] {
    return [...(this.sessions.get(sessionId) ?? [])].sort((a, b) => a.Time - b.Time);
  }

  /** SendAIAgentText: the user's words and the agent's answer, one new round. */
  appendRound(sessionId: string, text: string, time: number): void {
    const RoundId = newHexId();
    const list = this.sessions.get(sessionId) ?? [];
    list.push(
      { DialogueId: newHexId(), RoundId, Producer: 'user', Text: text, Time: time, Type: 'normal', Source: 'call' },
      {
        DialogueId: newHexId(),
        RoundId,
        Producer: 'agent',
        Text: `(emulated reply) You said: ${text}`,
        Time: time + 1,
        Type: 'normal',
        Source: 'call',
      },
    );
    this.sessions.set(sessionId, list);
  }

  notifyConfig(aiAgentId: string): Record<string, unknown> | undefined {
    const config = this.notify.get(aiAgentId);
    return config === undefined ? undefined : structuredClone(config);
  }
}
