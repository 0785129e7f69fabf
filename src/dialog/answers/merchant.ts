import { hasCjk, normalizeText, type Entities } from '../../nlu/index.ts';

// Words that describe the kind of shop, not which one: "whole foods" names Whole Foods Market.
const GENERIC_TAIL = new Set([
  'market',
  'supermarket',
  'store',
  'shop',
  'pharmacy',
  'coffee',
  'cafe',
  'wireless',
  'internet',
  'gym',
  'air',
  'lines',
  'airlines',
  'corp',
  'inc',
  'co',
  'ltd',
  'properties',
  'restaurant',
]);

function words(text: string): string[] {
  return normalizeText(text)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

/** Ways a customer names a merchant: its full name, without its generic tail, or (Han) a prefix. */
function namesOf(merchant: string): string[] {
  const names = new Set<string>();
  const w = words(merchant);
  names.add(w.join(' '));
  let core = w;
  while (core.length > 1 && GENERIC_TAIL.has(core.at(-1) ?? '')) core = core.slice(0, -1);
  if (core.length > 0 && core.join(' ').length >= 3) names.add(core.join(' '));
  if (hasCjk(merchant)) {
    // "盒马" for 盒马鲜生: Mandarin shortens names to their first characters.
    const han = merchant.replace(/\s.*$/, '');
    for (let n = 2; n < han.length; n++) names.add(han.slice(0, n));
  }
  return [...names];
}

/**
 * The merchant text to search transactions by: the NLU's exact merchant, else a known merchant the
 * utterance names in short ("whole foods", "盒马"), else the place phrase when a merchant contains it
 * ("spend at whole foods" reads "whole foods" as a place). The bank matches it as a substring.
 */
export function merchantOf(
  text: string,
  entities: Entities,
  merchants: readonly string[],
  products: readonly string[] = [],
): string | undefined {
  if (entities.merchant) return entities.merchant;
  const said = ` ${words(text).join(' ')} `;
  const compact = normalizeText(text).replace(/\s+/g, '');
  let best: { merchant: string; length: number } | undefined;
  for (const merchant of merchants) {
    for (const name of namesOf(merchant)) {
      const hit = hasCjk(name) ? compact.includes(name) : said.includes(` ${name} `);
      if (hit && name.length > (best?.length ?? 0))
        best = { merchant: hasCjk(name) ? name : merchant, length: name.length };
    }
  }
  if (best) return best.merchant;
  const place = entities.place === undefined ? '' : normalizeText(entities.place);
  // "transactions on checking": the place phrase names one of the customer's own accounts or cards,
  // not a shop, even when a merchant text ("Transfer from Checking") contains it.
  if (namesProduct(place, products)) return undefined;
  if (place.length >= 2 && merchants.some((m) => normalizeText(m).includes(place))) return place;
  return undefined;
}

/** Whether a phrase is (part of) the name, nickname or type of one of the customer's accounts or cards. */
function namesProduct(phrase: string, products: readonly string[]): boolean {
  if (phrase.length < 2) return false;
  const said = ` ${words(phrase).join(' ')} `;
  return products.some((p) => {
    const name = words(p).join(' ');
    if (hasCjk(phrase) || hasCjk(name)) return name.includes(said.trim()) || said.includes(name);
    return name.length >= 2 && (` ${name} `.includes(said) || said.includes(` ${name} `));
  });
}

/** The names and types of the customer's accounts and cards, which a place phrase may echo. */
export function productWords(
  accounts: readonly {
    readonly name: string;
    readonly type: string;
    readonly nickname?: string | undefined;
  }[],
  cards: readonly { readonly name: string }[],
): string[] {
  const out: string[] = [];
  for (const a of accounts) {
    out.push(a.name, a.type);
    if (a.nickname) out.push(a.nickname);
  }
  for (const c of cards) out.push(c.name);
  return out;
}
