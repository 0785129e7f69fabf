import { localTime } from '../../shared/index.ts';
import { distanceM } from '../geo.ts';
import { hoursOn, isOpenAt, parseHours, type WeeklyHours } from '../hours.ts';
import type { GeoPoint, Place, PlaceMatch, PlaceQuery } from '../types.ts';
import { toPlace, type PlaceRow } from './rows.ts';
import type { Db } from './schema.ts';

const DEFAULT_MAX_DISTANCE_M = 50_000;
const ALWAYS: WeeklyHours = Array.from({ length: 7 }, () => [[0, 1440] as const]);

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Branch and ATM search: by great-circle distance from the customer or from a named landmark, by
 * name or address text, by service, and by whether the place is open at the bank's clock (in the
 * place's own time zone).
 */
export function findPlaces(db: Db, nowMs: number, query: PlaceQuery): PlaceMatch[] {
  const rows = (
    query.kind === 'atm'
      ? db.prepare(`SELECT * FROM places WHERE kind = 'atm' OR atm = 1`).all()
      : db.prepare(`SELECT * FROM places WHERE kind = 'branch'`).all()
  ) as PlaceRow[];
  let places = rows.map(toPlace);
  let origin: GeoPoint | undefined = query.near;

  const text = query.text === undefined ? '' : fold(query.text);
  if (text.length > 0) {
    const landmark = findLandmark(db, text);
    if (landmark) {
      origin = landmark;
    } else {
      const named = places.filter((p) => fold(`${p.name} ${p.address}`).includes(text));
      if (named.length > 0) places = named;
      else return [];
    }
  }
  if (query.service !== undefined) {
    const service = fold(query.service);
    places = places.filter((p) => p.services.some((s) => fold(s) === service));
  }
  let matches = places.map((place) => describe(place, nowMs, origin));
  const maxDistanceM = query.maxDistanceM ?? DEFAULT_MAX_DISTANCE_M;
  matches = matches.filter((m) => m.distanceM === undefined || m.distanceM <= maxDistanceM);
  if (query.openNow) matches = matches.filter((m) => m.openNow);
  matches.sort((a, b) =>
    a.distanceM !== undefined && b.distanceM !== undefined
      ? a.distanceM - b.distanceM
      : a.place.name.localeCompare(b.place.name),
  );
  return matches.slice(0, Math.max(1, Math.min(query.limit ?? 3, 50)));
}

function findLandmark(db: Db, text: string): GeoPoint | undefined {
  const rows = db.prepare('SELECT name, aliases, lat, lon FROM landmarks').all() as {
    name: string;
    aliases: string;
    lat: number;
    lon: number;
  }[];
  for (const row of rows) {
    const names = [row.name, ...(JSON.parse(row.aliases) as string[])].map(fold);
    if (
      names.some(
        (n) => n === text || (n.length >= 2 && text.includes(n)) || (text.length >= 3 && n.includes(text)),
      )
    ) {
      return { lat: row.lat, lon: row.lon };
    }
  }
  return undefined;
}

function describe(place: Place, nowMs: number, origin: GeoPoint | undefined): PlaceMatch {
  let hours = ALWAYS;
  if (place.hours !== undefined) {
    const parsed = parseHours(place.hours);
    if (parsed.ok) hours = parsed.value;
  }
  const local = localTime(nowMs, place.timeZone);
  return {
    place,
    distanceM: origin === undefined ? undefined : Math.round(distanceM(origin, place)),
    openNow: isOpenAt(hours, local.isoWeekday, local.minuteOfDay),
    hoursToday: hoursOn(hours, local.isoWeekday),
  };
}
