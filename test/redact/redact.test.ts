import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/redact/redact.js';

type Json = Record<string, unknown>;

// The DescribeAIAgentInstance success example from the API reference, verbatim.
const DESCRIBE_EXAMPLE = {
  Instance: {
    CallLogUrl: 'https://example.com/call_logs/12345',
    RuntimeConfig: {
      VoiceChat: {
        AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx',
        AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
        ChannelId: '70f22d5784194938a7e387052f2b3208',
      },
      AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx',
      AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
      VisionChat: {
        AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx',
        AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
        ChannelId: '70f22d5784194938a7e387052f2b3208',
      },
      ChannelId: '70f22d5784194938a7e387052f2b3208\n',
      AvatarChat3D: {
        AuthToken: 'eyJhcHBpZCI6ICIxMjM0MTIzNxxxxx',
        AgentUserId: '877ae632caae49b1afc81c2e8194ffb4',
        ChannelId: '70f22d5784194938a7e387052f2b3208',
      },
    },
    Status: 'Finished',
    TemplateConfig: {
      VoiceChat: {
        Greeting: '早上好,我的朋友',
        LlmHistory: [
          {
            Role: 'user',
            Content: '你好',
          },
        ],
        WorkflowOverrideParams: '{}',
        EnableIntelligentSegment: true,
        AvatarUrlType: 'USER',
        AvatarUrl: 'http://example.com/a.jpg',
        VoiceIdList: ['zhixiaoxia'],
        CharBreak: false,
        EnableVoiceInterrupt: true,
        VoiceprintId: 'uniqueId',
        GracefulShutdown: false,
        InterruptWords: ['停止'],
        UserOnlineTimeout: 60,
        AsrLanguageId: 'zh_mandarin',
        UserOfflineTimeout: 5,
        LlmSystemPrompt: '你是一位友好且乐于助人的助手,专注于为用户提供准确的信息和建议。',
        BailianAppParams: '{}',
        VadLevel: 11,
        LlmHistoryLimit: 10,
        AsrMaxSilence: 400,
        WakeUpQuery: '今天天气怎么样?',
        Volume: 100,
        VoiceId: 'zhixiaoxia',
        UseVoiceprint: false,
        MaxIdleTime: 600,
        AsrHotWords: ['检查'],
        EnablePushToTalk: false,
      },
      VisionChat: {
        Greeting: '早上好,我的朋友!\n',
        LlmHistory: [
          {
            Role: 'user',
            Content: '你好',
          },
        ],
        WorkflowOverrideParams: '{}',
        EnableIntelligentSegment: true,
        VoiceIdList: ['zhixiaoxia'],
        CharBreak: false,
        EnableVoiceInterrupt: true,
        VoiceprintId: 'uniqueId',
        GracefulShutdown: false,
        InterruptWords: ['停止'],
        UserOnlineTimeout: 60,
        AsrLanguageId: 'zh_mandarin',
        UserOfflineTimeout: 5,
        LlmSystemPrompt: '你是一位友好且乐于助人的助手,专注于为用户提供准确的信息和建议。\n',
        BailianAppParams: '{}',
        VadLevel: 0,
        LlmHistoryLimit: 10,
        AsrMaxSilence: 400,
        WakeUpQuery: '今天天气怎么样?',
        Volume: 100,
        VoiceId: 'zhixiaoxia',
        UseVoiceprint: false,
        MaxIdleTime: 600,
        AsrHotWords: ['检查'],
        EnablePushToTalk: false,
      },
      AvatarChat3D: {
        Greeting: '早上好,我的朋友!',
        LlmHistory: [
          {
            Role: 'user',
            Content: '你好',
          },
        ],
        WorkflowOverrideParams: '{}',
        EnableIntelligentSegment: true,
        VoiceIdList: ['zhixiaoxia'],
        AvatarId: '1231',
        CharBreak: false,
        EnableVoiceInterrupt: true,
        VoiceprintId: 'uniqueId',
        GracefulShutdown: false,
        InterruptWords: ['停止'],
        UserOnlineTimeout: 60,
        AsrLanguageId: 'zh_mandarin',
        UserOfflineTimeout: 5,
        LlmSystemPrompt: '你是一位友好且乐于助人的助手,专注于为用户提供准确的信息和建议。',
        BailianAppParams: '{}',
        VadLevel: 0,
        LlmHistoryLimit: 10,
        AsrMaxSilence: 400,
        WakeUpQuery: '今天天气怎么样?',
        Volume: 100,
        VoiceId: 'zhixiaoxia',
        UseVoiceprint: false,
        MaxIdleTime: 600,
        AsrHotWords: ['检查'],
        EnablePushToTalk: false,
      },
    },
    UserData: '{"Email":"johndoe@example.com","Preferences":{"Language":"en"}}',
    SessionId: '955535**************',
    AgentConfig: {
      Greeting: '你好',
      WakeUpQuery: '今天天气怎么样?\n',
      MaxIdleTime: 600,
      UserOnlineTimeout: 60,
      UserOfflineTimeout: 5,
      EnablePushToTalk: false,
      GracefulShutdown: true,
      Volume: 100,
      WorkflowOverrideParams: '{}',
      AvatarUrl: 'http://example.com/a.jpg\n',
      AvatarUrlType: 'USER',
      EnableIntelligentSegment: true,
      AsrConfig: {
        AsrLanguageId: 'zh_mandarin',
        AsrMaxSilence: 400,
        AsrHotWords: ['检查'],
        VadLevel: 11,
        CustomParams: 'mode=fast&sample=16000&format=wav',
        VadDuration: 300,
      },
      TtsConfig: {
        VoiceId: 'longcheng_v2\n\n',
        VoiceIdList: ['zhixiaoxia'],
        PronunciationRules: [
          {
            Word: '一一零',
            Pronunciation: '幺幺零',
            Type: 'replacement',
          },
        ],
        ModelId: 'speech-01-turbo',
        LanguageId: 'Chinese',
        Emotion: 'happy',
        SpeechRate: 1,
      },
      LlmConfig: {
        LlmHistory: [
          {
            Role: 'user',
            Content: '你好',
          },
        ],
        LlmHistoryLimit: 10,
        LlmSystemPrompt: '你是一位友好且乐于助人的助手,专注于为用户提供准确的信息和建议。\n',
        BailianAppParams:
          '"{\\"biz_params\\":{\\"user_defined_params\\":{\\"your_plugin_id\\":{\\"article_index\\":2}}},\\"memory_id\\":\\"your_memory_id\\",\\"image_list\\":[\\"https://your_image_url\\"],\\"rag_options\\":{\\"pipeline_ids\\":[\\"your_id\\"],\\"file_ids\\":[\\"文档ID1\\",\\"文档ID2\\"],\\"metadata_filter\\":{\\"name\\":\\"张三\\"},\\"structured_filter\\":{\\"key1\\":\\"value1\\",\\"key2\\":\\"value2\\"},\\"tags\\":[\\"标签1\\",\\"标签2\\"]}}"',
        OpenAIExtraQuery: 'api-version=2024-02-01&api-key=sk-xxx',
        LlmCompleteReply: true,
        FunctionMap: [
          {
            Function: 'hangup',
            MatchFunction: 'hangup',
          },
        ],
        OutputMinLength: 5,
        OutputMaxDelay: 2000,
        HistorySyncWithTTS: false,
      },
      AvatarConfig: {
        AvatarId: '5257',
      },
      InterruptConfig: {
        EnableVoiceInterrupt: true,
        InterruptWords: ['打断一下'],
        NoInterruptMode: 'cache',
        KeepInterruptWordsForLLM: true,
      },
      VoiceprintConfig: {
        UseVoiceprint: false,
        VoiceprintId: 'zhixiaoxia',
        RegistrationMode: 'Explicit',
      },
      TurnDetectionConfig: {
        TurnEndWords: ['我说完了'],
        Mode: 'Semantic',
        SemanticWaitDuration: -1,
        Eagerness: 'High',
      },
      ExperimentalConfig: '""',
      VcrConfig: {
        StillFrameMotion: {
          Enabled: false,
          CallbackDelay: 3000,
        },
        InvalidFrameMotion: {
          Enabled: false,
          CallbackDelay: 3000,
        },
        PeopleCount: {
          Enabled: false,
        },
        Equipment: {
          Enabled: false,
        },
        HeadMotion: {
          Enabled: false,
        },
        LookAway: {
          Enabled: true,
        },
      },
      AmbientSoundConfig: {
        ResourceId: 'f67901c595834************',
        Volume: 50,
      },
      AutoSpeechConfig: {
        UserIdle: {
          WaitTime: 5000,
          MaxRepeats: 5,
          Messages: [
            {
              Text: '您还在吗?',
              Probability: 0.5,
            },
          ],
          HangupEndWord: '',
        },
        LlmPending: {
          WaitTime: 3000,
          Mode: '',
          Messages: [
            {
              Text: '稍等一下',
              Probability: 0.5,
            },
          ],
        },
      },
      BackChannelingConfigs: [
        {
          Enabled: true,
          TriggerStage: 'pause_detected',
          Probability: 0.5,
          Words: [
            {
              Text: '嗯嗯',
              Probability: 0.3,
            },
          ],
        },
      ],
      BackChannelingConfig: [
        {
          Enabled: true,
          TriggerStage: 'pause_detected',
          Probability: 0.5,
          Words: [
            {
              Text: '嗯嗯',
              Probability: 0.3,
            },
          ],
        },
      ],
    },
    GmtCreate: '2025-07-18T06:39:08.000+00:00',
    GmtModified: '2025-07-18T06:40:12.000+00:00',
    CallInfo: {
      Status: '',
      CallStartTime: '',
      CallEndTime: '',
      CallDuration: 0,
      HangupRole: 0,
      CallerNumber: '',
      CalleeNumber: '',
    },
  },
  RequestId: '7B117AF5-2A16-412C-B127-FA6175ED1AD0',
};

const R = '[redacted]';
const clone = <T>(v: T): T => structuredClone(v);

describe('redact: the Describe example', () => {
  const before = clone(DESCRIBE_EXAMPLE);
  const out = redact(DESCRIBE_EXAMPLE);

  it('replaces every AuthToken and the api-key in OpenAIExtraQuery, and nothing else', () => {
    const expected = clone(DESCRIBE_EXAMPLE);
    const rt = expected.Instance.RuntimeConfig;
    rt.AuthToken = R;
    rt.VoiceChat.AuthToken = R;
    rt.VisionChat.AuthToken = R;
    rt.AvatarChat3D.AuthToken = R;
    expected.Instance.AgentConfig.LlmConfig.OpenAIExtraQuery = `api-version=2024-02-01&api-key=${R}`;
    expect(out).toEqual(expected);
    expect(JSON.stringify(out)).not.toContain('eyJhcHBpZCI6');
    expect(JSON.stringify(out)).not.toContain('sk-xxx');
  });

  it('leaves numbers, booleans and harmless strings as they were', () => {
    const agent = out.Instance.AgentConfig;
    expect(agent.MaxIdleTime).toBe(600);
    expect(agent.Volume).toBe(100);
    expect(agent.TtsConfig.SpeechRate).toBe(1);
    expect(agent.AsrConfig.VadLevel).toBe(11);
    expect(agent.LlmConfig.LlmHistoryLimit).toBe(10);
    expect(agent.EnablePushToTalk).toBe(false);
    expect(agent.AsrConfig.CustomParams).toBe('mode=fast&sample=16000&format=wav');
    expect(agent.LlmConfig.BailianAppParams).toBe(DESCRIBE_EXAMPLE.Instance.AgentConfig.LlmConfig.BailianAppParams);
    expect(out.Instance.UserData).toBe(DESCRIBE_EXAMPLE.Instance.UserData);
    expect(out.Instance.CallLogUrl).toBe('https://example.com/call_logs/12345');
  });

  it('returns a copy and leaves the input alone', () => {
    expect(DESCRIBE_EXAMPLE).toEqual(before);
    expect(out).not.toBe(DESCRIBE_EXAMPLE);
    expect(out.Instance.RuntimeConfig.VoiceChat).not.toBe(DESCRIBE_EXAMPLE.Instance.RuntimeConfig.VoiceChat);
    expect(out.Instance.AgentConfig.AsrConfig.AsrHotWords).not.toBe(DESCRIBE_EXAMPLE.Instance.AgentConfig.AsrConfig.AsrHotWords);
  });

  it('redacts a 100-instance list the same way, item by item', () => {
    const list = { Instances: Array.from({ length: 100 }, () => clone(DESCRIBE_EXAMPLE.Instance)) };
    const redacted = redact(list);
    expect(redacted.Instances).toHaveLength(100);
    for (const item of redacted.Instances) expect(item).toEqual(out.Instance);
  });
});

describe('redact: secret keys', () => {
  it.each([
    'AuthToken',
    'authToken',
    'SecurityToken',
    'security_token',
    'AccessKeySecret',
    'access_key_secret',
    'Password',
    'password',
    'Secret',
    'client_secret',
    'ApiKey',
    'api_key',
    'api-key',
    'APIKEY',
    'Token',
    'access_token',
    'refreshToken',
    'Authorization',
    'PrivateKey',
    'Signature',
  ])('redacts the string under %s', (key) => {
    expect(redact({ [key]: 'value-1234', Other: 'value-1234' })).toEqual({ [key]: R, Other: 'value-1234' });
  });

  it.each(['ConfirmationToken', 'confirmationToken', 'NextToken', 'MaxTokens', 'TokenCount', 'KeyId', 'TokenLimit', 'Tokens'])(
    'keeps the string under %s',
    (key) => {
      expect(redact({ [key]: 'abc-123' })).toEqual({ [key]: 'abc-123' });
    },
  );

  it('keeps values that carry nothing (booleans, null, empty) and replaces everything else whole', () => {
    const v = { MaxTokens: 4096, Token: 123, Password: true, Secret: null, AuthToken: '', ApiKey: ['not-a-string-value'] };
    expect(redact(v)).toEqual({ MaxTokens: 4096, Token: R, Password: true, Secret: null, AuthToken: '', ApiKey: R });
  });

  it('replaces an object under a secret key whole', () => {
    expect(redact({ Credentials: { AccessKeyId: 'id1', AccessKeySecret: 'sec1' } })).toEqual({ Credentials: R });
  });
});

describe('redact: inside strings', () => {
  it.each([
    ['a=1&api-key=sk-xxx', `a=1&api-key=${R}`],
    ['api_key=abc&x=2', `api_key=${R}&x=2`],
    ['apikey=abc', `apikey=${R}`],
    ['key=abc123&region=cn', `key=${R}&region=cn`],
    ['https://h/p?token=abc&x=1', `https://h/p?token=${R}&x=1`],
    ['access_token=abc', `access_token=${R}`],
    ['x=1&secret=s3&password=p4', `x=1&secret=${R}&password=${R}`],
    [
      'https://oss/log.json?Expires=1&OSSAccessKeyId=STS.x&Signature=zz%3D',
      `https://oss/log.json?Expires=1&OSSAccessKeyId=STS.x&Signature=${R}`,
    ],
    ['x-acs-security-token=abc', `x-acs-security-token=${R}`],
  ])('query string %s', (input, expected) => {
    expect(redact({ OpenAIExtraQuery: input })).toEqual({ OpenAIExtraQuery: expected });
  });

  it.each(['api-version=2024-02-01', 'mode=fast&sample=16000&format=wav', 'monkey=banana', 'keyword=hello', 'key=', 'a=b=c'])(
    'keeps the harmless query string %s',
    (input) => {
      expect(redact(input)).toBe(input);
    },
  );

  it.each([
    ['Authorization: Bearer abc.def-ghi_jkl', `Authorization: Bearer ${R}`],
    ['use bearer eyJhbGciOi== next', `use bearer ${R} next`],
    ['my key is sk-proj-AbCdEfGh12345 ok', `my key is ${R} ok`],
    ['sk-abcdefgh', R],
    ['id LTAI5tAbCdEfGhIjKlMn here', `id ${R} here`],
  ])('token pattern in %s', (input, expected) => {
    expect(redact({ Note: input })).toEqual({ Note: expected });
  });

  it.each(['task-abcdefghijk', 'sk-short', 'LTAI123', 'a desk-lamp-abcdefgh', 'bearer'])('keeps %s', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('parses JSON strings, redacts them, and keeps the rest readable', () => {
    const userData = JSON.stringify({ Email: 'a@example.com', ApiKey: 'k-123', Prefs: { Language: 'en', token: 't-1' } });
    const out = redact({ UserData: userData });
    expect(JSON.parse(out.UserData)).toEqual({ Email: 'a@example.com', ApiKey: R, Prefs: { Language: 'en', token: R } });
  });

  it('keeps the original text of JSON strings without secrets', () => {
    const pretty = '{\n  "Language": "en",\n  "n": 1\n}';
    expect(redact({ UserData: pretty }).UserData).toBe(pretty);
  });

  it('redacts JSON inside JSON (BailianAppParams as the service returns it)', () => {
    const inner = { biz_params: { user_defined_params: { plugin: { password: 'p@ss', article_index: 2 } } }, memory_id: 'm1' };
    const doubled = JSON.stringify(JSON.stringify(inner));
    const out = redact({ LlmConfig: { BailianAppParams: doubled } });
    const decoded = JSON.parse(JSON.parse(out.LlmConfig.BailianAppParams) as string) as Json;
    expect(decoded).toEqual({ biz_params: { user_defined_params: { plugin: { password: R, article_index: 2 } } }, memory_id: 'm1' });
  });

  it('redacts a JSON string held inside a JSON object inside a string', () => {
    const userData = JSON.stringify({ note: 'x', cfg: JSON.stringify({ OpenAIExtraQuery: 'api-key=sk-xxx&v=1' }) });
    const out = JSON.parse(redact(userData)) as { cfg: string };
    expect(JSON.parse(out.cfg)).toEqual({ OpenAIExtraQuery: `api-key=${R}&v=1` });
  });

  it('catches secrets in JSON that was cut short', () => {
    expect(redact('{"Email":"a@b.c","password":"hunt')).toBe(`{"Email":"a@b.c","password":"${R}`);
    expect(redact('{"ApiKey": "abc", "x": "y"')).toBe(`{"ApiKey": "${R}", "x": "y"`);
    expect(redact('{"ConfirmationToken":"abc","x":')).toBe('{"ConfirmationToken":"abc","x":');
  });
});

describe('redact: odd input', () => {
  it('passes primitives and non-plain objects through', () => {
    const date = new Date(0);
    const map = new Map([['AuthToken', 'x']]);
    expect(redact(5)).toBe(5);
    expect(redact(null)).toBeNull();
    expect(redact(undefined)).toBeUndefined();
    expect(redact(true)).toBe(true);
    expect(redact(date)).toBe(date);
    expect(redact({ m: map }).m).toBe(map);
  });

  it('survives cycles', () => {
    const a: Json = { name: 'a', AuthToken: 'zzz' };
    a.self = a;
    a.list = [a];
    const out = redact(a);
    expect(out).toEqual({ name: 'a', AuthToken: R, self: '[circular]', list: ['[circular]'] });
  });

  it('keeps shared (non-cyclic) references intact', () => {
    const shared = { Secret: 's', ok: 1 };
    expect(redact({ x: shared, y: shared })).toEqual({ x: { Secret: R, ok: 1 }, y: { Secret: R, ok: 1 } });
  });

  it('stops at a depth limit instead of overflowing the stack', () => {
    let deep: Json = { leaf: 'v' };
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    const text = JSON.stringify(redact(deep));
    expect(text).toContain('too deep');
    expect(text).not.toContain('leaf');
  });

  it('keeps a "__proto__" key as data', () => {
    const parsed = JSON.parse('{"__proto__":{"Token":"t"},"a":1}') as Json;
    const out = redact(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ Token: R });
  });
});

describe('redactText', () => {
  it('removes URL query strings', () => {
    const msg =
      'connect ECONNREFUSED 127.0.0.1:443 https://ice.cn-shanghai.aliyuncs.com/?Action=Describe&InstanceId=abc then http://x.y/p?q=1#frag';
    expect(redactText(msg)).toBe(
      `connect ECONNREFUSED 127.0.0.1:443 https://ice.cn-shanghai.aliyuncs.com/?${R} then http://x.y/p?${R}#frag`,
    );
  });

  it('replaces known secret values, ignoring very short ones', () => {
    expect(redactText('signing with s3cr3tValue failed (s3cr3tValue)', ['s3cr3tValue', 'ab', ''])).toBe(`signing with ${R} failed (${R})`);
    expect(redactText('a b ab', ['ab'])).toBe('a b ab');
  });

  it('applies the string rules too', () => {
    expect(redactText('Bearer abcdef and LTAI5tAbCdEfGhIjKlMn and api-key=sk-1')).toBe(`Bearer ${R} and ${R} and api-key=${R}`);
    expect(redactText('{"Code":"Forbidden","AuthToken":"tok-1"}')).toBe(`{"Code":"Forbidden","AuthToken":"${R}"}`);
    expect(redactText('plain message')).toBe('plain message');
  });
});
