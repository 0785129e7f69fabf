import { formatDecimal, minorDigits, type CurrencyCode, type Lang, type Money } from '../shared/index.ts';

const SYMBOLS: Readonly<Partial<Record<CurrencyCode, string>>> = { USD: '$', CNY: '¥' };

function group(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Money for display and for read-backs: digits with the currency's decimals and its symbol or code —
 * "$250.00", "¥1,250.00", "EUR 250.00" (convo-format.md's read-back forms). Thousands are grouped.
 */
export function formatMoney(m: Money): string {
  const decimal = formatDecimal(Math.abs(m.amountMinor), m.currency);
  const [whole = '0', fraction] = decimal.split('.');
  const digits = fraction === undefined ? group(whole) : `${group(whole)}.${fraction}`;
  const sign = m.amountMinor < 0 ? '-' : '';
  const symbol = SYMBOLS[m.currency];
  return symbol ? `${sign}${symbol}${digits}` : `${sign}${m.currency} ${digits}`;
}

const CURRENCY_NAMES: Readonly<Record<Lang, Partial<Record<CurrencyCode, [string, string]>>>> = {
  en: {
    USD: ['dollar', 'dollars'],
    CNY: ['yuan', 'yuan'],
    EUR: ['euro', 'euros'],
    GBP: ['pound', 'pounds'],
    JPY: ['yen', 'yen'],
    HKD: ['Hong Kong dollar', 'Hong Kong dollars'],
  },
  zh: {
    USD: ['美元', '美元'],
    CNY: ['元', '元'],
    EUR: ['欧元', '欧元'],
    GBP: ['英镑', '英镑'],
    JPY: ['日元', '日元'],
    HKD: ['港币', '港币'],
  },
};

export function currencyName(currency: CurrencyCode, lang: Lang, plural = true): string {
  const names = CURRENCY_NAMES[lang][currency];
  return names ? names[plural ? 1 : 0] : currency;
}

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** English words for a non-negative integer below 10^15. */
export function numberWordsEn(n: number): string {
  if (n < 20) return ONES[n] ?? '';
  if (n < 100) return `${TENS[Math.floor(n / 10)] ?? ''}${n % 10 ? `-${ONES[n % 10] ?? ''}` : ''}`;
  if (n < 1000)
    return `${ONES[Math.floor(n / 100)] ?? ''} hundred${n % 100 ? ` ${numberWordsEn(n % 100)}` : ''}`;
  for (const [size, word] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
    [1e3, 'thousand'],
  ] as const) {
    if (n >= size) {
      const rest = n % size;
      return `${numberWordsEn(Math.floor(n / size))} ${word}${rest ? ` ${numberWordsEn(rest)}` : ''}`;
    }
  }
  return String(n);
}

const ZH_DIGITS = '零一二三四五六七八九';

/** Chinese numerals for a non-negative integer below 10^12 (两 not used: read-backs keep 二). */
export function numberWordsZh(n: number): string {
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const section = (x: number): string => {
    let out = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(x / 10 ** i) % 10;
      if (d === 0) {
        if (out) zero = true;
        continue;
      }
      if (zero) out += '零';
      zero = false;
      out += (ZH_DIGITS[d] ?? '') + (units[i] ?? '');
    }
    return out;
  };
  const parts: string[] = [];
  const big = ['', '万', '亿'];
  let rest = n;
  let i = 0;
  let needZero = false;
  while (rest > 0) {
    const s = rest % 10000;
    if (s > 0) {
      parts.unshift(section(s) + (big[i] ?? '') + (needZero ? '零' : ''));
      needZero = s < 1000;
    } else if (parts.length) needZero = true;
    rest = Math.floor(rest / 10000);
    i++;
  }
  return parts.join('').replace(/^一十/, '十').replace(/零+/g, '零').replace(/零$/, '');
}

/** Money as words for speech: "two hundred fifty dollars and forty cents", "二百五十元四角". */
export function moneyForSpeech(m: Money, lang: Lang): string {
  const digits = minorDigits(m.currency);
  const abs = Math.abs(m.amountMinor);
  const whole = Math.floor(abs / 10 ** digits);
  const cents = abs % 10 ** digits;
  if (lang === 'zh') {
    const unit = currencyName(m.currency, 'zh');
    if (m.currency === 'CNY' && digits === 2) {
      const jiao = Math.floor(cents / 10);
      const fen = cents % 10;
      return `${numberWordsZh(whole)}元${jiao ? `${ZH_DIGITS[jiao] ?? ''}角` : fen ? '零' : ''}${fen ? `${ZH_DIGITS[fen] ?? ''}分` : ''}`;
    }
    return `${numberWordsZh(whole)}${
      cents
        ? `点${String(cents)
            .padStart(digits, '0')
            .split('')
            .map((d) => ZH_DIGITS[Number(d)])
            .join('')}`
        : ''
    }${unit}`;
  }
  const name = currencyName(m.currency, 'en', whole !== 1);
  const cent = m.currency === 'USD' || m.currency === 'EUR' ? (cents === 1 ? 'cent' : 'cents') : 'hundredths';
  return `${numberWordsEn(whole)} ${name}${cents ? ` and ${numberWordsEn(cents)} ${cent}` : ''}`;
}

const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];

/** A YYYY-MM-DD date for people: "Friday, November 27" / "11月27日（周五）". */
export function formatDate(date: string, lang: Lang, today?: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const d = new Date(t);
  const weekday = (d.getUTCDay() + 6) % 7;
  // A date in another year than `today` says its year: "October 3" said in November is next year's.
  const year = today !== undefined && today.slice(0, 4) !== date.slice(0, 4) ? date.slice(0, 4) : undefined;
  if (lang === 'zh')
    return `${year ? `${year}年` : ''}${d.getUTCMonth() + 1}月${d.getUTCDate()}日（周${WEEKDAYS_ZH[weekday] ?? ''}）`;
  return `${WEEKDAYS_EN[weekday] ?? ''}, ${MONTHS_EN[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}${year ? `, ${year}` : ''}`;
}

/** A distance for speech and display: "350 meters" / "1.2 kilometers", "350米" / "1.2公里". */
export function formatDistance(meters: number, lang: Lang): string {
  if (meters < 1000) {
    const m = Math.max(10, Math.round(meters / 10) * 10);
    return lang === 'zh' ? `${m}米` : `${m} meters`;
  }
  const km = (meters / 1000).toFixed(meters < 10_000 ? 1 : 0);
  return lang === 'zh' ? `${km}公里` : `${km} kilometers`;
}
