/**
 * The Go-exact decoder: reads JSON text into the value Go's encoding/json (v1) decodes into a Go type (the
 * runtime-spec structs of `model/go-type.ts`), in one pass over the text, and reports where readers disagree.
 *
 * Go's rules, as `decode.go` (Go 1.19, and unchanged in what they decide through Go 1.25) applies them:
 * - object keys match struct fields exactly, else by case folding (`goFoldKey`); map keys are exact; a key
 *   matching no field is skipped by Go and kept here as an unknown field;
 * - a repeated key decodes again into the value already there: a struct (or the struct a pointer holds) is
 *   decoded into, i.e. merged; a map keeps its entries and decodes each value fresh; a slice decodes into its
 *   existing elements, then is cut to the new length, and elements cut off earlier stay behind the length (Go's
 *   capacity) where growing exposes them again; a scalar is overwritten;
 * - `null` sets a pointer, slice, map or interface to nil and leaves a struct value or scalar unchanged;
 * - a value of the wrong JSON type, or an integer `strconv.ParseInt`/`ParseUint` rejects for the field's Go type,
 *   is an error (Go keeps decoding and fails at the end; every such problem is collected here);
 * - `interface{}` holds fresh `map[string]any` (last duplicate wins), `[]any`, `float64`, `string`, `bool`.
 *
 * Values: a field set to nil by `null` is `null`, one never set is absent (both are Go's nil and print alike); a
 * Go slice is an array, a map or struct an object with canonical keys; integers are numbers, or bigints beyond 2^53-1; unknown fields keep their JSON, with numbers whose text
 * the number types would change kept as {@link JsonNumber}.
 */
import type { GoField, GoIntType, GoStructType, GoType } from '../model/go-type.js';
import { goFoldKey } from '../model/go-type.js';
import { toPointer } from '../model/pointer.js';
import type {
  DecodeProblemKind,
  DecodeType,
  FreeJsonType,
  GoDecodeOptions,
  GoDecodeReport,
  GoDecodeResult,
  JsonKind,
  JsonOrigin,
} from './go-decode-types.js';
import type { Collector, PendingKeys, Segment } from './go-report.js';
import { newCollector, resolveReport } from './go-report.js';
import { DEFAULT_MAX_DEPTH, decodeUtf8Strictly, JsonParser } from './parse.js';
import { utf8Length } from './position.js';
import { decodeUtf8AsGo } from './utf8.js';
import { JsonNumber } from './value.js';

export type * from './go-decode-types.js';

type Obj = Record<string, unknown>;

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** How free JSON is read: unknown fields (`keep`: exact number text), `interface{}` (`go`: float64). */
type FreeMode = 'keep' | 'go';

/** Sets an own data property, `__proto__` included, never reaching a prototype. */
function setOwn(object: Obj, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A fresh Go zero value of `type`, as a slice element or map value starts. */
function zeroOf(type: DecodeType): unknown {
  switch (type.kind) {
    case 'struct':
      return {};
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    default:
      return undefined;
  }
}

/** What a type is called in `expected X, received Y`. */
function expectedName(type: DecodeType): string {
  switch (type.kind) {
    case 'struct':
    case 'map':
      return 'object';
    case 'slice':
      return 'array';
    case 'bool':
      return 'boolean';
    case 'int':
      return `${type.name} (${type.min}..${type.max})`;
    case 'pointer':
      return expectedName(type.elem);
    default:
      return type.kind;
  }
}

class GoDecoder extends JsonParser {
  /** Canonical path of the value being decoded, and the same path as the keys were written. */
  private path: Segment[] = [];
  private written: Segment[] = [];
  private out: Collector = newCollector();
  private readonly embedded = new Map<object, Collector>();
  /** Per slice: the elements cut off by an earlier decode (Go keeps them in the capacity). */
  private readonly tails = new Map<unknown[], unknown[]>();
  /** Per nesting depth: the key offset of each field an object set (reused, indexed by field). */
  private readonly keyStarts: Int32Array[] = [];
  private nextReplaced = 0;

  constructor(
    text: string,
    source: string | undefined,
    maxDepth: number,
    byteOffsets: boolean,
    private readonly replaced: readonly number[],
    private readonly origin?: JsonOrigin,
    private readonly positions?: boolean,
  ) {
    super(text, source, maxDepth, byteOffsets);
  }

  run(type: DecodeType): GoDecodeResult {
    this.startDocument();
    const isNull = this.text.startsWith('null', this.pos);
    let value = this.value(type, undefined, 0);
    if (value === undefined && type.kind === 'struct') value = {};
    this.endDocument();
    const embedded = new Map<object, GoDecodeReport>();
    for (const [object, collector] of this.embedded) embedded.set(object, this.resolve(collector));
    return { value, isNull, embedded, ...this.resolve(this.out) };
  }

  // ---- strings: invalid UTF-8 tracking

  protected override parseString(): string {
    const start = this.pos;
    const value = super.parseString();
    if (this.nextReplaced < this.replaced.length && this.replaced[this.nextReplaced]! < this.pos) {
      while (this.nextReplaced < this.replaced.length && this.replaced[this.nextReplaced]! < this.pos) {
        this.nextReplaced++;
      }
      this.out.keys.push({
        kind: 'utf8',
        pointer: toPointer(this.path),
        written: toPointer(this.written),
        offset: start,
      });
    }
    return value;
  }

  /** Parses `"key":` at `pos` and skips to the value. */
  private parseKey(): string {
    const key = this.parseString();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== COLON) this.failExpected(this.pos, "':' after object key");
    this.pos++;
    this.skipWhitespace();
    return key;
  }

  /** After a member: true when another follows (`,` consumed), false at `}` (consumed). */
  private nextMember(): boolean {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === COMMA) {
      this.pos++;
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.pos);
      if (next === QUOTE) return true;
      if (next === CLOSE_BRACE) this.fail(this.pos, "trailing comma before '}'");
      this.failExpected(this.pos, "a string key after ','");
    }
    if (c === CLOSE_BRACE) {
      this.pos++;
      return false;
    }
    return this.failExpected(this.pos, "',' or '}' after object member");
  }

  /** After an element: true when another follows (`,` consumed), false at `]` (consumed). */
  private nextElement(): boolean {
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === COMMA) {
      this.pos++;
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) === CLOSE_BRACKET) this.fail(this.pos, "trailing comma before ']'");
      if (this.pos >= this.length) this.failExpected(this.pos, "a value after ','");
      return true;
    }
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return false;
    }
    return this.failExpected(this.pos, "',' or ']' after array element");
  }

  /** Opens an object or array at `pos`: true when it is empty (and consumed). */
  private open(depth: number, close: number): boolean {
    if (depth > this.maxDepth) this.fail(this.pos, `nesting deeper than ${this.maxDepth} levels`);
    this.pos++;
    this.skipWhitespace();
    const c = this.text.charCodeAt(this.pos);
    if (c === close) {
      this.pos++;
      return true;
    }
    if (close === CLOSE_BRACE && c !== QUOTE) this.failExpected(this.pos, "a string key or '}'");
    if (close === CLOSE_BRACKET && this.pos >= this.length) this.failExpected(this.pos, "a value or ']'");
    return false;
  }

  // ---- typed values

  /**
   * Decodes the value at `pos` into `current` (the value already in the slot, `undefined` when absent) as Go
   * decodes into a `type`; returns the slot's new value (`null`: set to nil; `undefined`: still absent).
   */
  private value(type: DecodeType, current: unknown, depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === LOWER_N) {
      this.parseLiteral('null', null);
      switch (type.kind) {
        case 'pointer':
        case 'slice':
        case 'map':
        case 'interface':
        case 'free':
        case 'embedded':
          return null;
        default:
          return current;
      }
    }
    switch (type.kind) {
      case 'pointer': {
        // Go allocates the pointer before decoding into it, even when the decoding then fails.
        const inner = this.value(type.elem, current, depth);
        return inner === undefined || inner === null ? zeroOf(type.elem) : inner;
      }
      case 'struct':
        if (c !== OPEN_BRACE) return this.mismatch(type, current, depth);
        return this.struct(type, (current as Obj | undefined) ?? {}, depth + 1);
      case 'slice':
        if (c !== OPEN_BRACKET) return this.mismatch(type, current, depth);
        return this.slice(type.elem, current as unknown[] | undefined, depth + 1);
      case 'map':
        if (c !== OPEN_BRACE) return this.mismatch(type, current, depth);
        return this.map(type.elem, (current as Obj | undefined) ?? {}, depth + 1);
      case 'string':
        if (c !== QUOTE) return this.mismatch(type, current, depth);
        return this.parseString();
      case 'bool':
        if (c === LOWER_T) return this.parseLiteral('true', true);
        if (c === LOWER_F) return this.parseLiteral('false', false);
        return this.mismatch(type, current, depth);
      case 'int':
        if (c !== MINUS && !(c >= ZERO && c <= NINE)) return this.mismatch(type, current, depth);
        return this.int(type, current);
      case 'interface':
        return this.free(depth, 'go');
      case 'free':
        return this.freeTyped(type, depth);
      case 'embedded':
        return c === OPEN_BRACE ? this.embed(type.type, depth) : super.parseValue(depth);
    }
  }

  /** A value of the wrong JSON type: Go records the error, skips the value and leaves the slot unchanged. */
  private mismatch(type: DecodeType, current: unknown, depth: number): unknown {
    const start = this.pos;
    const c = this.text.charCodeAt(start);
    const received: JsonKind =
      c === OPEN_BRACE
        ? 'object'
        : c === OPEN_BRACKET
          ? 'array'
          : c === QUOTE
            ? 'string'
            : c === LOWER_T || c === LOWER_F
              ? 'boolean'
              : 'number';
    super.parseValue(depth);
    this.out.problems.push({
      kind: 'type',
      pointer: toPointer(this.path),
      message: `expected ${expectedName(type)}, received ${received}`,
      offset: start,
      received,
    });
    return current;
  }

  private problem(kind: DecodeProblemKind, message: string, offset: number): void {
    this.out.problems.push({ kind, pointer: toPointer(this.path), message, offset });
  }

  /** An integer literal as Go's `strconv.ParseInt`/`ParseUint` (base 10) reads it for `type`. */
  private int(type: GoIntType, current: unknown): unknown {
    const start = this.pos;
    this.scanNumber();
    const literal = this.text.slice(start, this.pos);
    const expected = `expected ${type.name} (${type.min}..${type.max}), got ${literal}`;
    const parse = type.unsigned ? 'ParseUint' : 'ParseInt';
    if (!this.numberIsInteger) {
      this.problem(
        'int-syntax',
        `${expected}: Go's strconv.${parse} takes no fraction or exponent in an integer field`,
        start,
      );
      return current;
    }
    if (type.unsigned && literal.charCodeAt(0) === MINUS) {
      if (literal === '-0') {
        this.problem(
          'int-syntax',
          `${expected}: Go's strconv.ParseUint takes no sign in an unsigned field`,
          start,
        );
      } else this.problem('int-range', expected, start);
      return current;
    }
    const digits = this.numberIntEnd - start - (literal.charCodeAt(0) === MINUS ? 1 : 0);
    if (digits <= 15) {
      // At most 15 digits: exact as a double, and so is the comparison with the type's bounds.
      const value = Number(literal);
      if (value < Number(type.min) || value > Number(type.max)) {
        this.problem('int-range', expected, start);
        return current;
      }
      return value === 0 ? 0 : value;
    }
    const big = BigInt(literal);
    if (big < type.min || big > type.max) {
      this.problem('int-range', expected, start);
      return current;
    }
    return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) : big;
  }

  /** A struct object decoded into `object` (merged). */
  private struct(type: GoStructType, object: Obj, depth: number): Obj {
    if (this.open(depth, CLOSE_BRACE)) return object;
    let starts = this.keyStarts[depth];
    if (starts === undefined) {
      starts = new Int32Array(32);
      this.keyStarts[depth] = starts;
    }
    let seen = 0;
    let notes: Map<GoField, number[]> | undefined;
    let unknown: Map<string, number[]> | undefined;
    do {
      const keyStart = this.pos;
      const key = this.parseKey();
      const field = type.byName.get(key) ?? type.byFold.get(goFoldKey(key));
      if (field !== undefined) {
        const bit = 1 << field.index;
        if ((seen & bit) !== 0) {
          notes ??= new Map();
          const offsets = notes.get(field);
          if (offsets === undefined) notes.set(field, [starts[field.index]!, keyStart]);
          else offsets.push(keyStart);
        } else {
          seen |= bit;
          starts[field.index] = keyStart;
          if (key !== field.name) {
            notes ??= new Map();
            notes.set(field, [keyStart]);
          }
        }
        this.path.push(field.name);
        this.written.push(key);
        const next = this.value(field.type, object[field.name], depth);
        if (next !== undefined) object[field.name] = next;
        else if (Object.hasOwn(object, field.name)) delete object[field.name];
      } else {
        this.path.push(key);
        this.written.push(key);
        this.out.unknown.push(toPointer(this.path));
        unknown = this.noteKey(unknown, key, keyStart);
        setOwn(object, key, this.free(depth, 'keep'));
      }
      this.path.pop();
      this.written.pop();
    } while (this.nextMember());
    if (notes !== undefined) {
      for (const [field, offsets] of notes) this.noteKeys('field', field.type, field.name, offsets);
    }
    if (unknown !== undefined) this.noteRepeats('unknown', unknown);
    return object;
  }

  /** Records a key's offset; returns the map (created on the first key). */
  private noteKey(
    keys: Map<string, number[]> | undefined,
    key: string,
    offset: number,
  ): Map<string, number[]> {
    const map = keys ?? new Map<string, number[]>();
    const offsets = map.get(key);
    if (offsets === undefined) map.set(key, [offset]);
    else offsets.push(offset);
    return map;
  }

  private noteRepeats(what: 'map' | 'unknown', keys: Map<string, number[]>): void {
    for (const [key, offsets] of keys) if (offsets.length > 1) this.noteKeys(what, undefined, key, offsets);
  }

  private noteKeys(
    what: PendingKeys['what'],
    type: GoType | undefined,
    name: string,
    offsets: readonly number[],
  ): void {
    this.out.keys.push({
      kind: 'keys',
      what,
      type,
      name,
      pointer: toPointer([...this.path, name]),
      parent: [...this.written],
      offsets,
    });
  }

  /** A map object: entries added to `object`, each value decoded fresh. */
  private map(elem: GoType, object: Obj, depth: number): Obj {
    if (this.open(depth, CLOSE_BRACE)) return object;
    let keys: Map<string, number[]> | undefined;
    do {
      const keyStart = this.pos;
      const key = this.parseKey();
      keys = this.noteKey(keys, key, keyStart);
      this.path.push(key);
      this.written.push(key);
      const value = this.value(elem, undefined, depth);
      setOwn(object, key, value === undefined ? zeroOf(elem) : value);
      this.path.pop();
      this.written.pop();
    } while (this.nextMember());
    if (keys !== undefined) this.noteRepeats('map', keys);
    return object;
  }

  /**
   * An array decoded into the slice `current`: element `i` is decoded into the existing element `i` (or one cut
   * off earlier, still in the capacity; or a zero value), the slice ends at the new length and the elements past
   * it stay in the capacity. `[]` is a new empty slice (capacity 0).
   */
  private slice(elem: GoType, current: unknown[] | undefined, depth: number): unknown[] {
    const old = current ?? [];
    const tail = current === undefined ? undefined : this.tails.get(current);
    if (current !== undefined) this.tails.delete(current);
    const out: unknown[] = [];
    if (this.open(depth, CLOSE_BRACKET)) return out;
    let i = 0;
    do {
      const previous = i < old.length ? old[i] : tail?.[i - old.length];
      this.path.push(i);
      this.written.push(i);
      const value = this.value(elem, previous, depth);
      out.push(value === undefined ? zeroOf(elem) : value);
      this.path.pop();
      this.written.pop();
      i++;
    } while (this.nextElement());
    const rest = old.length + (tail?.length ?? 0);
    if (i < rest) {
      const stale = i < old.length ? [...old.slice(i), ...(tail ?? [])] : tail!.slice(i - old.length);
      this.tails.set(out, stale);
    }
    return out;
  }

  /** An inline Go value in a free format: decoded fresh, with its own report. */
  private embed(type: GoStructType, depth: number): Obj {
    const outer = this.out;
    const path = this.path;
    const written = this.written;
    const name = path[path.length - 1] ?? '';
    this.out = newCollector();
    this.path = [name];
    this.written = [name];
    try {
      const object = this.struct(type, {}, depth + 1);
      this.embedded.set(object, this.out);
      return object;
    } finally {
      this.out = outer;
      this.path = path;
      this.written = written;
    }
  }

  // ---- free JSON

  /** ocispec's free JSON with typed members and elements (pipeline files). */
  private freeTyped(type: FreeJsonType, depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE && type.members !== undefined) {
      const object: Obj = {};
      if (this.open(depth + 1, CLOSE_BRACE)) return object;
      do {
        const key = this.parseKey();
        const member = type.members.get(key);
        this.path.push(key);
        this.written.push(key);
        setOwn(
          object,
          key,
          member === undefined ? super.parseValue(depth + 1) : this.value(member, undefined, depth + 1),
        );
        this.path.pop();
        this.written.pop();
      } while (this.nextMember());
      return object;
    }
    if (c === OPEN_BRACKET && type.elements !== undefined) {
      const array: unknown[] = [];
      if (this.open(depth + 1, CLOSE_BRACKET)) return array;
      do {
        this.path.push(array.length);
        this.written.push(array.length);
        array.push(this.value(type.elements, undefined, depth + 1));
        this.path.pop();
        this.written.pop();
      } while (this.nextElement());
      return array;
    }
    return super.parseValue(depth);
  }

  /** Free JSON (unknown fields, `interface{}`), repeated keys reported, the last one kept. */
  private free(depth: number, mode: FreeMode): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) {
      const object: Obj = {};
      if (this.open(depth + 1, CLOSE_BRACE)) return object;
      let keys: Map<string, number[]> | undefined;
      do {
        const keyStart = this.pos;
        const key = this.parseKey();
        keys = this.noteKey(keys, key, keyStart);
        this.path.push(key);
        this.written.push(key);
        setOwn(object, key, this.free(depth + 1, mode));
        this.path.pop();
        this.written.pop();
      } while (this.nextMember());
      if (keys !== undefined) this.noteRepeats('unknown', keys);
      return object;
    }
    if (c === OPEN_BRACKET) {
      const array: unknown[] = [];
      if (this.open(depth + 1, CLOSE_BRACKET)) return array;
      do {
        this.path.push(array.length);
        this.written.push(array.length);
        array.push(this.free(depth + 1, mode));
        this.path.pop();
        this.written.pop();
      } while (this.nextElement());
      return array;
    }
    if (c === MINUS || (c >= ZERO && c <= NINE)) return mode === 'go' ? this.float() : this.keptNumber();
    return super.parseValue(depth);
  }

  /** A number in an `interface{}`: Go's float64 (`strconv.ParseFloat`, an error beyond its range). */
  private float(): number | null {
    const start = this.pos;
    this.scanNumber();
    const literal = this.text.slice(start, this.pos);
    const value = Number(literal);
    if (!Number.isFinite(value)) {
      this.problem('float-range', `number ${literal} is out of range of a Go float64`, start);
      return null;
    }
    return value;
  }

  /** A number in an unknown field: a number or bigint when that prints back as written, else its text. */
  private keptNumber(): number | bigint | JsonNumber {
    const start = this.pos;
    this.scanNumber();
    const literal = this.text.slice(start, this.pos);
    if (this.numberIsInteger) {
      if (literal === '-0') return new JsonNumber(literal);
      const big = BigInt(literal);
      return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) : big;
    }
    const value = Number(literal);
    return Number.isFinite(value) && String(value) === literal ? value : new JsonNumber(literal);
  }

  // ---- positions and messages, resolved once at the end

  private resolve(collector: Collector): GoDecodeReport {
    return resolveReport(collector, {
      text: this.text,
      offsetOf: (utf8, offset) => (this.byteOffsets ? this.byteOffset(utf8, offset) : offset),
      keyAt: (offset) => this.keyAt(offset),
      origin: this.origin,
      positions: this.positions,
    });
  }

  /** The byte offset of `offset`: its UTF-8 length, less 2 for each U+FFFD that stood for one invalid byte. */
  private byteOffset(utf8: number, offset: number): number {
    let replacedBefore = 0;
    while (replacedBefore < this.replaced.length && this.replaced[replacedBefore]! < offset) replacedBefore++;
    return utf8 - 2 * replacedBefore;
  }

  protected override offsetOf(offset: number): number {
    return this.byteOffsets ? this.byteOffset(utf8Length(this.text, offset), offset) : offset;
  }

  /** The key whose opening quote is at `offset`. */
  private keyAt(offset: number): string {
    const saved = this.pos;
    const savedReplaced = this.nextReplaced;
    this.pos = offset;
    const key = super.parseString();
    this.pos = saved;
    this.nextReplaced = savedReplaced;
    return key;
  }
}

/**
 * Decodes JSON text (a string, or bytes read as UTF-8 as Go reads them) into `type` exactly as Go's
 * encoding/json would (see the module comment), with a report of ambiguities, problems and unknown fields.
 *
 * @throws {JsonSyntaxError} for text that is not JSON (Go checks the syntax of the whole text first).
 */
export function decodeGo(
  input: string | Uint8Array,
  type: DecodeType,
  options: GoDecodeOptions = {},
): GoDecodeResult {
  let text: string;
  let replaced: readonly number[] = [];
  if (typeof input === 'string') text = input;
  else if (options.invalidUtf8 === 'reject') {
    return decodeStrictBytes(input, type, options);
  } else ({ text, replaced } = decodeUtf8AsGo(input));
  const decoder = new GoDecoder(
    text,
    options.source,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    typeof input !== 'string',
    replaced,
    options.origin,
    options.positions,
  );
  return decoder.run(type);
}

function decodeStrictBytes(bytes: Uint8Array, type: DecodeType, options: GoDecodeOptions): GoDecodeResult {
  const text = decodeUtf8Strictly(bytes, options.source);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  return new GoDecoder(text, options.source, maxDepth, true, [], options.origin, options.positions).run(type);
}
