import { stem } from './stemmer.ts';
import { isCjkChar, normalizeText } from './normalize.ts';

/**
 * Turns an utterance into sparse features: for Latin-script words, word unigrams (and their Porter
 * stems), word bigrams and trigrams, and character n-grams within word boundaries; for Han runs, character uni-,
 * bi- and trigrams. Numbers, in digits or words, become one `<num>` token so "send 300" and "send
 * two hundred" share features. Mixed text ("帮我查一下visa卡") gets both kinds.
 */
const EN_NUMBER_WORDS = new Set(
  (
    'zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen ' +
    'seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million ' +
    'billion grand k'
  ).split(' '),
);
const ZH_NUMERAL_RUN =
  /[零〇一二两三四五六七八九十百千万亿]{2,}|[零〇一二两三四五六七八九十百千万亿]+(?=[块元万千百毛角分])/g;

export interface FeatureOptions {
  /** Character n-gram sizes for Latin words. */
  readonly charNgrams: readonly number[];
  readonly wordBigrams: boolean;
  readonly wordTrigrams?: boolean;
  readonly stems: boolean;
  /** Han character n-gram sizes. */
  readonly hanNgrams: readonly number[];
}

/**
 * Measured on the held-out split and CLINC150 validation (docs/benchmarks.md): word trigrams help a
 * little on both; character 5-grams add a fifth of the features and nothing measurable.
 */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charNgrams: [3, 4],
  wordBigrams: true,
  wordTrigrams: true,
  stems: true,
  hanNgrams: [1, 2, 3],
};

interface Segment {
  readonly kind: 'latin' | 'han';
  readonly tokens: string[];
}

const TOKEN = /<num>|\d+(?:\.\d+)?[km]?\b|[a-z][a-z0-9'.%#+]*|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

/**
 * Splits normalised text into runs of Latin words and runs of Han characters. A number joins the run
 * it sits in: `#` inside Han text ("转账500元" → 转 账 # 元), `<num>` among words.
 */
function segments(text: string): Segment[] {
  const normal = normalizeText(text).replace(ZH_NUMERAL_RUN, ' <num> ');
  const tokens = normal.match(TOKEN) ?? [];
  const kinds = tokens.map((t) => (isCjkChar(t) ? 'han' : t === '<num>' || /^\d/.test(t) ? 'num' : 'latin'));
  const out: Segment[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let kind = kinds[i];
    let token = tokens[i] ?? '';
    if (kind === 'num') {
      const neighbour =
        kinds[i - 1] === 'han' || (kinds[i - 1] !== 'latin' && kinds[i + 1] === 'han') ? 'han' : 'latin';
      kind = neighbour;
      token = neighbour === 'han' ? '#' : '<num>';
    } else if (kind === 'latin' && EN_NUMBER_WORDS.has(token)) {
      token = '<num>';
    }
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.tokens.push(token);
    else out.push({ kind: kind === 'han' ? 'han' : 'latin', tokens: [token] });
  }
  return out;
}

/** Feature strings of one utterance (with repeats: the caller counts term frequency). */
export function extractFeatures(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): string[] {
  const features: string[] = [];
  for (const seg of segments(text)) {
    if (seg.kind === 'latin') {
      const words = seg.tokens;
      for (let i = 0; i < words.length; i++) {
        const w = words[i] ?? '';
        features.push(`w:${w}`);
        if (options.stems && w !== '<num>') {
          const s = stem(w);
          if (s !== w) features.push(`s:${s}`);
        }
        if (options.wordBigrams) features.push(`b:${i === 0 ? '^' : (words[i - 1] ?? '')}_${w}`);
        if (options.wordTrigrams && i > 0)
          features.push(`t:${i === 1 ? '^' : (words[i - 2] ?? '')}_${words[i - 1] ?? ''}_${w}`);
        if (w === '<num>' || w.length > 30) continue;
        const padded = `<${w}>`;
        for (const n of options.charNgrams) {
          for (let j = 0; j + n <= padded.length; j++) features.push(`c${n}:${padded.slice(j, j + n)}`);
        }
      }
      if (options.wordBigrams && words.length > 0) features.push(`b:${words[words.length - 1] ?? ''}_$`);
    } else {
      const chars = seg.tokens;
      const padded = ['^', ...chars, '$'];
      for (const n of options.hanNgrams) {
        const source = n === 1 ? chars : padded;
        for (let j = 0; j + n <= source.length; j++)
          features.push(`h${n}:${source.slice(j, j + n).join('')}`);
      }
    }
  }
  return features;
}
