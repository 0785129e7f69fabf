/**
 * Exact decimals for spoken numbers. Money is never a float (STYLE.md "Logs and money"), so "2.5k" is
 * built as 25 × 10⁻¹ × 1000 in bigint arithmetic and printed from its digits, not as `2.5 * 1000`.
 */
import type { CurrencyCode } from '../../shared/index.ts';
import type { Span } from './types.ts';

/** `units / 10^scale`, never negative here: speech has no negative amounts. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Zero. */
export const DECIMAL_ZERO: Decimal = { units: 0n, scale: 0 };

/** A whole number as a decimal. */
export function decimalOf(value: number | bigint): Decimal {
  return { units: BigInt(value), scale: 0 };
}

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/** Parses "1200", "1,200.50" or "0.5" (thousands commas are dropped); undefined for anything else. */
export function decimalFromString(text: string): Decimal | undefined {
  const m = DECIMAL_TEXT.exec(text.replaceAll(',', ''));
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  return { units: BigInt((m[1] ?? '0') + fraction), scale: fraction.length };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

/** a + b, exactly. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

/** a × factor, exactly (scales: hundred, thousand, 万). */
export function mulDecimal(a: Decimal, factor: bigint): Decimal {
  return { units: a.units * factor, scale: a.scale };
}

/** Divides by 10^places exactly (cents to dollars: 20 → 0.20). */
export function shiftDecimal(a: Decimal, places: number): Decimal {
  return { units: a.units, scale: a.scale + places };
}

/** A whole number plus the fraction digits said after "point"/"点": (3, "14") → 3.14. */
export function withFraction(whole: Decimal, fractionDigits: string): Decimal {
  return addDecimal(whole, { units: BigInt(fractionDigits), scale: fractionDigits.length });
}

/** Negative, zero or positive as a is below, equal to or above b. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when the value has no fraction ("2.50" × 1000 is whole). */
export function isWhole(d: Decimal): boolean {
  return d.units % 10n ** BigInt(d.scale) === 0n;
}

/** The value as a whole number, when it is one and is safe; otherwise undefined. */
export function toSafeInteger(d: Decimal): number | undefined {
  if (!isWhole(d)) return undefined;
  const n = Number(d.units / 10n ** BigInt(d.scale));
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Prints a plain decimal with at least `minDigits` fraction digits and no trailing zeros beyond them:
 * (2500, 2) → "2500.00", (1.005, 2) → "1.005" (digits said are never dropped), (300, 0) → "300".
 */
export function formatDecimal(d: Decimal, minDigits = 0): string {
  const digits = d.units.toString().padStart(d.scale + 1, '0');
  const whole = d.scale === 0 ? digits : digits.slice(0, -d.scale);
  let fraction = d.scale === 0 ? '' : digits.slice(-d.scale);
  fraction = fraction.replace(/0+$/, '');
  if (fraction.length < minDigits) fraction = fraction.padEnd(minDigits, '0');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** How a number was said: an amount-like cardinal, an ordinal ("15th"), or a digit string ("2468"). */
export type NumberKind = 'cardinal' | 'ordinal' | 'digits';

/** A number phrase found in text: "two hundred and fifty", "2.5k", "三千五", "幺三八". */
export interface NumberMatch extends Span {
  /**
   * Cardinals and ordinals: a plain decimal ("250", "1.5", "2500"). Digit strings: the digits as said,
   * leading zeros kept ("0123").
   */
  readonly value: string;
  readonly kind: NumberKind;
  /** True when at least part of it was words or Chinese numerals rather than typed digits. */
  readonly spoken: boolean;
  /** Set when the phrase itself names the currency: "三块五" is CNY 3.5. */
  readonly currency?: CurrencyCode;
}
