/** One test per rule family of the redaction policy, plus the depth and clean-cache cases. */
import { describe, expect, it } from 'vitest';
import { addKnownSecrets, isSecretName, redact, redactText } from '../../src/redact/redact.js';

const R = '[redacted]';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('by structure', () => {
  it.each([
    [{ AuthToken: ['a-token-in-an-array'] }],
    [{ Token: { value: 'notify-token' } }],
    [{ RuntimeConfig: { VoiceChat: { AuthToken: 12345678 } } }],
    [[[['x', { token: ['deep-in-arrays'] }]]]],
  ])('replaces any non-empty value under a documented secret field whole: %j', (input) => {
    const text = JSON.stringify(redact(input));
    expect(text).toContain(R);
    expect(text).not.toMatch(/a-token|notify-token|12345678|deep-in/);
  });
});

describe('by name', () => {
  it.each([
    'password',
    'Passwd',
    'pass',
    'passcode',
    'pwd',
    'passphrase',
    'access_key',
    'AccessKey',
    'AppKey',
    'app_key',
    'subscription-key',
    'Ocp-Apim-Subscription-Key',
    'key',
    'api_keys',
    'api_key_list',
    'secrets',
    'client_secret',
    'sign',
    'sig',
    'Signature',
    'credentials',
    'creds',
    'PrivateKeyPem',
    'private_key',
    'session',
    'SessionKey',
    'sessions',
    'Cookie',
    'auth',
    'x-oss-credential',
    'jwt',
    'ak',
    'sk',
    'crmToken',
    'authCode',
    'verification_code',
  ])('%s is a secret name', (name) => {
    expect(isSecretName(name)).toBe(true);
    expect(redact({ [name]: 'v-1234' })).toEqual({ [name]: R });
  });

  it('code is a secret only as a query parameter (an OAuth code); in JSON it is an error code', () => {
    expect(isSecretName('code', 'query')).toBe(true);
    expect(redact({ Code: 'Forbidden.RAM' })).toEqual({ Code: 'Forbidden.RAM' });
    expect(redact({ CallbackUrl: 'https://h/cb?state=1&code=oauth-code-1' }).CallbackUrl).toBe(`https://h/cb?state=1&code=${R}`);
  });

  // Every key of "The full AIAgentConfig" and the other documented response fields.
  const ORDINARY_KEYS =
    'Greeting WakeUpQuery MaxIdleTime UserOnlineTimeout UserOfflineTimeout EnablePushToTalk EnableIntelligentSegment GracefulShutdown Volume AvatarUrl AvatarUrlType ExperimentalConfig WorkflowOverrideParams AsrConfig AsrHotWords AsrLanguageId AsrMaxSilence CustomParams VadDuration VadLevel TtsConfig VoiceId VoiceIdList SpeechRate Emotion ModelId LanguageId PronunciationRules Word Pronunciation Type LlmConfig BailianAppParams LlmSystemPrompt LlmHistory Role Content LlmHistoryLimit LlmCompleteReply HistorySyncWithTTS OpenAIExtraQuery OutputMinLength OutputMaxDelay FunctionMap Function MatchFunction InterruptConfig EnableVoiceInterrupt InterruptWords KeepInterruptWordsForLLM NoInterruptMode TurnDetectionConfig Mode SemanticWaitDuration Eagerness TurnEndWords VoiceprintConfig UseVoiceprint VoiceprintId RegistrationMode AutoSpeechConfig LlmPending WaitTime Messages UserIdle MaxRepeats HangupEndWord BackChannelingConfigs BackChannelingConfig Enabled Probability TriggerStage Words AmbientSoundConfig ResourceId AvatarConfig AvatarId VcrConfig StillFrameMotion InvalidFrameMotion PeopleCount Equipment HeadMotion LookAway RuntimeConfig AgentUserId ChannelId VoiceChat VisionChat AvatarChat3D CallInfo CallDuration CallStartTime CallEndTime CallerNumber CalleeNumber HangupRole Status CallLogUrl SessionId GmtCreate GmtModified InstanceId AIAgentId RequestId HostId Code Message Recommend CallbackUrl EnableNotify EventTypes EnableAudioRecording AudioOssPath ConfirmationToken NextToken MaxTokens max_tokens TokenCount TokenLimit KeyId AccessKeyId SignName SignatureMethod SignatureVersion key1 keyword monkey';
  it.each(ORDINARY_KEYS.split(' '))('%s stays readable', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('in text', () => {
  it.each([
    ['password=hunter2-x', `password=${R}`],
    ['token = tok-value-1', `token = ${R}`],
    ["password='pw value 1'", `password='${R}'`],
    ['token="tok value 2"', `token="${R}"`],
    ['password: yaml-pw-1\nuser: bob', `password: ${R}\nuser: bob`],
    ['config:\n  password: |\n    block-pw-1\n    more-of-it\n  user: bob', `config:\n  password: ${R}\n    ${R}\n  user: bob`],
    ['token: >-\n  folded-tok-1\nnext: 1', `token: >-\n  ${R}\nnext: 1`],
    ['db:\n  password:\n    next-line-pw-1\n', `db:\n  password:\n    ${R}\n`],
    ['Greeting: |\n  Hello there,\n  and welcome\nVolume: 50', 'Greeting: |\n  Hello there,\n  and welcome\nVolume: 50'],
    ["{'api_key': 'py-key-1', 'user': 'bob'}", `{'api_key': '${R}', 'user': 'bob'}`],
    ['{\\"apiKey\\":\\"escaped-key-1\\",\\"n\\":1}', `{\\"apiKey\\":\\"${R}\\",\\"n\\":1}`],
    ["{'token': ['py-list-token']}", `{'token': ${R}}`],
    ['a=1&pwd=q-pwd&sig=q-sig&key=q-key', `a=1&pwd=${R}&sig=${R}&key=${R}`],
    ['Server=db;Password=conn-pw;Database=app', `Server=db;Password=${R};Database=app`],
    ['Cookie: SESSIONID=abc; theme=dark', `Cookie: ${R}`],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', `Authorization: Basic ${R}`],
    ['Authorization: Token tok-header-1', `Authorization: Token ${R}`],
    ['use Basic dXNlcjpwYXNzd29yZA== here', `use Basic ${R} here`],
    ['the Basic information plan', 'the Basic information plan'],
    ['password Xy7-q2z9 is wrong', `password ${R} is wrong`],
    ['a token ring, a password reset and the secret 2024 plan', 'a token ring, a password reset and the secret 2024 plan'],
  ])('%s', (input, expected) => {
    expect(redact({ Note: input }).Note).toBe(expected);
  });

  it('an error body quoted in a message: a non-string value under a secret key goes whole', () => {
    expect(redactText('upstream said {"AuthToken":["tok-a"],"ok":1} and stopped')).toBe(
      `upstream said {"AuthToken":"${R}","ok":1} and stopped`,
    );
  });
});

describe('by shape', () => {
  it.each([
    ['jwt', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['LTAI id', 'LTAI5tQ9xKzP2mVb7nRwYc3L'],
    ['STS token', 'CAIS0AJ1q6Ft5B2yfSjIr5bXD8nwlrFvhK2vT0XhrmUDfvtrjofOiDz2IHhMdXBgBuEev/4xmWhY7fkalqZdVplOWU3Da+B364xK7Q75R3pQAGY9'],
    ['STS key id', 'STS.NUgYrLnoC37mZZCNnAbez2QBo'],
    ['PEM', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'],
    ['OpenSSH PEM', '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----'],
    ['sk- key', 'sk-proj-Zx81LmQp0sTq'],
    ['GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ['AWS key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['random token', 'q8Vz3Lm0Xr7Tn2Kd5Wb9Ys4Hc6Jf1Ga'],
  ])('%s', (_name, secret) => {
    const out = redact({ Note: `before ${secret} after` }).Note;
    expect(out).toContain(R);
    expect(out).not.toContain(secret.slice(-12));
    expect(out).toMatch(/^before .*after$/s);
  });

  it.each([
    ['https://ops:userinfo-pw-1@hooks.example.com/x', `https://ops:${R}@hooks.example.com/x`],
    ['mysql://root:dsn-pw-1@db:3306/app', `mysql://root:${R}@db:3306/app`],
    ['redis://:dsn-pw-2@cache:6379', `redis://:${R}@cache:6379`],
  ])('userinfo %s', (input, expected) => {
    expect(redact({ Url: input }).Url).toBe(expected);
  });

  it('decodes base64 JSON and URL-encoded JSON, and scans what is inside', () => {
    const inner = JSON.stringify({ user: 'u', password: 'b64-json-pw' });
    expect(redact({ Blob: b64(inner) }).Blob).toBe(R);
    const encoded = encodeURIComponent(inner);
    expect(decodeURIComponent(redact({ Q: `cfg=${encoded}&v=1` }).Q)).toBe(`cfg={"user":"u","password":"${R}"}&v=1`);
    const harmless = b64(JSON.stringify({ page: 2, order: 'asc', cursorPosition: 1234 }));
    expect(redact({ Cursor: harmless }).Cursor).toBe(harmless);
  });

  it.each([
    '39f8e0bc005e4f309379701645f4a1c2',
    '7B117AF5-2A16-412C-B127-FA6175ED1AD0',
    'zh-CN-XiaoxiaoMultilingualNeural',
    'longxiaochun_v2',
  ])('ids and names are not tokens: %s', (value) => {
    expect(redact({ Id: value }).Id).toBe(value);
  });
});

describe('known secrets', () => {
  it('replaces a registered value wherever it appears, also in strings seen clean before', () => {
    const value = 'plainvaluewithoutanyshape';
    const text = `signing with ${value} failed`;
    expect(redactText(text)).toBe(text);
    addKnownSecrets([value, undefined, 'ab']);
    expect(redactText(text)).toBe(`signing with ${R} failed`);
    expect(redact({ M: text }).M).toBe(`signing with ${R} failed`);
    expect(redactText('a b ab')).toBe('a b ab');
  });
});

describe('depth and the clean cache', () => {
  const nest = (levels: number, leaf: unknown): unknown => {
    let v = leaf;
    for (let i = 0; i < levels; i++) v = { d: v };
    return v;
  };

  it.each([100, 150, 250])('a secret %i levels deep is redacted', (levels) => {
    const out = JSON.stringify(redact(nest(levels, { password: 'deep-pw-1', keep: 'ok' })));
    expect(out).not.toContain('deep-pw-1');
    expect(out).toContain('"keep":"ok"');
  });

  it('a value below the depth limit is replaced, never passed', () => {
    const out = JSON.stringify(redact(nest(5000, { note: 'below-the-limit' })));
    expect(out).toContain('too deep');
    expect(out).not.toContain('below-the-limit');
  });

  it('a string deep inside JSON inside a string is fully checked, and is not remembered as clean', () => {
    const s = JSON.stringify({ x: JSON.stringify({ AuthToken: 'cache-leak-0001' }) });
    const deep = JSON.stringify(nest(61, { note: s }));
    expect(redact({ UserData: deep }).UserData).not.toContain('cache-leak-0001');
    expect(redact({ Note: s }).Note).not.toContain('cache-leak-0001');
    expect(redact({ Other: { Note: s } }).Other.Note).not.toContain('cache-leak-0001');
  });

  it('strings nested in strings past the decode limit are replaced whole', () => {
    let s = JSON.stringify({ note: 'innermost' });
    for (let i = 0; i < 30; i++) s = b64(JSON.stringify({ next: s }));
    expect(redact({ Blob: s }).Blob).toBe(R);
  });
});
