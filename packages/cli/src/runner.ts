/**
 * The runner of the commands that run pipeline files (`generate`, `explain`, `bundle`): built-in plugins, `--plugin`
 * modules, `--strict`, the trust flags (`--allow-plugins`, `--files-root`, `--max-input-size`: see
 * `input-flags.ts`), bases resolved through `@ocispec/base-spec` (loaded only when a pipeline names a base or
 * `--config` is given), the quick flags and `--config`'s `default_runtime_name` applied to every definition.
 */
import * as path from 'node:path';
import type { BaseSpecStore } from '@ocispec/base-spec';
import type {
  BaseResolver,
  DefinitionTransform,
  PipelineDefinition,
  Plugin,
  UntypedOptCall,
} from '@ocispec/core';
import { formatFinding, PipelineRunner } from '@ocispec/core';
import { builtinPlugins } from './builtins.js';
import type { FlagValues } from './command.js';
import { booleanFlag, listFlag, stringFlag } from './command.js';
import { maxInputBytes, pipelineAccess } from './input-flags.js';
import type { CliIO } from './io.js';

/**
 * The base-spec store of a command: from `--config` when given, else empty; `@ocispec/base-spec` loaded lazily.
 * `--max-input-size` bounds the config and every base file.
 */
export class LazyBaseStore {
  #store: Promise<BaseSpecStore> | undefined;
  readonly #config: string | undefined;
  readonly #strict: boolean;
  readonly #maxBytes: number | undefined;

  constructor(cwd: string, flags: FlagValues) {
    const config = stringFlag(flags, 'config');
    this.#config = config === undefined ? undefined : path.resolve(cwd, config);
    this.#strict = booleanFlag(flags, 'strict');
    this.#maxBytes = maxInputBytes(flags);
  }

  /** Whether a runtime config was given. */
  get hasConfig(): boolean {
    return this.#config !== undefined;
  }

  store(): Promise<BaseSpecStore> {
    this.#store ??= import('@ocispec/base-spec').then(({ BaseSpecStore: Store }) =>
      this.#config === undefined
        ? new Store({ strict: this.#strict, maxBytes: this.#maxBytes })
        : Store.fromConfig(this.#config, { strict: this.#strict, maxBytes: this.#maxBytes }),
    );
    return this.#store;
  }

  /** A resolver for core's runner that loads the store on first use. */
  resolver(): BaseResolver {
    return async (ref, dir, context) => (await this.store()).resolver()(ref, dir, context);
  }
}

/** What a command adds to every pipeline it runs: option calls after the file's, labels, a default runtime. */
export interface DefinitionChanges {
  readonly opts?: readonly UntypedOptCall[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly defaultRuntime?: string;
}

/** The transform that applies {@link DefinitionChanges} to each definition of a file. */
export function definitionTransform(changes: DefinitionChanges): DefinitionTransform | undefined {
  const { opts = [], labels = {}, defaultRuntime } = changes;
  if (opts.length === 0 && Object.keys(labels).length === 0 && defaultRuntime === undefined) return undefined;
  return (definition: PipelineDefinition) => {
    const usesDefault =
      defaultRuntime !== undefined &&
      definition.runtime === undefined &&
      (definition.base === undefined || definition.base === null);
    return {
      ...definition,
      ...(usesDefault ? { runtime: defaultRuntime } : {}),
      ...(Object.keys(labels).length > 0 ? { labels: { ...definition.labels, ...labels } } : {}),
      opts: [...(definition.opts ?? []), ...(opts as PipelineDefinition['opts'] & object)],
    };
  };
}

/** The `default_runtime_name` of `--config` (as containerd CRI takes for a pod that names no handler). */
export async function defaultRuntimeOf(store: LazyBaseStore): Promise<string | undefined> {
  if (!store.hasConfig) return undefined;
  return (await store.store()).config?.defaultRuntimeName;
}

/**
 * The runner of a pipeline-running command: the built-in plugins then `plugins`, `--plugin` modules, `--strict`,
 * `--allow-plugins`, `--files-root`, `--max-input-size`, and bases resolved through `store` (by default the store
 * of `--config`).
 */
export function pipelineRunner(
  io: CliIO,
  flags: FlagValues,
  options: {
    readonly plugins?: readonly Plugin[];
    readonly validate?: boolean;
    readonly store?: LazyBaseStore;
  } = {},
): PipelineRunner {
  return new PipelineRunner({
    plugins: [...builtinPlugins(), ...(options.plugins ?? [])],
    pluginModules: listFlag(flags, 'plugin'),
    importModule: io.importModule,
    cwd: io.cwd,
    strict: booleanFlag(flags, 'strict'),
    validate: options.validate,
    ...pipelineAccess(flags, io.cwd),
    resolveBase: (options.store ?? new LazyBaseStore(io.cwd, flags)).resolver(),
  });
}

/** Prints the runner's warnings to stderr, one a line, unless `--quiet`. */
export function printWarnings(io: CliIO, runner: PipelineRunner, flags: FlagValues): void {
  if (booleanFlag(flags, 'quiet')) return;
  for (const warning of runner.warnings) io.stderr(`warning: ${formatFinding(warning)}\n`);
  runner.warnings.length = 0;
}

/** Where a command reads its pipeline file: an absolute path from the current directory, or `-`. */
export function inputPath(io: CliIO, file: string): string {
  return file === '-' ? '-' : path.resolve(io.cwd, file);
}
