import type { FrozenSpec } from './engine.js';
import { OcispecError } from './errors.js';
import { checkBytes } from './files/bounded.js';
import type { HostFS } from './host.js';
import { errnoText, nodeHostFS } from './host.js';
import { decodeGo } from './json/go-decode.js';
import { ANY_LAYOUT, JsonPrintError, JsonSyntaxError, printJson } from './json/index.js';
import { specGoType } from './model/go-type.js';
import type { Spec } from './model/index.js';
import { specLayout } from './model/index.js';
import type { Finding } from './report.js';
import type { DecodedSpec } from './spec-decode.js';
import { acceptDecodedSpec, DecodedJson, decodeSpec } from './spec-decode.js';

/** How spec JSON is read. */
export interface SpecParseOptions {
  /** Named in every message (a file path, `<stdin>`, `base of pipeline web`). */
  readonly source?: string;
  /** Reject unknown fields instead of keeping them with a warning. */
  readonly strict?: boolean;
  /** Prefix of the pointers reported (`/base` for a base inline in a pipeline file). */
  readonly pointerPrefix?: string;
}

/** A spec read from JSON: the spec (unknown fields kept) and the warnings about it. */
export interface ParsedSpec {
  readonly spec: Spec;
  readonly warnings: Finding[];
}

/** The default cap on a spec file's size: 10 MiB. */
export const DEFAULT_MAX_SPEC_BYTES = 10 * 1024 * 1024;

function where(source: string | undefined): string {
  return source === undefined ? '' : `${source}: `;
}

/** The JSON type name of a value, as messages print it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

/**
 * Reads an already-parsed value (a base given as an object, from code or a YAML file) as Go would read its JSON:
 * the value is printed as is (insertion order, every key) and decoded like spec text (see `parseSpec`), so that a
 * key Go folds onto a field (`Process`) becomes that field here too, with a warning, instead of an unknown field
 * runc would read as the field. Must be an object; a value Go would refuse throws `BAD_SPEC` naming the source
 * and the JSON pointer; unknown fields and ambiguities are warnings (errors with `strict`). Returns a new spec.
 */
export function checkSpecValue(value: unknown, options: SpecParseOptions = {}): ParsedSpec {
  const prefix = options.pointerPrefix ?? '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OcispecError(
      'BAD_SPEC',
      `${where(options.source)}${prefix === '' ? '' : `${prefix}: `}expected a JSON object, received ${jsonTypeOf(value)}`,
      { file: options.source, pointer: prefix },
    );
  }
  let text: string;
  try {
    text = printJson(value, ANY_LAYOUT);
  } catch (error) {
    if (!(error instanceof JsonPrintError)) throw error;
    const pointer = prefix + error.pointer;
    throw new OcispecError(
      'BAD_SPEC',
      `${where(options.source)}${pointer === '' ? '/' : pointer}: ${error.reason}`,
      {
        file: options.source,
        pointer,
        cause: error,
      },
    );
  }
  // The text is ocispec's own printing: messages name keys by pointer, not by a position in no file.
  const decoded: DecodedSpec = new DecodedJson(
    'specs.Spec',
    decodeGo(text, specGoType, { positions: false }),
  );
  return acceptDecodedSpec(decoded, options);
}

/**
 * Parses spec JSON (text or bytes) as Go reads it ({@link decodeSpec}): the spec is what containerd would read.
 * A value Go fails to decode throws `BAD_SPEC` naming the source and the JSON pointer; ambiguities (repeated or
 * case-folded keys, invalid UTF-8) and unknown fields are warnings, errors with `strict`.
 */
export function parseSpec(input: string | Uint8Array, options: SpecParseOptions = {}): ParsedSpec {
  let decoded: DecodedSpec;
  try {
    decoded = decodeSpec(input, { source: options.source });
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new OcispecError('INVALID_JSON', error.message, { file: options.source, cause: error });
    }
    throw error;
  }
  return acceptDecodedSpec(decoded, options);
}

/** Options of {@link readSpecFile}. */
export interface ReadSpecFileOptions extends Omit<SpecParseOptions, 'source'> {
  /** Largest file accepted, in bytes (default 10 MiB). */
  readonly maxBytes?: number;
  readonly fs?: HostFS;
}

/**
 * The one safe read of a whole file, with one-line errors naming it: through `fs.readFile` (on the real host: open
 * once without blocking, `fstat` the descriptor, regular files only — a FIFO, device, socket or directory fails
 * naming what it is —, at most `maxBytes` bytes actually read; default 10 MiB, a spec file's limit).
 */
export function readFileChecked(
  path: string,
  fs: HostFS = nodeHostFS,
  maxBytes = DEFAULT_MAX_SPEC_BYTES,
): Uint8Array {
  try {
    return checkBytes(fs.readFile(path, { maxBytes }), maxBytes);
  } catch (error) {
    throw new OcispecError('FILE_ERROR', `${path}: ${errnoText(error)}`, { file: path, cause: error });
  }
}

/** Reads, parses and checks a spec file. Errors are one line naming the file (and the JSON pointer). */
export function readSpecFile(path: string, options: ReadSpecFileOptions = {}): ParsedSpec {
  const bytes = readFileChecked(path, options.fs, options.maxBytes);
  return parseSpec(bytes, { ...options, source: path });
}

/** Printing options: indentation (default none) and Go's HTML escaping of `<`, `>`, `&` (default on). */
export interface PrintSpecOptions {
  readonly indent?: number | string;
  readonly escapeHtml?: boolean;
}

/**
 * Prints a spec as containerd does: runtime-spec field order, Go's omit-empty rules, exact 64-bit integers; unknown
 * fields after the known ones.
 */
export function printSpec(spec: Spec | FrozenSpec, options: PrintSpecOptions = {}): string {
  return printJson(spec, specLayout, options);
}
