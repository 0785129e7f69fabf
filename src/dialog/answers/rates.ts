import type { ExchangeRate } from '../../bank/index.ts';
import { formatMoney } from '../../nlg/index.ts';
import { findCurrencyWords } from '../../nlu/entities/currency-words.ts';
import { convertMinor, parseDecimal, type CurrencyCode, type Lang } from '../../shared/index.ts';
import { baseCurrency, phrase, publicSay } from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** Currencies a customer names in a rate question; others are said by their ISO code. */
const NAMED = ['USD', 'CNY', 'EUR', 'GBP', 'JPY', 'HKD', 'KRW', 'AUD', 'CAD', 'SGD', 'CHF'];

/**
 * The currencies a rate question names, in the order said. The NLU leaves out words that name a
 * currency only after a number ("won", 块), since "won" is also a verb; in a rate question "how many
 * won" names the won. One right after a number is that amount's currency, not another one.
 */
function currenciesSaid(input: AnswerInput): CurrencyCode[] {
  const nlu = input.utterance.entities.currencies ?? [];
  const text = input.utterance.text;
  const all: CurrencyCode[] = [];
  for (const m of findCurrencyWords(text)) {
    const afterNumber =
      /(?:\d|\b(?:hundred|thousand|million|billion)|[一二两三四五六七八九十百千万亿])\s*$/i.test(
        text.slice(0, m.start),
      );
    if (!m.standalone && afterNumber) continue;
    if (!all.includes(m.currency)) all.push(m.currency);
  }
  if (!nlu.every((c) => all.includes(c))) return [...nlu, ...all.filter((c) => !nlu.includes(c))];
  return all;
}

function currencyWord(c: CurrencyCode, lang: Lang, many = false): string {
  return NAMED.includes(c) ? phrase(`answer.currency.${c}${many ? '.many' : ''}`, {}, lang) : c;
}

/** The other of USD and CNY: the pair Teller's two markets ask about most. */
function counterpart(c: CurrencyCode): CurrencyCode {
  return c === 'USD' ? 'CNY' : 'USD';
}

/**
 * A rate for speech: at most four decimals, since an inverted rate carries eight ("0.14038240" →
 * "0.1404"); rounded half up on the digit string, never through a float.
 */
export function spokenRate(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  if (fraction.length <= 4) return rate;
  const scaled = BigInt(whole + fraction.slice(0, 4)) + (Number(fraction[4]) >= 5 ? 1n : 0n);
  const digits = scaled.toString().padStart(5, '0');
  return `${digits.slice(0, -4)}.${digits.slice(-4)}`;
}

function isGreaterThanOne(rate: string): boolean {
  const [whole = '0'] = rate.split('.');
  return BigInt(whole) >= 1n;
}

const HOW_MANY_FIRST =
  /^\W*(?:\w+\s+){0,3}?how (?:many|much)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:to|for|per|in|against|buys?|gets?)\s/;

/**
 * Which way to quote: the currencies as said ("dollars to yuan"), the amount's currency first ("100
 * dollars in yuan"), else the customer's base currency against the other of USD and CNY. When the
 * customer gave no order, the stronger currency goes first ("1 US dollar is 7.1234 yuan"), the way
 * banks post their boards.
 */
function pairOf(input: AnswerInput): { from: CurrencyCode; to: CurrencyCode; ordered: boolean } {
  const e = input.utterance.entities;
  const said = currenciesSaid(input);
  const amount = e.amount;
  const amountCurrency = amount?.currency;
  const base = baseCurrency(input.snapshot);
  if (amountCurrency) {
    const other =
      said.find((c) => c !== amountCurrency) ?? (amountCurrency === base ? counterpart(base) : base);
    return { from: amountCurrency, to: other, ordered: true };
  }
  const [first, second] = said;
  // "how much is 100 in yuan": the one currency said is where the amount goes.
  if (amount && first && !second)
    return { from: first === base ? counterpart(base) : base, to: first, ordered: true };
  // "how many won to the dollar": the currency asked for is the one the rate is quoted in.
  if (first && second && HOW_MANY_FIRST.test(input.utterance.text.toLowerCase()))
    return { from: second, to: first, ordered: true };
  if (first && second) return { from: first, to: second, ordered: true };
  if (first) return { from: first, to: first === base ? counterpart(base) : base, ordered: false };
  return { from: base, to: counterpart(base), ordered: false };
}

/**
 * rates.exchange: the rate between the two currencies said (or the default pair), and, when an amount
 * is said, what it converts to, exactly (bigint arithmetic, half-even at the minor unit).
 */
export async function exchangeRate(input: AnswerInput): Promise<Answer> {
  const pair = pairOf(input);
  const amount = input.utterance.entities.amount;
  if (pair.from === pair.to) {
    return { says: [publicSay('answer.rates.same', { currency: currencyWord(pair.from, input.lang) })] };
  }
  let rate: ExchangeRate | undefined = await input.bank.getExchangeRate(pair.from, pair.to);
  if (rate && !pair.ordered && !amount && !isGreaterThanOne(rate.rate)) {
    rate = (await input.bank.getExchangeRate(pair.to, pair.from)) ?? rate;
  }
  if (!rate) {
    return {
      says: [
        publicSay('answer.rates.unknown', {
          from: currencyWord(pair.from, input.lang, true),
          to: currencyWord(pair.to, input.lang, true),
        }),
      ],
    };
  }
  const says = [
    publicSay('answer.rates.rate', {
      from: currencyWord(rate.from, input.lang),
      to: currencyWord(rate.to, input.lang, true),
      rate: spokenRate(rate.rate),
    }),
  ];
  if (amount) {
    const parsed = parseDecimal(amount.value, rate.from);
    if (parsed.ok) {
      const from = { amountMinor: parsed.value, currency: rate.from };
      says.push(
        publicSay('answer.rates.convert', {
          amount: formatMoney(from),
          converted: formatMoney(convertMinor(from, rate.to, rate.rate)),
        }),
      );
    }
  }
  return { says };
}
