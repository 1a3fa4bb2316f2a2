import { resolve } from 'node:path';
import type { DecodedSpec } from '@ocispec/core';
import { decodeSpec, JsonSyntaxError, OcispecError } from '@ocispec/core';
import { DEFAULT_MAX_SPEC_BYTES, nodeHostFS, readFileChecked } from '@ocispec/core/internal';
import { readStdin } from './input-flags.js';
import type { CliIO } from './io.js';

/**
 * Reads spec JSON (a file from the current directory, or standard input for `-`) as Go reads it (`decodeSpec`),
 * unchecked: validate and lint see what runc runs, with the decoding's problems and ambiguities. The safe read, at
 * most `maxBytes` (`--max-input-size`; default 10 MiB, a spec file's limit).
 */
export async function readSpecJson(
  file: string,
  io: CliIO,
  maxBytes = DEFAULT_MAX_SPEC_BYTES,
): Promise<{ value: DecodedSpec; path: string }> {
  const path = file === '-' ? '<stdin>' : resolve(io.cwd, file);
  const bytes = file === '-' ? await readStdin(io, maxBytes) : readFileChecked(path, nodeHostFS, maxBytes);
  try {
    return { value: decodeSpec(bytes, { source: path }), path };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new OcispecError('INVALID_JSON', error.message, { file: path, cause: error });
    }
    throw error;
  }
}
