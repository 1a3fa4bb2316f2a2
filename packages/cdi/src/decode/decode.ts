/**
 * Decodes a CDI spec file (YAML or JSON: JSON is read as YAML, as the reference library does) into the Go layout
 * of {@link SpecLayout}, with the rules of the reference's reader, `sigs.k8s.io/yaml.UnmarshalStrict`:
 *
 * - YAML 1.1 scalars (go-yaml v2, see `scalars.ts`); only the first document of a stream is read;
 * - strict YAML: a key repeated in a mapping (also through a `<<` merge) is an error;
 * - where a string is expected, a number or boolean is taken as its text (`name: 0` is `"0"`);
 * - then Go's encoding/json: fields matched by name, exactly or else case-insensitively (of two keys naming one
 *   field, the one sorting last wins, as the JSON text Go writes in between has its keys sorted); an unknown field
 *   is an error; `null` leaves a field at its zero value; integers must fit their Go type.
 *
 * Every error names the JSON pointer of the offending value and its line and column. Positions of decoded values
 * are kept so that later checks can report them too.
 */

import { compareUtf8, escapePointerToken } from '@ocispec/core/internal';
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ParsedNode,
  parseAllDocuments,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { CdiError } from '../errors.js';
import type { GoType } from './layout.js';
import { formatFloat32, resolvePlain, resolveTagged, type YamlScalar } from './scalars.js';

/** Line and column (1-based) of a value in the spec text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A decoded document: the value (`undefined` for an empty or `null` document) and where its parts were. */
export interface DecodedDocument {
  readonly value: unknown;
  /** The position of the value at a JSON pointer (`/devices/0/name`), when it came from the text. */
  locate(pointer: string): TextPosition | undefined;
}

/** What a YAML node is once aliases are followed and scalars resolved. */
type View =
  | { readonly kind: 'map'; readonly node: YAMLMap<unknown, unknown> }
  | { readonly kind: 'seq'; readonly node: YAMLSeq<unknown> }
  | { readonly kind: 'scalar'; readonly value: YamlScalar };

/** One key/value pair of a mapping, merges expanded; `key` is the key as JSON text. */
interface Entry {
  readonly key: string;
  readonly keyNode: unknown;
  readonly value: unknown;
}

const NULL_VIEW: View = { kind: 'scalar', value: { kind: 'null' } };

/**
 * Decodes `text` against `layout`. Throws a {@link CdiError} (`CDI_INVALID_SPEC`) naming `file`, the JSON pointer
 * and the line and column of the first problem.
 */
export function decodeSpecDocument(text: string, layout: GoType, file?: string): DecodedDocument {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    schema: 'failsafe',
    uniqueKeys: false,
    lineCounter,
    prettyErrors: false,
    keepSourceTokens: true,
  });
  const positions = new Map<string, number>();
  const locate = (pointer: string): TextPosition | undefined => {
    const offset = positions.get(pointer);
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) return { value: undefined, locate };
  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new CdiError('CDI_INVALID_SPEC', `invalid YAML: ${reason}`, {
      file,
      pointer: '',
      line,
      column: col,
    });
  }
  const walker = new Walker(doc, positions, text);
  try {
    return { value: walker.decode(doc.contents, layout, ''), locate };
  } catch (error) {
    if (!(error instanceof DecodeProblem)) throw error;
    const at = locate(error.pointer);
    throw new CdiError('CDI_INVALID_SPEC', error.message, {
      file,
      pointer: error.pointer,
      line: at?.line,
      column: at?.column,
    });
  }
}

/** A problem at a pointer; turned into a {@link CdiError} with the file and position by the caller. */
class DecodeProblem extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

/** go-yaml v2's alias budget: generous for small documents, 10% of the decoded nodes for very large ones. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

class Walker {
  #decoded = 0;
  #aliased = 0;
  #aliasDepth = 0;
  readonly #active = new Set<unknown>();

  constructor(
    readonly doc: Document.Parsed,
    readonly positions: Map<string, number>,
    readonly text: string,
  ) {}

  /** Decodes `node` as `type`; `undefined` stands for Go's zero value (or a nil slice, map or pointer). */
  decode(node: unknown, type: GoType, pointer: string): unknown {
    return this.#withView(node, pointer, (view) => this.#decodeView(view, type, pointer));
  }

  /** Follows aliases (counting them against the budget), records the position, and hands over the view. */
  #withView<T>(node: unknown, pointer: string, use: (view: View) => T): T {
    this.#decoded++;
    if (this.#aliasDepth > 0) this.#aliased++;
    if (
      this.#aliased > 100 &&
      this.#decoded > 1000 &&
      this.#aliased / this.#decoded > allowedAliasRatio(this.#decoded)
    ) {
      throw new DecodeProblem(pointer, 'document contains excessive aliasing');
    }
    if (!this.positions.has(pointer)) this.#mark(pointer, node);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (target === undefined)
        throw new DecodeProblem(pointer, `unknown anchor '${node.source}' referenced`);
      if (this.#active.has(target)) {
        throw new DecodeProblem(pointer, `anchor '${node.source}' value contains itself`);
      }
      this.#active.add(target);
      this.#aliasDepth++;
      try {
        return this.#withView(target, pointer, use);
      } finally {
        this.#aliasDepth--;
        this.#active.delete(target);
      }
    }
    return use(this.#view(node, pointer));
  }

  /** Records where the value at `pointer` starts in the text. */
  #mark(pointer: string, node: unknown): void {
    const range = (node as Partial<ParsedNode> | null)?.range;
    if (range !== undefined) this.positions.set(pointer, range[0]);
  }

  #view(node: unknown, pointer: string): View {
    if (node === null || node === undefined) return NULL_VIEW;
    if (isMap(node)) return { kind: 'map', node };
    if (isSeq(node)) return { kind: 'seq', node };
    if (!isScalar(node)) throw new DecodeProblem(pointer, 'unsupported YAML node');
    const text = String(node.value ?? '');
    if (node.tag !== undefined) {
      const resolved = resolveTagged(node.tag, text);
      if (typeof resolved === 'string') throw new DecodeProblem(pointer, resolved);
      return { kind: 'scalar', value: resolved };
    }
    if (node.type === 'PLAIN') return { kind: 'scalar', value: resolvePlain(text) };
    if (node.type === 'QUOTE_DOUBLE') {
      const source = (node.srcToken as { source?: string } | undefined)?.source ?? '';
      this.#checkEscapes(source, node.range?.[0] ?? 0, pointer);
    }
    return { kind: 'scalar', value: { kind: 'string', value: this.#blockEnd(node, text) } };
  }

  /** go-yaml (YAML 1.1) knows no `\/` escape: refused, as it refuses it (yaml accepts it). */
  #checkEscapes(source: string, offset: number, pointer: string): void {
    for (let i = 0; i < source.length; i++) {
      if (source[i] !== '\\') continue;
      if (source[i + 1] === '/') {
        this.positions.set(pointer, offset + i);
        throw new DecodeProblem(pointer, 'invalid YAML: found unknown escape character');
      }
      i++;
    }
  }

  /** A block scalar ending the text without a line break has none, as go-yaml reads it (yaml adds one). */
  #blockEnd(
    node: { readonly type?: string; readonly range?: readonly number[] | null },
    value: string,
  ): string {
    const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
    const atEnd = (node.range?.[1] ?? 0) >= this.text.length && !/[\r\n]$/.test(this.text);
    return block && atEnd && value.endsWith('\n') ? value.slice(0, -1) : value;
  }

  #decodeView(view: View, type: GoType, pointer: string): unknown {
    if (view.kind === 'scalar' && view.value.kind === 'null') return undefined;
    switch (type.kind) {
      case 'pointer':
        return this.#decodeView(view, type.elem, pointer);
      case 'struct':
        return this.#struct(view, type, pointer);
      case 'map':
        return this.#map(view, type.elem, pointer);
      case 'slice':
        return this.#slice(view, type.elem, pointer);
      case 'string':
        return stringOf(view, pointer);
      case 'bool':
        if (view.kind === 'scalar' && view.value.kind === 'bool') return view.value.value;
        throw mismatch(view, 'a boolean', pointer);
      case 'int':
        return integerOf(view, type, pointer);
    }
  }

  #struct(view: View, type: Extract<GoType, { kind: 'struct' }>, pointer: string): Record<string, unknown> {
    if (view.kind !== 'map') throw mismatch(view, `a mapping (${type.name})`, pointer);
    const names = Object.keys(type.fields);
    const byField = new Map<string, Entry[]>();
    for (const entry of this.#entries(view.node, pointer)) {
      const field =
        names.find((n) => n === entry.key) ?? names.find((n) => foldName(n) === foldName(entry.key));
      if (field === undefined) {
        const at = `${pointer}/${escapePointerToken(entry.key)}`;
        this.#mark(at, entry.keyNode);
        throw new DecodeProblem(at, `unknown field ${JSON.stringify(entry.key)}`);
      }
      byField.set(field, [...(byField.get(field) ?? []), entry]);
    }
    const out: Record<string, unknown> = {};
    for (const [field, entries] of byField) {
      // Go writes the keys sorted, then decodes them in that order into the same field: the last one wins.
      entries.sort((a, b) => compareUtf8(a.key, b.key));
      const fieldType = type.fields[field]!;
      for (const entry of entries) {
        const value = this.decode(entry.value, fieldType, `${pointer}/${escapePointerToken(field)}`);
        if (value !== undefined) out[field] = value;
        // Go: `null` sets a slice, map or pointer to nil and leaves any other value as it was.
        else if (fieldType.kind === 'slice' || fieldType.kind === 'map' || fieldType.kind === 'pointer') {
          delete out[field];
        }
      }
    }
    return out;
  }

  #map(view: View, elem: GoType, pointer: string): Record<string, unknown> {
    if (view.kind !== 'map') throw mismatch(view, 'a mapping', pointer);
    const out: Record<string, unknown> = {};
    for (const entry of this.#entries(view.node, pointer)) {
      const at = `${pointer}/${escapePointerToken(entry.key)}`;
      out[entry.key] = this.decode(entry.value, elem, at) ?? zeroOf(elem);
    }
    return out;
  }

  #slice(view: View, elem: GoType, pointer: string): unknown[] {
    if (view.kind !== 'seq') throw mismatch(view, 'a sequence', pointer);
    return view.node.items.map((item, i) => {
      const at = `${pointer}/${i}`;
      const value = this.decode(item, elem, at);
      if (value !== undefined) return value;
      // Go keeps a nil pointer, on which the reference library later crashes: refused here.
      if (elem.kind === 'pointer')
        throw new DecodeProblem(at, `null is not allowed here (expected ${describe(elem)})`);
      return zeroOf(elem);
    });
  }

  /** The pairs of a mapping, `<<` merges expanded, keys as JSON text; a key seen twice is an error (strict). */
  #entries(node: YAMLMap<unknown, unknown>, pointer: string, seen = new Set<string>()): Entry[] {
    const out: Entry[] = [];
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        for (const merged of this.#mergeSources(pair.value, pointer))
          out.push(...this.#entries(merged, pointer, seen));
        continue;
      }
      const key = this.#withView(pair.key, pointer, (view) => keyOf(view, pointer));
      if (seen.has(key.identity)) {
        const at = `${pointer}/${escapePointerToken(key.text)}`;
        this.#mark(at, pair.key);
        throw new DecodeProblem(at, `key ${key.display} already set in map`);
      }
      seen.add(key.identity);
      out.push({ key: key.text, keyNode: pair.key, value: pair.value });
    }
    return out;
  }

  /** The mappings a `<<` merges: one mapping, or a sequence of them (later ones first, as go-yaml merges). */
  #mergeSources(value: unknown, pointer: string): YAMLMap<unknown, unknown>[] {
    const resolve = (node: unknown): YAMLMap<unknown, unknown> => {
      const target = isAlias(node) ? node.resolve(this.doc) : node;
      if (!isMap(target))
        throw new DecodeProblem(pointer, 'map merge requires map or sequence of maps as the value');
      return target;
    };
    const target = isAlias(value) ? value.resolve(this.doc) : value;
    if (isSeq(target)) return [...target.items].reverse().map(resolve);
    return [resolve(target)];
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const tag = key.tag?.replace(/^tag:yaml\.org,2002:/, '!!');
  return key.value === '<<' && ((key.type === 'PLAIN' && tag === undefined) || tag === '!!merge');
}

/** A mapping key as sigs.k8s.io/yaml turns it into JSON text, with its identity for the duplicate check. */
function keyOf(view: View, pointer: string): { text: string; identity: string; display: string } {
  if (view.kind !== 'scalar') throw new DecodeProblem(pointer, 'invalid map key: a mapping or sequence');
  const scalar = view.value;
  switch (scalar.kind) {
    case 'string':
      return { text: scalar.value, identity: `s:${scalar.value}`, display: JSON.stringify(scalar.value) };
    case 'int':
      return { text: String(scalar.value), identity: `i:${scalar.value}`, display: String(scalar.value) };
    case 'float': {
      const text = floatKeyText(scalar.value);
      return { text, identity: `f:${scalar.value}`, display: text };
    }
    case 'bool':
      return { text: String(scalar.value), identity: `b:${scalar.value}`, display: String(scalar.value) };
    default:
      throw new DecodeProblem(pointer, `unsupported map key of type ${scalar.kind}`);
  }
}

function floatKeyText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Number.POSITIVE_INFINITY) return '.inf';
  if (value === Number.NEGATIVE_INFINITY) return '-.inf';
  return formatFloat32(value);
}

/**
 * A Go field name match as encoding/json folds names: ASCII case-insensitively, the Kelvin sign K folding to `k`
 * and the long s ſ to `s` (the only non-ASCII characters whose fold set holds an ASCII letter).
 */
function foldName(name: string): string {
  return name
    .replace(/\u212a/g, 'k')
    .replace(/\u017f/g, 's')
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A string where one is expected: numbers and booleans are taken as their text. */
function stringOf(view: View, pointer: string): string {
  if (view.kind !== 'scalar') throw mismatch(view, 'a string', pointer);
  const scalar = view.value;
  switch (scalar.kind) {
    case 'string':
      return scalar.value;
    case 'int':
      return String(scalar.value);
    case 'float':
      return formatFloat32(scalar.value);
    case 'bool':
      return String(scalar.value);
    default:
      throw mismatch(view, 'a string', pointer);
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An integer of a Go type: YAML integers, and floats Go would print without a fraction or exponent. */
function integerOf(view: View, type: Extract<GoType, { kind: 'int' }>, pointer: string): number | bigint {
  const expected = `an integer (${type.name})`;
  if (view.kind !== 'scalar') throw mismatch(view, expected, pointer);
  const scalar = view.value;
  let value: bigint;
  if (scalar.kind === 'int') value = scalar.value;
  else if (scalar.kind === 'float') {
    const f = scalar.value;
    if (!Number.isFinite(f)) throw new DecodeProblem(pointer, `unsupported value: ${f}`);
    // Go writes the float as JSON text first: only integral values below 1e21 print as integers.
    const unsignedNegativeZero = Object.is(f, -0) && type.min === 0n;
    if (!Number.isInteger(f) || Math.abs(f) >= 1e21 || unsignedNegativeZero) {
      throw new DecodeProblem(pointer, `expected ${expected}, received ${Object.is(f, -0) ? '-0' : f}`);
    }
    value = BigInt(f);
  } else throw mismatch(view, expected, pointer);
  if (value < type.min || value > type.max) {
    throw new DecodeProblem(pointer, `${value} is out of range for ${type.name} (${type.min}..${type.max})`);
  }
  return value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);
}

function zeroOf(type: GoType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'struct':
      return {};
    default:
      return undefined;
  }
}

function describe(type: GoType): string {
  switch (type.kind) {
    case 'pointer':
      return describe(type.elem);
    case 'struct':
      return `a mapping (${type.name})`;
    case 'map':
      return 'a mapping';
    case 'slice':
      return 'a sequence';
    case 'string':
      return 'a string';
    case 'bool':
      return 'a boolean';
    case 'int':
      return `an integer (${type.name})`;
  }
}

function mismatch(view: View, expected: string, pointer: string): DecodeProblem {
  return new DecodeProblem(pointer, `expected ${expected}, received ${received(view)}`);
}

function received(view: View): string {
  if (view.kind === 'map') return 'a mapping';
  if (view.kind === 'seq') return 'a sequence';
  const scalar = view.value;
  switch (scalar.kind) {
    case 'string': {
      const text = scalar.value.length > 40 ? `${scalar.value.slice(0, 40)}…` : scalar.value;
      return `the string ${JSON.stringify(text)}`;
    }
    case 'bool':
      return `the boolean ${scalar.value}`;
    case 'null':
      return 'null';
    default:
      return `the number ${String(scalar.value)}`;
  }
}
