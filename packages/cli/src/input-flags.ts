/**
 * The flags that decide what a command may read and run, in one place: `--max-input-size` (every command that
 * reads input), `--allow-plugins` and `--files-root` (the commands that run pipeline files). They map onto core's
 * `PipelineRunner` options (`maxInputBytes`, `allowPlugins`, `filesRoot`) and the base store's `maxBytes`.
 * See docs/security.md.
 */
import * as path from 'node:path';
import type { RunPipelineOptions } from '@ocispec/core';
import { checkBytes, OcispecError } from '@ocispec/core';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

/** `--max-input-size`: for every command that reads a file or standard input. */
export const INPUT_SIZE_OPTION = { 'max-input-size': { type: 'string' } } as const;

/** `--allow-plugins` and `--files-root`: for the commands that run pipeline files. */
export const PIPELINE_TRUST_OPTIONS = {
  'allow-plugins': { type: 'boolean' },
  'files-root': { type: 'string' },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const SIZE = /^([0-9]+)\s*([kmg]?)(?:i?b)?$/i;

/**
 * `--max-input-size N`: bytes, or with a binary unit (`512K`, `64M`, `1G`, `64MiB`). Absent: `undefined` (each
 * input's default). Anything else is a usage error.
 */
export function maxInputSize(command: string, values: Values): number | undefined {
  const value = values['max-input-size'];
  if (value === undefined) return undefined;
  const match = typeof value === 'string' ? SIZE.exec(value.trim()) : null;
  const bytes = match === null ? Number.NaN : Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(
      `${command}: --max-input-size must be a positive number of bytes (e.g. 1048576, 512K, 64M, 1G), got ${JSON.stringify(value)}`,
    );
  }
  return bytes;
}

/** The runner options of `--allow-plugins`, `--files-root` and `--max-input-size`. */
export function pipelineAccess(
  command: string,
  values: Values,
  cwd: string,
): Pick<RunPipelineOptions, 'allowPlugins' | 'pluginConsentHint' | 'filesRoot' | 'maxInputBytes'> {
  const root = values['files-root'];
  if (root !== undefined && (typeof root !== 'string' || root === '')) {
    throw new UsageError(`${command}: --files-root needs a directory`);
  }
  return {
    allowPlugins: values['allow-plugins'] === true,
    pluginConsentHint:
      'run with --allow-plugins to import the plugins pipeline files name, or pass --plugin MODULE',
    filesRoot: typeof root === 'string' ? path.resolve(cwd, root) : undefined,
    maxInputBytes: maxInputSize(command, values),
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
