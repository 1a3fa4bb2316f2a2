/**
 * What the flags that decide what a command may read and run mean, in one place: `--max-input-size` (every command
 * that reads input), `--allow-plugins` and `--files-root` (the commands that run pipeline files; declared in
 * `flags.ts`). They map onto core's `PipelineRunner` options (`maxInputBytes`, `allowPlugins`, `filesRoot`) and the
 * base store's `maxBytes`; standard input is read through core's bounded read. See docs/security.md.
 */
import * as path from 'node:path';
import type { RunPipelineOptions } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';
import { checkBytes, DEFAULT_MAX_INPUT_BYTES } from '@ocispec/core/internal';
import type { FlagValues } from './command.js';
import { booleanFlag, stringFlag } from './command.js';
import type { CliIO } from './io.js';

/** `--max-input-size` in bytes (parsed by its flag definition), or undefined: each input's own default. */
export function maxInputBytes(flags: FlagValues): number | undefined {
  const value = flags['max-input-size'];
  return typeof value === 'number' ? value : undefined;
}

/** The largest pipeline file or standard input a pipeline-running command reads: `--max-input-size`, or 64 MiB. */
export function inputLimit(flags: FlagValues): number {
  return maxInputBytes(flags) ?? DEFAULT_MAX_INPUT_BYTES;
}

/** How a refused plugin says to opt in, in the CLI's words. */
export const PLUGIN_CONSENT_HINT =
  'run with --allow-plugins to import the plugins pipeline files name, or pass --plugin MODULE';

/** The runner options of `--allow-plugins`, `--files-root` (resolved from `cwd`) and `--max-input-size`. */
export function pipelineAccess(
  flags: FlagValues,
  cwd: string,
): Pick<RunPipelineOptions, 'allowPlugins' | 'pluginConsentHint' | 'filesRoot' | 'maxInputBytes'> {
  const root = stringFlag(flags, 'files-root');
  return {
    allowPlugins: booleanFlag(flags, 'allow-plugins'),
    pluginConsentHint: PLUGIN_CONSENT_HINT,
    filesRoot: root === undefined ? undefined : path.resolve(cwd, root),
    maxInputBytes: maxInputBytes(flags),
  };
}

/** Reads standard input, at most `maxBytes`: more is one line (`<stdin>: input is over the limit of N bytes`). */
export async function readStdin(io: CliIO, maxBytes: number): Promise<Uint8Array> {
  try {
    return checkBytes(await io.stdin(maxBytes), maxBytes, 'input');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EFBIG') throw error;
    throw new OcispecError('FILE_ERROR', `<stdin>: ${(error as Error).message}`, {
      file: '<stdin>',
      cause: error,
    });
  }
}
