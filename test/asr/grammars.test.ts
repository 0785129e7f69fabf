import { describe, expect, it } from 'vitest';
import {
  checkGrammar,
  compileJsgf,
  dialogStates,
  grammarForAwaits,
  grammarKey,
  optionForms,
  phraseLists,
} from '../../src/asr/index.ts';
import { grammarVocabulary } from '../../src/asr/grammar-source.ts';
import { expandJsgf, jsgfWords, parseJsgfRules, undefinedJsgfRefs } from '../../src/asr/jsgf.ts';
import type { GrammarSpec } from '../../src/asr/index.ts';

const PAYEES = ['Bob Li', 'Bob Chen', 'Maria Garcia'];
const KINDS: readonly GrammarSpec[] = [
  { kind: 'confirmation', options: PAYEES },
  { kind: 'amount' },
  { kind: 'digits', minDigits: 4, maxDigits: 6 },
  { kind: 'choice', options: PAYEES },
];

describe('grammar specs', () => {
  it('validates specs that come from outside', () => {
    expect(checkGrammar({ kind: 'amount' }).ok).toBe(true);
    expect(checkGrammar({ kind: 'digits', minDigits: 4, maxDigits: 6 }).ok).toBe(true);
    expect(checkGrammar({ kind: 'digits', minDigits: 6, maxDigits: 4 })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'choice', options: [] })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'choice', options: ['x'.repeat(200)] })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'sing' })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'free', names: ['Leo Park'] }).ok).toBe(true);
    expect(
      checkGrammar({ kind: 'free', names: Array.from({ length: 65 }, (_, i) => `n${i}`) }),
    ).toMatchObject({
      ok: false,
    });
    expect(grammarKey({ kind: 'free', names: ['Leo Park'] })).not.toBe(grammarKey({ kind: 'free' }));
    expect(checkGrammar({ kind: 'free', names: ['Leo Park'], classes: { payee: ['Leo Park'] } }).ok).toBe(
      true,
    );
    expect(checkGrammar({ kind: 'free', classes: { friend: ['Leo Park'] } })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'free', classes: { payee: 'Leo Park' } })).toMatchObject({ ok: false });
    expect(checkGrammar({ kind: 'free', classes: [] })).toMatchObject({ ok: false });
    expect(grammarKey({ kind: 'free', names: ['Leo Park'], classes: { payee: ['Leo Park'] } })).not.toBe(
      grammarKey({ kind: 'free', names: ['Leo Park'], classes: { biller: ['Leo Park'] } }),
    );
    expect(checkGrammar(null)).toMatchObject({ ok: false });
    expect(grammarKey({ kind: 'choice', options: ['a'] })).toBe(
      grammarKey({ kind: 'choice', options: ['a'] }),
    );
    expect(grammarKey({ kind: 'choice', options: ['a'] })).not.toBe(
      grammarKey({ kind: 'choice', options: ['b'] }),
    );
  });

  it('maps every dialog state to what the agent expects there', () => {
    for (const awaits of [
      'nothing',
      'confirmation',
      'stepup',
      'slot:amount',
      'slot:payee',
      'disambiguation',
    ]) {
      expect(dialogStates('en')[awaits], awaits).toBeDefined();
      expect(dialogStates('zh')[awaits], awaits).toBeDefined();
    }
    const session = { payees: PAYEES, accounts: ['Everyday Checking'] };
    // Open speech may name the customer's payees, billers, cards and accounts: the engines hear those names too.
    // The LM's name classes take them by what they are.
    expect(grammarForAwaits('nothing', 'en', { ...session, billers: ['City Power'] })).toEqual({
      kind: 'free',
      names: [...PAYEES, 'City Power', 'Everyday Checking'],
      classes: { payee: PAYEES, biller: ['City Power'], account: ['Everyday Checking'] },
    });
    expect(grammarForAwaits('nothing', 'en')).toEqual({ kind: 'free' });
    expect(grammarForAwaits('stepup', 'en')).toEqual({ kind: 'digits', minDigits: 4, maxDigits: 6 });
    // With the customer's PIN length from the bank: exactly that many digits; out of range, ignored.
    expect(grammarForAwaits('stepup', 'en', session, 4)).toEqual({
      kind: 'digits',
      minDigits: 4,
      maxDigits: 4,
    });
    expect(grammarForAwaits('stepup', 'en', session, 9)).toEqual({
      kind: 'digits',
      minDigits: 4,
      maxDigits: 6,
    });
    expect(grammarForAwaits('slot:phone', 'en', session, 4)).toMatchObject({ minDigits: 7, maxDigits: 15 });
    expect(grammarForAwaits('slot:payee', 'en', session)).toEqual({
      kind: 'choice',
      options: [...PAYEES, 'Everyday Checking'],
    });
    const phone = grammarForAwaits('slot:phone', 'en');
    expect(phone.kind).toBe('digits');
    expect(phone.phrases).toContain('my phone');
    const frequency = grammarForAwaits('slot:frequency', 'zh');
    expect(frequency.kind === 'choice' && frequency.options).toContain('每月');
    // A state with nothing to choose from, or one the grammars do not know, falls back to open speech.
    expect(grammarForAwaits('disambiguation', 'en')).toEqual({ kind: 'free' });
    expect(grammarForAwaits('slot:unheard_of', 'en')).toEqual({ kind: 'free' });
    const many = { payees: Array.from({ length: 200 }, (_, i) => `payee ${i}`) };
    const capped = grammarForAwaits('slot:payee', 'en', many);
    expect(capped.kind === 'choice' && capped.options).toHaveLength(64);
  });
});

describe('JSGF for PocketSphinx', () => {
  it('compiles every kind into one self-contained grammar with a single public rule', () => {
    for (const spec of KINDS) {
      const compiled = compileJsgf(spec);
      expect(compiled, spec.kind).toBeDefined();
      const rules = parseJsgfRules(compiled?.jsgf ?? '');
      expect(undefinedJsgfRefs(rules)).toEqual([]);
      expect([...rules.values()].filter((r) => r.isPublic).map((r) => r.name)).toEqual(['teller']);
      // Every grammar lets the customer cancel or ask for help.
      expect(expandJsgf(rules, 'global', 200)).toEqual(expect.arrayContaining(['cancel', 'help']));
    }
    expect(compileJsgf({ kind: 'free' })).toBeUndefined();
  });

  it('accepts the answers each dialog state expects', () => {
    const phrases = (spec: GrammarSpec): string[] =>
      expandJsgf(parseJsgfRules(compileJsgf(spec)?.jsgf ?? ''), 'teller', 5000);
    expect(phrases({ kind: 'choice', options: PAYEES })).toEqual(
      expect.arrayContaining(['bob li', 'bob chen', 'maria garcia', 'garcia', 'the second one']),
    );
    expect(phrases({ kind: 'confirmation', options: PAYEES }).slice(0, 200)).toEqual(
      expect.arrayContaining(['yes', 'no', 'no thanks', 'cancel']),
    );
    // A bare name at a read-back is a correction the dialog reads by what it names.
    expect(phrases({ kind: 'confirmation', options: [...PAYEES, 'everyday checking'] })).toEqual(
      expect.arrayContaining(['bob chen', 'everyday checking', 'my savings account', 'from savings']),
    );
    const words = jsgfWords(parseJsgfRules(compileJsgf({ kind: 'amount' })?.jsgf ?? ''));
    for (const w of ['hundred', 'thousand', 'dollars', 'cents', 'fifty', 'minimum'])
      expect(words.has(w), w).toBe(true);
  });

  it('bounds the digit count: between ceil(min/2) and max digit groups', () => {
    const jsgf = compileJsgf({ kind: 'digits', minDigits: 4, maxDigits: 6 })?.jsgf ?? '';
    expect(jsgf).toContain(
      '<digits> = <digitgroup> <digitgroup> [<digitgroup> [<digitgroup> [<digitgroup> [<digitgroup>]]]];',
    );
  });

  it('cannot be injected through customer names', () => {
    const compiled = compileJsgf({
      kind: 'choice',
      options: ["O'Brien & <Sons>; public <x> = y", 'Card 4321', '   '],
    });
    const rules = parseJsgfRules(compiled?.jsgf ?? '');
    expect(rules.has('x')).toBe(false);
    expect(optionForms(["O'Brien & <Sons>", 'Card 4321'])).toEqual(
      expect.arrayContaining(["o'brien sons", 'card four three two one', 'sons']),
    );
    expect(compiled?.dynamicWords).toEqual(expect.arrayContaining(["o'brien", 'sons', 'public']));
    expect(compiled?.dynamicWords.every((w) => /^[a-z']+$/.test(w))).toBe(true);
  });

  it('covers every static grammar word in the shipped dictionary', async () => {
    const { readFileSync } = await import('node:fs');
    const { POCKETSPHINX_DEFAULTS } = await import('../../src/asr/pocketsphinx.ts');
    const dictionary = new Set(
      readFileSync(POCKETSPHINX_DEFAULTS.dictPath, 'latin1')
        .split('\n')
        .map((l) => l.split(' ')[0]?.replace(/\(\d+\)$/, '')),
    );
    const missing = [...grammarVocabulary('en')].filter((w) => !dictionary.has(w));
    expect(missing).toEqual([]);
  });
});

describe('phrase lists for Vosk and Azure', () => {
  it('lists English answers, words and hints from the same grammar', () => {
    const lists = phraseLists({ kind: 'choice', options: PAYEES }, 'en');
    expect(lists.phrases).toEqual(expect.arrayContaining(['bob li', 'maria garcia']));
    expect(lists.words).toEqual(expect.arrayContaining(['bob', 'garcia', 'first']));
    expect(lists.hints.slice(0, 6)).toEqual(expect.arrayContaining(['bob li', 'bob chen', 'maria garcia']));
    expect(lists.phrases.length).toBeLessThanOrEqual(500);
    expect(lists.hints.length).toBeLessThanOrEqual(100);
    expect(phraseLists({ kind: 'free' }, 'en')).toEqual({ phrases: [], words: [], hints: [] });
    // Open speech is not constrained; its customer names are the hints (Azure's phrase list).
    expect(phraseLists({ kind: 'free', names: ['City Power', "O'Brien & Sons"] }, 'en')).toEqual({
      phrases: [],
      words: [],
      hints: ['city power', "o'brien sons"],
    });
  });

  it('leaves out answers taken back and said again, which the decoder still accepts', () => {
    for (const spec of [{ kind: 'choice', options: PAYEES }, { kind: 'amount' }] as const) {
      const rules = parseJsgfRules(compileJsgf(spec)?.jsgf ?? '');
      const repaired = expandJsgf(rules, 'repaired', 5000);
      expect(repaired.length).toBeGreaterThan(0);
      expect(repaired.every((p) => / (no|sorry|actually|i mean|make that|make it)\b/.test(p))).toBe(true);
      if (spec.kind === 'choice') expect(repaired).toContain('bob li no sorry maria garcia');
      const listed = phraseLists(spec, 'en').phrases;
      expect(listed.filter((p) => / (no|sorry|actually) /.test(p))).toEqual([]);
    }
  });

  it('lists Mandarin answers with the session names', () => {
    const lists = phraseLists({ kind: 'choice', options: ['王伟', '李娜'] }, 'zh');
    expect(lists.phrases).toEqual(expect.arrayContaining(['王伟', '李娜', '第一个', '取消']));
    expect(phraseLists({ kind: 'confirmation' }, 'zh').phrases).toEqual(
      expect.arrayContaining(['是的', '不对']),
    );
    expect(phraseLists({ kind: 'amount' }, 'zh').phrases).toEqual(expect.arrayContaining(['元', '百', '两']));
  });
});
