import { isCurrencyCode, minorDigits, type CurrencyCode } from './currency.ts';

/** An amount of money: a safe integer count of minor units (cents, fen) and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: CurrencyCode;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,3}))?$/;

/**
 * Parses a decimal string ("2500.00", "-6.4", "12") into minor units of `currency`.
 * Refuses more fractional digits than the currency has, exponents, and anything that is not a string,
 * so a float never becomes money.
 */
export function parseDecimal(text: unknown, currency: CurrencyCode): Parsed<number> {
  if (typeof text !== 'string') {
    return { ok: false, error: `money must be a decimal string like "2500.00", got ${typeof text}` };
  }
  const match = DECIMAL.exec(text.trim());
  if (!match) return { ok: false, error: `"${text}" is not a decimal amount like "2500.00"` };
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    return { ok: false, error: `"${text}" has more than ${digits} decimal places for ${currency}` };
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, error: `"${text}" is too large` };
  return { ok: true, value: sign ? -minor : minor };
}

/** Formats minor units as a plain decimal string with the currency's digits: 250000 USD → "2500.00". */
export function formatDecimal(amountMinor: number, currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  const negative = amountMinor < 0;
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Builds a `Money`, checking the currency and that the amount is a safe integer. */
export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amount ${amountMinor} is not a safe integer`);
  if (!isCurrencyCode(currency)) throw new RangeError(`unknown currency ${currency}`);
  return { amountMinor, currency };
}

/** Adds minor-unit integers, refusing results that leave the safe-integer range. */
export function addMinor(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('amount overflow');
  return sum;
}

/**
 * Converts an amount at `rate` (a decimal string: 1 unit of `from` in `to`), rounding half to even
 * at the target currency's minor unit. Exact: uses bigint arithmetic, never a float product.
 */
export function convertMinor(amount: Money, to: CurrencyCode, rate: string): Money {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new RangeError(`bad rate ${rate}`);
  const rateScale = (match[2] ?? '').length;
  const rateInt = BigInt((match[1] ?? '0') + (match[2] ?? ''));
  // value_to_minor = amountMinor * rate * 10^(dTo - dFrom)
  const shift = minorDigits(to) - minorDigits(amount.currency);
  let numerator = BigInt(amount.amountMinor) * rateInt;
  let denominator = 10n ** BigInt(rateScale);
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  const negative = numerator < 0n;
  if (negative) numerator = -numerator;
  let quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  const result = Number(negative ? -quotient : quotient);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount overflow');
  return { amountMinor: result, currency: to };
}

/** 1 / rate as a decimal string with 8 fractional digits, rounded half up; bigint arithmetic only. */
export function invertRate(rate: string): string {
  const [whole = '0', frac = ''] = rate.split('.');
  const scaled = BigInt(whole + frac);
  if (scaled === 0n) return '0';
  const numerator = 10n ** BigInt(frac.length + 8) * 2n;
  const q = (numerator / scaled + 1n) / 2n;
  const s = q.toString().padStart(9, '0');
  return `${s.slice(0, -8)}.${s.slice(-8)}`;
}
