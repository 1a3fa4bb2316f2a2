import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { FrozenSpec } from './engine.js';
import { isOcispecError, messageOf, OcispecError } from './errors.js';
import { checkBytes, checkLimit, DEFAULT_MAX_INPUT_BYTES } from './files/bounded.js';
import { OutsideFilesRootError, openBeneath, readFileBeneath } from './files/named.js';
import type { HostAccess, HostFS } from './host.js';
import { errnoText, nodeHost, withNamedFilePolicy } from './host.js';
import type { Spec } from './model/index.js';
import { lazySchema } from './model/lazy.js';
import type { Composition, PipelineOptions, Plugin } from './pipeline.js';
import { Pipeline } from './pipeline.js';
import type { BaseMode } from './pipeline-base.js';
import { baseProblem, PipelineBaseSchema } from './pipeline-base.js';
import { inlineBaseReport } from './pipeline-inline-base.js';
import type { PipelineSettings } from './pipeline-settings.js';
import { PipelineSettingsSchema, resolveSettings } from './pipeline-settings.js';
import type { PipelineText, TextPosition } from './pipeline-text.js';
import { parsePipelineText } from './pipeline-text.js';
import type { ResolvedOpt, UntypedOptCall } from './registry.js';
import type { Finding } from './report.js';
import { acceptDecoded, problemMessage } from './spec-decode.js';
import {
  checkSpecValue,
  DEFAULT_MAX_SPEC_BYTES,
  parseSpec,
  readFileChecked,
  readSpecFile,
} from './spec-file.js';
import { firstProblem } from './zod-issues.js';

/** The declarative form of a composition (one pipeline of a pipeline file); made on first use (model/lazy.ts). */
export const PipelineDefinitionSchema = lazySchema(() => z.strictObject(pipelineShape(PipelineBaseSchema)));

/**
 * What {@link checkPipeline} parses: the definition with `base` taken as it is. `baseProblem` checks a base (it is
 * stricter than `PipelineBaseSchema`'s union, and runs on every definition anyway); zod's first parse of the union
 * cost a cold `ocispec generate` about 1 ms, for a field most pipelines do not have.
 */
const PipelineFieldsSchema = lazySchema(() => z.strictObject(pipelineShape(z.unknown())));

/** The fields of a pipeline definition, its `base` as given. */
function pipelineShape<B extends z.ZodType>(base: B) {
  return {
    /** The JSON Schema editors check the file against (`ocispec schema`); ignored when running. */
    $schema: z.string().optional(),
    name: z.string().optional(),
    platform: z.string().optional(),
    namespace: z.string().optional(),
    id: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    base: z.optional(base),
    runtime: z.string().optional(),
    plugins: z.array(z.string()).optional(),
    opts: z.array(z.tuple([z.string()], z.unknown())).optional(),
    /** The settings for plugins (`cdiSpecDirs`): see `pipeline-settings.ts`. */
    ...PipelineSettingsSchema.shape,
  };
}

/** One pipeline as written in a pipeline file. */
export type PipelineDefinition = z.infer<typeof PipelineDefinitionSchema>;

/** One entry of a batch's output, in the batch's order. */
export interface BatchResult {
  readonly name: string | null;
  readonly spec: FrozenSpec | null;
  readonly error: string | null;
}

/**
 * What a pipeline file names as its base: a base spec file (relative to `dir`), a runtime of a runtime config, or
 * fragments merged over the platform default (`over: 'default'`, base-spec's merge and layers modes) or over the
 * first file (`over: 'first'`).
 */
export type BaseReference =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'runtime'; readonly runtime: string }
  | { readonly kind: 'layers'; readonly files: readonly string[]; readonly over: 'default' | 'first' };

/**
 * What a resolver gets from the runner it resolves for: the platform default spec (for merge modes), and how it may
 * read the base files a pipeline names (the runner's {@link RunPipelineOptions.filesRoot}).
 */
export interface BaseResolverContext {
  readonly defaultSpec: () => FrozenSpec;
  /** Base files must resolve beneath this directory (race-free, see `openBeneath`). */
  readonly filesRoot?: string;
}

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
 * Resolves a pipeline's `base` file or `runtime` name (`dir` is the pipeline file's directory) under the runner's
 * `access` rules. Injected by the caller (the CLI wires `@ocispec/base-spec`'s store here), so core imports no
 * base-spec code.
 */
export type BaseResolver = (
  ref: BaseReference,
  dir: string,
  context?: BaseResolverContext,
) => ResolvedBase | Promise<ResolvedBase>;

/** How pipeline files are run. */
export interface RunPipelineOptions extends PipelineOptions {
  /** Plugins every pipeline gets first (the CLI passes core, linux and windows). */
  readonly plugins?: readonly Plugin[];
  /**
   * Plugin modules the caller chose (paths, `file:` URLs or package names, resolved from `cwd`), e.g. the CLI's
   * `--plugin`: loaded into every pipeline, and consent for a pipeline file naming the same module.
   */
  readonly pluginModules?: readonly string[];
  /**
   * Import the plugin modules pipeline files name in `"plugins"` (default `false`: a pipeline file is data, and a
   * file naming a module not in {@link pluginModules} is refused before anything is imported). `data:` and other
   * non-file URLs are refused either way.
   */
  readonly allowPlugins?: boolean;
  /** How the refusal of a file's plugin says to opt in; default `set allowPlugins, or list it in pluginModules`. */
  readonly pluginConsentHint?: string;
  /**
   * Imports a plugin module (a `file:` URL or a package name); default `import()`. For a host whose own
   * `import()` cannot run: the CLI's code, compiled from V8's code cache, passes its launcher's.
   */
  readonly importModule?: ModuleImporter;
  /**
   * Confines the host files pipelines name (base files, `withEnvFile`, `withSeccompProfile`, `withSpecFromFile`)
   * to this directory: each must resolve beneath it, race-free (see `openBeneath`). Default: no confinement.
   */
  readonly filesRoot?: string;
  /**
   * The largest pipeline file, standard input and named host file read, in bytes. Default
   * `DEFAULT_MAX_INPUT_BYTES` (64 MiB: a 10,000-pipeline batch fits), and 10 MiB for base spec files.
   */
  readonly maxInputBytes?: number;
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

/** Each pipeline of a parsed batch, parsed when reached where the format allows it. */
function batchElements(text: PipelineText): Iterable<unknown> {
  return text.elements?.() ?? (text.value as unknown[]);
}

/** Where pointers of the pipeline file being checked are written, when known. */
export type Locate = (pointer: string) => TextPosition | undefined;

function fail(source: string, pointer: string, message: string, locate?: Locate): OcispecError {
  const at = pointer === '' ? undefined : locate?.(pointer);
  const where = at === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
  return new OcispecError(
    'BAD_PIPELINE',
    `${source}: ${pointer === '' ? '' : `${pointer}${where}: `}${message}`,
    {
      file: source,
      pointer,
    },
  );
}

/**
 * Parses pipeline file text (bytes) losslessly, 64-bit arguments exact: JSON with comments, or YAML for a
 * `.yaml`/`.yml` source. Errors give the line, column and JSON pointer. An inline `base` object of a JSON file is
 * decoded as Go decodes a spec (see `decodeSpec`): its problems and ambiguities are reported when it is used.
 */
export function parsePipelineFile(
  bytes: Uint8Array,
  source: string,
): PipelineFile & { readonly text: PipelineText } {
  const text = parsePipelineText(bytes, source);
  if (text.elements !== undefined) {
    return {
      kind: 'batch',
      get pipelines() {
        return text.value as unknown[];
      },
      text,
    };
  }
  const value = text.value;
  if (Array.isArray(value)) return { kind: 'batch', pipelines: value, text };
  return { kind: 'single', pipeline: checkPipeline(value, source, '', text.locate), text };
}

let pipelineFields: readonly string[] | undefined;

/** The fields a pipeline definition may have (for did-you-mean). */
function pipelineFieldNames(): readonly string[] {
  pipelineFields ??= Object.keys(PipelineFieldsSchema.shape);
  return pipelineFields;
}

/** Checks one pipeline definition, with errors naming the file, the JSON pointer and (given `locate`) the line. */
export function checkPipeline(
  value: unknown,
  source: string,
  pointer: string,
  locate?: Locate,
): PipelineDefinition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(source, pointer, 'expected a pipeline object', locate);
  }
  const result = PipelineFieldsSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const first = issueBeforeBase(issue)
      ? undefined
      : unionProblem((value as { base?: unknown }).base, pointer);
    if (first !== undefined) throw fail(source, first.pointer, first.message, locate);
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      throw fail(
        source,
        `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        `unknown field ${JSON.stringify(key)}${didYouMean(key, pipelineFieldNames())}`,
        locate,
      );
    }
    const problem = firstProblem(result.error, pointer);
    throw fail(source, problem.pointer, problem.message, locate);
  }
  const definition = value as PipelineDefinition;
  const base = baseProblemOf(definition.base);
  if (base !== undefined) throw fail(source, `${pointer}${base.pointer}`, base.message, locate);
  if (definition.platform === '')
    throw fail(source, `${pointer}/platform`, 'platform must not be empty', locate);
  if (definition.runtime !== undefined && definition.base !== undefined && definition.base !== null) {
    throw fail(source, `${pointer}/runtime`, 'a pipeline names a base or a runtime, not both', locate);
  }
  return definition;
}

/** Whether the definition schema's issue is on a field before `base` (which it would have reported first). */
function issueBeforeBase(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'unrecognized_keys') return false;
  const fields = pipelineFieldNames();
  const index = fields.indexOf(String(issue.path[0]));
  return index !== -1 && index < fields.indexOf('base');
}

/**
 * The problem of a `base` that `PipelineBaseSchema` refuses, as the definition schema reported it (the base's own
 * check first, else zod's message), with `pointer` the definition's; undefined when the union takes it.
 */
function unionProblem(base: unknown, pointer: string): { pointer: string; message: string } | undefined {
  if (base === undefined) return undefined;
  const parsed = PipelineBaseSchema.safeParse(base);
  if (parsed.success) return undefined;
  const problem = baseProblemOf(base);
  if (problem !== undefined) return { pointer: `${pointer}${problem.pointer}`, message: problem.message };
  return firstProblem(parsed.error, `${pointer}/base`);
}

/**
 * A problem of a pipeline's `base` (see `baseProblem`); for an inline base of a JSON file whose `ociVersion` Go
 * fails to decode, that problem (the decoded base has no `ociVersion`, but the text names one).
 */
function baseProblemOf(base: unknown): { pointer: string; message: string } | undefined {
  if (typeof base === 'object' && base !== null) {
    const problem = inlineBaseReport(base)?.problems.find((p) => p.pointer === '/base/ociVersion');
    if (problem !== undefined) return { pointer: problem.pointer, message: problemMessage(problem) };
  }
  return baseProblem(base);
}

/** One result of {@link PipelineRunner.entries}: the single pipeline's spec, or one entry of a batch. */
export type PipelineFileEntry =
  | { readonly kind: 'single'; readonly spec: FrozenSpec }
  | { readonly kind: 'batch'; readonly index: number; readonly result: BatchResult };

/** A change the caller makes to every pipeline definition of a file before it runs (the CLI's quick flags). */
export type DefinitionTransform = (definition: PipelineDefinition) => PipelineDefinition;

/**
 * Runs pipeline files: builds (and caches, per plugin list) the pipelines, loads bases and plugin modules relative
 * to the file, and composes.
 */
export class PipelineRunner {
  readonly #options: RunPipelineOptions;
  readonly #pipelines = new Map<string, Promise<Pipeline>>();
  readonly #bases = new Map<string, Spec>();
  readonly #warned = new Set<string>();
  /** The file positions of errors about an option, for {@link #withSource}. */
  readonly #positions = new WeakMap<Error, TextPosition>();
  /** Warnings collected from base files (unknown fields) and compositions. */
  readonly warnings: Finding[] = [];

  readonly #host: HostAccess | undefined;

  constructor(options: RunPipelineOptions = {}) {
    if (options.maxInputBytes !== undefined) checkLimit(options.maxInputBytes);
    this.#options = options;
    this.#host = runnerHost(options);
  }

  /** Runs one pipeline definition. `dir` is where its relative paths resolve; `source` names it in errors. */
  async run(definition: PipelineDefinition, dir: string, source: string): Promise<Composition> {
    return this.#run(definition, dir, source);
  }

  /** {@link run}; with `site` (where the pipeline is written), an error naming an option records its position. */
  async #run(
    definition: PipelineDefinition,
    dir: string,
    source: string,
    site?: { readonly locate: Locate; readonly pointer: string },
  ): Promise<Composition> {
    const pipeline = await this.#pipeline(definition.plugins ?? [], dir, source);
    const { spec: base, opts: leading } = await this.#resolveBase(definition, dir, source, pipeline);
    const input = {
      platform: definition.platform,
      namespace: definition.namespace,
      id: definition.id,
      labels: definition.labels,
      base,
      // The file's calls are unchecked JSON: resolving them checks every argument before anything runs.
      opts: pipeline.resolve([...(leading ?? []), ...(definition.opts ?? [])]),
      validate: this.#options.validate,
      settings: this.#settings(definition, dir, source, site),
    };
    let composition: Composition;
    try {
      composition = await pipeline.compose(input);
    } catch (error) {
      const index = isOcispecError(error) ? error.index : undefined;
      const own = index === undefined ? -1 : index - (leading?.length ?? 0);
      const position =
        site !== undefined && own >= 0 ? site.locate(`${site.pointer}/opts/${own}`) : undefined;
      if (position !== undefined) this.#positions.set(error as Error, position);
      throw error;
    }
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
    const results: BatchResult[] = [];
    for await (const entry of this.entries(file, stdin)) {
      if (entry.kind === 'single') return { kind: 'single', spec: entry.spec };
      results.push(entry.result);
    }
    return { kind: 'batch', results };
  }

  /**
   * Runs a pipeline file one pipeline at a time, as {@link runFile} does, yielding each result as soon as it is
   * composed (a batch's output can be streamed; a pipeline's definition is dropped once it ran). `transform`
   * changes each checked definition before it runs.
   */
  async *entries(
    file: string,
    stdin?: Uint8Array,
    transform?: DefinitionTransform,
  ): AsyncGenerator<PipelineFileEntry> {
    const source = file === '-' ? '<stdin>' : file;
    const dir = file === '-' ? (this.#options.cwd ?? process.cwd()) : path.dirname(path.resolve(file));
    const limit = this.#options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
    const bytes =
      file === '-' ? stdinBytes(stdin, limit) : readFileChecked(file, this.#options.host?.fs, limit);
    const parsed = parsePipelineFile(bytes, source);
    const locate = parsed.text.locate;
    if (parsed.kind === 'single') {
      const definition = transform === undefined ? parsed.pipeline : transform(parsed.pipeline);
      const { spec } = await this.#withSource(source, () =>
        this.#run(definition, dir, source, { locate, pointer: '' }),
      );
      yield { kind: 'single', spec };
      return;
    }
    let i = -1;
    for (const entry of batchElements(parsed.text)) {
      i++;
      const name =
        typeof (entry as PipelineDefinition | null)?.name === 'string'
          ? (entry as PipelineDefinition).name!
          : null;
      let result: BatchResult;
      try {
        const checked = checkPipeline(entry, source, `/${i}`, locate);
        const definition = transform === undefined ? checked : transform(checked);
        const { spec } = await this.#withSource(source, () =>
          this.#run(definition, dir, `${source}[${i}]`, { locate, pointer: `/${i}` }),
        );
        result = { name, spec, error: null };
      } catch (error) {
        result = { name, spec: null, error: messageOf(error) };
      }
      yield { kind: 'batch', index: i, result };
    }
  }

  /** Names the pipeline file in an error that does not name a file yet (with the option's line when known). */
  async #withSource<T>(source: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isOcispecError(error) && error.file === undefined) {
        const position = this.#positions.get(error);
        const where = position === undefined ? '' : ` (line ${position.line}, column ${position.column})`;
        throw new OcispecError(error.code, `${source}${where}: ${error.message}`, {
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

  /**
   * The definition's settings, paths resolved from `dir`. With a files root, each directory must resolve beneath
   * it (one that does not exist yet is left to its reader, which confines its reads all the same).
   */
  #settings(
    definition: PipelineDefinition,
    dir: string,
    source: string,
    site?: { readonly locate: Locate; readonly pointer: string },
  ): PipelineSettings {
    const settings = resolveSettings(definition, dir);
    const root = this.#options.filesRoot;
    if (root === undefined) return settings;
    for (const [i, specDir] of (settings.cdiSpecDirs ?? []).entries()) {
      const problem = outsideRoot(root, specDir, this.#options.host?.fs);
      if (problem !== undefined) {
        const pointer = `${site?.pointer ?? ''}/cdiSpecDirs/${i}`;
        throw fail(source, pointer, `${specDir}: ${problem}`, site?.locate);
      }
    }
    return settings;
  }

  async #resolveBase(
    definition: PipelineDefinition,
    dir: string,
    source: string,
    pipeline: Pipeline,
  ): Promise<ResolvedBase> {
    const resolve = this.#options.resolveBase;
    const ref = baseReference(definition);
    if (ref === undefined || resolve === undefined) {
      if (ref?.kind === 'runtime') {
        throw fail(
          source,
          '/runtime',
          `runtime ${JSON.stringify(ref.runtime)} needs a runtime config (--config)`,
        );
      }
      if (ref?.kind === 'layers') {
        throw fail(source, '/base/mode', 'merge and layers bases need a base resolver (@ocispec/base-spec)');
      }
      return { spec: this.#base(definition.base, dir, source) };
    }
    const defaultSpec = () =>
      pipeline.defaultSpec(
        pipeline.context({
          platform: definition.platform,
          namespace: definition.namespace,
          id: definition.id,
          labels: definition.labels,
        }),
      );
    const resolved = await resolve(ref, dir, { defaultSpec, filesRoot: this.#options.filesRoot });
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
      const parsed = this.#readBase(file);
      this.warnings.push(...parsed.warnings.map((w) => ({ ...w, source: file })));
      this.#bases.set(file, parsed.spec);
      return parsed.spec;
    }
    // An inline base of a JSON pipeline file was decoded as Go decodes a spec; any other (a YAML file's, one
    // given in code) is read as Go would read its JSON.
    const strict = this.#options.strict;
    const decoded = inlineBaseReport(base);
    const parsed =
      decoded === undefined
        ? checkSpecValue(base, { source, pointerPrefix: '/base', strict })
        : acceptDecoded(base as Spec, decoded, { source, strict });
    this.warnings.push(...parsed.warnings.map((w) => ({ ...w, source })));
    return parsed.spec;
  }

  /** A base spec file a pipeline names: beneath `filesRoot` when set, at most `maxInputBytes` (10 MiB by default). */
  #readBase(file: string): ReturnType<typeof readSpecFile> {
    const strict = this.#options.strict;
    const fs = this.#options.host?.fs;
    const maxBytes = this.#options.maxInputBytes ?? DEFAULT_MAX_SPEC_BYTES;
    const root = this.#options.filesRoot;
    if (root === undefined) return readSpecFile(file, { strict, fs, maxBytes });
    let bytes: Uint8Array;
    try {
      bytes = readFileBeneath(root, file, { fs, maxBytes }).bytes;
    } catch (error) {
      throw new OcispecError('FILE_ERROR', `${file}: ${errnoText(error)}`, { file, cause: error });
    }
    return parseSpec(bytes, { source: file, strict });
  }

  /**
   * The plugin modules of a pipeline: the caller's `pluginModules` (resolved from `cwd`), then the file's own
   * `plugins` (resolved from `dir`), each of which needs consent: `allowPlugins`, or the same module among the
   * caller's. Refused before anything is imported.
   */
  #specifiers(modules: readonly string[], dir: string, source: string): string[] {
    const cwd = this.#options.cwd ?? process.cwd();
    const chosen = (this.#options.pluginModules ?? []).map((m) => resolvePluginModule(m, cwd, source));
    const named = modules.map((m) => {
      const resolved = resolvePluginModule(m, dir, source);
      if (this.#options.allowPlugins !== true && !chosen.includes(resolved)) {
        const hint = this.#options.pluginConsentHint ?? 'set allowPlugins, or list it in pluginModules';
        throw new OcispecError(
          'PLUGIN_NOT_ALLOWED',
          `${source}: plugin ${JSON.stringify(m)} is named by the pipeline file, and a pipeline file is data: its plugins are imported only with consent (${hint})`,
          { file: source },
        );
      }
      return resolved;
    });
    return [...chosen, ...named.filter((m) => !chosen.includes(m))];
  }

  #pipeline(modules: readonly string[], dir: string, source: string): Promise<Pipeline> {
    let specifiers: string[];
    try {
      specifiers = this.#specifiers(modules, dir, source);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = specifiers.join('\0');
    let pipeline = this.#pipelines.get(key);
    if (pipeline === undefined) {
      pipeline = (async () => {
        const loaded = await Promise.all(
          specifiers.map((s) => loadPlugin(s, source, this.#options.importModule)),
        );
        const built = new Pipeline({
          ...this.#options,
          host: this.#host,
          plugins: this.#options.plugins ?? [],
        });
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

/** Why `file` is not beneath `root` (an {@link OutsideFilesRootError}'s text), or undefined. */
function outsideRoot(root: string, file: string, fs: HostFS | undefined): string | undefined {
  try {
    openBeneath(root, file, fs).handle.close();
  } catch (error) {
    if (error instanceof OutsideFilesRootError) return error.message;
  }
  return undefined;
}

/** What a definition's `runtime` or `base` refers to (undefined: the platform default or an inline base). */
function baseReference(definition: PipelineDefinition): BaseReference | undefined {
  const base = definition.base;
  if (definition.runtime !== undefined) return { kind: 'runtime', runtime: definition.runtime };
  if (typeof base === 'string') return { kind: 'file', file: base };
  if (base === null || base === undefined || !Object.hasOwn(base, 'mode')) return undefined;
  const mode = base as BaseMode;
  if (mode.mode === 'replace') return { kind: 'file', file: mode.file };
  if (mode.mode === 'merge') return { kind: 'layers', files: [mode.file], over: 'default' };
  return { kind: 'layers', files: mode.files, over: mode.over ?? 'default' };
}

/** A URL scheme at the start of a specifier (`data:`, `https:`, `node:`, `file:` …). */
const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * Resolves a plugin module specifier: a path relative to `dir`, a `file:` URL, or a package name resolved from
 * `dir` (left as is when Node's resolution from `dir` finds nothing). Any other URL (`data:`, `http:`, `node:` …)
 * is refused: plugins are loaded from files only.
 */
export function resolveModule(specifier: string, dir: string): string {
  const scheme = URL_SCHEME.exec(specifier)?.[0];
  if (scheme !== undefined) {
    if (scheme.toLowerCase() !== 'file:') {
      throw new OcispecError(
        'PLUGIN_NOT_ALLOWED',
        `plugin ${JSON.stringify(truncate(specifier))} is a ${scheme} URL: plugins are loaded from files only`,
      );
    }
    return fileURLToPath(specifier);
  }
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return path.resolve(dir, specifier);
  try {
    return createRequire(path.join(dir, 'noop.js')).resolve(specifier);
  } catch {
    return specifier;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** {@link resolveModule}, its refusal naming `source`. */
function resolvePluginModule(specifier: string, dir: string, source: string): string {
  try {
    return resolveModule(specifier, dir);
  } catch (error) {
    if (isOcispecError(error))
      throw new OcispecError(error.code, `${source}: ${error.message}`, { file: source });
    throw error;
  }
}

/** Standard input given to {@link PipelineRunner.runFile}, held to the same limit as a file. */
function stdinBytes(stdin: Uint8Array | undefined, maxBytes: number): Uint8Array {
  try {
    return checkBytes(stdin ?? new Uint8Array(), maxBytes, 'input');
  } catch (error) {
    throw new OcispecError('FILE_ERROR', `<stdin>: ${messageOf(error)}`, { file: '<stdin>', cause: error });
  }
}

/** The host a runner's compositions use: the given one (real by default), with the runner's named-file policy. */
function runnerHost(options: RunPipelineOptions): HostAccess | undefined {
  if (options.filesRoot === undefined && options.maxInputBytes === undefined) return options.host;
  return withNamedFilePolicy(options.host ?? nodeHost, {
    root: options.filesRoot,
    maxBytes: options.maxInputBytes,
  });
}

/** Imports an ES module by `file:` URL or package name (what a plugin's `import()` is by default). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** `import()`, from this module. */
const importModule: ModuleImporter = (specifier) => import(specifier);

/** Imports a plugin module and checks that its default export is a plugin `{ name, apply }`. */
export async function loadPlugin(
  file: string,
  source: string,
  importer: ModuleImporter = importModule,
): Promise<Plugin> {
  let module: { default?: unknown };
  try {
    module = (await importer(path.isAbsolute(file) ? pathToFileURL(file).href : file)) as {
      default?: unknown;
    };
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
