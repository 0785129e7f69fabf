import { describe, expect, it } from 'vitest';
import type { Lang } from '../../../src/shared/index.ts';
import type { BranchService } from '../../../src/nlu/entities/place.ts';
import { extractPlace, extractService } from '../../../src/nlu/entities/place.ts';

describe('extractPlace', () => {
  it.each<{ text: string; lang: Lang; want: string | undefined }>([
    { text: 'nearest branch to times square', lang: 'en', want: 'times square' },
    { text: 'atm near central park', lang: 'en', want: 'central park' },
    { text: 'branches in pudong', lang: 'en', want: 'pudong' },
    { text: 'i want to find an atm near union square please', lang: 'en', want: 'union square' },
    { text: 'where is the times square branch', lang: 'en', want: 'times square' },
    { text: 'what time does the branch on main street open', lang: 'en', want: 'main street' },
    { text: 'is there a branch close to the airport', lang: 'en', want: 'airport' },
    { text: 'branch at 5th avenue', lang: 'en', want: '5th avenue' },
    { text: 'atm near central park on saturday', lang: 'en', want: 'central park' },
    { text: 'the nearest branch', lang: 'en', want: undefined },
    { text: 'find an atm near me', lang: 'en', want: undefined },
    { text: 'near me', lang: 'en', want: undefined },
    { text: 'branches in the area', lang: 'en', want: undefined },
    { text: 'atm open on sunday', lang: 'en', want: undefined },
    { text: 'branch open in the morning', lang: 'en', want: undefined },
    { text: 'branch near my location', lang: 'en', want: undefined },
    { text: '陆家嘴附近的网点', lang: 'zh', want: '陆家嘴' },
    { text: '人民广场有没有ATM', lang: 'zh', want: '人民广场' },
    { text: '人民广场有没有atm', lang: 'zh', want: '人民广场' },
    { text: '帮我找一下陆家嘴附近的网点', lang: 'zh', want: '陆家嘴' },
    { text: '离徐家汇最近的网点', lang: 'zh', want: '徐家汇' },
    { text: '浦东有哪些网点', lang: 'zh', want: '浦东' },
    { text: '在浦东的网点', lang: 'zh', want: '浦东' },
    { text: '我在陆家嘴附近有网点吗', lang: 'zh', want: '陆家嘴' },
    { text: '徐家汇支行几点开门', lang: 'zh', want: '徐家汇' },
    { text: '离我最近的网点', lang: 'zh', want: undefined },
    { text: '我附近有没有ATM', lang: 'zh', want: undefined },
    { text: '附近有ATM吗', lang: 'zh', want: undefined },
    { text: '最近的支行在哪', lang: 'zh', want: undefined },
    { text: '查一下附近的网点', lang: 'zh', want: undefined },
    // ASR code-switching: a Mandarin request with a romanised place, an English one with 汉字.
    { text: 'nearest atm to 外滩', lang: 'en', want: '外滩' },
  ])('$lang "$text" → $want', ({ text, lang, want }) => {
    const span = extractPlace(text, lang);
    expect(span?.text).toBe(want);
    if (span) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('extractService', () => {
  it.each<{ text: string; lang: Lang; want: BranchService | undefined; span?: string }>([
    { text: 'branch with foreign exchange', lang: 'en', want: 'foreign-exchange', span: 'foreign exchange' },
    { text: 'where can i do currency exchange', lang: 'en', want: 'foreign-exchange' },
    { text: 'a branch with a safe deposit box', lang: 'en', want: 'safe-deposit', span: 'safe deposit box' },
    { text: 'where can i get cash', lang: 'en', want: 'cash' },
    { text: 'branch with wealth management', lang: 'en', want: 'wealth' },
    { text: 'talk to someone about a mortgage', lang: 'en', want: 'mortgage' },
    { text: 'is there a 24 hour atm', lang: 'en', want: '24h', span: '24 hour' },
    { text: 'twenty four hour branch', lang: 'en', want: '24h' },
    // A cash machine is the thing sought, not a service.
    { text: 'cash machine near me', lang: 'en', want: undefined },
    { text: 'nearest branch', lang: 'en', want: undefined },
    { text: '能换外汇的网点', lang: 'zh', want: 'foreign-exchange', span: '外汇' },
    { text: '哪里可以换汇', lang: 'zh', want: 'foreign-exchange', span: '换汇' },
    { text: '有保险箱的网点', lang: 'zh', want: 'safe-deposit', span: '保险箱' },
    { text: '取现金', lang: 'zh', want: 'cash' },
    { text: '办理财业务的网点', lang: 'zh', want: 'wealth', span: '理财' },
    { text: '办房贷', lang: 'zh', want: 'mortgage' },
    { text: '24小时ATM', lang: 'zh', want: '24h', span: '24小时' },
    { text: '附近的网点', lang: 'zh', want: undefined },
  ])('$lang "$text" → $want', ({ text, lang, want, span }) => {
    const match = extractService(text, lang);
    expect(match?.value).toBe(want);
    if (match) expect(text.slice(match.start, match.end)).toBe(match.text);
    if (span !== undefined) expect(match?.text).toBe(span);
  });
});

describe('hostile input', () => {
  const HOSTILE = [
    '',
    '   ',
    'near '.repeat(2_000),
    '附近'.repeat(5_000),
    '🏦📍 near 🗽',
    'near (.*)+$ [x]{2,}\\',
    '在'.repeat(10_000),
  ];
  it.each(HOSTILE.map((text) => ({ text, label: text.slice(0, 20) })))(
    '"$label" is handled without throwing, offsets intact',
    ({ text }) => {
      for (const lang of ['en', 'zh'] as const) {
        const place = extractPlace(text, lang);
        if (place) expect(text.slice(place.start, place.end)).toBe(place.text);
        const service = extractService(text, lang);
        if (service) expect(text.slice(service.start, service.end)).toBe(service.text);
      }
    },
  );
});
