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

/** Whether a place offers a service ("24h": is always open). */
export function offers(m: PlaceMatch, service: string): boolean {
  return service === ALWAYS_OPEN ? alwaysOpen(m) : m.place.services.includes(service);
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

/**
 * Words the NLU can take for a place that name none: "哪家支行开门" asks which branch, the 还 of
 * "还有哪个支行开着" is "still", and "现在哪个" is "which one now". A single Chinese character is no
 * place name either.
 */
const NOT_A_PLACE =
  /哪|什么|啥|^(?:任何|所有|随便|这|那|还)|^\p{Script=Han}$|\b(?:which|what)\b|^(?:any|every|all|some)(?:\s|$)/u;

/** The place the customer named, if the NLU's phrase is one. */
export function placeOf(input: AnswerInput): string | undefined {
  const place = input.utterance.entities.place?.trim();
  return place === undefined || place === '' || NOT_A_PLACE.test(place) ? undefined : place;
}

// A place named as one of the bank's own: "静安支行", "外滩那家", "the jing'an branch".
const BRANCH_SUFFIX = /(?:支行|分行|营业部|营业厅|网点|那家|那个网点|\s+(?:branch|office))$/i;
/** How far a branch can be from a landmark and still be "the <landmark> branch". */
const AT_LANDMARK_M = 1500;

/** The place phrase, when the utterance says it as a branch's name ("虹桥支行"), without that suffix. */
function saidAsBranch(place: string, text: string): string | undefined {
  if (BRANCH_SUFFIX.test(place)) return place.replace(BRANCH_SUFFIX, '').trim();
  const at = text.toLowerCase().indexOf(place.toLowerCase());
  if (at < 0) return undefined;
  const after = text.slice(at + place.length).trimStart();
  return /^(?:支行|分行|营业部|营业厅|网点|那家|branch\b|office\b)/i.test(after) ? place : undefined;
}

/**
 * The one branch the customer named, whatever its services and whether it has an ATM: by its own
 * name ("the midtown branch"), or, said as a branch, by the landmark it stands at (the bank names its
 * Shanghai branches in English, so 静安支行 is the branch at 静安寺). Distances are from the customer.
 */
export async function namedBranch(input: AnswerInput): Promise<PlaceMatch | undefined> {
  const place = placeOf(input);
  const stem = place === undefined ? undefined : saidAsBranch(place, input.utterance.text);
  if (stem === undefined || words(stem).trim().length < 2) return undefined;
  const said = words(stem);
  const all = await input.bank.findPlaces({ kind: 'branch', limit: 50 });
  const byName = all.filter((m) => words(m.place.name).includes(said));
  if (byName.length > 1) return undefined;
  let [found] = byName;
  if (!found) {
    const [nearest] = await input.bank.findPlaces({ kind: 'branch', text: stem, limit: 1 });
    if (nearest?.distanceM === undefined || nearest.distanceM > AT_LANDMARK_M) return undefined;
    found = nearest;
  }
  const { id } = found.place;
  const origin = input.location ?? input.snapshot.customer.location;
  if (!origin) return { ...found, distanceM: undefined };
  const measured = await input.bank.findPlaces({ kind: 'branch', near: origin, limit: 50 });
  return measured.find((m) => m.place.id === id) ?? { ...found, distanceM: undefined };
}

/** Branches or ATMs asked about in an utterance (at most `limit`), nearest first. */
export async function searchPlaces(input: AnswerInput, kind: PlaceKind, limit = 3): Promise<PlaceSearch> {
  const e = { ...input.utterance.entities, place: placeOf(input) };
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
    // "静安支行": the branch at the landmark, when it has what was asked for.
    const branch = await namedBranch(input);
    if (
      branch &&
      (kind === 'branch' || branch.place.atm) &&
      (e.service === undefined || offers(branch, e.service))
    )
      return { ...FOUND, matches: [branch], named: true };
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
