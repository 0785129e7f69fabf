import { hoursOn, parseHours, type PlaceKind, type PlaceMatch } from '../../bank/index.ts';
import { formatDistance, hasMessage } from '../../nlg/index.ts';
import { localTime, type Lang } from '../../shared/index.ts';
import type { Say } from '../types.ts';
import { namedBranch, offers, searchPlaces, type PlaceSearch } from './place-search.ts';
import {
  joinItems,
  joinNames,
  longDate,
  phrase,
  placeName,
  publicSay,
  spokenHours,
  spokenTime,
  todayOf,
} from './speech.ts';
import type { Answer, AnswerInput } from './types.ts';

/** Opening intervals per ISO weekday (the bank's `WeeklyHours`, which its index does not re-export). */
type WeeklyHours = Extract<ReturnType<typeof parseHours>, { ok: true }>['value'];

const ALWAYS: WeeklyHours = Array.from({ length: 7 }, () => [[0, 1440] as const]);

/** A place's weekly hours; absent or unreadable hours count as always open, as the bank's search does. */
function weeklyHours(m: PlaceMatch): WeeklyHours {
  if (m.place.hours === undefined) return ALWAYS;
  const parsed = parseHours(m.place.hours);
  return parsed.ok ? parsed.value : ALWAYS;
}

/** "open now, today from 9 AM to 5 PM" as one sentence. */
function openingSay(m: PlaceMatch, lang: Lang): Say {
  if (m.hoursToday === undefined) return publicSay('answer.places.closed_today');
  if (m.hoursToday === '00:00-24:00') return publicSay('answer.places.open_24h');
  const hours = spokenHours(m.hoursToday, lang);
  return publicSay(m.openNow ? 'answer.places.open_now' : 'answer.places.closed_now', { hours });
}

/** A branch service for speech; one the messages do not name is said as the bank writes it. */
function serviceName(service: string | undefined, lang: Lang): string | undefined {
  if (service === undefined) return undefined;
  const key = `answer.service.${service}`;
  return phrase(hasMessage(key) ? key : 'answer.service.other', { service }, lang);
}

/** What the agent says when a search found nothing it can use; undefined when it found something. */
function searchTrouble(kind: PlaceKind, search: PlaceSearch, input: AnswerInput): Say[] | undefined {
  if (search.noOrigin) return [publicSay('answer.places.no_location')];
  if (search.matches.length > 0) return undefined;
  const service = serviceName(input.utterance.entities.service, input.lang);
  const place = search.unknownPlace ?? search.near;
  return [
    publicSay(`answer.places.none.${kind}`, {
      service:
        service === undefined ? undefined : phrase('answer.places.with_service', { service }, input.lang),
      near:
        place === undefined
          ? undefined
          : phrase('answer.places.near', { place: placeName(place) }, input.lang),
    }),
  ];
}

/**
 * branch.find / atm.find: the nearest branch or cash machine (a branch with an ATM counts) to the
 * customer, to a named place (the bank's landmarks) or with a service; its address, distance and
 * whether it is open, then up to two more nearby.
 */
async function findNearest(input: AnswerInput, kind: PlaceKind): Promise<Answer> {
  const lacking = await namedBranchLacks(input, kind);
  if (lacking) return lacking;
  const search = await searchPlaces(input, kind);
  const trouble = searchTrouble(kind, search, input);
  const [first, ...others] = search.matches;
  if (trouble || !first) return { says: trouble ?? [] };
  const says: Say[] = [];
  if (search.unknownPlace !== undefined)
    says.push(publicSay('answer.places.unknown_place', { place: placeName(search.unknownPlace) }));
  const asked = input.utterance.entities.service;
  const service = serviceName(asked, input.lang);
  const distance = first.distanceM === undefined ? undefined : formatDistance(first.distanceM, input.lang);
  // "Does the Hongqiao branch do foreign exchange", "静安支行有取款机吗": yes, then where it is.
  if (search.named && (kind === 'atm' || service !== undefined)) {
    says.push(
      kind === 'atm'
        ? publicSay('answer.places.has.atm', { name: first.place.name })
        : publicSay('answer.places.has.service', { name: first.place.name, service }),
    );
    says.push(
      publicSay(distance === undefined ? 'answer.places.at.nodistance' : 'answer.places.at', {
        address: first.place.address,
        distance,
      }),
    );
    says.push(openingSay(first, input.lang));
    return { says };
  }
  const variant = search.named ? '.named' : search.near !== undefined ? '.near' : '';
  says.push(
    publicSay(`answer.places.nearest.${kind}${variant}${distance === undefined ? '.nodistance' : ''}`, {
      name: first.place.name,
      address: first.place.address,
      distance,
      place: search.near === undefined ? undefined : placeName(search.near),
      service:
        service === undefined ? undefined : phrase('answer.places.with_service', { service }, input.lang),
    }),
  );
  says.push(openingSay(first, input.lang));
  const alternatives = others
    .slice(0, 2)
    .map((m) =>
      m.distanceM === undefined
        ? m.place.name
        : phrase(
            'answer.places.alternative',
            { name: m.place.name, distance: formatDistance(m.distanceM, input.lang) },
            input.lang,
          ),
    );
  if (alternatives.length > 0)
    says.push(publicSay('answer.places.others', { items: joinNames(alternatives, input.lang) }));
  return { says };
}

/**
 * A branch named by the customer that lacks what they asked about (an ATM at 静安支行, foreign
 * exchange at a branch without it): said so, then the nearest place that has it, measured from that
 * branch. Undefined when no branch is named, or it has what was asked.
 */
async function namedBranchLacks(input: AnswerInput, kind: PlaceKind): Promise<Answer | undefined> {
  const asked = input.utterance.entities.service;
  if (kind === 'branch' && asked === undefined) return undefined;
  const branch = await namedBranch(input);
  if (!branch) return undefined;
  const lacksAtm = kind === 'atm' && !branch.place.atm;
  const lacksService = asked !== undefined && !offers(branch, asked);
  if (!lacksAtm && !lacksService) return undefined;
  const name = branch.place.name;
  const service = serviceName(asked, input.lang);
  const says: Say[] = [
    lacksAtm
      ? publicSay('answer.places.no.atm', { name })
      : publicSay('answer.places.no.service', { name, service }),
  ];
  const instead = (
    await input.bank.findPlaces({
      kind,
      near: { lat: branch.place.lat, lon: branch.place.lon },
      ...(asked !== undefined && asked !== '24h' ? { service: asked } : {}),
      limit: 3,
    })
  ).find((m) => m.place.id !== branch.place.id && (asked === undefined || offers(m, asked)));
  if (instead) {
    says.push(
      publicSay(`answer.places.nearest.${kind}.near${instead.distanceM === undefined ? '.nodistance' : ''}`, {
        name: instead.place.name,
        address: instead.place.address,
        distance: instead.distanceM === undefined ? undefined : formatDistance(instead.distanceM, input.lang),
        place: name,
        service:
          service === undefined ? undefined : phrase('answer.places.with_service', { service }, input.lang),
      }),
    );
    says.push(openingSay(instead, input.lang));
  }
  return { says };
}

export function branchFind(input: AnswerInput): Promise<Answer> {
  return findNearest(input, 'branch');
}

export function atmFind(input: AnswerInput): Promise<Answer> {
  return findNearest(input, 'atm');
}

const ATM_WORDS = /\batms?\b|cash machine|cash point|取款机|提款机|柜员机/i;
const WEEKEND = /\bweekends?\b|周末|礼拜六日|星期六日/i;

/** "Which branches are open on Sunday", "现在还有哪个支行开着": a question about any of them, not one. */
const WHICH =
  /\bwhich\b|\bwhat (?:branches|atms|cash machines)\b|\bany (?:branch|branches|atms?|cash machines?|of them)\b|哪家|哪个|哪些|哪几家|哪几个|哪一家|哪里有|有没有(?:支行|网点|分行|营业厅|取款机)/i;
/** Most places one answer lists. */
const LIST_AT_MOST = 3;

/** When a place that is open now closes: the end of the span it is in ("until 5 PM"). */
function closesAt(m: PlaceMatch, nowMs: number, lang: Lang): string | undefined {
  const local = localTime(nowMs, m.place.timeZone);
  const span = (weeklyHours(m)[local.isoWeekday - 1] ?? []).find(
    ([s, e]) => local.minuteOfDay >= s && local.minuteOfDay < e,
  );
  return span === undefined || span[1] === 1440 ? undefined : spokenTime(span[1], lang);
}

/**
 * branch.hours asked of no branch in particular ("which branches are open on Sunday"): the nearest
 * ones open then, now or on the day said, with their hours. Undefined when a branch is named, so
 * its own hours are given.
 */
async function whichAreOpen(input: AnswerInput, kind: PlaceKind): Promise<Answer | undefined> {
  const search = await searchPlaces(input, kind, 50);
  if (search.named || search.noOrigin || search.matches.length === 0) return undefined;
  const lang = input.lang;
  const what = phrase(`answer.places.kind.${kind}`, {}, lang);
  const today = todayOf(input);
  const e = input.utterance.entities;
  const day = e.date ?? (e.dateRange && e.dateRange.from === e.dateRange.to ? e.dateRange.from : undefined);
  let items: string[];
  let key: string;
  let date: string | undefined;
  if (WEEKEND.test(input.utterance.text)) {
    key = 'weekend';
    items = search.matches
      .map((m) => ({ m, week: weeklyHours(m) }))
      .filter(({ week }) => hoursOn(week, 6) !== undefined || hoursOn(week, 7) !== undefined)
      .map(({ m, week }) =>
        phrase(
          'answer.places.open.item.weekend',
          { name: m.place.name, saturday: dayHours(week, 6, lang), sunday: dayHours(week, 7, lang) },
          lang,
        ),
      );
  } else if (day !== undefined && day !== today) {
    key = 'day';
    date = longDate(day, lang, today);
    items = search.matches.flatMap((m) => {
      const hours = hoursOn(weeklyHours(m), isoWeekday(day));
      return hours === undefined
        ? []
        : [phrase('answer.places.open.item', { name: m.place.name, hours: spokenHours(hours, lang) }, lang)];
    });
  } else {
    key = 'now';
    items = search.matches
      .filter((m) => m.openNow)
      .map((m) => {
        const until = closesAt(m, input.nowMs, lang);
        return until === undefined
          ? phrase('answer.places.open.item.always', { name: m.place.name }, lang)
          : phrase('answer.places.open.item.until', { name: m.place.name, until }, lang);
      });
  }
  const params = { what, date, items: joinItems(items.slice(0, LIST_AT_MOST), lang) };
  return {
    says: [publicSay(`answer.places.open.${key}${items.length === 0 ? '.none' : ''}`, params)],
  };
}

function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function dayHours(week: WeeklyHours, weekday: number, lang: Lang): string {
  const hours = hoursOn(week, weekday);
  return hours === undefined ? phrase('answer.branch.hours.closed', {}, lang) : spokenHours(hours, lang);
}

/**
 * branch.hours: a named branch's hours (else the nearest branch's): today's with whether it is open
 * now, another day's when one is said ("tomorrow"), or Saturday's and Sunday's for the weekend.
 */
export async function branchHours(input: AnswerInput): Promise<Answer> {
  const kind: PlaceKind = ATM_WORDS.test(input.utterance.text) ? 'atm' : 'branch';
  if (WHICH.test(input.utterance.text)) {
    const which = await whichAreOpen(input, kind);
    if (which) return which;
  }
  const search = await searchPlaces(input, kind, 1);
  const trouble = searchTrouble(kind, search, input);
  const [m] = search.matches;
  if (trouble || !m) return { says: trouble ?? [] };
  const name = m.place.name;
  const week = weeklyHours(m);
  if (WEEKEND.test(input.utterance.text)) {
    return {
      says: [
        publicSay('answer.branch.hours.weekend', {
          name,
          saturday: dayHours(week, 6, input.lang),
          sunday: dayHours(week, 7, input.lang),
        }),
      ],
    };
  }
  const e = input.utterance.entities;
  const today = todayOf(input);
  // Opening hours are asked ahead: "on saturday" is the coming Saturday, which `date` gives (a
  // `dateRange` reads a weekday as the past one).
  const day = e.date ?? (e.dateRange && e.dateRange.from === e.dateRange.to ? e.dateRange.from : undefined);
  if (day !== undefined && day !== today) {
    const hours = hoursOn(week, isoWeekday(day));
    const date = longDate(day, input.lang, today);
    return {
      says: [
        hours === undefined
          ? publicSay('answer.branch.hours.day.closed', { name, date })
          : publicSay('answer.branch.hours.day', { name, date, hours: spokenHours(hours, input.lang) }),
      ],
    };
  }
  if (m.hoursToday === undefined) return { says: [publicSay('answer.branch.hours.today.closed', { name })] };
  return {
    says: [
      publicSay(m.openNow ? 'answer.branch.hours.today.open' : 'answer.branch.hours.today.shut', {
        name,
        hours: spokenHours(m.hoursToday, input.lang),
      }),
    ],
  };
}

/** A phone number as people write it locally: "+12125550140" → "212-555-0140", "+862150550101" → "021-5055-0101". */
export function localPhone(phone: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (us) return `${us[1]}-${us[2]}-${us[3]}`;
  const cn = /^\+86(10|2\d)(\d{4})(\d{4})$/.exec(phone);
  if (cn) return `0${cn[1]}-${cn[2]}-${cn[3]}`;
  return phone;
}

/** branch.phone: a named branch's (else the nearest branch's) phone number and address. */
export async function branchPhone(input: AnswerInput): Promise<Answer> {
  const search = await searchPlaces(input, 'branch', 1);
  const trouble = searchTrouble('branch', search, input);
  const [m] = search.matches;
  if (trouble || !m) return { says: trouble ?? [] };
  const params = { name: m.place.name, address: m.place.address };
  return {
    says: [
      m.place.phone === undefined
        ? publicSay('answer.branch.phone.none', params)
        : publicSay('answer.branch.phone', { ...params, phone: localPhone(m.place.phone) }),
    ],
  };
}
