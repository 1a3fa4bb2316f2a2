/**
 * The Go-exact decoder's findings as users get them: offsets resolved to lines and columns once, at the end of a
 * decode, and the one-line messages of each ambiguity.
 */
import type { GoType } from '../model/go-type.js';
import { toPointer } from '../model/pointer.js';
import type {
  DecodeProblem,
  DecodeProblemKind,
  GoDecodeReport,
  JsonAmbiguity,
  JsonKind,
  JsonLocation,
  JsonOrigin,
} from './go-decode-types.js';
import { lineAndColumn, utf8Length } from './position.js';

/** A segment of a JSON pointer: an object key or an array index. */
export type Segment = string | number;

/** A finding whose positions are resolved once, at the end. */
export interface PendingKeys {
  readonly kind: 'keys';
  readonly what: 'field' | 'map' | 'unknown';
  /** The Go type decoded at the pointer (fields), to say what Go does with the repeats. */
  readonly type: GoType | undefined;
  readonly pointer: string;
  /** Canonical name (fields) or the key (map, unknown). */
  readonly name: string;
  readonly parent: readonly Segment[];
  readonly offsets: readonly number[];
}

export interface PendingUtf8 {
  readonly kind: 'utf8';
  readonly pointer: string;
  readonly written: string;
  readonly offset: number;
}

export interface PendingProblem {
  readonly kind: DecodeProblemKind;
  readonly pointer: string;
  readonly message: string;
  readonly offset: number;
  readonly received?: JsonKind;
}

/** The findings of one decoded value, positions unresolved. */
export interface Collector {
  readonly keys: (PendingKeys | PendingUtf8)[];
  readonly problems: PendingProblem[];
  readonly unknown: string[];
}

export function newCollector(): Collector {
  return { keys: [], problems: [], unknown: [] };
}

/** What Go does with a field's repeats, for messages. */
function repeatEffect(type: GoType | undefined): string {
  const inner = type?.kind === 'pointer' ? type.elem : type;
  switch (inner?.kind) {
    case 'struct':
      return 'Go merges them (each decoded into the same struct)';
    case 'map':
      return 'Go adds every entry to one map';
    case 'slice':
      return 'Go decodes each array into the elements of the previous one';
    default:
      return 'Go keeps the last';
  }
}

const quote = (s: string): string => JSON.stringify(s);

/** `/Process 1:2`: where a key was written (its pointer alone for a text no file holds). */
function located(location: JsonLocation, positions = true): string {
  const pointer = location.pointer === '' ? '/' : location.pointer;
  return positions ? `${pointer} ${location.line}:${location.column}` : pointer;
}

/** What resolving needs from the decoder: the text, the reported offset of a position, the key at an offset. */
export interface ReportSource {
  readonly text: string;
  /** The offset reported for a text offset, given the UTF-8 length of the text before it. */
  readonly offsetOf: (utf8: number, offset: number) => number;
  readonly keyAt: (offset: number) => string;
  /** Where the text starts in its document (see `GoDecodeOptions.origin`). */
  readonly origin?: JsonOrigin;
  /** Messages name lines and columns (see `GoDecodeOptions.positions`); default true. */
  readonly positions?: boolean;
}

type Position = { line: number; column: number; offset: number };

/** The report of a collector: every position resolved, ambiguities and problems in document order. */
export function resolveReport(collector: Collector, source: ReportSource): GoDecodeReport {
  const offsets: number[] = [];
  for (const entry of collector.keys) {
    if (entry.kind === 'keys') offsets.push(...entry.offsets);
    else offsets.push(entry.offset);
  }
  for (const problem of collector.problems) offsets.push(problem.offset);
  const where = locate(source, offsets);
  const ambiguities = collector.keys
    .map((entry) =>
      entry.kind === 'keys' ? keysAmbiguity(entry, where, source) : utf8Ambiguity(entry, where, source),
    )
    .sort((a, b) => a.locations[0]!.offset - b.locations[0]!.offset);
  const problems = [...collector.problems]
    .sort((a, b) => a.offset - b.offset)
    .map((problem): DecodeProblem => ({ ...problem, ...where.get(problem.offset)! }));
  return { ambiguities, problems, unknownFields: [...new Set(collector.unknown)] };
}

/** Line, column and reported offset of each text offset, in one pass over the text. */
function locate(source: ReportSource, offsets: readonly number[]): Map<number, Position> {
  const text = source.text;
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const result = new Map<number, Position>();
  let line = source.origin?.line ?? 1;
  let column = source.origin?.column ?? 1;
  const base = source.origin?.offset ?? 0;
  let at = 0;
  let bytes = 0;
  for (const target of sorted) {
    const piece = text.slice(at, target);
    const step = lineAndColumn(piece, piece.length);
    if (step.line > 1) {
      line += step.line - 1;
      column = step.column;
    } else column += step.column - 1;
    bytes += utf8Length(piece, piece.length);
    at = target;
    result.set(target, { line, column, offset: base + source.offsetOf(bytes, target) });
  }
  return result;
}

function keysAmbiguity(
  entry: PendingKeys,
  where: Map<number, Position>,
  source: ReportSource,
): JsonAmbiguity {
  const locations: JsonLocation[] = entry.offsets.map((offset) => {
    const key = source.keyAt(offset);
    return { pointer: toPointer([...entry.parent, key]), key, ...where.get(offset)! };
  });
  const at = locations.map((l) => located(l, source.positions)).join(', ');
  const spellings = [...new Set(locations.map((l) => l.key!))];
  const target = entry.pointer;
  if (locations.length === 1) {
    return {
      kind: 'spelling',
      pointer: target,
      locations,
      message: `key ${quote(spellings[0]!)} at ${at} is read by Go as ${target} (case-insensitive matching); exact-matching readers (crun, youki, JSON Schema) ignore it`,
    };
  }
  if (spellings.length === 1) {
    const effect =
      entry.what === 'field'
        ? repeatEffect(entry.type)
        : entry.what === 'map'
          ? 'Go keeps the last value'
          : 'ocispec keeps the last (Go ignores the unknown field)';
    return {
      kind: 'duplicate',
      pointer: target,
      locations,
      message: `key ${quote(spellings[0]!)} appears ${locations.length} times in one object (at ${at}): ${effect}; readers that keep the first or the last see something else`,
    };
  }
  return {
    kind: 'fold',
    pointer: target,
    locations,
    message: `keys ${spellings.map(quote).join(', ')} (at ${at}) all name ${target} for Go (case-insensitive matching): ${repeatEffect(entry.type)}; exact-matching readers (crun, youki, JSON Schema) read only ${quote(entry.name)}`,
  };
}

function utf8Ambiguity(
  entry: PendingUtf8,
  where: Map<number, Position>,
  source: ReportSource,
): JsonAmbiguity {
  const at = where.get(entry.offset)!;
  return {
    kind: 'invalid-utf8',
    pointer: entry.pointer,
    locations: [{ pointer: entry.written, ...at }],
    message: `invalid UTF-8 in a string (at ${located({ pointer: entry.written, ...at }, source.positions)}): Go reads each invalid byte as U+FFFD; strict readers reject the file`,
  };
}
