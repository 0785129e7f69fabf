/**
 * ASR benchmark: word error rate and rejection per flite voice, general English LM against the
 * banking LM and the dialog's grammars.
 *
 *   npx tsx scripts/asr-eval.ts [--voices kal16,slt,rms,awb] [--band wide|narrow] [--accent us|us+gb] [--json]
 *
 * Utterances: scripts/asr-eval-set.ts (~60 banking requests and slot answers written for this set,
 * checked here not to be NLU training examples; 20 out-of-domain sentences, said both as open
 * speech and where a grammar is active). Columns:
 *   WER general   the general en-us trigram (what PocketSphinx does out of the box)
 *   WER domain    the banking trigram (models/asr/en-banking.lm) on every utterance
 *   WER dialog    what Teller uses: the banking LM for open turns, the state's grammar for slot answers
 *   OOD rejected  out-of-domain open speech flagged `inDomain: false` (posteriors only / with general pass)
 *   OOG rejected  out-of-domain speech said during a grammar turn, flagged
 *   false rej.    in-domain utterances flagged (open / grammar turns)
 *   RTF           decoding wall time / audio time, all passes, one stream
 * Needs pocketsphinx + pocketsphinx-en-us installed; takes ~2 minutes per voice.
 */
import { parseArgs } from 'node:util';
import { CONFIDENCE_MODELS } from '../src/asr/confidence-model.ts';
import type { GrammarSpec } from '../src/asr/grammar.ts';
import { ASR_ACCENTS } from '../src/asr/accents.ts';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import { IN_DOMAIN_THRESHOLD } from '../src/asr/pocketsphinx-result.ts';
import { logisticProbability, rejectionFeatures } from '../src/asr/rejection.ts';
import { spokenVariants } from '../src/asr/spoken-text.ts';
import { FliteSynthesizer } from '../src/tts/index.ts';
import type { FliteVoice } from '../src/tts/index.ts';
import { nluExamples } from './asr-corpus.ts';
import { IN_DOMAIN, OUT_OF_DOMAIN, OUT_OF_GRAMMAR } from './asr-eval-set.ts';
import { decodeSpoken, feed, openStream, VOICES, wordErrors } from './asr-harness.ts';

const { values } = parseArgs({
  options: {
    voices: { type: 'string' },
    json: { type: 'boolean' },
    band: { type: 'string', default: 'wide' },
    accent: { type: 'string', default: 'us' },
  },
});
const accent = ASR_ACCENTS.find((a) => a === values.accent);
if (accent === undefined) throw new Error(`--accent ${ASR_ACCENTS.join('|')}`);
if (values.band !== 'wide' && values.band !== 'narrow') throw new Error('--band wide|narrow');
/** `narrow`: every utterance through a phone line (8 kHz μ-law), decoded on narrowband streams. */
const band = values.band;
const voices = (values.voices?.split(',') ?? VOICES) as FliteVoice[];

const training = new Set([...nluExamples().values()].flat().flatMap((e) => spokenVariants(e)));
const leaked = IN_DOMAIN.filter((u) => training.has(u.text));
if (leaked.length > 0)
  console.warn(`eval utterances found in the NLU data: ${leaked.map((u) => u.text).join('; ')}`);

const recognizer = new PocketSphinxRecognizer({
  generalPoolSize: 1,
  busyWaitMs: Infinity,
  accent,
});
await recognizer.warmUp();
const tts = new FliteSynthesizer();
const stream = openStream(recognizer, band);
const GRAMMAR_KINDS: readonly GrammarSpec[] = [
  { kind: 'amount' },
  { kind: 'confirmation', options: ['bob li', 'maria garcia', 'savings'] },
  { kind: 'digits', minDigits: 4, maxDigits: 6 },
  { kind: 'choice', options: ['bob li', 'bob chen', 'maria garcia'] },
];

interface Tally {
  errors: number;
  words: number;
}
const rate = (t: Tally): string => `${((100 * t.errors) / Math.max(1, t.words)).toFixed(1)}%`;
const pct = (n: number, d: number): string => `${((100 * n) / Math.max(1, d)).toFixed(0)}%`;
const add = (t: Tally, e: { errors: number; words: number }): void => {
  t.errors += e.errors;
  t.words += e.words;
};

const report: Record<string, unknown>[] = [];
for (const voice of voices) {
  const general: Tally = { errors: 0, words: 0 };
  const domain: Tally = { errors: 0, words: 0 };
  const dialog: Tally = { errors: 0, words: 0 };
  let audioMs = 0;
  let wallMs = 0;
  let freeFalse = 0;
  let freeCount = 0;
  let grammarFalse = 0;
  let grammarCount = 0;
  for (const u of IN_DOMAIN) {
    const open = await decodeSpoken(tts, stream, u.text, voice, { kind: 'free' }, band);
    audioMs += open.audioMs;
    wallMs += open.wallMs;
    const { passes, result } = open.scored;
    add(domain, wordErrors(u.text, passes.primary.text));
    add(general, wordErrors(u.text, passes.general?.text ?? ''));
    if (u.grammar.kind === 'free') {
      add(dialog, wordErrors(u.text, result.text));
      freeCount++;
      if (!result.inDomain) freeFalse++;
      continue;
    }
    const slot = await decodeSpoken(tts, stream, u.text, voice, u.grammar, band);
    audioMs += slot.audioMs;
    wallMs += slot.wallMs;
    add(dialog, wordErrors(u.text, slot.scored.result.text));
    grammarCount++;
    if (!slot.scored.result.inDomain) grammarFalse++;
  }
  let oodWithGeneral = 0;
  let oodPosteriorsOnly = 0;
  for (const text of OUT_OF_DOMAIN) {
    const { scored } = await decodeSpoken(tts, stream, text, voice, { kind: 'free' }, band);
    if (!scored.result.inDomain) oodWithGeneral++;
    const alone = logisticProbability(
      CONFIDENCE_MODELS.freeAlone.inDomain,
      rejectionFeatures(scored.passes.primary, undefined, scored.passes.domainLm),
    );
    if (alone < IN_DOMAIN_THRESHOLD) oodPosteriorsOnly++;
  }
  const offGrammar = [
    ...OUT_OF_GRAMMAR,
    ...OUT_OF_DOMAIN.map((text, i) => ({
      text,
      grammar: GRAMMAR_KINDS[i % GRAMMAR_KINDS.length] as GrammarSpec,
    })),
  ];
  let oogRejected = 0;
  for (const u of offGrammar) {
    const { scored } = await decodeSpoken(tts, stream, u.text, voice, u.grammar, band);
    if (!scored.result.inDomain) oogRejected++;
  }
  const row = {
    voice,
    werGeneral: rate(general),
    werDomain: rate(domain),
    werDialog: rate(dialog),
    oodRejectedPosteriorsOnly: pct(oodPosteriorsOnly, OUT_OF_DOMAIN.length),
    oodRejected: pct(oodWithGeneral, OUT_OF_DOMAIN.length),
    oogRejected: pct(oogRejected, offGrammar.length),
    falseRejectFree: pct(freeFalse, freeCount),
    falseRejectGrammar: pct(grammarFalse, grammarCount),
    rtf: (wallMs / audioMs).toFixed(3),
  };
  report.push(row);
  console.log(Object.values(row).join('\t'));
}

// Memory per stream: open streams, run a free and a grammar utterance in each, measure RSS.
const { pcm } = await tts.synthesize('send fifty dollars to bob', { lang: 'en', voice: 'slt' });
const before = process.memoryUsage().rss;
const extra = Array.from({ length: 4 }, () => openStream(recognizer));
for (const s of extra) {
  for (const grammar of [{ kind: 'free' }, { kind: 'amount' }] as const) {
    s.setGrammar(grammar);
    await feed(s, pcm);
    await s.endUtterance();
  }
}
const perStreamMb = (process.memoryUsage().rss - before) / extra.length / 2 ** 20;
await Promise.all([...extra, stream].map((s) => s.close()));
await recognizer.close();
await tts.close();

console.log(
  `\n${IN_DOMAIN.length} in-domain utterances (${IN_DOMAIN.filter((u) => u.grammar.kind !== 'free').length} slot answers), ${OUT_OF_DOMAIN.length} out-of-domain`,
);
console.log(
  'voice\tWER general\tWER domain\tWER dialog\tOOD rej. (posteriors)\tOOD rej. (+general)\tOOG rej.\tfalse rej. free\tfalse rej. grammar\tRTF',
);
for (const row of report) console.log(Object.values(row).join('\t'));
console.log(
  `memory per stream (domain + grammar decoders, after one turn each): ${perStreamMb.toFixed(1)} MiB`,
);
if (values.json) console.log(JSON.stringify({ voices: report, memoryPerStreamMiB: perStreamMb }, null, 2));
