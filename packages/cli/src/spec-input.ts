import { resolve } from 'node:path';
import { JsonSyntaxError, OcispecError, parseJsonBytes, readFileChecked } from '@ocispec/core';
import type { CliIO } from './io.js';

/** Reads spec JSON losslessly (a file from the current directory, or standard input for `-`), unchecked. */
export async function readSpecJson(file: string, io: CliIO): Promise<{ value: unknown; path: string }> {
  const path = file === '-' ? '<stdin>' : resolve(io.cwd, file);
  const bytes = file === '-' ? await io.stdin() : readFileChecked(path);
  try {
    return { value: parseJsonBytes(bytes, { source: path }), path };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new OcispecError('INVALID_JSON', error.message, { file: path, cause: error });
    }
    throw error;
  }
}
