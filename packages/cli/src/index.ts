/** @ocispec/cli: the `ocispec` command, callable in-process. */
export { builtinPlugins } from './builtins.js';
export type { CliIO } from './io.js';
export { processIO, UsageError } from './io.js';
export { main, usage } from './main.js';
export type { CliRun } from './run.js';
export { runCli } from './run.js';
