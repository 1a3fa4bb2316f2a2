/**
 * The `ocispec` process: {@link runProcess} runs {@link main} over the real streams and sets the exit code. A write error on
 * standard output that surfaces after the write (a closed pipe, a full disk) ends the process the same way
 * {@link main} ends a command whose write failed: quietly with 141 for EPIPE, one line and exit 1 otherwise.
 */
import type { ModuleImporter } from '@ocispec/core';
import { EXIT_EPIPE, errnoOf, OutputError, processIO } from './io.js';
import { main } from './main.js';

function onOutputError(stream: string) {
  return (error: unknown) => {
    const code = errnoOf(error) ?? 'EIO';
    if (code === 'EPIPE') process.exit(EXIT_EPIPE);
    if (stream !== 'standard error') {
      try {
        process.stderr.write(`ocispec: ${new OutputError(stream, code, error).message}\n`);
      } catch {
        // Nothing left to report to.
      }
    }
    process.exit(1);
  };
}

/** Runs the command line of this process; plugin modules are imported with `importModule` (see {@link CliIO}). */
export function runProcess(importModule?: ModuleImporter): Promise<void> {
  process.stdout.on('error', onOutputError('standard output'));
  process.stderr.on('error', onOutputError('standard error'));
  return main(process.argv.slice(2), processIO(importModule)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ocispec: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
