import { describe, expect, it } from 'vitest';
import {
  UNK,
  parseVoskPartial,
  parseVoskResult,
  segmentMandarin,
  voskGrammar,
  voskResult,
} from '../../src/asr/index.ts';

/**
 * What Teller hands Vosk (grammars) and reads back (results). The JSON fixtures have the shape
 * vosk-api's src/recognizer.cc writes with words on (`vosk_recognizer_set_words(1)`).
 */

const ENGLISH = new Set(
  'yes no cancel help repeat agent bob chen li maria please one two three four five six seven eight nine zero oh hundred dollars'.split(
    ' ',
  ),
);
const MANDARIN = new Set([
  '确认',
  '取消',
  '对',
  '是',
  '不',
  '不是',
  '转账',
  '五百',
  '元',
  '我',
  '要',
  '帮助',
]);

describe('Vosk grammars', () => {
  it('gives open speech no grammar', () => {
    expect(voskGrammar({ kind: 'free' }, 'en', () => true)).toBeUndefined();
  });

  it('lists the state’s answers in the model’s words, drops unknown words, and ends with [unk]', () => {
    const grammar = JSON.parse(
      voskGrammar({ kind: 'choice', options: ['Bob Chen', 'Maria Garcia'] }, 'en', (w) => ENGLISH.has(w)) ??
        '[]',
    ) as string[];
    expect(grammar.at(-1)).toBe(UNK);
    expect(grammar).toEqual(expect.arrayContaining(['bob chen', 'bob', 'maria', 'cancel']));
    // "garcia" is not in this vocabulary: "maria garcia" becomes "maria", as Vosk itself would do.
    expect(grammar.some((p) => p.includes('garcia'))).toBe(false);
    expect(new Set(grammar).size).toBe(grammar.length);
    for (const phrase of grammar.slice(0, -1))
      for (const w of phrase.split(' ')) expect(ENGLISH.has(w)).toBe(true);
  });

  it('gives a digit string its words, not the enumeration that starts at "zero zero"', () => {
    const grammar = JSON.parse(
      voskGrammar({ kind: 'digits', minDigits: 4, maxDigits: 4 }, 'en', (w) => ENGLISH.has(w)) ?? '[]',
    ) as string[];
    expect(grammar).toEqual(expect.arrayContaining(['zero', 'one', 'nine', 'oh', 'cancel', UNK]));
    expect(grammar.every((p) => !p.includes(' ') || p === UNK)).toBe(true);
  });

  it('segments Mandarin phrases into the model’s words, longest first', () => {
    const has = (w: string): boolean => MANDARIN.has(w);
    expect(segmentMandarin('我要转账五百元', has)).toEqual(['我', '要', '转账', '五百', '元']);
    expect(segmentMandarin('不是', has)).toEqual(['不是']);
    expect(segmentMandarin('对 yes', (w) => has(w) || w === 'yes')).toEqual(['对', 'yes']);
    expect(segmentMandarin('嗯确认', has)).toEqual(['确认']);
    const grammar = JSON.parse(voskGrammar({ kind: 'confirmation' }, 'zh', has) ?? '[]') as string[];
    expect(grammar).toEqual(expect.arrayContaining(['取消', UNK]));
    for (const phrase of grammar.slice(0, -1))
      for (const w of phrase.split(' ')) expect(MANDARIN.has(w)).toBe(true);
  });
});

describe('Vosk results', () => {
  const yes = '{"result":[{"conf":0.98,"end":0.81,"start":0.42,"word":"yes"}],"text":"yes"}';

  it('turns words with times and posteriors into a result', () => {
    const result = voskResult([parseVoskResult(yes)], {
      lang: 'en',
      grammar: 'confirmation',
      constrained: true,
      durationMs: 1200,
      truncated: false,
    });
    expect(result).toEqual({
      text: 'yes',
      confidence: 0.98,
      inDomain: true,
      words: [{ word: 'yes', startMs: 420, endMs: 810, confidence: 0.98 }],
      grammar: 'confirmation',
      durationMs: 1200,
    });
  });

  it('joins an utterance’s segments and counts [unk] as out of grammar', () => {
    const segments = [
      parseVoskResult('{"result":[{"conf":1,"end":0.6,"start":0.3,"word":"bob"}],"text":"bob"}'),
      parseVoskResult(
        '{"result":[{"conf":0.9,"end":1.5,"start":1.2,"word":"chen"},{"conf":0.5,"end":1.9,"start":1.5,"word":"[unk]"}],"text":"chen [unk]"}',
      ),
    ];
    const result = voskResult(segments, {
      lang: 'en',
      grammar: 'choice',
      constrained: true,
      durationMs: 2000,
      truncated: true,
    });
    expect(result.text).toBe('bob chen');
    expect(result.confidence).toBeCloseTo((1 + 0.9 + 0) / 3);
    expect(result.inDomain).toBe(false);
    expect(result.truncated).toBe(true);
    expect(result.words?.map((w) => w.startMs)).toEqual([300, 1200]);
  });

  it('reads silence, malformed output and open speech without a verdict', () => {
    const empty = voskResult([parseVoskResult('{"text": ""}'), parseVoskResult('not json')], {
      lang: 'en',
      grammar: 'free',
      constrained: false,
      durationMs: 500,
      truncated: false,
    });
    expect(empty).toEqual({ text: '', confidence: 0, words: [], grammar: 'free', durationMs: 500 });
    const zh = voskResult(
      [
        parseVoskResult(
          '{"result":[{"conf":1,"end":0.3,"start":0.1,"word":"我"},{"conf":0.8,"end":0.7,"start":0.3,"word":"转账"}],"text":"我 转账"}',
        ),
      ],
      { lang: 'zh', grammar: 'free', constrained: false, durationMs: 800, truncated: false },
    );
    expect(zh).toMatchObject({ text: '我转账', confidence: 0.9 });
    expect(zh.inDomain).toBeUndefined();
    expect(parseVoskPartial('{"partial" : "我 要 [unk]"}', 'zh')).toBe('我要');
    expect(parseVoskPartial('{"partial" : "send five"}', 'en')).toBe('send five');
    expect(parseVoskPartial('', 'en')).toBe('');
  });
});
