import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { FrozenSpec } from './engine.js';
import { isOcispecError, messageOf, OcispecError } from './errors.js';
import { JsonSyntaxError, parseJsonBytes } from './json/index.js';
import type { Spec } from './model/index.js';
import type { Composition, PipelineOptions, Plugin } from './pipeline.js';
import { Pipeline } from './pipeline.js';
import type { ResolvedOpt, UntypedOptCall } from './registry.js';
import type { Finding } from './report.js';
import { checkSpecValue, readFileChecked, readSpecFile } from './spec-file.js';
import { firstProblem } from './zod-issues.js';

/** The declarative form of a composition (one pipeline of a pipeline file). */
export const PipelineDefinitionSchema = z.strictObject({
  name: z.string().optional(),
  platform: z.string().optional(),
  namespace: z.string().optional(),
  id: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  base: z.union([z.null(), z.string(), z.record(z.string(), z.unknown())]).optional(),
  runtime: z.string().optional(),
  plugins: z.array(z.string()).optional(),
  opts: z.array(z.tuple([z.string()], z.unknown())).optional(),
});

/** One pipeline as written in a pipeline file. */
export type PipelineDefinition = z.infer<typeof PipelineDefinitionSchema>;

/** One entry of a batch's output, in the batch's order. */
export interface BatchResult {
  readonly name: string | null;
  readonly spec: FrozenSpec | null;
  readonly error: string | null;
}

/** What a pipeline file names as its base: a base spec file (relative to `dir`) or a runtime of a runtime config. */
export type BaseReference =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'runtime'; readonly runtime: string };

/**
 * A resolved base: the spec (`null`: the platform's default spec), options to run before the pipeline's own (a
 * runtime's base gets `withNamespacedCgroup` first, as in containerd CRI), and warnings about the base (each
 * reported once per runner).
 */
export interface ResolvedBase {
  readonly spec: Spec | FrozenSpec | null;
  readonly opts?: readonly (UntypedOptCall | ResolvedOpt)[];
  readonly warnings?: readonly Finding[];
}

/**
 * Resolves a pipeline's `base` file or `runtime` name (`dir` is the pipeline file's directory). Injected by the
 * caller (the CLI wires `@ocispec/base-spec`'s store here), so core imports no base-spec code.
 */
export type BaseResolver = (ref: BaseReference, dir: string) => ResolvedBase | Promise<ResolvedBase>;

/** How pipeline files are run. */
export interface RunPipelineOptions extends PipelineOptions {
  /** Plugins every pipeline gets first (the CLI passes core, linux and windows). */
  readonly plugins?: readonly Plugin[];
  /** Extra plugin modules (paths or package names, resolved from `cwd`), e.g. the CLI's `--plugin`. */
  readonly pluginModules?: readonly string[];
  /** Where `--plugin` paths are resolved; default `process.cwd()`. */
  readonly cwd?: string;
  /** Reject unknown fields in base specs. */
  readonly strict?: boolean;
  /** Fail a pipeline whose `validate` hook reports an error. */
  readonly validate?: boolean;
  /**
   * Resolves `"base": "<file>"` and `"runtime": "<name>"`. Without it, base files are read with `readSpecFile`
   * and a pipeline naming a runtime fails.
   */
  readonly resolveBase?: BaseResolver;
}

/** A parsed pipeline file: one definition, or a batch. */
export type PipelineFile =
  | { readonly kind: 'single'; readonly pipeline: PipelineDefinition }
  | { readonly kind: 'batch'; readonly pipelines: readonly unknown[] };

function fail(source: string, pointer: string, message: string): OcispecError {
  return new OcispecError('BAD_PIPELINE', `${source}: ${pointer === '' ? '' : `${pointer}: `}${message}`, {
    file: source,
    pointer,
  });
}

/** Parses pipeline file text (bytes), losslessly: 64-bit arguments stay exact. */
export function parsePipelineFile(bytes: Uint8Array, source: string): PipelineFile {
  let value: unknown;
  try {
    value = parseJsonBytes(bytes, { source });
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw new OcispecError('INVALID_JSON', error.message, { file: source, cause: error });
    throw error;
  }
  if (Array.isArray(value)) return { kind: 'batch', pipelines: value };
  return { kind: 'single', pipeline: checkPipeline(value, source, '') };
}

/** Checks one pipeline definition, with errors naming the file and the JSON pointer. */
export function checkPipeline(value: unknown, source: string, pointer: string): PipelineDefinition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(source, pointer, 'expected a pipeline object');
  }
  const result = PipelineDefinitionSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw fail(source, pointer, `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`);
    }
    const problem = firstProblem(result.error, pointer);
    throw fail(source, problem.pointer, problem.message);
  }
  const definition = value as PipelineDefinition;
  if (definition.platform === '') throw fail(source, `${pointer}/platform`, 'platform must not be empty');
  if (definition.runtime !== undefined && definition.base !== undefined && definition.base !== null) {
    throw fail(source, `${pointer}/runtime`, 'a pipeline names a base or a runtime, not both');
  }
  return definition;
}

/**
 * Runs pipeline files: builds (and caches, per plugin list) the pipelines, loads bases and plugin modules relative
 * to the file, and composes.
 */
export class PipelineRunner {
  readonly #options: RunPipelineOptions;
  readonly #pipelines = new Map<string, Promise<Pipeline>>();
  readonly #bases = new Map<string, Spec>();
  readonly #warned = new Set<string>();
  /** Warnings collected from base files (unknown fields) and compositions. */
  readonly warnings: Finding[] = [];

  constructor(options: RunPipelineOptions = {}) {
    this.#options = options;
  }

  /** Runs one pipeline definition. `dir` is where its relative paths resolve; `source` names it in errors. */
  async run(definition: PipelineDefinition, dir: string, source: string): Promise<Composition> {
    const pipeline = await this.#pipeline(definition.plugins ?? [], dir, source);
    const { spec: base, opts: leading } = await this.#resolveBase(definition, dir, source);
    const composition = await pipeline.compose({
      platform: definition.platform,
      namespace: definition.namespace,
      id: definition.id,
      labels: definition.labels,
      base,
      // The file's calls are unchecked JSON: resolving them checks every argument before anything runs.
      opts: pipeline.resolve([...(leading ?? []), ...(definition.opts ?? [])]),
      validate: this.#options.validate,
    });
    this.warnings.push(...composition.report.warnings);
    return composition;
  }

  /**
   * Runs a pipeline file (a path, or `-` with `stdin` given). A single pipeline yields its spec or throws; a batch
   * yields one result per pipeline, a failure being an error entry, never a crash of the batch.
   */
  async runFile(
    file: string,
    stdin?: Uint8Array,
  ): Promise<{ kind: 'single'; spec: FrozenSpec } | { kind: 'batch'; results: BatchResult[] }> {
    const source = file === '-' ? '<stdin>' : file;
    const dir = file === '-' ? (this.#options.cwd ?? process.cwd()) : path.dirname(path.resolve(file));
    const bytes = file === '-' ? (stdin ?? new Uint8Array()) : readFileChecked(file, this.#options.host?.fs);
    const parsed = parsePipelineFile(bytes, source);
    if (parsed.kind === 'single') {
      const { spec } = await this.#withSource(source, () => this.run(parsed.pipeline, dir, source));
      return { kind: 'single', spec };
    }
    const results: BatchResult[] = [];
    for (const [i, entry] of parsed.pipelines.entries()) {
      const name =
        typeof (entry as PipelineDefinition | null)?.name === 'string'
          ? (entry as PipelineDefinition).name!
          : null;
      try {
        const definition = checkPipeline(entry, source, `/${i}`);
        const { spec } = await this.#withSource(source, () => this.run(definition, dir, `${source}[${i}]`));
        results.push({ name, spec, error: null });
      } catch (error) {
        results.push({ name, spec: null, error: messageOf(error) });
      }
    }
    return { kind: 'batch', results };
  }

  /** Names the pipeline file in an error that does not name a file yet. */
  async #withSource<T>(source: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isOcispecError(error) && error.file === undefined) {
        throw new OcispecError(error.code, `${source}: ${error.message}`, {
          file: source,
          pointer: error.pointer,
          option: error.option,
          index: error.index,
          plugin: error.plugin,
          hook: error.hook,
          cause: error.cause ?? error,
        });
      }
      throw error;
    }
  }

  async #resolveBase(definition: PipelineDefinition, dir: string, source: string): Promise<ResolvedBase> {
    const resolve = this.#options.resolveBase;
    let ref: BaseReference | undefined;
    if (definition.runtime !== undefined) ref = { kind: 'runtime', runtime: definition.runtime };
    else if (typeof definition.base === 'string') ref = { kind: 'file', file: definition.base };
    if (ref === undefined || resolve === undefined) {
      if (ref?.kind === 'runtime') {
        throw fail(
          source,
          '/runtime',
          `runtime ${JSON.stringify(ref.runtime)} needs a runtime config (--config)`,
        );
      }
      return { spec: this.#base(definition.base, dir, source) };
    }
    const resolved = await resolve(ref, dir);
    for (const warning of resolved.warnings ?? []) {
      const key = `${warning.source ?? ''}\0${warning.pointer}\0${warning.rule}`;
      if (this.#warned.has(key)) continue;
      this.#warned.add(key);
      this.warnings.push(warning);
    }
    return resolved;
  }

  #base(base: PipelineDefinition['base'], dir: string, source: string): Spec | null {
    if (base === undefined || base === null) return null;
    if (typeof base === 'string') {
      const file = path.resolve(dir, base);
      const cached = this.#bases.get(file);
      if (cached !== undefined) return cached;
      const parsed = readSpecFile(file, { strict: this.#options.strict, fs: this.#options.host?.fs });
      this.warnings.push(...parsed.warnings.map((w) => ({ ...w, source: file })));
      this.#bases.set(file, parsed.spec);
      return parsed.spec;
    }
    const parsed = checkSpecValue(base, { source, pointerPrefix: '/base', strict: this.#options.strict });
    this.warnings.push(...parsed.warnings.map((w) => ({ ...w, source })));
    return parsed.spec;
  }

  #pipeline(modules: readonly string[], dir: string, source: string): Promise<Pipeline> {
    const cwd = this.#options.cwd ?? process.cwd();
    const specifiers = [
      ...(this.#options.pluginModules ?? []).map((m) => resolveModule(m, cwd)),
      ...modules.map((m) => resolveModule(m, dir)),
    ];
    const key = specifiers.join('\0');
    let pipeline = this.#pipelines.get(key);
    if (pipeline === undefined) {
      pipeline = (async () => {
        const loaded = await Promise.all(specifiers.map((s) => loadPlugin(s, source)));
        const built = new Pipeline({ ...this.#options, plugins: this.#options.plugins ?? [] });
        for (const [i, plugin] of loaded.entries()) {
          try {
            built.use(plugin);
          } catch (error) {
            throw new OcispecError(
              isOcispecError(error) ? error.code : 'PLUGIN_FAILED',
              `plugin ${specifiers[i]}: ${messageOf(error)}`,
              { plugin: plugin.name, cause: error },
            );
          }
        }
        return built;
      })();
      this.#pipelines.set(key, pipeline);
      pipeline.catch(() => this.#pipelines.delete(key));
    }
    return pipeline;
  }
}

/** Resolves a plugin module specifier: a path relative to `dir`, or a package name resolved from `dir`. */
export function resolveModule(specifier: string, dir: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return path.resolve(dir, specifier);
  try {
    return createRequire(path.join(dir, 'noop.js')).resolve(specifier);
  } catch {
    return specifier;
  }
}

/** Imports a plugin module and checks that its default export is a plugin `{ name, apply }`. */
export async function loadPlugin(file: string, source: string): Promise<Plugin> {
  let module: { default?: unknown };
  try {
    module = (await import(path.isAbsolute(file) ? pathToFileURL(file).href : file)) as { default?: unknown };
  } catch (error) {
    throw new OcispecError(
      'PLUGIN_FAILED',
      `${source}: plugin ${file}: failed to load: ${messageOf(error)}`,
      {
        file,
        cause: error,
      },
    );
  }
  const plugin = module.default;
  if (plugin === undefined) {
    throw new OcispecError('PLUGIN_FAILED', `${source}: plugin ${file}: the module has no default export`, {
      file,
    });
  }
  if (
    typeof plugin !== 'object' ||
    plugin === null ||
    typeof (plugin as Plugin).name !== 'string' ||
    typeof (plugin as Plugin).apply !== 'function'
  ) {
    throw new OcispecError(
      'PLUGIN_FAILED',
      `${source}: plugin ${file}: the default export is not a plugin ({ name: string, apply(pipeline) })`,
      { file },
    );
  }
  return plugin as Plugin;
}
