/**
 * Word error rate per caller voice under PocketSphinx search settings: the bench set's open
 * requests (scripts/bench-voice-set.ts) said by each voice, decoded one at a time on one stream
 * with the banking LM, and the decoding CPU they took.
 *
 *   npx tsx scripts/asr-search.ts [--args="-topn 8"] [--voices espeak,pico,kal16]
 *
 * `--args` are sphinxbase options added to every decoder (PocketSphinxOptions.decoderArgs); the
 * row prints WER and exact transcripts per voice. Measured rows: src/asr/README.md ("Speed").
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { PocketSphinxRecognizer } from '../src/asr/pocketsphinx.ts';
import { resample } from '../src/audio/index.ts';
import { CALLER_VOICES, createCallerVoice, type CallerVoiceName } from '../src/tts/index.ts';
import { feed, openStream, padded, wordErrors } from './asr-harness.ts';
import { IN_DOMAIN } from './bench-voice-set.ts';

v8.setFlagsFromString('--no-turbo-fast-api-calls');
const { values } = parseArgs({
  options: {
    args: { type: 'string', default: '' },
    voices: { type: 'string', default: 'espeak,pico,kal16' },
  },
});
const decoderArgs = values.args.split(' ').filter(Boolean);
const voices = values.voices.split(',').map((v) => v.trim());
for (const voice of voices)
  if (!(CALLER_VOICES as readonly string[]).includes(voice))
    throw new Error(`--voices: ${voice} is not one of ${CALLER_VOICES.join(', ')}`);

const texts = IN_DOMAIN.filter((c) => c.kind === 'request').map((c) => c.text);
const recognizer = new PocketSphinxRecognizer({ generalPoolSize: 0, busyWaitMs: Infinity, decoderArgs });
const stream = openStream(recognizer);
const row: Record<string, string> = { args: decoderArgs.join(' ') || 'defaults' };
let cpuS = 0;
for (const name of voices as CallerVoiceName[]) {
  const { synthesizer, voice } = await createCallerVoice(name);
  const audio: Int16Array[] = [];
  for (const text of texts) {
    const s = await synthesizer.synthesize(text, { lang: 'en', ...(voice ? { voice } : {}) });
    audio.push(padded(s.sampleRateHz === 16000 ? s.pcm : resample(s.pcm, s.sampleRateHz, 16000)));
  }
  await synthesizer.close?.();
  let errors = 0;
  let words = 0;
  let exact = 0;
  const before = process.cpuUsage();
  for (const [i, pcm] of audio.entries()) {
    stream.setGrammar({ kind: 'free' });
    await feed(stream, pcm, Number.POSITIVE_INFINITY);
    const result = await stream.endUtterance();
    const e = wordErrors(texts[i] as string, result.text);
    errors += e.errors;
    words += e.words;
    if (e.errors === 0) exact++;
  }
  const used = process.cpuUsage(before);
  cpuS += (used.user + used.system) / 1e6;
  row[name] = `${((100 * errors) / words).toFixed(1)}% WER (${exact}/${texts.length} exact)`;
}
row.cpu = `${cpuS.toFixed(1)} s`;
console.log(JSON.stringify(row));
await stream.close();
await recognizer.close();
