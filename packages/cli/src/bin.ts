/**
 * The `ocispec` process: {@link runProcess} runs {@link main} over the real process's input and output
 * (process-io.ts: standard output and error written by descriptor; a write error that surfaces after the write ends
 * the process as main ends a command whose write failed) and sets the exit code.
 */
import type { ModuleImporter } from '@ocispec/core';
import { main } from './main.js';
import { processIO } from './process-io.js';

/** Runs the command line of this process; plugin modules are imported with `importModule` (see {@link CliIO}). */
export function runProcess(importModule?: ModuleImporter): Promise<void> {
  const io = processIO(importModule);
  return main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      try {
        io.stderr(`ocispec: ${error instanceof Error ? error.message : String(error)}\n`);
      } catch {
        // Nothing left to report to.
      }
      process.exitCode = 1;
    },
  );
}
