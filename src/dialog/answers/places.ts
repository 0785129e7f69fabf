import { hoursOn, parseHours, type PlaceKind, type PlaceMatch } from '../../bank/index.ts';
import { formatDistance, hasMessage } from '../../nlg/index.ts';
import type { Lang } from '../../shared/index.ts';
import type { Say } from '../types.ts';
import { searchPlaces, type PlaceSearch } from './place-search.ts';
import { joinNames, longDate, phrase, placeName, publicSay, spokenHours, todayOf } from './speech.ts';
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
  const search = await searchPlaces(input, kind);
  const trouble = searchTrouble(kind, search, input);
  const [first, ...others] = search.matches;
  if (trouble || !first) return { says: trouble ?? [] };
  const says: Say[] = [];
  if (search.unknownPlace !== undefined)
    says.push(publicSay('answer.places.unknown_place', { place: placeName(search.unknownPlace) }));
  const service = serviceName(input.utterance.entities.service, input.lang);
  const distance = first.distanceM === undefined ? undefined : formatDistance(first.distanceM, input.lang);
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

export function branchFind(input: AnswerInput): Promise<Answer> {
  return findNearest(input, 'branch');
}

export function atmFind(input: AnswerInput): Promise<Answer> {
  return findNearest(input, 'atm');
}

const ATM_WORDS = /\batms?\b|cash machine|cash point|取款机|提款机|柜员机/i;
const WEEKEND = /\bweekends?\b|周末|礼拜六日|星期六日/i;

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
