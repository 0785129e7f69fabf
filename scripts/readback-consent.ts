/**
 * Consent at a read-back: which answers move money. Puts the demo customer's session at a
 * transfer's read-back ("To confirm: send $50.00 to Bob Li …"; in Mandarin, ¥800 to 王芳) and
 * answers it, in a fresh session each time, with:
 *
 * - the `dialog.affirm` examples of the NLU data's held-out split (yeses the shipped model never
 *   trained on): how many send;
 * - its held-out `dialog.deny` examples: none may send;
 * - answers that are not consent, written for this script (unsure, hedged, a question back,
 *   "okay hold on", "yes but not now", asides): none may send.
 *
 * Prints, per language and set, how many answers sent the money, were asked again or waited for,
 * cancelled, or went elsewhere, and lists every answer of the last two sets that sent it.
 *
 *   npx tsx scripts/readback-consent.ts [--lang en|zh] [--list]
 */
import { parseArgs } from 'node:util';
import { SimulatedClock } from 'xstate';
import { demoWorld, SqliteBank } from '../src/bank/index.ts';
import { createDialog } from '../src/dialog/index.ts';
import { Nlu } from '../src/nlu/index.ts';
import { loadExamples, splitExamples } from '../src/nlu/train/dataset.ts';
import { DEFAULT_MODEL_OPTIONS } from '../src/nlu/train/train.ts';
import type { Lang } from '../src/shared/index.ts';

// prettier-ignore
const NOT_CONSENT: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    // unsure
    "i'm not sure", 'i am not sure about this', 'not sure', "i don't know", 'i dunno', 'no idea',
    "i'm not certain", 'not a hundred percent sure', 'hard to say', "i can't decide", 'hmm i really am not sure',
    // hedged
    'maybe', 'perhaps', 'probably', 'i guess', 'i guess so', 'i suppose', 'i think so', 'possibly',
    'could be', 'kind of', 'sort of',
    // a question back
    'are you sure', 'is that right', 'is it safe', 'huh', 'what', 'really', 'what was that',
    'how much again', 'who is bob li', 'when will it arrive',
    // not done yet
    'okay wait', 'yes wait', 'okay hold on', 'hang on a sec', 'yeah one moment', 'sure just a second',
    'ok give me a minute', 'wait', 'hold on',
    // a yes with a condition
    'yes but not now', 'yes but change the amount', 'okay but not today', 'sure but first check my balance',
    // asides
    "that's too much", 'hmm', 'uh', 'oh', 'let me think', 'let me check with my wife first',
    'i need to think about it', 'wow', 'why',
  ],
  zh: [
    '我不确定', '不确定', '不知道', '我也不知道', '不太确定', '说不好', '拿不准', '我还没想好', '不清楚',
    '也许吧', '可能吧', '应该吧', '大概吧', '好像是', '应该可以吧', '估计是吧', '或许吧',
    '你确定吗', '可以吗', '对吗', '是吗', '真的吗', '转多少', '真的假的',
    '好，等一下', '等等', '稍等', '等一下', '好的稍等一下', '先别', '慢着', '对，等会儿',
    '好的不过明天再转', '可以但是换个账户', '行，可是不是现在',
    '我想想', '我再考虑一下', '让我想一想', '啊',
  ],
};

const SETUP: Readonly<Record<Lang, { customerId: string; request: string }>> = {
  en: { customerId: 'alice', request: 'send fifty dollars to bob li' },
  zh: { customerId: 'wei', request: '给王芳转八百块' },
};

type Outcome = 'sent' | 'asked again' | 'cancelled' | 'elsewhere';

/** The held-out examples of `intent` in `lang`, as `npm run train` splits the data. */
const heldOut = splitExamples(loadExamples(), 0.2, DEFAULT_MODEL_OPTIONS.seed).heldOut;
function examples(lang: Lang, intent: string): string[] {
  return heldOut.filter((e) => e.lang === lang && e.label === intent).map((e) => e.text);
}

const { values } = parseArgs({
  options: { lang: { type: 'string' }, list: { type: 'boolean', default: false } },
});
const langs: Lang[] = values.lang === 'en' || values.lang === 'zh' ? [values.lang] : ['en', 'zh'];
const nlu = await Nlu.load();
const world = demoWorld();

async function answer(lang: Lang, text: string): Promise<Outcome> {
  const clock = new SimulatedClock();
  clock.set(Date.parse('2026-11-26T15:00:00Z')); // 10:00 in New York: the transfer goes today
  const bank = SqliteBank.create(world, { path: ':memory:', clock });
  const completed = async () =>
    (await bank.listMovements(SETUP[lang].customerId, 1000)).filter((m) => m.status === 'completed').length;
  const dialog = await createDialog({
    bank,
    nlu,
    clock,
    sessionId: 'readback',
    customerId: SETUP[lang].customerId,
    channel: 'app',
    lang,
    noInputMs: 0,
  });
  try {
    await dialog.handle({ type: 'text', text: SETUP[lang].request });
    if (dialog.awaits !== 'confirmation') throw new Error(`no read-back for "${SETUP[lang].request}"`);
    const before = await completed();
    const r = await dialog.handle({ type: 'text', text });
    if ((await completed()) > before) return 'sent';
    if (r.awaits === 'confirmation') return 'asked again';
    if (r.understanding?.intent === 'dialog.deny' || r.understanding?.intent === 'dialog.cancel')
      return 'cancelled';
    return 'elsewhere';
  } finally {
    dialog.stop();
    await bank.close();
  }
}

for (const lang of langs) {
  const sets: [string, readonly string[]][] = [
    ['held-out dialog.affirm', examples(lang, 'dialog.affirm')],
    ['held-out dialog.deny', examples(lang, 'dialog.deny')],
    ['not consent', NOT_CONSENT[lang]],
  ];
  for (const [name, texts] of sets) {
    const counts: Record<Outcome, number> = { sent: 0, 'asked again': 0, cancelled: 0, elsewhere: 0 };
    const listed: string[] = [];
    for (const text of texts) {
      const outcome = await answer(lang, text);
      counts[outcome]++;
      const notable = name === 'held-out dialog.affirm' ? outcome !== 'sent' : outcome === 'sent';
      if (notable && (values.list || name !== 'held-out dialog.affirm')) listed.push(`${outcome}: ${text}`);
    }
    const cells = Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(`${lang} ${name} (${texts.length}): ${cells}`);
    for (const l of listed) console.log(`    ${l}`);
  }
}
await nlu.close();
