/** Validation of the seed sections beyond agents and instances: sessions, voices, phone numbers, notify configs. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

function dialogueProblem(value: unknown, at: string): string | undefined {
  if (!isRecord(value)) return `${at} must be an object`;
  if (!isText(value.RoundId)) return `${at}.RoundId must be a non-empty string`;
  if (value.Producer !== 'user' && value.Producer !== 'agent') return `${at}.Producer must be "user" or "agent"`;
  if (typeof value.Text !== 'string') return `${at}.Text must be a string`;
  if (typeof value.Time !== 'string' || !ISO_TIME.test(value.Time) || Number.isNaN(Date.parse(value.Time))) {
    return `${at}.Time must be an ISO 8601 time with an offset`;
  }
  for (const field of ['DialogueId', 'ReasoningText', 'Type']) {
    if (value[field] !== undefined && typeof value[field] !== 'string') return `${at}.${field} must be a string`;
  }
  return undefined;
}

function listProblem(
  data: Record<string, unknown>,
  name: string,
  item: (value: unknown, at: string) => string | undefined,
): string | undefined {
  const list = data[name];
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return `"${name}" must be an array`;
  for (const [i, value] of list.entries()) {
    const problem = item(value, `${name}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const sessionProblem = (value: unknown, at: string): string | undefined => {
  if (!isRecord(value)) return `${at} must be an object`;
  if (!isText(value.SessionId)) return `${at}.SessionId must be a non-empty string`;
  return listProblem(value, 'dialogues', (d, where) => dialogueProblem(d, `${at}.${where}`));
};

const voiceGroupProblem = (value: unknown, at: string): string | undefined => {
  if (!isRecord(value) || !isText(value.Type)) return `${at} must be an object with a Type`;
  if (!Array.isArray(value.VoiceList) || !value.VoiceList.every((v) => isRecord(v) && isText(v.Voice))) {
    return `${at}.VoiceList must be an array of objects, each with a Voice id`;
  }
  return undefined;
};

const phoneProblem = (value: unknown, at: string): string | undefined => {
  if (!isRecord(value) || !isText(value.PhoneNumber)) return `${at}.PhoneNumber must be a non-empty string`;
  if (![1, 2, 3, 4].includes(value.Status as number)) return `${at}.Status must be 1, 2, 3 or 4`;
  return undefined;
};

/** The first problem in the extra sections, or undefined. `agents` is already known to be an array of objects. */
export function extrasProblem(data: Record<string, unknown>): string | undefined {
  for (const [i, agent] of (data.agents as Record<string, unknown>[]).entries()) {
    if (agent.notifyConfig !== undefined && !isRecord(agent.notifyConfig)) return `agents[${i}].notifyConfig must be an object`;
  }
  return (
    listProblem(data, 'sessions', sessionProblem) ??
    listProblem(data, 'voices', voiceGroupProblem) ??
    listProblem(data, 'phoneNumbers', phoneProblem)
  );
}
