import type { BaseSpecStore } from '@ocispec/base-spec';
import type { Plugin } from '@ocispec/core';
import { DEFAULT_MAX_INPUT_BYTES, formatFinding, PipelineRunner } from '@ocispec/core';
import { baseStore } from './base-store.js';
import { builtinPlugins } from './builtins.js';
import { INPUT_SIZE_OPTION, maxInputSize, PIPELINE_TRUST_OPTIONS, pipelineAccess } from './input-flags.js';
import type { CliIO } from './io.js';

/** The flags of the commands that run a pipeline file through the base-spec store (`generate`, `explain`). */
export const PIPELINE_OPTIONS = {
  plugin: { type: 'string', multiple: true },
  strict: { type: 'boolean' },
  indent: { type: 'string' },
  quiet: { type: 'boolean' },
  config: { type: 'string' },
  ...PIPELINE_TRUST_OPTIONS,
  ...INPUT_SIZE_OPTION,
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * The runner of a pipeline-running command: the built-in plugins then `plugins`, `--plugin` modules, `--strict`,
 * `--allow-plugins`, `--files-root`, `--max-input-size`, and bases resolved through `store` (by default the store
 * of `--config`).
 */
export function pipelineRunner(
  command: string,
  io: CliIO,
  values: Values,
  options: {
    readonly plugins?: readonly Plugin[];
    readonly validate?: boolean;
    readonly store?: BaseSpecStore;
  } = {},
): PipelineRunner {
  const strict = values.strict === true;
  const access = pipelineAccess(command, values, io.cwd);
  return new PipelineRunner({
    plugins: [...builtinPlugins(), ...(options.plugins ?? [])],
    pluginModules: (values.plugin as string[] | undefined) ?? [],
    cwd: io.cwd,
    strict,
    validate: options.validate,
    ...access,
    resolveBase: (options.store ?? baseStore(io.cwd, values.config, strict, access.maxInputBytes)).resolver(),
  });
}

/** The largest pipeline file or standard input a pipeline-running command reads: `--max-input-size`, or 64 MiB. */
export function inputLimit(command: string, values: Values): number {
  return maxInputSize(command, values) ?? DEFAULT_MAX_INPUT_BYTES;
}

/** Prints the runner's warnings to stderr, one a line, unless `--quiet`. */
export function printWarnings(io: CliIO, runner: PipelineRunner, values: Values): void {
  if (values.quiet === true) return;
  for (const warning of runner.warnings) io.stderr(`warning: ${formatFinding(warning)}\n`);
}
