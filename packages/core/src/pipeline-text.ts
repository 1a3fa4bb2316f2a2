/**
 * The text formats of pipeline files: JSON with comments (JSONC, `//` and `/* *\/`, nothing else relaxed) and
 * YAML 1.2 (core schema). Both give the same lossless value as JSON (integers beyond 2^53 exact as `bigint`) and a
 * way to find the line and column of any JSON pointer, so that errors about a field say where it is.
 * The parsing is `jsonc-parser`'s scanner (comments) + core's own JSON parser (values; an inline `base` object
 * decoded as Go reads a spec, see `pipeline-inline-base.ts`), and the `yaml` package.
 */
import * as jsoncModule from 'jsonc-parser';
import type { Document, LineCounter as YamlLineCounter, Node as YamlNode } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { OcispecError } from './errors.js';
import type { JsonOrigin } from './json/go-decode-types.js';
import { JsonSyntaxError } from './json/index.js';
import { positionCursor, utf8Length } from './json/position.js';
import { decodePipelineJson } from './pipeline-inline-base.js';

/**
 * jsonc-parser's API: its UMD build (what Node loads) shows Node's ESM loader only a default export, its ESM build
 * (what bundlers take) named exports.
 */
const jsonc: typeof jsoncModule =
  'createScanner' in jsoncModule
    ? jsoncModule
    : (jsoncModule as unknown as { default: typeof jsoncModule }).default;

/** The syntax of a pipeline file: chosen by its name (`.yaml`, `.yml`), JSON with comments otherwise. */
export type PipelineFormat = 'json' | 'yaml';

/** 1-based line and column (in code points) in a pipeline file. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A parsed pipeline file: its value, and where each JSON pointer of it is written. */
export interface PipelineText {
  /** The whole value (for a large batch, parsed on first use: prefer {@link PipelineText.elements}). */
  readonly value: unknown;
  /**
   * For a top-level array (a batch): its elements, each parsed when reached, so that a batch is never held in
   * memory as a whole; undefined for anything else.
   */
  readonly elements?: () => Iterable<unknown>;
  readonly format: PipelineFormat;
  /** The position of the value at `pointer` (or of its nearest written ancestor); undefined when unknown. */
  locate(pointer: string): TextPosition | undefined;
}

/** The format a pipeline file's name implies: `.yaml` and `.yml` are YAML, everything else (and stdin) JSON. */
export function pipelineFormatOf(source: string): PipelineFormat {
  return /\.ya?ml$/i.test(source) ? 'yaml' : 'json';
}

/** The largest number of nodes a YAML file may copy through aliases (a "billion laughs" guard). */
const MAX_ALIASED_NODES = 100_000;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Parses a pipeline file's bytes in `format` (default: from the name); syntax errors give line and column. */
export function parsePipelineText(
  bytes: Uint8Array,
  source: string,
  format = pipelineFormatOf(source),
): PipelineText {
  return format === 'yaml' ? parseYaml(bytes, source) : parseJsonc(bytes, source);
}

function invalid(
  source: string,
  kind: string,
  position: TextPosition,
  reason: string,
  cause?: unknown,
): OcispecError {
  return new OcispecError(
    'INVALID_JSON',
    `${source}: invalid ${kind} at line ${position.line}, column ${position.column}: ${reason}`,
    { file: source, cause },
  );
}

/** A batch this large (in bytes) is parsed one pipeline at a time. */
const LAZY_BATCH_BYTES = 1 << 20;

function parseJsonc(bytes: Uint8Array, source: string): PipelineText {
  if (bytes.length >= LAZY_BATCH_BYTES) {
    const lazy = lazyBatch(bytes, source);
    if (lazy !== undefined) return lazy;
  }
  const value = parseJsoncValue(bytes, source);
  return { value, format: 'json', locate: jsonLocator(bytes) };
}

/** The value of JSON-with-comments bytes; syntax errors name the source, line and column. */
function parseJsoncValue(bytes: Uint8Array, source: string): unknown {
  try {
    return decodePipelineJson(bytes, source);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    // Comments are blanked (positions kept) and the text parsed again; without comments, the first error stands.
    const text = decodeOrUndefined(bytes);
    const blanked = text === undefined ? undefined : blankComments(text);
    if (blanked === undefined || blanked === text) {
      throw new OcispecError('INVALID_JSON', error.message, { file: source, cause: error });
    }
    try {
      return decodePipelineJson(new TextEncoder().encode(blanked), source);
    } catch (again) {
      if (again instanceof JsonSyntaxError)
        throw new OcispecError('INVALID_JSON', again.message, { file: source, cause: again });
      throw again;
    }
  }
}

function jsonLocator(bytes: Uint8Array): (pointer: string) => TextPosition | undefined {
  let text: string | undefined;
  let tree: jsoncModule.Node | null | undefined;
  let position: ((offset: number) => TextPosition) | undefined;
  return (pointer) => {
    text ??= decodeOrUndefined(bytes);
    if (text === undefined) return undefined;
    tree ??= parseTreeOf(text);
    if (tree === null) return undefined;
    const offset = offsetIn(tree, pointerSegments(pointer));
    if (offset === undefined) return undefined;
    position ??= positionCursor(text);
    return position(offset);
  };
}

function parseTreeOf(text: string): jsoncModule.Node | null {
  return jsonc.parseTree(text, [], { disallowComments: false, allowTrailingComma: false }) ?? null;
}

/** The offset of the deepest node of `tree` on the path `segments` (the root's when none is found). */
function offsetIn(tree: jsoncModule.Node, segments: readonly string[]): number | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const path = segments.slice(0, n).map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
    const node = jsonc.findNodeAtLocation(tree, path);
    if (node !== undefined) return node.offset;
  }
  return undefined;
}

/**
 * The locator of a split batch: a pointer into element `i` is looked up in that element's own text (a tree of one
 * pipeline, never of the whole batch), its offset counted from the element's start.
 */
function batchLocator(
  text: string,
  ranges: readonly (readonly [number, number])[],
): (pointer: string) => TextPosition | undefined {
  const position = positionCursor(text);
  return (pointer) => {
    const [first, ...rest] = pointerSegments(pointer);
    const range = first !== undefined && /^(0|[1-9]\d*)$/.test(first) ? ranges[Number(first)] : undefined;
    // Not an element's pointer: where the array starts, as a whole-text lookup finds it.
    if (range === undefined) return position(Math.max(0, text.search(/\S/)));
    const tree = parseTreeOf(text.slice(range[0], range[1]));
    const offset = tree === null ? 0 : (offsetIn(tree, rest) ?? 0);
    return position(range[0] + offset);
  };
}

/**
 * A large JSON batch split at its top-level elements without parsing them: each element is parsed when reached.
 * Undefined when the text is not a plain JSON array (comments, a syntax error): the whole-value path handles it.
 */
function lazyBatch(bytes: Uint8Array, source: string): PipelineText | undefined {
  const text = decodeOrUndefined(bytes);
  if (text === undefined) return undefined;
  const ranges = topLevelElements(text);
  if (ranges === undefined) return undefined;
  const encoder = new TextEncoder();
  const origin = originCursor(text);
  const parseAt = ([start, end]: readonly [number, number]) => {
    try {
      return decodePipelineJson(encoder.encode(text.slice(start, end)), source, {
        element: true,
        origin: origin(start),
      });
    } catch {
      // The whole text again, for the error's true line and column.
      return parseJsoncValue(bytes, source);
    }
  };
  let whole: unknown;
  return {
    get value() {
      whole ??= ranges.map(parseAt);
      return whole;
    },
    format: 'json',
    locate: batchLocator(text, ranges),
    elements: function* () {
      for (const range of ranges) yield parseAt(range);
    },
  };
}

/**
 * The position (line, column, byte offset) of offsets of `text`, each counted on from the last one asked when it
 * is not before it: linear over a batch's elements taken in order.
 */
function originCursor(text: string): (offset: number) => JsonOrigin {
  const position = positionCursor(text);
  let at = 0;
  let bytes = 0;
  return (offset) => {
    if (offset < at) {
      at = 0;
      bytes = 0;
    }
    bytes += utf8Length(text.slice(at, offset), offset - at);
    at = offset;
    return { ...position(offset), offset: bytes };
  };
}

/** The `[start, end)` offsets of each element of a top-level JSON array, or undefined when it is none. */
function topLevelElements(text: string): [number, number][] | undefined {
  let i = 0;
  const n = text.length;
  const space = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  space();
  if (text[i] !== '[') return undefined;
  i++;
  const ranges: [number, number][] = [];
  space();
  if (text[i] === ']') return ranges;
  for (;;) {
    space();
    const start = i;
    let depth = 0;
    for (; i < n; i++) {
      const c = text[i];
      if (c === '"') {
        for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      } else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
      else if (c === '/') return undefined;
    }
    if (i >= n) return undefined;
    let end = i;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end === start) return undefined;
    ranges.push([start, end]);
    if (text[i] === ']') {
      i++;
      space();
      return i === n ? ranges : undefined;
    }
    i++;
  }
}

function decodeOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

// jsonc-parser's SyntaxKind values (a const enum, which isolated modules cannot read).
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const EOF = 17;

/** `text` with every comment replaced by spaces (line breaks kept), so that positions do not move. */
export function blankComments(text: string): string {
  const scanner = jsonc.createScanner(text, false);
  const parts: string[] = [];
  let at = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    parts.push(text.slice(at, start), text.slice(start, end).replace(/[^\r\n]/g, ' '));
    at = end;
  }
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}

function parseYaml(bytes: Uint8Array, source: string): PipelineText {
  const text = decodeOrUndefined(bytes);
  if (text === undefined) throw invalid(source, 'YAML', { line: 1, column: 1 }, 'invalid UTF-8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: 'core',
    intAsBigInt: true,
    uniqueKeys: true,
    prettyErrors: false,
    lineCounter,
  });
  const at = (offset: number): TextPosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const first = doc.errors[0];
  if (first !== undefined) {
    throw invalid(
      source,
      'YAML',
      at(first.pos[0]),
      first.message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, ''),
      first,
    );
  }
  const value = yamlToJson(doc, doc.contents, source, at, { aliased: 0, depth: 0 }, new Set());
  return {
    value,
    format: 'yaml',
    locate(pointer) {
      return locateYaml(doc, lineCounter, pointerSegments(pointer));
    },
  };
}

/** A YAML node as the JSON value it stands for; anything JSON cannot hold is an error naming its position. */
function yamlToJson(
  doc: Document,
  node: unknown,
  source: string,
  at: (offset: number) => TextPosition,
  budget: { aliased: number; depth: number },
  active: Set<unknown>,
): unknown {
  const where = (n: unknown) => at((n as YamlNode).range?.[0] ?? 0);
  if (budget.depth > 0 && ++budget.aliased > MAX_ALIASED_NODES) {
    throw invalid(source, 'YAML', where(node), `aliases expand to more than ${MAX_ALIASED_NODES} nodes`);
  }
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined) throw invalid(source, 'YAML', where(node), `unknown alias *${node.source}`);
    if (active.has(target))
      throw invalid(source, 'YAML', where(node), `alias *${node.source} refers to itself`);
    budget.depth++;
    try {
      return yamlToJson(doc, target, source, at, budget, active);
    } finally {
      budget.depth--;
    }
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return v > MAX_SAFE || v < -MAX_SAFE ? v : Number(v);
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw invalid(source, 'YAML', where(node), `${node.source ?? String(v)} is not a JSON number`);
    }
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    throw invalid(source, 'YAML', where(node), 'a value JSON cannot hold');
  }
  active.add(node);
  try {
    if (isSeq(node)) return node.items.map((item) => yamlToJson(doc, item, source, at, budget, active));
    if (isMap(node)) {
      const object: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
        if (!isScalar(key) || typeof key.value !== 'string') {
          throw invalid(source, 'YAML', where(pair.key), 'a mapping key must be a string');
        }
        Object.defineProperty(object, key.value, {
          value: yamlToJson(doc, pair.value, source, at, budget, active),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
  } finally {
    active.delete(node);
  }
  throw invalid(source, 'YAML', where(node), 'a value JSON cannot hold');
}

function locateYaml(
  doc: Document,
  lines: YamlLineCounter,
  segments: readonly string[],
): TextPosition | undefined {
  for (let n = segments.length; n >= 0; n--) {
    const path = segments.slice(0, n).map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
    const node = (n === 0 ? doc.contents : doc.getIn(path, true)) as YamlNode | null | undefined;
    const offset = node?.range?.[0];
    if (offset !== undefined) {
      const { line, col } = lines.linePos(offset);
      return { line, column: col };
    }
  }
  return undefined;
}

/** The unescaped segments of an RFC 6901 pointer (`""` → none). */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
