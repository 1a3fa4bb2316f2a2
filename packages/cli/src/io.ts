import { readStreamBounded } from '@ocispec/core';

/** Where a command reads and writes: the real process by default, buffers in tests. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads all of standard input (for `-`), at most `maxBytes` (more fails with an `EFBIG` error). */
  readonly stdin: (maxBytes: number) => Promise<Uint8Array>;
  readonly cwd: string;
}

/** The real process's streams. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: (maxBytes) => readStreamBounded(process.stdin, maxBytes),
    cwd: process.cwd(),
  };
}

/** A usage error: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
