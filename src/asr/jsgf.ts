/**
 * The subset of JSGF (W3C note "JSpeech Grammar Format", 2000) that Teller's grammars use: rule
 * definitions with alternatives `|`, groups `( )`, optionals `[ ]`, `*` and `+`, weights `/w/`,
 * rule references and C/C++ comments. Enough to merge grammar files, list their words (the
 * decoder's dictionary must know every one) and enumerate phrases for engines that take phrase
 * lists instead of grammars. Imports and tags are not supported; PocketSphinx gets the text.
 */

/** A parsed right-hand side. */
export type Expansion =
  | { readonly type: 'word'; readonly word: string }
  | { readonly type: 'ref'; readonly name: string }
  | { readonly type: 'seq'; readonly items: readonly Expansion[] }
  | { readonly type: 'alt'; readonly items: readonly Expansion[] }
  | { readonly type: 'opt'; readonly item: Expansion }
  | { readonly type: 'repeat'; readonly item: Expansion; readonly min: 0 | 1 };

/** One rule: `[public] <name> = expansion;`. */
export interface JsgfRule {
  readonly name: string;
  readonly isPublic: boolean;
  readonly expansion: Expansion;
  /** The rule's source text without comments, as written (for re-emitting). */
  readonly text: string;
}

/** Removes comments, the `#JSGF` header and the `grammar` declaration. */
export function stripJsgfHeader(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/#JSGF[^;]*;/, ' ')
    .replace(/\bgrammar\s+[\w.]+\s*;/, ' ');
}

const TOKEN = /\s*(<[^>\s]+>|\/[\d.]+\/|[|()[\]*+;=]|[^\s|()[\]*+;=<>/]+)/y;

function tokenize(body: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(body)) !== null) {
    tokens.push(match[1] ?? '');
    at = TOKEN.lastIndex;
  }
  if (body.slice(at).trim() !== '')
    throw new SyntaxError(`JSGF: cannot read "${body.slice(at, at + 20).trim()}"`);
  return tokens;
}

/** Recursive-descent parser over one rule's tokens. */
function parseExpansion(tokens: readonly string[]): Expansion {
  let at = 0;
  const alternatives = (): Expansion => {
    const items = [sequence()];
    while (tokens[at] === '|') {
      at++;
      items.push(sequence());
    }
    return items.length === 1 ? (items[0] as Expansion) : { type: 'alt', items };
  };
  const sequence = (): Expansion => {
    const items: Expansion[] = [];
    for (;;) {
      const token = tokens[at];
      if (token === undefined || token === '|' || token === ')' || token === ']') break;
      if (/^\/[\d.]+\/$/.test(token)) {
        at++; // weights steer the decoder; enumeration ignores them
        continue;
      }
      let item = unit();
      while (tokens[at] === '*' || tokens[at] === '+') {
        item = { type: 'repeat', item, min: tokens[at] === '*' ? 0 : 1 };
        at++;
      }
      items.push(item);
    }
    if (items.length === 0) throw new SyntaxError('JSGF: empty alternative');
    return items.length === 1 ? (items[0] as Expansion) : { type: 'seq', items };
  };
  const unit = (): Expansion => {
    const token = tokens[at++] ?? '';
    if (token === '(' || token === '[') {
      const inner = alternatives();
      const close = tokens[at++];
      if (close !== (token === '(' ? ')' : ']')) throw new SyntaxError(`JSGF: unbalanced "${token}"`);
      return token === '[' ? { type: 'opt', item: inner } : inner;
    }
    if (token.startsWith('<')) return { type: 'ref', name: token.slice(1, -1) };
    if (/^[|()[\]*+;=]$/.test(token) || token === '') throw new SyntaxError(`JSGF: unexpected "${token}"`);
    return { type: 'word', word: token };
  };
  const result = alternatives();
  if (at !== tokens.length) throw new SyntaxError(`JSGF: unexpected "${tokens[at] ?? ''}"`);
  return result;
}

/**
 * Parses the rules of one or more grammar sources.
 * @throws SyntaxError on a malformed rule or a rule defined twice.
 */
export function parseJsgfRules(source: string): Map<string, JsgfRule> {
  const rules = new Map<string, JsgfRule>();
  for (const raw of stripJsgfHeader(source).split(';')) {
    const text = raw.trim();
    if (!text) continue;
    const match = /^(public\s+)?<([^>\s]+)>\s*=([\s\S]*)$/.exec(text);
    if (!match) throw new SyntaxError(`JSGF: not a rule definition: "${text.slice(0, 40)}"`);
    const [, isPublic, name = '', body = ''] = match;
    if (rules.has(name)) throw new SyntaxError(`JSGF: rule <${name}> is defined twice`);
    rules.set(name, { name, isPublic: Boolean(isPublic), expansion: parseExpansion(tokenize(body)), text });
  }
  return rules;
}

/** Every word a set of rules can produce. */
export function jsgfWords(rules: ReadonlyMap<string, JsgfRule>): Set<string> {
  const words = new Set<string>();
  const visit = (e: Expansion): void => {
    if (e.type === 'word') words.add(e.word);
    else if (e.type === 'seq' || e.type === 'alt') e.items.forEach(visit);
    else if (e.type === 'opt' || e.type === 'repeat') visit(e.item);
  };
  for (const rule of rules.values()) visit(rule.expansion);
  return words;
}

/** Rule names referenced but not defined (the decoder would refuse the grammar). */
export function undefinedJsgfRefs(rules: ReadonlyMap<string, JsgfRule>): string[] {
  const missing = new Set<string>();
  const visit = (e: Expansion): void => {
    if (e.type === 'ref' && !rules.has(e.name)) missing.add(e.name);
    else if (e.type === 'seq' || e.type === 'alt') e.items.forEach(visit);
    else if (e.type === 'opt' || e.type === 'repeat') visit(e.item);
  };
  for (const rule of rules.values()) visit(rule.expansion);
  return [...missing];
}

/**
 * Up to `limit` distinct phrases the rule `root` accepts: optionals absent first, repeats once,
 * alternatives interleaved. Bounded however large the grammar.
 */
export function expandJsgf(rules: ReadonlyMap<string, JsgfRule>, root: string, limit: number): string[] {
  const out: string[] = [];
  // Alternatives are interleaved (one phrase from each in turn), so a bounded list samples every
  // branch instead of exhausting the first: "yes …", "no …", "make it …" all appear early.
  const interleave = function* (sources: Generator<string[]>[]): Generator<string[]> {
    let live = sources;
    while (live.length > 0) {
      const next: Generator<string[]>[] = [];
      for (const source of live) {
        const step = source.next();
        if (!step.done) {
          yield step.value;
          next.push(source);
        }
      }
      live = next;
    }
  };
  const gen = function* (e: Expansion, depth: number): Generator<string[]> {
    if (depth > 32) return; // recursion guard: the grammars here are not recursive
    switch (e.type) {
      case 'word':
        yield [e.word];
        return;
      case 'ref': {
        const rule = rules.get(e.name);
        if (rule) yield* gen(rule.expansion, depth + 1);
        return;
      }
      case 'alt':
        yield* interleave(e.items.map((item) => gen(item, depth + 1)));
        return;
      case 'opt':
        yield [];
        yield* gen(e.item, depth + 1);
        return;
      case 'repeat':
        if (e.min === 0) yield [];
        yield* gen(e.item, depth + 1);
        return;
      case 'seq': {
        const [head, ...rest] = e.items;
        if (!head) {
          yield [];
          return;
        }
        const tail: Expansion = { type: 'seq', items: rest };
        for (const first of gen(head, depth + 1))
          for (const more of gen(tail, depth + 1)) yield [...first, ...more];
      }
    }
  };
  const rule = rules.get(root);
  if (!rule) return out;
  const seen = new Set<string>();
  for (const words of gen(rule.expansion, 0)) {
    const phrase = words.join(' ');
    if (phrase && !seen.has(phrase)) {
      seen.add(phrase);
      out.push(phrase);
    }
    if (out.length >= limit) break;
  }
  return out;
}
