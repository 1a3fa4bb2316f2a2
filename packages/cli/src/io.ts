import type { ModuleImporter } from '@ocispec/core';

/** Where a command reads and writes: the real process by default, buffers in tests. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for `-`), at most `maxBytes` (more fails with an `EFBIG` error). */
  readonly stdin: (maxBytes: number) => Promise<Uint8Array>;
  readonly cwd: string;
  /** Whether help and messages on each stream get colour (a terminal, NO_COLOR and FORCE_COLOR honoured). */
  readonly colour?: { readonly stdout: boolean; readonly stderr: boolean };
  /**
   * How plugin modules are imported; default `import()`. The launcher passes its own: code V8 compiled from the
   * code cache has no `import()` of its own.
   */
  readonly importModule?: ModuleImporter;
}

/** A usage error: printed with a hint to `--help`, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Writing standard output failed (`EPIPE`: the reader went away; `ENOSPC`, `EIO`: the output cannot take it).
 * `EPIPE` ends the command quietly with exit 141 (128 + SIGPIPE, what a shell reports for a tool killed by the
 * signal); every other code is one line on stderr and exit 1.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly code: string;

  constructor(stream: string, code: string, cause: unknown) {
    super(`cannot write ${stream}: ${describeErrno(code)}`, { cause });
    this.code = code;
  }
}

/** The exit code of a command that found its standard output closed. */
export const EXIT_EPIPE = 141;

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device (ENOSPC)',
  EIO: 'input/output error (EIO)',
  EPIPE: 'broken pipe (EPIPE)',
  EBADF: 'bad file descriptor (EBADF)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EFBIG: 'file too large (EFBIG)',
};

function describeErrno(code: string): string {
  return Object.hasOwn(ERRNO_TEXT, code) ? ERRNO_TEXT[code]! : code;
}

/** The errno code of a failed write, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * Whether a stream gets colour: never with `NO_COLOR` set (any non-empty value), always with `FORCE_COLOR` set
 * (except `0` and `false`), otherwise on a terminal whose `TERM` is not `dumb`.
 */
export function colourFor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}
