import { describe, expect, it } from 'vitest';
import { demoWorld, hoursOn, isOpenAt, parseHours, SqliteBank } from '../../src/bank/index.ts';
import { TestClock } from '../helpers/world.ts';

describe('opening hours', () => {
  it('parses day ranges, several spans, past-midnight hours and 24/7', () => {
    const week = parseHours('Mon-Fri 09:00-12:00, 13:00-17:00; Sat 10:00-14:00');
    expect(week.ok).toBe(true);
    if (!week.ok) return;
    expect(hoursOn(week.value, 1)).toBe('09:00-12:00, 13:00-17:00');
    expect(hoursOn(week.value, 6)).toBe('10:00-14:00');
    expect(hoursOn(week.value, 7)).toBeUndefined();
    expect(isOpenAt(week.value, 3, 12 * 60 + 30)).toBe(false);
    const late = parseHours('Fri 18:00-02:00');
    expect(late.ok && isOpenAt(late.value, 6, 60)).toBe(true);
    const always = parseHours('24/7');
    expect(always.ok && isOpenAt(always.value, 7, 3 * 60)).toBe(true);
    expect(parseHours('open when we feel like it').ok).toBe(false);
    expect(parseHours('Mon-Fri 17:00-09:00x').ok).toBe(false);
  });
});

describe('branch and ATM search in the demo world', () => {
  // Wednesday 2026-11-25, 10:30 in Shanghai = 21:30 on Tuesday in New York.
  const clock = new TestClock(Date.parse('2026-11-25T10:30:00+08:00'));
  const bank = SqliteBank.create(demoWorld(), { path: ':memory:', clock });
  const peoplesSquare = { lat: 31.2304, lon: 121.4737 };

  it('orders by great-circle distance from the customer', async () => {
    const found = await bank.findPlaces({ kind: 'branch', near: peoplesSquare });
    expect(found[0]?.place.id).toBe('sh-peoples');
    expect(found[0]?.distanceM).toBeGreaterThan(300);
    expect(found[0]?.distanceM).toBeLessThan(600);
    const distances = found.map((m) => m.distanceM ?? 0);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  });

  it('measures from a named landmark in either language', async () => {
    expect((await bank.findPlaces({ kind: 'branch', text: 'Times Square' }))[0]?.place.id).toBe('ny-midtown');
    expect((await bank.findPlaces({ kind: 'atm', text: '陆家嘴' }))[0]?.place.id).toBe('sh-lujiazui');
    expect((await bank.findPlaces({ kind: 'branch', text: 'the bund' }))[0]?.place.id).toBe('sh-bund');
  });

  it('filters by service and counts branches with an ATM as cash machines', async () => {
    const fx = await bank.findPlaces({
      kind: 'branch',
      near: peoplesSquare,
      service: 'foreign-exchange',
      limit: 10,
    });
    expect(fx.length).toBeGreaterThan(2);
    for (const m of fx) expect(m.place.services).toContain('foreign-exchange');
    const atms = await bank.findPlaces({ kind: 'atm', near: peoplesSquare, limit: 50 });
    expect(atms.some((m) => m.place.kind === 'branch')).toBe(true);
    expect(atms.some((m) => m.place.id === 'sh-jingan')).toBe(false);
  });

  it('says what is open now by each place’s own clock', async () => {
    const shanghai = await bank.findPlaces({ kind: 'branch', near: peoplesSquare, openNow: true, limit: 50 });
    expect(shanghai.map((m) => m.place.id)).toContain('sh-peoples');
    const newYork = await bank.findPlaces({ kind: 'branch', text: 'times square', openNow: true });
    expect(newYork).toEqual([]);
    const nyAtm = await bank.findPlaces({ kind: 'atm', text: 'times square', openNow: true });
    expect(nyAtm[0]?.place.id).toBe('ny-atm-times');
  });

  it('returns nothing for an unknown place rather than a wrong one', async () => {
    expect(await bank.findPlaces({ kind: 'branch', text: 'atlantis' })).toEqual([]);
  });
});
