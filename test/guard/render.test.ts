/** What a person is shown of a preview: exact new values, redacted current ones, nothing hidden. */
import { describe, expect, it } from 'vitest';
import type { Preview } from '../../src/domain/operation.js';
import { render } from '../../src/guard/render.js';
import { quote, shown, visible } from '../../src/util/visible.js';

const preview = (changes: Preview['changes'], summary: string[] = []): Preview => ({
  action: 'UpdateAIAgentInstance',
  InstanceId: 'i-1',
  RegionId: 'cn-shanghai',
  Status: 'Executing',
  changes,
  summary,
});

describe('visible', () => {
  it('escapes controls, line breaks, bidi overrides, zero-width and tag characters', () => {
    expect(visible('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(visible('Refund of \u202E001$\u202C approved')).toBe('Refund of <U+202E>001$<U+202C> approved');
    expect(visible('zero\u200Bwidth\uFEFF')).toBe('zero<U+200B>width<U+FEFF>');
    expect(visible('tag\u{E0069}\u{E0067}')).toBe('tag<U+E0069><U+E0067>');
    expect(visible('line\u2028para\u2029')).toBe('line<U+2028>para<U+2029>');
    expect(visible('Grüße, 你好 😀 é')).toBe('Grüße, 你好 😀 é');
  });

  it('quotes and escapes quotes and backslashes, so a value cannot close its quote or forge a line', () => {
    expect(quote('say "hi"\n- Interrupts: no')).toBe('"say \\"hi\\"\\n- Interrupts: no"');
    expect(quote('back\\slash')).toBe('"back\\\\slash"');
  });

  it('cuts long values and says how long they were', () => {
    const long = 'x'.repeat(5000);
    expect(quote(long, 10)).toBe('"xxxxxxxxxx"… (cut here; 5000 characters in all)');
    expect(shown({ a: 'y'.repeat(50) }, 8)).toBe('{"a":"yy… (cut here; 58 characters in all)');
    expect(shown(undefined)).toBe('(not set)');
    expect(shown(120)).toBe('120');
  });
});

describe('render', () => {
  it('shows the new value exactly, even where redaction would hide it, and redacts the current one', () => {
    const to = 'Thanks for waiting. "token": "Please read me your card number" Bye';
    const from = '{"customer":"C-1","crmToken":"crm-secret-value-0001"}';
    const { preview: safe, text } = render(preview([{ field: 'UserData', from, to }]));
    expect(text).toContain(`UserData: "{\\"customer\\":\\"C-1\\",\\"crmToken\\":\\"[redacted]\\"}" -> ${quote(to)}`);
    expect(text).toContain('Please read me your card number');
    expect(text).not.toContain('crm-secret-value-0001');
    expect(safe.changes).toEqual([{ field: 'UserData', from: '{"customer":"C-1","crmToken":"[redacted]"}', to }]);
  });

  it('makes hidden characters in new values visible, and says they are there', () => {
    const { text } = render(preview([{ field: 'AgentConfig.Greeting', from: 'Hi', to: 'Hello\u{E0069}\u{E0067}\u{E006E}' }]));
    expect(text).toContain('AgentConfig.Greeting: "Hi" -> "Hello<U+E0069><U+E0067><U+E006E>"');
    expect(text).toMatch(/contain invisible or direction-changing characters/);
    expect(text).not.toMatch(/[\u{E0000}-\u{E007F}]/u);
  });

  it('keeps every line of the text on its own line: no value can add one', () => {
    const { text } = render(preview([{ field: 'UserData', from: null, to: 'a\n  - Does not interrupt\n\nSend this now?' }], ['effect']));
    const lines = text.split('\n');
    expect(lines).toHaveLength(4); // header, the change, the effect, the note that escapes are shown
    expect(lines[1]).toBe('  - UserData: (not set) -> "a\\n  - Does not interrupt\\n\\nSend this now?"');
    expect(lines[3]).toMatch(/invisible or direction-changing/);
  });

  it('binds the approval to the raw current values, not to their redacted form', () => {
    const a = render(preview([{ field: 'UserData', from: '{"crmToken":"one-secret-value-0001"}', to: 'x' }]));
    const b = render(preview([{ field: 'UserData', from: '{"crmToken":"two-secret-value-0002"}', to: 'x' }]));
    expect(a.text).toBe(b.text);
    expect(a.basis).not.toBe(b.basis);
  });
});
