/** The types of the Go-exact decoder's input and report (`go-decode.ts`). */
import type { GoStructType, GoType } from '../model/go-type.js';

/** Where one key (or string) of a report is in the text. */
export interface JsonLocation {
  /** JSON pointer of the key as written (`/Process/USER`); for invalid UTF-8, of the string. */
  readonly pointer: string;
  /** The key as written (absent for a string value). */
  readonly key?: string;
  /** 1-based line and column (in code points) of the key's opening quote. */
  readonly line: number;
  readonly column: number;
  /** 0-based offset: UTF-16 units for text input, bytes for byte input. */
  readonly offset: number;
}

/**
 * Why readers disagree about a text: `duplicate`, a key repeated in one object; `fold`, different keys that Go
 * reads as one field (`process`, `Process`, `proceſs`); `spelling`, one key that Go reads as a field only by case
 * folding (exact-matching readers ignore it); `invalid-utf8`, bytes Go reads as U+FFFD and strict readers reject.
 */
export type JsonAmbiguityKind = 'duplicate' | 'fold' | 'spelling' | 'invalid-utf8';

/** One place where what Go reads differs from what another reader of the same text reads. */
export interface JsonAmbiguity {
  readonly kind: JsonAmbiguityKind;
  /** JSON pointer of the value as Go reads it, canonical keys (`/process`). */
  readonly pointer: string;
  /** Each key involved, in document order (one location for `spelling` and `invalid-utf8`). */
  readonly locations: readonly JsonLocation[];
  /** One line: what each reader sees. */
  readonly message: string;
}

/**
 * Why Go's decoder fails: `type`, a value of the wrong JSON type; `int-syntax`, an integer literal Go's
 * `strconv` rejects although it is in range (`1000.0`, `1e3`, `-0` on an unsigned field); `int-range`, an integer
 * outside the Go type; `float-range`, a number beyond float64 in an `interface{}` field.
 */
export type DecodeProblemKind = 'type' | 'int-syntax' | 'int-range' | 'float-range';

/** Where and why Go's decoder fails (Go reports the first; every one is collected). */
export interface DecodeProblem {
  readonly kind: DecodeProblemKind;
  /** JSON pointer of the value, canonical keys. */
  readonly pointer: string;
  /** One line, e.g. `expected uint32 (0..4294967295), got 1e3: Go's strconv.ParseUint takes no exponent`. */
  readonly message: string;
  /** For `type` problems: the JSON type found. */
  readonly received?: JsonKind;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A JSON value's type, as messages name it. */
export type JsonKind = 'object' | 'array' | 'string' | 'boolean' | 'number';

/** What the decoder found in one value decoded as a Go type. */
export interface GoDecodeReport {
  readonly ambiguities: readonly JsonAmbiguity[];
  readonly problems: readonly DecodeProblem[];
  /** JSON pointers (canonical keys) of the unknown fields, in document order, each once. */
  readonly unknownFields: readonly string[];
}

/** The decoded value and its report. */
export interface GoDecodeResult extends GoDecodeReport {
  readonly value: unknown;
  /** The text was `null` (Go decodes it as the zero value, leaving a struct empty). */
  readonly isNull: boolean;
  /** The reports of the values an {@link EmbeddedGoType} decoded, by their decoded object. */
  readonly embedded: ReadonlyMap<object, GoDecodeReport>;
}

/**
 * ocispec's own JSON formats (pipeline files): free JSON, numbers as the lossless parser reads them, the last
 * duplicate winning, except for the `members` (exact keys) and `elements` decoded by their types.
 */
export interface FreeJsonType {
  readonly kind: 'free';
  readonly members?: ReadonlyMap<string, DecodeType>;
  readonly elements?: DecodeType;
}

/** A member holding a Go value (an inline base spec): an object is decoded as `type` with its own report. */
export interface EmbeddedGoType {
  readonly kind: 'embedded';
  readonly type: GoStructType;
}

export type DecodeType = GoType | FreeJsonType | EmbeddedGoType;

/** Options of {@link decodeGo}. */
export interface GoDecodeOptions {
  /** Names the input in syntax errors. */
  readonly source?: string;
  readonly maxDepth?: number;
  /** Bytes that are not UTF-8: `replace` as Go does (the default), or `reject` with a syntax error. */
  readonly invalidUtf8?: 'replace' | 'reject';
  /**
   * Where the text starts in a larger document (one pipeline of a batch split at its elements): the lines,
   * columns and offsets of the report count on from there. Default: line 1, column 1, offset 0.
   */
  readonly origin?: JsonOrigin;
  /**
   * Whether messages name each key's line and column (default true). False for a text ocispec printed itself from
   * a value (a base given as an object): its positions are in no file, so messages name each key's pointer only.
   */
  readonly positions?: boolean;
}

/** A position in a document: 1-based line and column (code points), 0-based offset (bytes for byte input). */
export interface JsonOrigin {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}
