import type { CurrencyCode } from '../../shared/index.ts';

/** A stretch of the input text an entity was read from: `text.slice(start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An amount of money: `value` is a plain decimal string ("300.00", "2.5"), currency when said. */
export interface AmountMatch extends Span {
  readonly value: string;
  readonly currency?: CurrencyCode;
  /** "大概一千", "about 500", "三百还是五百": a guess or a choice (fine to search by, not to pay). */
  readonly approximate?: true;
}

/** A calendar date, `YYYY-MM-DD` in the customer's time zone. */
export interface DateMatch extends Span {
  readonly value: string;
}

/** A period ("last week", "上个月"): inclusive `YYYY-MM-DD` bounds. */
export interface DateRangeMatch extends Span {
  readonly from: string;
  readonly to: string;
}

/** A digit string read from digits or spoken digits ("two four six eight", "幺三八"). */
export interface DigitsMatch extends Span {
  readonly value: string;
}
