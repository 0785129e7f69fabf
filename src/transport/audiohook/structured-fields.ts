/*
 * The slice of RFC 8941 (Structured Field Values for HTTP) that HTTP message signatures need: the
 * `Signature-Input` and `Signature` dictionaries, inner lists, parameters and bare items. Parsing is
 * strict (§4.2): anything outside the grammar throws, and the caller refuses the request.
 */

/** A Token (§3.3.4), kept apart from a String so it serializes without quotes. */
export class SfToken {
  constructor(readonly value: string) {}
}

/** A bare item (§3.3). */
export type BareItem = string | number | boolean | Uint8Array | SfToken;
/** Parameters (§3.1.2), in order. */
export type Parameters = readonly (readonly [string, BareItem])[];
/** An item with its parameters (§3.3). */
export interface Item {
  readonly value: BareItem;
  readonly params: Parameters;
}
/** An inner list with its parameters (§3.1.1). */
export interface InnerList {
  readonly items: readonly Item[];
  readonly params: Parameters;
}
/** A dictionary member value (§3.2). */
export type DictionaryMember = Item | InnerList;

/** True for an inner list member. */
export function isInnerList(member: DictionaryMember): member is InnerList {
  return 'items' in member;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private peek(): string {
    return this.text[this.pos] ?? '';
  }
  private fail(what: string): never {
    throw new SyntaxError(`structured field: ${what} at ${this.pos}`);
  }
  private skip(chars: string): void {
    while (this.peek() !== '' && chars.includes(this.peek())) this.pos++;
  }

  /** §4.2.2 */
  dictionary(): Map<string, DictionaryMember> {
    const dict = new Map<string, DictionaryMember>();
    this.skip(' ');
    while (this.pos < this.text.length) {
      const key = this.key();
      let member: DictionaryMember;
      if (this.peek() === '=') {
        this.pos++;
        member = this.peek() === '(' ? this.innerList() : this.item();
      } else member = { value: true, params: this.params() };
      dict.set(key, member);
      this.skip(' \t');
      if (this.pos >= this.text.length) return dict;
      if (this.peek() !== ',') this.fail('expected ","');
      this.pos++;
      this.skip(' \t');
      if (this.pos >= this.text.length) this.fail('trailing comma');
    }
    return dict;
  }

  private key(): string {
    const match = /^[a-z*][a-z0-9_\-.*]*/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a key');
    this.pos += match[0].length;
    return match[0];
  }

  private innerList(): InnerList {
    this.pos++;
    const items: Item[] = [];
    for (;;) {
      this.skip(' ');
      if (this.peek() === ')') {
        this.pos++;
        return { items, params: this.params() };
      }
      items.push(this.item());
      if (this.peek() !== ' ' && this.peek() !== ')') this.fail('expected " " or ")"');
    }
  }

  private item(): Item {
    return { value: this.bareItem(), params: this.params() };
  }

  private params(): Parameters {
    const params: [string, BareItem][] = [];
    while (this.peek() === ';') {
      this.pos++;
      this.skip(' ');
      const key = this.key();
      let value: BareItem = true;
      if (this.peek() === '=') {
        this.pos++;
        value = this.bareItem();
      }
      params.push([key, value]);
    }
    return params;
  }

  private bareItem(): BareItem {
    const c = this.peek();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (/[A-Za-z*]/.test(c)) {
      const match = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/.exec(this.text.slice(this.pos));
      this.pos += match?.[0].length ?? 0;
      return new SfToken(match?.[0] ?? '');
    }
    return this.fail('expected an item');
  }

  private number(): number {
    const match = /^-?\d{1,15}(\.\d{1,3})?/.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a number');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private string(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated string');
      this.pos++;
      if (c === '"') return out;
      if (c === '\\') {
        const next = this.peek();
        if (next !== '"' && next !== '\\') this.fail('bad escape');
        out += next;
        this.pos++;
      } else if (c < ' ' || c > '~') this.fail('bad string character');
      else out += c;
    }
  }

  private bytes(): Uint8Array {
    const end = this.text.indexOf(':', this.pos + 1);
    if (end < 0) this.fail('unterminated byte sequence');
    const b64 = this.text.slice(this.pos + 1, end);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) this.fail('bad byte sequence');
    this.pos = end + 1;
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }

  private boolean(): boolean {
    const c = this.text[this.pos + 1];
    if (c !== '0' && c !== '1') this.fail('bad boolean');
    this.pos += 2;
    return c === '1';
  }
}

/** Parses a Dictionary field value (§4.2.2). @throws SyntaxError when it is not one. */
export function parseDictionary(text: string): Map<string, DictionaryMember> {
  return new Parser(text).dictionary();
}

function serializeBareItem(value: BareItem): string {
  if (value instanceof SfToken) return value.value;
  if (value instanceof Uint8Array) return `:${Buffer.from(value).toString('base64')}:`;
  if (typeof value === 'boolean') return value ? '?1' : '?0';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function serializeParams(params: Parameters): string {
  return params
    .map(([key, value]) => (value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`))
    .join('');
}

/** Serializes an Item (§4.1.3): how a covered component is named in the signature base. */
export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParams(item.params);
}

/** Serializes an Inner List (§4.1.1.1): the `@signature-params` line of the signature base. */
export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeItem).join(' ')})${serializeParams(list.params)}`;
}
