/**
 * Every failure a user can cause is an {@link OcispecError}: a string `code` from the fixed set below and a
 * one-line message that names the file, JSON pointer or option concerned. Factories keep the wording in one place.
 */

/** The fixed set of error codes, alphabetical. */
export type ErrorCode =
  | 'BAD_ARGUMENT'
  | 'BAD_PIPELINE'
  | 'BAD_PLATFORM'
  | 'BAD_SPEC'
  | 'DUPLICATE_OPTION'
  | 'FILE_ERROR'
  | 'INVALID_JSON'
  | 'MISSING_SECTION'
  | 'NAMESPACE_REQUIRED'
  | 'NO_DEFAULT_SPEC'
  | 'NOT_JSON'
  | 'OPTION_FAILED'
  | 'PIPELINE_FROZEN'
  | 'PLUGIN_FAILED'
  | 'PLUGIN_INCOMPATIBLE'
  | 'PLUGIN_NOT_ALLOWED'
  | 'UNKNOWN_OPTION';

/** Structured details carried by an error; all optional. */
export interface ErrorDetails {
  /** The file concerned. */
  readonly file?: string;
  /** RFC 6901 pointer into the spec or pipeline file. */
  readonly pointer?: string;
  /** The option concerned, by registry name. */
  readonly option?: string;
  /** The option's position in the pipeline's option list (0-based). */
  readonly index?: number;
  /** The plugin concerned. */
  readonly plugin?: string;
  /** The hook concerned. */
  readonly hook?: string;
  readonly cause?: unknown;
}

/** Marks an {@link OcispecError}, whichever copy of this package made it (`Symbol.for`: one key per process). */
const OCISPEC_ERROR = Symbol.for('@ocispec/core.OcispecError');

/**
 * The error type of every failure ocispec reports. Its message is always a single line.
 *
 * `instanceof OcispecError` also holds for an error made by another copy of `@ocispec/core` (a plugin loaded by
 * the bundled CLI brings its own), so that a plugin's user errors are told from its crashes everywhere.
 */
export class OcispecError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: the class right of `instanceof`; subclasses inherit this method
    const asked: unknown = this;
    if (Function.prototype[Symbol.hasInstance].call(asked, value)) return true;
    return asked === OcispecError && isBranded(value);
  }

  override readonly name = 'OcispecError';
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly option: string | undefined;
  readonly index: number | undefined;
  readonly plugin: string | undefined;
  readonly hook: string | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(oneLine(message), details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.pointer = details.pointer;
    this.option = details.option;
    this.index = details.index;
    this.plugin = details.plugin;
    this.hook = details.hook;
    Object.defineProperty(this, OCISPEC_ERROR, { value: true });
  }
}

function isBranded(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [OCISPEC_ERROR]?: unknown })[OCISPEC_ERROR] === true
  );
}

/** True for an {@link OcispecError}, optionally of one code. */
export function isOcispecError(value: unknown, code?: ErrorCode): value is OcispecError {
  try {
    return value instanceof OcispecError && (code === undefined || value.code === code);
  } catch {
    return false; // A thrown proxy whose traps throw is no OcispecError.
  }
}

/**
 * The message of anything thrown, as one meaningful line. An Error gives its message (its name when the message is
 * empty); a thrown string is the message; any other value is described (`threw 42`, `threw null`, `threw no value`,
 * `threw Symbol(x)`, `threw {"code":7}`, an object's own `message`), cycles and hostile getters included: never
 * `undefined` or `[object Object]`.
 */
export function messageOf(error: unknown): string {
  let text: string;
  try {
    text = describeThrown(error);
  } catch {
    text = 'threw a value that cannot be printed';
  }
  const line = oneLine(text);
  return line === '' ? 'threw an empty message' : line;
}

const MAX_VALUE_TEXT = 200;

function describeThrown(error: unknown): string {
  if (error instanceof Error) return errorText(error);
  if (typeof error === 'string') return error === '' ? 'threw an empty string' : error;
  if (error === undefined) return 'threw no value';
  if (error === null) return 'threw null';
  if (typeof error === 'symbol') return `threw ${error.toString()}`;
  if (typeof error === 'bigint') return `threw ${error}n`;
  if (typeof error === 'function') return `threw a function${error.name === '' ? '' : ` ${error.name}`}`;
  if (typeof error !== 'object') return `threw ${String(error)}`;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && message.trim() !== '') return message;
  return `threw ${objectText(error)}`;
}

/** An Error's message, or its name (and code) when it has no message. */
function errorText(error: Error): string {
  const message = typeof error.message === 'string' ? error.message : describeThrown(error.message);
  if (message.trim() !== '') return message;
  const code = (error as { code?: unknown }).code;
  const name = typeof error.name === 'string' && error.name !== '' ? error.name : 'Error';
  return `${name}${typeof code === 'string' ? ` ${code}` : ''} (no message)`;
}

/** An object as compact JSON (cycles shown as `[Circular]`, bigints as `12n`), or its class name. */
function objectText(value: object): string {
  const custom = customString(value);
  if (custom !== undefined) return custom;
  const seen = new WeakSet<object>();
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return String(v);
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  const className =
    typeof name === 'string' && name !== '' && name !== 'Object' && name !== 'Array' ? name : undefined;
  if (json === undefined || json === '{}' || json === '[]') {
    return className === undefined
      ? Array.isArray(value)
        ? 'an empty array'
        : 'an empty object'
      : `a ${className}`;
  }
  const text = json.length > MAX_VALUE_TEXT ? `${json.slice(0, MAX_VALUE_TEXT - 3)}...` : json;
  return className === undefined ? text : `a ${className} ${text}`;
}

/** `String(value)` when the object defines its own `toString` (not `[object …]`). */
function customString(value: object): string | undefined {
  if (!('toString' in value) || value.toString === Object.prototype.toString) return undefined;
  if (Array.isArray(value)) return undefined;
  const text = String(value);
  return /^\[object [^\]]*\]$/.test(text) ? undefined : text;
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/**
 * An option threw: wraps the cause with the option's name and index. A missing section keeps its code
 * (`MISSING_SECTION`) and pointer; everything else is `OPTION_FAILED`.
 */
export function optionFailed(option: string, index: number, cause: unknown): OcispecError {
  const missing = isOcispecError(cause, 'MISSING_SECTION');
  return new OcispecError(
    missing ? 'MISSING_SECTION' : 'OPTION_FAILED',
    `option ${index} (${option}): ${messageOf(cause)}`,
    {
      option,
      index,
      pointer: missing ? cause.pointer : undefined,
      cause,
    },
  );
}

/**
 * A section an option needs is missing where containerd HEAD dereferences it without creating it: containerd panics
 * there and produces no spec, so ocispec fails (`MISSING_SECTION`, the section's pointer). `section` is the JSON
 * path (`linux`, `linux.resources`, `process.capabilities`).
 */
export function missingSection(section: string): OcispecError {
  const pointer = `/${section.split('.').join('/')}`;
  return new OcispecError(
    'MISSING_SECTION',
    `the spec has no ${section}: containerd dereferences it here and panics, producing no spec (create it first)`,
    { pointer },
  );
}

/** A plugin's apply() or hook tap threw. */
export function pluginFailed(plugin: string, hook: string, cause: unknown): OcispecError {
  if (isOcispecError(cause, 'PLUGIN_FAILED')) return cause;
  return new OcispecError('PLUGIN_FAILED', `plugin ${plugin} (${hook}): ${messageOf(cause)}`, {
    plugin,
    hook,
    cause,
  });
}

/**
 * An error raised inside an option with containerd's own wording. Options throw these (or any Error); the
 * pipeline wraps them with `optionFailed`.
 */
export class SpecOptError extends Error {
  override readonly name = 'SpecOptError';
}
