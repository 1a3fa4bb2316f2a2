import { JsonSyntaxError } from './errors.js';
import { describeChar, firstInvalidUtf8, lineAndColumn, utf8Length } from './position.js';
import type { JsonArray, JsonObject, JsonValue } from './value.js';

/** Options of {@link parseJson} and {@link parseJsonBytes}. */
export interface ParseJsonOptions {
  /** Names the input (a file path) in error messages. */
  readonly source?: string;
  /** Deepest allowed nesting of arrays and objects; default `DEFAULT_MAX_DEPTH`. */
  readonly maxDepth?: number;
}

/** Default nesting limit of the parser: 512 levels of arrays and objects. */
export const DEFAULT_MAX_DEPTH = 512;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/**
 * Parses JSON text (RFC 8259, strictly) without losing precision: an integer literal (no fraction or exponent)
 * beyond ±(2^53-1) becomes a `bigint`, every other number a `number`. Object keys, including `__proto__` and
 * `constructor`, become own data properties of plain objects; a duplicate key's last value wins (as in Go's
 * encoding/json). A byte order mark, trailing content, empty input and nesting beyond `maxDepth` are errors.
 * A lone surrogate, escaped (`"\ud800"`) or raw in `text`, decodes to U+FFFD, as Go decodes it.
 *
 * @throws {JsonSyntaxError} with the line, column and offset (in UTF-16 code units) of the problem.
 */
export function parseJson(text: string, options?: ParseJsonOptions): JsonValue {
  return new JsonParser(text, options?.source, options?.maxDepth ?? DEFAULT_MAX_DEPTH, false).parseDocument();
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes `bytes` as strict UTF-8 (nothing stripped: a leading BOM is an error, as in Go) and parses them
 * like {@link parseJson}.
 *
 * @throws {JsonSyntaxError} for invalid UTF-8 or invalid JSON; `offset` is a byte offset.
 */
export function parseJsonBytes(bytes: Uint8Array, options?: ParseJsonOptions): JsonValue {
  const text = decodeUtf8Strictly(bytes, options?.source);
  return new JsonParser(text, options?.source, options?.maxDepth ?? DEFAULT_MAX_DEPTH, true).parseDocument();
}

/**
 * Decodes strict UTF-8 (a leading BOM kept, so that the parser rejects it).
 *
 * @throws {JsonSyntaxError} naming the first invalid byte, its byte offset, line and column.
 */
export function decodeUtf8Strictly(bytes: Uint8Array, source: string | undefined): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const prefix = decoder.decode(bytes.subarray(0, bad));
    const { line, column } = lineAndColumn(prefix, prefix.length);
    const hex = (bytes[bad] ?? 0).toString(16).padStart(2, '0');
    throw new JsonSyntaxError(`invalid UTF-8: byte 0x${hex} at byte offset ${bad}`, {
      source,
      line,
      column,
      offset: bad,
    });
  }
}

const TAB = 0x09;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const CLOSE_BRACKET = 0x5d;
const UPPER_E = 0x45;
const LOWER_E = 0x65;
const LOWER_F = 0x66;
const LOWER_N = 0x6e;
const LOWER_T = 0x74;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = 0xfeff;

/**
 * Recursive descent over char codes; recursion is bounded by `maxDepth`. Internal: the Go-exact decoder
 * (`go-decode.ts`) extends it and reuses its lexing.
 */
export class JsonParser {
  protected pos = 0;
  protected readonly text: string;
  protected readonly length: number;
  /** Set by {@link scanNumber}: whether the literal had neither fraction nor exponent. */
  protected numberIsInteger = false;
  /** Set by {@link scanNumber}: where the integer part of the literal ends. */
  protected numberIntEnd = 0;

  constructor(
    text: string,
    protected readonly source: string | undefined,
    protected readonly maxDepth: number,
    protected readonly byteOffsets: boolean,
  ) {
    this.text = text;
    this.length = text.length;
  }

  parseDocument(): JsonValue {
    this.startDocument();
    const value = this.parseValue(0);
    this.endDocument();
    return value;
  }

  /** Rejects a byte order mark and empty input, and skips leading whitespace. */
  protected startDocument(): void {
    if (this.text.charCodeAt(0) === BOM) {
      this.fail(0, 'unexpected byte order mark (U+FEFF) at the start; JSON text must not begin with a BOM');
    }
    this.skipWhitespace();
    if (this.pos >= this.length) this.fail(this.pos, 'unexpected end of input, expected a value');
  }

  /** Skips trailing whitespace and rejects anything after the top-level value. */
  protected endDocument(): void {
    this.skipWhitespace();
    if (this.pos < this.length) {
      this.fail(this.pos, `unexpected ${describeChar(this.text, this.pos)} after the top-level value`);
    }
  }

  protected skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    // Every JSON whitespace character is <= ' ': one comparison settles the common case.
    if (c > SPACE) return;
    while (c === SPACE || c === NEWLINE || c === RETURN || c === TAB) c = text.charCodeAt(++pos);
    this.pos = pos;
  }

  /** Parses the value at `pos` (whitespace already skipped); `depth` is the nesting of its container. */
  protected parseValue(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case QUOTE:
        return this.parseString();
      case OPEN_BRACE:
        return this.parseObject(depth + 1);
      case OPEN_BRACKET:
        return this.parseArray(depth + 1);
      case LOWER_T:
        return this.parseLiteral('true', true);
      case LOWER_F:
        return this.parseLiteral('false', false);
      case LOWER_N:
        return this.parseLiteral('null', null);
      default:
        if (c === MINUS || (c >= ZERO && c <= NINE)) return this.parseNumber();
        return this.failExpected(this.pos, 'a value');
    }
  }

  protected parseObject(depth: number): JsonObject {
    if (depth > this.maxDepth) this.fail(this.pos, `nesting deeper than ${this.maxDepth} levels`);
    const text = this.text;
    const object: JsonObject = {};
    this.pos++;
    this.skipWhitespace();
    let c = text.charCodeAt(this.pos);
    if (c === CLOSE_BRACE) {
      this.pos++;
      return object;
    }
    if (c !== QUOTE) this.failExpected(this.pos, "a string key or '}'");
    for (;;) {
      const key = this.parseString();
      this.skipWhitespace();
      if (text.charCodeAt(this.pos) !== COLON) this.failExpected(this.pos, "':' after object key");
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth);
      if (key === '__proto__') {
        Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      } else {
        object[key] = value;
      }
      this.skipWhitespace();
      c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.skipWhitespace();
        c = text.charCodeAt(this.pos);
        if (c === QUOTE) continue;
        if (c === CLOSE_BRACE) this.fail(this.pos, "trailing comma before '}'");
        this.failExpected(this.pos, "a string key after ','");
      }
      if (c === CLOSE_BRACE) {
        this.pos++;
        return object;
      }
      this.failExpected(this.pos, "',' or '}' after object member");
    }
  }

  protected parseArray(depth: number): JsonArray {
    if (depth > this.maxDepth) this.fail(this.pos, `nesting deeper than ${this.maxDepth} levels`);
    const text = this.text;
    const array: JsonArray = [];
    this.pos++;
    this.skipWhitespace();
    let c = text.charCodeAt(this.pos);
    if (c === CLOSE_BRACKET) {
      this.pos++;
      return array;
    }
    for (;;) {
      if (this.pos >= this.length) this.failExpected(this.pos, "a value or ']'");
      array.push(this.parseValue(depth));
      this.skipWhitespace();
      c = text.charCodeAt(this.pos);
      if (c === COMMA) {
        this.pos++;
        this.skipWhitespace();
        if (text.charCodeAt(this.pos) === CLOSE_BRACKET) this.fail(this.pos, "trailing comma before ']'");
        if (this.pos >= this.length) this.failExpected(this.pos, "a value after ','");
        continue;
      }
      if (c === CLOSE_BRACKET) {
        this.pos++;
        return array;
      }
      this.failExpected(this.pos, "',' or ']' after array element");
    }
  }

  /** Parses the string starting at the opening quote at `pos`. */
  protected parseString(): string {
    const text = this.text;
    const length = this.length;
    const start = this.pos + 1;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      // Escapes and surrogates (a lone one reads as U+FFFD, as Go reads it) take the slow path.
      if (c === BACKSLASH || (c >= 0xd800 && c <= 0xdfff)) return this.parseEscapedString(start, i);
      if (c < SPACE) this.badStringChar(i, start - 1);
      if (i >= length) this.fail(start - 1, 'unterminated string');
      i++;
    }
  }

  /** Slow path of {@link parseString} from the first backslash at `i`. */
  protected parseEscapedString(start: number, i: number): string {
    const text = this.text;
    let out = '';
    let chunk = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        return out + text.slice(chunk, i);
      }
      if (c === BACKSLASH) {
        out += text.slice(chunk, i);
        const e = text.charCodeAt(i + 1);
        switch (e) {
          case QUOTE:
            out += '"';
            break;
          case BACKSLASH:
            out += '\\';
            break;
          case 0x2f:
            out += '/';
            break;
          case 0x62:
            out += '\b';
            break;
          case 0x66:
            out += '\f';
            break;
          case 0x6e:
            out += '\n';
            break;
          case 0x72:
            out += '\r';
            break;
          case 0x74:
            out += '\t';
            break;
          case 0x75: {
            const unit = this.hex4(i);
            i += 6;
            if (unit >= 0xd800 && unit <= 0xdbff) {
              const low =
                text.charCodeAt(i) === BACKSLASH && text.charCodeAt(i + 1) === 0x75 ? this.hex4(i) : -1;
              if (low >= 0xdc00 && low <= 0xdfff) {
                out += String.fromCharCode(unit, low);
                i += 6;
              } else {
                out += '\ufffd';
              }
            } else if (unit >= 0xdc00 && unit <= 0xdfff) {
              out += '\ufffd';
            } else {
              out += String.fromCharCode(unit);
            }
            chunk = i;
            continue;
          }
          default:
            if (i + 1 >= this.length) this.fail(start - 1, 'unterminated string');
            this.fail(
              i,
              `invalid escape '\\${String.fromCodePoint(text.codePointAt(i + 1) ?? 0)}' in string`,
            );
        }
        i += 2;
        chunk = i;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          i += 2;
          continue;
        }
        out += `${text.slice(chunk, i)}\ufffd`;
        chunk = ++i;
        continue;
      }
      if (c < SPACE) this.badStringChar(i, start - 1);
      if (i >= this.length) this.fail(start - 1, 'unterminated string');
      i++;
    }
  }

  /** Value of the four hex digits of the `\u` escape at `i`. */
  protected hex4(i: number): number {
    let value = 0;
    for (let k = i + 2; k < i + 6; k++) {
      const c = this.text.charCodeAt(k);
      let digit: number;
      if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) digit = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) digit = c - 0x37;
      else return this.fail(i, "invalid '\\u' escape: expected 4 hex digits");
      value = value * 16 + digit;
    }
    return value;
  }

  protected badStringChar(i: number, quote: number): never {
    const c = this.text.charCodeAt(i);
    if (c === NEWLINE || c === RETURN) this.fail(quote, 'unterminated string (line break in string)');
    return this.fail(i, `control character ${describeChar(this.text, i)} in string must be escaped`);
  }

  /**
   * Scans the number literal at `pos` (RFC 8259 grammar) and moves past it; sets {@link numberIsInteger} and
   * {@link numberIntEnd}. The literal is `text.slice(start, pos)`.
   */
  protected scanNumber(): void {
    const text = this.text;
    const start = this.pos;
    let i = start;
    let c = text.charCodeAt(i);
    const negative = c === MINUS;
    if (negative) c = text.charCodeAt(++i);
    if (c === ZERO) {
      c = text.charCodeAt(++i);
      if (c >= ZERO && c <= NINE) this.fail(i - 1, 'leading zeros are not allowed in numbers');
    } else if (c >= ZERO && c <= NINE) {
      do c = text.charCodeAt(++i);
      while (c >= ZERO && c <= NINE);
    } else {
      this.failExpected(i, "a digit after '-'");
    }
    const intEnd = i;
    let integer = true;
    if (c === DOT) {
      integer = false;
      c = text.charCodeAt(++i);
      if (!(c >= ZERO && c <= NINE)) this.failExpected(i, 'a digit after the decimal point');
      do c = text.charCodeAt(++i);
      while (c >= ZERO && c <= NINE);
    }
    if (c === LOWER_E || c === UPPER_E) {
      integer = false;
      c = text.charCodeAt(++i);
      if (c === PLUS || c === MINUS) c = text.charCodeAt(++i);
      if (!(c >= ZERO && c <= NINE)) this.failExpected(i, 'a digit in the exponent');
      do c = text.charCodeAt(++i);
      while (c >= ZERO && c <= NINE);
    }
    this.pos = i;
    this.numberIsInteger = integer;
    this.numberIntEnd = intEnd;
  }

  /**
   * Parses the number literal at `pos`: an integer literal beyond ±(2^53-1) as a `bigint`, every other as a
   * `number` (a float beyond ±1.8e308 is an error).
   */
  protected parseNumber(): number | bigint {
    const start = this.pos;
    this.scanNumber();
    const text = this.text;
    const i = this.pos;
    if (this.numberIsInteger) {
      const intEnd = this.numberIntEnd;
      const negative = text.charCodeAt(start) === MINUS;
      const digitsStart = negative ? start + 1 : start;
      if (intEnd - digitsStart <= 15) {
        let value = 0;
        for (let k = digitsStart; k < intEnd; k++) value = value * 10 + (text.charCodeAt(k) - ZERO);
        // `0 - 0` is +0: "-0" parses as the integer 0.
        return negative ? 0 - value : value;
      }
      const big = BigInt(text.slice(start, i));
      return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
    }
    const value = Number(text.slice(start, i));
    if (value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY) {
      this.fail(start, `number ${text.slice(start, i)} is out of range of a 64-bit float`);
    }
    return value;
  }

  protected parseLiteral<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) {
      let i = this.pos;
      while (i - this.pos < word.length && this.text.charCodeAt(i) === word.charCodeAt(i - this.pos)) i++;
      if (i >= this.length) this.fail(i, `unexpected end of input in literal, expected '${word}'`);
      this.fail(i, `invalid literal, expected '${word}'`);
    }
    this.pos += word.length;
    return value;
  }

  /** Fails with `expected X` at a character, or `unexpected end of input, expected X` past the end. */
  protected failExpected(at: number, what: string): never {
    if (at >= this.length) return this.fail(at, `unexpected end of input, expected ${what}`);
    if (what === 'a value')
      return this.fail(at, `unexpected ${describeChar(this.text, at)}, expected a value`);
    return this.fail(at, `expected ${what}`);
  }

  protected fail(offset: number, reason: string): never {
    const { line, column } = lineAndColumn(this.text, offset);
    throw new JsonSyntaxError(reason, { source: this.source, line, column, offset: this.offsetOf(offset) });
  }

  /** The offset reported for `offset` in the text: itself, or the UTF-8 byte offset for byte input. */
  protected offsetOf(offset: number): number {
    return this.byteOffsets ? utf8Length(this.text, offset) : offset;
  }
}
