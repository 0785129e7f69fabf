import { registerMessages } from '../../nlg/index.ts';
import { loadCatalogue, type IntentSpec } from '../../nlu/index.ts';
import { publicSay } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** The bank's name in FAQ answers: the catalogue writes `{bank}` so a bank can ship its own. */
export const BANK_NAME = { en: 'Teller Bank', zh: 'Teller银行' } as const;

/** The catalogue's wording of an offer to hand off, in either language. */
const OFFERS_COLLEAGUE = /connect you|colleague|转接|人工|客服/i;

interface FaqEntry {
  readonly key: string;
  readonly offersHandoff: boolean;
}

function buildFaqs(catalogue: readonly IntentSpec[]): ReadonlyMap<string, FaqEntry> {
  const faqs = new Map<string, FaqEntry>();
  const entries: Record<string, { en: string; zh: string }> = {};
  for (const intent of catalogue) {
    if (intent.kind !== 'faq' || !intent.faq) continue;
    const key = `answer.${intent.name}`;
    // Substituted here, not as a render param: the name differs by language and params do not.
    entries[key] = {
      en: intent.faq.en.replaceAll('{bank}', BANK_NAME.en),
      zh: intent.faq.zh.replaceAll('{bank}', BANK_NAME.zh),
    };
    faqs.set(intent.name, { key, offersHandoff: OFFERS_COLLEAGUE.test(`${intent.faq.en} ${intent.faq.zh}`) });
  }
  registerMessages(entries);
  return faqs;
}

/** Every answer or faq intent of the shipped catalogue, by name. */
export const CATALOGUE: ReadonlyMap<string, IntentSpec> = new Map(loadCatalogue().map((i) => [i.name, i]));

// Registered once at import, so `render('answer.<intent>')` works wherever the Say is rendered.
const FAQS = buildFaqs([...CATALOGUE.values()]);

/** Whether the intent is answered from the catalogue's bilingual FAQ text. */
export function isFaqIntent(intent: string): boolean {
  return FAQS.has(intent);
}

/**
 * A FAQ intent's answer: the catalogue's text, then, when the text offers a colleague, the question
 * that makes "yes" a handoff.
 */
export function faqAnswer(input: AnswerInput): Promise<Answer> {
  const faq = FAQS.get(input.intent);
  if (!faq) return Promise.resolve({ says: [publicSay('answer.unknown')] });
  if (!faq.offersHandoff) return Promise.resolve({ says: [publicSay(faq.key)] });
  return Promise.resolve({ says: [publicSay(faq.key), publicSay('answer.faq.offer')], offerHandoff: true });
}
