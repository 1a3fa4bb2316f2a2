/** @ocispec/cli: the `ocispec` command, callable in-process. */
export type {
  ArgumentDefinition,
  CommandContext,
  CommandDefinition,
  FlagDefinition,
  FlagValues,
} from './command.js';
export type { CliIO } from './io.js';
export { main } from './main.js';
export type { CliRun } from './run.js';
export { runCli } from './run.js';
