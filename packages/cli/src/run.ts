import { checkBytes } from '@ocispec/core/internal';
import type { CliIO } from './io.js';
import { main } from './main.js';

/** What one in-process run of the CLI printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `ocispec` command in-process with buffered output (for tests and for integrators embedding the CLI):
 * `cwd` resolves relative paths (default: the process's), `stdin` is what `-` reads (held to the command's input
 * limit, as the real standard input is).
 */
export async function runCli(
  argv: readonly string[],
  options: { readonly cwd?: string; readonly stdin?: string | Uint8Array } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = options.stdin ?? '';
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdin: async (maxBytes) =>
      checkBytes(typeof input === 'string' ? new TextEncoder().encode(input) : input, maxBytes, 'input'),
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
