import { describe, expect, it } from 'vitest';
import { requestedLanguage } from '../../src/dialog/session/routing.ts';
import type { Understanding } from '../../src/nlu/index.ts';

const asked = (text: string): Understanding => ({
  text,
  lang: /[\u4e00-\u9fff]/u.test(text) ? 'zh' : 'en',
  intent: 'dialog.switch_language',
  confidence: 0.95,
  ranked: [],
  entities: {},
});

describe('requestedLanguage', () => {
  it('takes the language the customer names', () => {
    expect(requestedLanguage(asked('could you talk to me in chinese please'), 'en')).toBe('zh');
    expect(requestedLanguage(asked('can you speak english instead'), 'zh')).toBe('en');
    expect(requestedLanguage(asked('说普通话'), 'zh')).toBe('zh');
    expect(requestedLanguage(asked('换成英文'), 'zh')).toBe('en');
  });

  it('switches to the other language when none is named', () => {
    expect(requestedLanguage(asked('switch language'), 'en')).toBe('zh');
    expect(requestedLanguage(asked('切换语言'), 'zh')).toBe('en');
  });

  it('does not switch for a language Teller does not speak, or a question about which it speaks', () => {
    for (const text of [
      'do you speak spanish',
      'can we do this in vietnamese',
      'speak cantonese please',
      'what languages do you speak',
      'do you speak any other languages',
      '你会说粤语吗',
      '有没有日语服务',
      '你会几种语言',
    ])
      expect(requestedLanguage(asked(text), 'en'), text).toBeUndefined();
    // A language it speaks wins over one it does not.
    expect(requestedLanguage(asked('i speak spanish and english'), 'zh')).toBe('en');
  });
});
