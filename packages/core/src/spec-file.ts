import type { FrozenSpec } from './engine.js';
import { OcispecError } from './errors.js';
import type { HostFS } from './host.js';
import { errnoText, nodeHostFS } from './host.js';
import { JsonSyntaxError, parseJson, parseJsonBytes, printJson } from './json/index.js';
import type { Spec } from './model/index.js';
import { findUnknownFields, SpecSchema, specLayout } from './model/index.js';
import type { Finding } from './report.js';
import { firstProblem } from './zod-issues.js';

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
 * Checks an already-parsed JSON value against the spec model: an object, every known field of the right type and
 * range. Unknown fields are kept and returned as warnings (errors with `strict`). Throws `BAD_SPEC` naming the
 * source and the JSON pointer of the first problem.
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
  const result = SpecSchema.safeParse(value);
  if (!result.success) {
    const { pointer, message } = firstProblem(result.error, prefix);
    throw new OcispecError(
      'BAD_SPEC',
      `${where(options.source)}${pointer === '' ? '/' : pointer}: ${message}`,
      {
        file: options.source,
        pointer,
      },
    );
  }
  const warnings: Finding[] = findUnknownFields(value).map((pointer) => ({
    severity: 'warning',
    pointer: prefix + pointer,
    rule: 'unknown-field',
    message: 'unknown field, kept as is (containerd would drop it)',
  }));
  if (options.strict === true && warnings.length > 0) {
    const pointer = warnings[0]!.pointer;
    throw new OcispecError('BAD_SPEC', `${where(options.source)}${pointer}: unknown field (strict mode)`, {
      file: options.source,
      pointer,
    });
  }
  return { spec: value as Spec, warnings };
}

/** Parses spec JSON losslessly (text or UTF-8 bytes) and checks it (see {@link checkSpecValue}). */
export function parseSpec(input: string | Uint8Array, options: SpecParseOptions = {}): ParsedSpec {
  let value: unknown;
  try {
    value =
      typeof input === 'string'
        ? parseJson(input, { source: options.source })
        : parseJsonBytes(input, { source: options.source });
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new OcispecError('INVALID_JSON', error.message, { file: options.source, cause: error });
    }
    throw error;
  }
  return checkSpecValue(value, options);
}

/** Options of {@link readSpecFile}. */
export interface ReadSpecFileOptions extends Omit<SpecParseOptions, 'source'> {
  /** Largest file accepted, in bytes (default 10 MiB). */
  readonly maxBytes?: number;
  readonly fs?: HostFS;
}

/** Reads raw bytes of a file with one-line errors naming it: missing, a directory, unreadable, too large. */
export function readFileChecked(
  path: string,
  fs: HostFS = nodeHostFS,
  maxBytes = DEFAULT_MAX_SPEC_BYTES,
): Uint8Array {
  let size: number;
  try {
    const stat = fs.stat(path);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw new OcispecError('FILE_ERROR', `${path}: ${errnoText(error)}`, { file: path, cause: error });
  }
  if (size > maxBytes) {
    throw new OcispecError(
      'FILE_ERROR',
      `${path}: file is ${size} bytes, over the limit of ${maxBytes} bytes`,
      {
        file: path,
      },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(path);
  } catch (error) {
    throw new OcispecError('FILE_ERROR', `${path}: ${errnoText(error)}`, { file: path, cause: error });
  }
  if (bytes.length > maxBytes) {
    throw new OcispecError('FILE_ERROR', `${path}: file is over the limit of ${maxBytes} bytes`, {
      file: path,
    });
  }
  return bytes;
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
