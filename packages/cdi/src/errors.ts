/**
 * Every failure of this package is a {@link CdiError}: a string code from the fixed set below and a one-line
 * message naming the file, the JSON pointer into it and, when known, the line and column.
 */

/** The fixed set of error codes, alphabetical. */
export type CdiErrorCode =
  /** An annotation could not be encoded or decoded (`cdi.k8s.io/...`). */
  | 'CDI_ANNOTATION'
  /** The same device is defined by two spec files of the same priority. */
  | 'CDI_CONFLICT'
  /** A spec file could not be listed or read (missing, a directory, unreadable, too large). */
  | 'CDI_FILE'
  /** Injecting resolved devices failed (a host device node that cannot be read, a type mismatch). */
  | 'CDI_INJECTION'
  /** A spec file is not a valid CDI spec: YAML syntax, a wrong type, an unknown field, a rule of the CDI spec. */
  | 'CDI_INVALID_SPEC'
  /** A device name is not a valid qualified name (`vendor.com/class=name`). */
  | 'CDI_NAME'
  /** Requested devices that no spec defines. */
  | 'CDI_UNRESOLVABLE';

/** Where in a spec file a problem is. */
export interface CdiLocation {
  readonly file?: string | undefined;
  /** RFC 6901 pointer into the spec document (`/devices/0/name`). */
  readonly pointer?: string | undefined;
  /** 1-based line and column of the value, when the document was parsed from text. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

export interface CdiErrorDetails extends CdiLocation {
  readonly cause?: unknown;
}

/** The error type of every failure this package reports. Its message is always one line. */
export class CdiError extends Error {
  override readonly name = 'CdiError';
  readonly code: CdiErrorCode;
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor(code: CdiErrorCode, reason: string, details: CdiErrorDetails = {}) {
    super(
      oneLine(`${formatLocation(details)}${reason}`),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.code = code;
    this.reason = oneLine(reason);
    this.file = details.file;
    this.pointer = details.pointer;
    this.line = details.line;
    this.column = details.column;
  }
}

/**
 * Requested devices that no spec defines. The message is the reference's, after an optional `context`:
 * `unresolvable CDI devices vendor.com/gpu=0, vendor.com/gpu=1`.
 */
export class UnresolvableDevicesError extends CdiError {
  /** The unresolvable names, in request order. */
  readonly devices: readonly string[];

  /** `detail` follows the list (why the devices may be missing: the registry's errors). */
  constructor(devices: readonly string[], context = '', detail = '') {
    super('CDI_UNRESOLVABLE', `${context}unresolvable CDI devices ${devices.join(', ')}${detail}`);
    this.devices = Object.freeze([...devices]);
  }
}

/** `file: /pointer (line 3, column 9): ` — the parts that are known. */
export function formatLocation(location: CdiLocation): string {
  let out = location.file === undefined ? '' : `${location.file}: `;
  if (location.pointer !== undefined) {
    out += location.pointer === '' ? '/' : location.pointer;
    if (location.line !== undefined) out += ` (line ${location.line}, column ${location.column ?? 1})`;
    out += ': ';
  }
  return out;
}

/** The message of anything thrown, as one line. */
export function reasonOf(error: unknown): string {
  if (error instanceof CdiError) return error.reason;
  return oneLine(error instanceof Error ? error.message : String(error));
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
