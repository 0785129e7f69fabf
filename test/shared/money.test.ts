import { describe, expect, it } from 'vitest';
import { convertMinor, formatDecimal, parseDecimal } from '../../src/shared/index.ts';

describe('money', () => {
  it('parses decimal strings into minor units per currency, refusing floats and extra digits', () => {
    expect(parseDecimal('2500.00', 'USD')).toEqual({ ok: true, value: 250000 });
    expect(parseDecimal('-6.4', 'USD')).toEqual({ ok: true, value: -640 });
    expect(parseDecimal('1500', 'JPY')).toEqual({ ok: true, value: 1500 });
    expect(parseDecimal('1.234', 'KWD')).toEqual({ ok: true, value: 1234 });
    expect(parseDecimal('1.5', 'JPY').ok).toBe(false);
    expect(parseDecimal('1.001', 'USD').ok).toBe(false);
    expect(parseDecimal(2500.5, 'USD').ok).toBe(false);
    expect(parseDecimal('1e5', 'USD').ok).toBe(false);
    expect(parseDecimal('9999999999999999', 'USD').ok).toBe(false);
  });

  it('formats minor units with the currency’s digits', () => {
    expect(formatDecimal(250000, 'USD')).toBe('2500.00');
    expect(formatDecimal(-5, 'USD')).toBe('-0.05');
    expect(formatDecimal(1500, 'JPY')).toBe('1500');
    expect(formatDecimal(1234, 'KWD')).toBe('1.234');
  });

  it('converts exactly with half-to-even rounding and no float products', () => {
    expect(convertMinor({ amountMinor: 10000, currency: 'USD' }, 'CNY', '7.1234')).toEqual({
      amountMinor: 71234,
      currency: 'CNY',
    });
    expect(convertMinor({ amountMinor: 1, currency: 'USD' }, 'CNY', '7.125')).toEqual({
      amountMinor: 7,
      currency: 'CNY',
    });
    expect(convertMinor({ amountMinor: 1, currency: 'USD' }, 'CNY', '7.5')).toEqual({
      amountMinor: 8,
      currency: 'CNY',
    });
    expect(convertMinor({ amountMinor: 10000, currency: 'USD' }, 'JPY', '151.20')).toEqual({
      amountMinor: 15120,
      currency: 'JPY',
    });
    expect(convertMinor({ amountMinor: 15120, currency: 'JPY' }, 'USD', '0.00661376')).toEqual({
      amountMinor: 10000,
      currency: 'USD',
    });
  });
});
