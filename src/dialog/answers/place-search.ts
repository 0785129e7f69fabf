import { parseHours, type PlaceKind, type PlaceMatch, type PlaceQuery } from '../../bank/index.ts';
import type { AnswerInput } from './types.ts';

/** What a branch or ATM search found, and what its distances are measured from. */
export interface PlaceSearch {
  readonly matches: readonly PlaceMatch[];
  /** A landmark the customer named: distances are from it. */
  readonly near: string | undefined;
  /** The customer named the place itself ("the midtown branch"): distances, if any, are from them. */
  readonly named: boolean;
  /** A place the customer named that the bank does not know; the search fell back to their location. */
  readonly unknownPlace: string | undefined;
  /** Neither a place nor the customer's location: "nearest" has no meaning. */
  readonly noOrigin: boolean;
}

// The sandbox lists 24-hour opening as hours, not as a service, so "24 hour atm" filters on hours.
const ALWAYS_OPEN = '24h';

function alwaysOpen(m: PlaceMatch): boolean {
  if (m.place.hours === undefined) return true;
  const week = parseHours(m.place.hours);
  return week.ok && week.value.every((day) => day.some(([s, e]) => s === 0 && e === 1440));
}

function words(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

/** The places of a kind (and service) whose own name contains the phrase as whole words. */
async function namedByPhrase(input: AnswerInput, kind: PlaceKind, phrase: string): Promise<PlaceMatch[]> {
  const said = words(phrase);
  if (said.trim().length < 2) return [];
  const service = input.utterance.entities.service;
  const all = await input.bank.findPlaces({
    kind,
    ...(service !== undefined && service !== ALWAYS_OPEN ? { service } : {}),
    limit: 50,
  });
  return all.filter((m) => words(m.place.name).includes(said));
}

const FOUND = { near: undefined, named: false, unknownPlace: undefined, noOrigin: false } as const;

/** Branches or ATMs asked about in an utterance (at most `limit`), nearest first. */
export async function searchPlaces(input: AnswerInput, kind: PlaceKind, limit = 3): Promise<PlaceSearch> {
  const e = input.utterance.entities;
  const origin = input.location ?? input.snapshot.customer.location;
  const anywhere: PlaceQuery = {
    kind,
    ...(e.service !== undefined && e.service !== ALWAYS_OPEN ? { service: e.service } : {}),
    // Room to filter on hours afterwards.
    limit: e.service === ALWAYS_OPEN ? 50 : limit,
  };
  const nearby: PlaceQuery = origin ? { ...anywhere, near: origin } : anywhere;
  const run = async (q: PlaceQuery): Promise<PlaceMatch[]> => {
    const found = await input.bank.findPlaces(q);
    return (e.service === ALWAYS_OPEN ? found.filter(alwaysOpen) : found).slice(0, limit);
  };
  if (e.place !== undefined) {
    // Searched without an origin first: the bank then measures only from a landmark it knows, so
    // distances tell a landmark ("near times square") from a branch's own name ("the midtown branch").
    const byText = await run({ ...anywhere, text: e.place });
    const landmark = byText.some((m) => m.distanceM !== undefined);
    // "the brooklyn branch": a place whose own name has the phrase is the one meant, even when a
    // landmark also answers to it (Brooklyn Bridge is nearer to another branch).
    const byName = landmark ? await namedByPhrase(input, kind, e.place) : [];
    if (byName.length > 0 && !byName.some((m) => m.place.id === byText[0]?.place.id)) {
      const ids = new Set(byName.map((m) => m.place.id));
      const measured = origin ? (await run({ ...nearby, limit: 50 })).filter((m) => ids.has(m.place.id)) : [];
      return { ...FOUND, matches: (measured.length > 0 ? measured : byName).slice(0, limit), named: true };
    }
    if (landmark) return { ...FOUND, matches: byText, near: e.place };
    if (byText.length > 0) {
      const measured = origin ? await run({ ...nearby, text: e.place }) : [];
      return { ...FOUND, matches: measured.length > 0 ? measured : byText, named: true };
    }
    if (!origin) return { ...FOUND, matches: [], unknownPlace: e.place, noOrigin: true };
    return { ...FOUND, matches: await run(nearby), unknownPlace: e.place };
  }
  // The NLU's place phrases miss some forms ("外滩那家"); the bank's landmark matcher also finds a
  // landmark named anywhere in the utterance, and finds nothing when none is.
  const landmark = await run({ ...anywhere, text: input.utterance.text });
  if (landmark.length > 0) {
    // Measured from a landmark whose name is not known here: a distance would sound like it is from the customer.
    return { ...FOUND, matches: landmark.map((m) => ({ ...m, distanceM: undefined })) };
  }
  if (!origin) return { ...FOUND, matches: [], noOrigin: true };
  return { ...FOUND, matches: await run(nearby) };
}
