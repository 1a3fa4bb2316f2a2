import * as path from 'node:path';
import type {
  BaseReference,
  BaseResolver,
  BaseResolverContext,
  Composition,
  CompositionInput,
  FrozenSpec,
  OptCall,
  Pipeline,
  ResolvedBase,
  ResolvedOpt,
  SpecOpt,
  UntypedOptCall,
} from '@ocispec/core';
import { OcispecError } from '@ocispec/core';
import { BaseSpecError } from './errors.js';
import type { BaseSpecLoaderOptions, LoadedBase, LoadFrom } from './loader.js';
import { BaseSpecLoader } from './loader.js';
import { mergeSpecs } from './merge.js';
import type { RuntimeConfig, RuntimeEntry } from './runtime-config.js';
import { readRuntimeConfig } from './runtime-config.js';
import type { WatchOptions } from './watch.js';
import { BaseSpecWatcher } from './watch.js';

/**
 * What a composition starts from:
 * - a file name, or `{ mode: 'replace', file }`: the base replaces the platform default (containerd CRI's way);
 * - `{ mode: 'merge', file }`: the file is a fragment merged over the platform default (see `mergeSpecs`);
 * - `{ mode: 'layers', files }`: fragments merged in order over the platform default, or with `over: 'first'`
 *   over the first file (a whole base), the others merged over it;
 * - `null` or `""`: the platform default, no base.
 */
export type BaseSource =
  | string
  | null
  | { readonly mode: 'replace'; readonly file: string }
  | { readonly mode: 'merge'; readonly file: string }
  | { readonly mode: 'layers'; readonly files: readonly string[]; readonly over?: 'default' | 'first' };

/** The options a composition runs over its base: functions, `[name, ...args]` calls or resolved options. */
export type BaseOpts = readonly (SpecOpt | OptCall | ResolvedOpt)[];

/** The composition fields besides id, base and options (namespace, platform, labels, validate …). */
export type ComposeInput = Omit<CompositionInput, 'id' | 'base' | 'opts'>;

/** A composition and the base versions it was built from (their `digest` and `version` identify them). */
export interface BaseComposition extends Composition {
  readonly bases: readonly LoadedBase[];
}

/** What happened to a watched or reloaded base. */
export type BaseSpecEvent =
  | {
      readonly type: 'reloaded';
      readonly file: string;
      readonly base: LoadedBase;
      readonly previous: LoadedBase;
    }
  | { readonly type: 'unchanged'; readonly file: string; readonly base: LoadedBase }
  | {
      readonly type: 'reload-failed';
      readonly file: string;
      readonly error: BaseSpecError;
      /** The last good version, still in use. */
      readonly current: LoadedBase;
    };

/** Options of a {@link BaseSpecStore}. */
export interface BaseSpecStoreOptions extends BaseSpecLoaderOptions {
  /** The pipeline compositions run in (needed by `runtimeSpec`, `sandboxSpec`, `compose`). */
  readonly pipeline?: Pipeline;
  /** A loader to share (its cache and options); a new one from the loader options otherwise. */
  readonly loader?: BaseSpecLoader;
  /** A containerd runtime config whose runtimes this store resolves (see {@link BaseSpecStore.fromConfig}). */
  readonly config?: RuntimeConfig;
  /**
   * The option run first over a base, as containerd CRI runs `WithNamespacedCgroup`. By default the pipeline's
   * registered `withNamespacedCgroup` (from `@ocispec/linux`), so base-spec imports nothing but core.
   */
  readonly namespacedCgroup?: SpecOpt | UntypedOptCall;
}

const NAMESPACED_CGROUP: UntypedOptCall = ['withNamespacedCgroup'];

/**
 * Base runtime specs for compositions, as containerd CRI keeps them (`base_runtime_spec`), plus what it lacks:
 * strict loading, runtime configs, merge and layer modes, hot reload. Each base is loaded once, deep-frozen and
 * shared: a composition drafts over it (structural sharing), never deep-copies it, and keeps the version it
 * started with even when a reload swaps in a new one meanwhile.
 */
export class BaseSpecStore {
  readonly loader: BaseSpecLoader;
  readonly config: RuntimeConfig | undefined;
  readonly #pipeline: Pipeline | undefined;
  readonly #namespacedCgroup: SpecOpt | UntypedOptCall;
  readonly #known = new Set<string>();
  readonly #listeners = new Set<(event: BaseSpecEvent) => void>();
  readonly #watchers = new Set<BaseSpecWatcher>();

  constructor(options: BaseSpecStoreOptions = {}) {
    this.loader = options.loader ?? new BaseSpecLoader(options);
    this.config = options.config;
    this.#pipeline = options.pipeline;
    this.#namespacedCgroup = options.namespacedCgroup ?? NAMESPACED_CGROUP;
  }

  /**
   * A store for a containerd `config.toml` (version 2 or 3): reads it and preloads every runtime's
   * `base_runtime_spec` (each file once). Any bad base fails the whole call, as containerd's CRI plugin fails to
   * start; nothing is cached then.
   */
  static fromConfig(configFile: string, options: Omit<BaseSpecStoreOptions, 'config'> = {}): BaseSpecStore {
    const config = readRuntimeConfig(configFile, options.fs, options.maxBytes);
    const loader = options.loader ?? new BaseSpecLoader(options);
    const files = [...new Set([...config.runtimes.values()].flatMap((r) => r.baseRuntimeSpec ?? []))];
    const loaded: string[] = [];
    try {
      for (const file of files) {
        const known = loader.get(file) !== undefined;
        loader.load(file);
        if (!known) loaded.push(file);
      }
    } catch (error) {
      for (const file of loaded) loader.delete(file);
      throw error;
    }
    const store = new BaseSpecStore({ ...options, loader, config });
    for (const file of files) store.#known.add(file);
    return store;
  }

  /**
   * Loads (or takes from the cache) a base file and makes it known to `runtimeSpec`; with `from.root`, only from
   * beneath that directory (see {@link BaseSpecLoader.load}).
   */
  load(file: string, from: LoadFrom = {}): LoadedBase {
    const base = this.loader.load(file, from);
    const absolute = path.resolve(file);
    if (!this.#known.has(absolute)) {
      this.#known.add(absolute);
      for (const watcher of this.#watchers) watcher.add(absolute);
    }
    return base;
  }

  /** The base now in use for `file`, if the store knows it. */
  get(file: string): LoadedBase | undefined {
    const absolute = path.resolve(file);
    return this.#known.has(absolute) ? this.loader.get(absolute) : undefined;
  }

  /** The files the store knows (absolute paths). */
  files(): string[] {
    return [...this.#known];
  }

  /** The runtime `name` of the runtime config. Throws `unknown-runtime` (containerd's wording) otherwise. */
  runtime(name: string): RuntimeEntry {
    const entry = this.config?.runtimes.get(name);
    if (entry === undefined) {
      const source = this.config?.source;
      const known = [...(this.config?.runtimes.keys() ?? [])];
      throw new BaseSpecError(
        'unknown-runtime',
        `${source === undefined ? '' : `${source}: `}no runtime for ${JSON.stringify(name)} is configured${known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (no runtime config)'}`,
        { file: source },
      );
    }
    return entry;
  }

  /** The base of runtime `name` now in use, or `undefined` when the runtime has no `base_runtime_spec`. */
  baseForRuntime(name: string): LoadedBase | undefined {
    const file = this.runtime(name).baseRuntimeSpec;
    return file === undefined ? undefined : this.#require(file);
  }

  #require(file: string): LoadedBase {
    const base = this.get(file);
    if (base === undefined) {
      throw new BaseSpecError('unknown-base', `can't find base OCI spec ${JSON.stringify(file)}`, { file });
    }
    return base;
  }

  #pipelineOrThrow(): Pipeline {
    if (this.#pipeline === undefined)
      throw new Error('BaseSpecStore: compositions need the `pipeline` option');
    return this.#pipeline;
  }

  /**
   * containerd CRI's `runtimeSpec(id, baseSpecFile, opts...)`: with a base file (one the store loaded:
   * `can't find base OCI spec "<file>"` otherwise), `withNamespacedCgroup` and then `opts` over the frozen base in
   * one draft; with `""`, `opts` over the platform default. The base is never copied or changed.
   */
  runtimeSpec(
    id: string,
    baseSpecFile: string,
    opts: BaseOpts = [],
    input: ComposeInput = {},
  ): Promise<BaseComposition> {
    return this.#compose(
      id,
      baseSpecFile === '' ? null : { mode: 'replace', file: baseSpecFile },
      opts,
      input,
      true,
    );
  }

  /** `runtimeSpec` with the base of runtime `name` of the runtime config (the platform default when it has none). */
  runtimeSpecFor(
    runtime: string,
    id: string,
    opts: BaseOpts = [],
    input: ComposeInput = {},
  ): Promise<BaseComposition> {
    return this.runtimeSpec(id, this.runtime(runtime).baseRuntimeSpec ?? '', opts, input);
  }

  /**
   * A sandbox (pause container) spec: always the platform default, as containerd's podsandbox calls
   * `runtimeSpec(id, "", ...)`. No base of this store (or of any runtime) is ever picked up.
   */
  sandboxSpec(id: string, opts: BaseOpts = [], input: ComposeInput = {}): Promise<BaseComposition> {
    return this.#compose(id, null, opts, input, false);
  }

  /**
   * Composes over a {@link BaseSource}. The base versions are taken once, before anything runs: a reload during
   * the composition does not change what it sees. Files not yet known are loaded (and cached) here, except in
   * `runtimeSpec`, which like containerd only uses preloaded files.
   */
  compose(
    id: string,
    source: BaseSource,
    opts: BaseOpts = [],
    input: ComposeInput = {},
  ): Promise<BaseComposition> {
    return this.#compose(id, source, opts, input, false);
  }

  async #compose(
    id: string,
    source: BaseSource,
    opts: BaseOpts,
    input: ComposeInput,
    preloadedOnly: boolean,
  ): Promise<BaseComposition> {
    const pipeline = this.#pipelineOrThrow();
    const take = (file: string): LoadedBase => (preloadedOnly ? this.#require(file) : this.load(file));
    if (source === null || source === '') {
      const composition = await pipeline.compose({ ...input, id, base: null, opts: pipeline.resolve(opts) });
      return { ...composition, bases: [] };
    }
    const spec = typeof source === 'string' ? { mode: 'replace' as const, file: source } : source;
    let bases: LoadedBase[];
    let base: FrozenSpec;
    if (spec.mode === 'replace') {
      bases = [take(spec.file)];
      base = bases[0]!.spec;
    } else {
      const files = spec.mode === 'merge' ? [spec.file] : spec.files;
      bases = files.map(take);
      if (spec.mode === 'layers' && spec.over === 'first' && bases.length > 0) {
        base = mergeSpecs(bases[0]!.spec, ...bases.slice(1).map((b) => b.spec));
      } else {
        const platformDefault = pipeline.defaultSpec(pipeline.context({ ...input, id }));
        base = mergeSpecs(platformDefault, ...bases.map((b) => b.spec));
      }
    }
    const composition = await pipeline.compose({
      ...input,
      id,
      base,
      // The leading call names an option of another package (linux's): resolved unchecked by the compiler.
      opts: pipeline.resolve([this.#namespacedCgroup, ...opts]),
    });
    return { ...composition, bases };
  }

  /**
   * Re-reads a known file: a valid, changed file is swapped in (event `reloaded`), an unchanged one gives
   * `unchanged`, a bad one keeps the last good version (event `reload-failed` with the error). Every listener gets
   * the event; it is also returned.
   */
  reload(file: string): BaseSpecEvent {
    const absolute = path.resolve(file);
    const current = this.#require(absolute);
    let event: BaseSpecEvent;
    try {
      const result = this.loader.reload(absolute);
      event = result.changed
        ? { type: 'reloaded', file: absolute, base: result.base, previous: current }
        : { type: 'unchanged', file: absolute, base: result.base };
    } catch (error) {
      if (!(error instanceof BaseSpecError)) throw error;
      event = { type: 'reload-failed', file: absolute, error, current };
    }
    for (const listener of this.#listeners) listener(event);
    return event;
  }

  /** Reloads every known file (see {@link reload}). */
  reloadAll(): BaseSpecEvent[] {
    return this.files().map((file) => this.reload(file));
  }

  /** Calls `listener` with every reload event; returns the function that unsubscribes it. */
  on(listener: (event: BaseSpecEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Watches every known file (and the ones loaded later) and reloads it when it changes: `node:fs` watches on the
   * file's directory (editors' atomic renames and Kubernetes' symlink swaps included) with a debounce, or polling
   * (`mode: 'poll'`). Returns the watcher; `close()` it (or the store) to stop.
   */
  watch(options: WatchOptions = {}): BaseSpecWatcher {
    const watcher = new BaseSpecWatcher(
      (file) => this.reload(file),
      options,
      this.loader.options.fs,
      () => this.#watchers.delete(watcher),
    );
    this.#watchers.add(watcher);
    for (const file of this.#known) watcher.add(file);
    return watcher;
  }

  /** Stops every watcher. */
  close(): void {
    for (const watcher of [...this.#watchers]) watcher.close();
  }

  /**
   * A pipeline file's merge or layers base: the fragments (beneath the runner's `filesRoot` when it has one) merged
   * in order over the platform default (`over: 'default'`) or over the first file; `withNamespacedCgroup` runs
   * first, as over any base.
   */
  #layers(
    ref: Extract<BaseReference, { kind: 'layers' }>,
    dir: string,
    context: BaseResolverContext | undefined,
  ): ResolvedBase {
    const from = { root: context?.filesRoot };
    const bases = ref.files.map((file) => this.load(path.resolve(dir, file), from));
    let spec: FrozenSpec;
    if (ref.over === 'first') spec = mergeSpecs(bases[0]!.spec, ...bases.slice(1).map((b) => b.spec));
    else {
      if (context === undefined) {
        throw new OcispecError('BAD_PIPELINE', '/base: a merge base needs the platform default spec', {
          pointer: '/base',
        });
      }
      spec = mergeSpecs(context.defaultSpec(), ...bases.map((b) => b.spec));
    }
    return { spec, opts: this.#leadingOpts(), warnings: bases.flatMap((b) => b.warnings) };
  }

  /**
   * The base resolver for core's `PipelineRunner` (`resolveBase`): `"base": "<file>"` is loaded through this
   * store's loader (cached, checked the same way; beneath the runner's `filesRoot` when it has one); `"runtime":
   * "<name>"` resolves to that runtime's base with `withNamespacedCgroup` run first, as containerd CRI does (a
   * runtime without a base: the platform default).
   */
  resolver(): BaseResolver {
    return (ref: BaseReference, dir: string, context?: BaseResolverContext): ResolvedBase => {
      if (ref.kind === 'file') {
        const base = this.load(path.resolve(dir, ref.file), { root: context?.filesRoot });
        return { spec: base.spec, warnings: base.warnings };
      }
      if (ref.kind === 'layers') return this.#layers(ref, dir, context);
      if (this.config === undefined) {
        // The runner names the pipeline file in front: `p.json: /runtime: ...`.
        throw new BaseSpecError(
          'unknown-runtime',
          `/runtime: runtime ${JSON.stringify(ref.runtime)} needs a runtime config (--config)`,
          { pointer: '/runtime' },
        );
      }
      const base = this.baseForRuntime(ref.runtime);
      if (base === undefined) return { spec: null };
      return { spec: base.spec, opts: this.#leadingOpts(), warnings: base.warnings };
    };
  }

  /** `withNamespacedCgroup`, run before a base's options. */
  #leadingOpts(): ResolvedBase['opts'] {
    const leading = this.#namespacedCgroup;
    return typeof leading === 'function'
      ? [{ name: 'withNamespacedCgroup', args: [], opt: leading, plugin: '' }]
      : [leading];
  }
}
