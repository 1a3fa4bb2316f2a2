import { goFoldKey } from '../model/go-fold.js';
import type { AnyLayout, Layout, ObjectLayout } from '../model/layout.js';
import { toPointer } from '../model/pointer.js';
import { JsonPrintError } from './errors.js';
import { quoteJsonString } from './escape.js';
import { compareUtf8 } from './keys.js';
import { JsonNumber } from './value.js';

/** Options of {@link printJson}. */
export interface PrintJsonOptions {
  /**
   * `undefined`, `0` or `""`: compact output, as Go's `json.Marshal`. A number of spaces or a string: indented
   * output, as Go's `json.MarshalIndent(v, "", indent)` (no trailing newline).
   */
  readonly indent?: number | string;
  /** Escape `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, as `json.Marshal` does. Default `true`. */
  readonly escapeHtml?: boolean;
}

/** The layout of free-form JSON: everything printed as given, object keys in insertion order. */
export const ANY_LAYOUT: AnyLayout = Object.freeze({ kind: 'any' });

/** Nesting beyond this is reported as an error (most likely a cycle) instead of overflowing the stack. */
export const MAX_PRINT_DEPTH = 1000;

/**
 * Prints `value` as canonical JSON, byte for byte as containerd's Go `encoding/json` would:
 * - known fields of an object layout first, in the layout's order, each by its `emit` rule (`always`: printed
 *   even when absent or `null`, then as the field's `zero`; `omitempty`: omitted when absent, `null`, `false`,
 *   `0`, `0n`, `""`, `[]` or `{}`; `pointer`: omitted only when absent or `null`), then the object's other keys
 *   in insertion order, printed free-form; keys whose value is `undefined` are skipped; an unknown key that Go
 *   would read as one of the known fields (`Process`, `proceſs`) is an error, so that the output has one key
 *   per field for every reader;
 * - record (Go map) keys sorted by their UTF-8 bytes; array elements that are `null`/`undefined` as `null`;
 * - numbers in ECMAScript's shortest form, which is Go's float format (`1e+21`, `1e-7`), `-0` as `0` (as `-0`
 *   under an `interface` layout, Go's float64); bigints as their digits; a {@link JsonNumber} as its text;
 *   strings escaped as Go escapes them (see `quoteJsonString`);
 * - under an `interface` layout (Go `interface{}`), object keys sorted by their UTF-8 bytes, at every depth.
 * A value whose type does not match its layout is printed free-form rather than rejected.
 *
 * @throws {JsonPrintError} for NaN, ±Infinity, functions, symbols, an `undefined` root or nesting beyond
 * `MAX_PRINT_DEPTH`, naming the JSON pointer of the value.
 */
export function printJson(value: unknown, layout: Layout, options?: PrintJsonOptions): string {
  const printer = new Printer(indentUnit(options?.indent), options?.escapeHtml ?? true);
  try {
    printer.value(value, layout, 0);
  } catch (error) {
    if (error instanceof PrintFailure) throw new JsonPrintError(error.reason, toPointer(error.path));
    throw error;
  }
  return printer.out;
}

function indentUnit(indent: number | string | undefined): string {
  if (typeof indent === 'string') return indent;
  return indent !== undefined && indent >= 1 ? ' '.repeat(Math.floor(indent)) : '';
}

/** Thrown inside the printer; collects the path on its way up, turned into a {@link JsonPrintError}. */
class PrintFailure {
  readonly path: (string | number)[] = [];
  constructor(readonly reason: string) {}
}

function withSegment(error: unknown, segment: string | number): unknown {
  if (error instanceof PrintFailure) error.path.unshift(segment);
  return error;
}

type AnyObject = Record<string, unknown>;

function isObject(value: unknown): value is AnyObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber)
  );
}

const INTERFACE_LAYOUT: Layout = Object.freeze({ kind: 'interface' });

/** Go's `omitempty` test: false, 0, "", nil pointer/interface, and slices and maps of length zero. */
function isEmpty(value: unknown): boolean {
  if (
    value === undefined ||
    value === null ||
    value === false ||
    value === 0 ||
    value === '' ||
    value === 0n
  ) {
    return true;
  }
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length === 0;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new PrintFailure(`${n} is not a valid JSON number`);
  // Go's encoding/json formats floats "as if by ES6 number to string conversion" (golang.org/issue/14135):
  // 'f' for 1e-6 <= |n| < 1e21, else 'e' with the exponent unpadded; identical to String(n). -0 prints 0.
  return n === 0 ? '0' : String(n);
}

class Printer {
  out = '';
  private readonly colon: string;
  private readonly newlines: string[];

  constructor(
    private readonly indent: string,
    private readonly escapeHtml: boolean,
  ) {
    this.colon = indent === '' ? ':' : ': ';
    this.newlines = indent === '' ? [] : ['\n'];
  }

  /** Line break plus indentation for `depth`; empty in compact mode. */
  private newline(depth: number): string {
    if (this.indent === '') return '';
    let line = this.newlines[depth];
    if (line === undefined) {
      line = `\n${this.indent.repeat(depth)}`;
      this.newlines[depth] = line;
    }
    return line;
  }

  value(value: unknown, layout: Layout, depth: number): void {
    switch (layout.kind) {
      case 'object':
        if (isObject(value)) {
          this.object(value, layout, depth);
          return;
        }
        break;
      case 'array':
        if (Array.isArray(value)) {
          this.array(value, layout.element, depth);
          return;
        }
        break;
      case 'record':
        if (isObject(value)) {
          this.record(value, layout.value, depth);
          return;
        }
        break;
      case 'interface':
        this.goInterface(value, depth);
        return;
    }
    this.any(value, depth);
  }

  /** What Go's `interface{}` holds: maps print sorted, arrays element-wise, float64 `-0` as `-0`. */
  private goInterface(value: unknown, depth: number): void {
    if (Array.isArray(value)) this.array(value, INTERFACE_LAYOUT, depth);
    else if (isObject(value)) this.record(value, INTERFACE_LAYOUT, depth);
    else if (typeof value === 'number' && Object.is(value, -0)) this.out += '-0';
    else this.any(value, depth);
  }

  private any(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        this.out += quoteJsonString(value, this.escapeHtml);
        return;
      case 'number':
        this.out += formatNumber(value);
        return;
      case 'bigint':
        this.out += value.toString();
        return;
      case 'boolean':
        this.out += value ? 'true' : 'false';
        return;
      case 'object':
        if (value === null) this.out += 'null';
        else if (value instanceof JsonNumber) this.out += value.text;
        else if (Array.isArray(value)) this.array(value, ANY_LAYOUT, depth);
        else this.freeObject(value as AnyObject, depth);
        return;
      default:
        throw new PrintFailure(
          `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} is not a JSON value`,
        );
    }
  }

  private enter(depth: number): void {
    if (depth >= MAX_PRINT_DEPTH)
      throw new PrintFailure(`nested deeper than ${MAX_PRINT_DEPTH} levels (a cycle?)`);
  }

  /** Writes the separator, line break and `"key": ` of the `index`th member. */
  private key(index: number, key: string, depth: number): void {
    this.out += `${index === 0 ? '' : ','}${this.newline(depth)}${quoteJsonString(key, this.escapeHtml)}${this.colon}`;
  }

  private close(count: number, depth: number, bracket: string): void {
    this.out += count === 0 ? bracket : this.newline(depth) + bracket;
  }

  private object(object: AnyObject, layout: ObjectLayout, depth: number): void {
    this.enter(depth);
    const inner = depth + 1;
    let count = 0;
    let key = '';
    this.out += '{';
    try {
      for (const field of layout.fields) {
        key = field.key;
        let value = object[key];
        if (value !== undefined && !Object.hasOwn(object, key)) value = undefined;
        if (field.emit === 'always') {
          if (value === undefined || value === null) value = field.zero ?? null;
        } else if (field.emit === 'pointer') {
          if (value === undefined || value === null) continue;
        } else if (isEmpty(value)) {
          continue;
        }
        this.key(count++, key, inner);
        this.value(value, field.layout, inner);
      }
      for (key in object) {
        if (layout.byKey.has(key) || !Object.hasOwn(object, key)) continue;
        const value = object[key];
        if (value === undefined) continue;
        const field = layout.byFold?.get(goFoldKey(key));
        if (field !== undefined) {
          throw new PrintFailure(
            `the key ${JSON.stringify(key)} would be read by Go as the field ${JSON.stringify(field.key)}: set ${JSON.stringify(field.key)} instead`,
          );
        }
        this.key(count++, key, inner);
        this.any(value, inner);
      }
    } catch (error) {
      throw withSegment(error, key);
    }
    this.close(count, depth, '}');
  }

  private freeObject(object: AnyObject, depth: number): void {
    this.enter(depth);
    const inner = depth + 1;
    let count = 0;
    let key = '';
    this.out += '{';
    try {
      for (key in object) {
        if (!Object.hasOwn(object, key)) continue;
        const value = object[key];
        if (value === undefined) continue;
        this.key(count++, key, inner);
        this.any(value, inner);
      }
    } catch (error) {
      throw withSegment(error, key);
    }
    this.close(count, depth, '}');
  }

  private record(object: AnyObject, layout: Layout, depth: number): void {
    this.enter(depth);
    const keys = Object.keys(object);
    if (keys.length > 1) keys.sort(compareUtf8);
    const inner = depth + 1;
    let count = 0;
    let key = '';
    this.out += '{';
    try {
      for (key of keys) {
        const value = object[key];
        if (value === undefined) continue;
        this.key(count++, key, inner);
        this.value(value, layout, inner);
      }
    } catch (error) {
      throw withSegment(error, key);
    }
    this.close(count, depth, '}');
  }

  private array(array: readonly unknown[], element: Layout, depth: number): void {
    this.enter(depth);
    const n = array.length;
    if (n === 0) {
      this.out += '[]';
      return;
    }
    const inner = depth + 1;
    const newline = this.newline(inner);
    let i = 0;
    this.out += '[';
    try {
      for (; i < n; i++) {
        this.out += i === 0 ? newline : `,${newline}`;
        const value = array[i];
        if (value === undefined || value === null) this.out += 'null';
        else this.value(value, element, inner);
      }
    } catch (error) {
      throw withSegment(error, i);
    }
    this.close(n, depth, ']');
  }
}
