import type { Draft } from 'immer';
import type { FullTap, Hook, HookMap } from 'tapable';
import { z } from 'zod';
import { allBuiltin, isBuiltinOpt } from './builtin-opts.js';
import { freezeSpec, optName, runOpts } from './compose.js';
import type { ContainerInfo, SpecContext, SpecOpt } from './contract.js';
import type { AnyOptDefinition, OptInit } from './define.js';
import { defineOpt, isOptDefinition } from './define.js';
import type { FrozenSpec } from './engine.js';
import { createSpecDraft, discardSpecDraft, finishSpecDraft, freezeTrusted } from './engine.js';
import { isOcispecError, OcispecError, pluginFailed } from './errors.js';
import type { PipelineHooks } from './hooks.js';
import { createHooks } from './hooks.js';
import type { HostAccess } from './host.js';
import { isOwnHost, nodeHost } from './host.js';
import type { Spec } from './model/index.js';
import type { ArgsSchema } from './option-args.js';
import type { OptCall } from './option-types.js';
import { variadic } from './options/args.js';
import type { PipelineSettings } from './pipeline-settings.js';
import { NO_SETTINGS } from './pipeline-settings.js';
import type { Platform, PlatformDefaults } from './platform.js';
import { formatPlatform, parsePlatform } from './platform.js';
import { checkPluginCompat } from './plugin-compat.js';
import type { RegisteredOpt, ResolvedOpt, UntypedOptCall } from './registry.js';
import { OptRegistry } from './registry.js';
import { formatFinding, ValidationReport } from './report.js';

/**
 * A plugin (webpack style): `apply` registers options (`pipeline.registerOpt`) and taps `pipeline.hooks`, using its
 * `name` as the tap name.
 */
export interface Plugin {
  readonly name: string;
  /**
   * The `@ocispec/core` versions the plugin works with, a semver range (`^0.2`): checked against the applying
   * pipeline's core version before `apply` runs (`PLUGIN_INCOMPATIBLE`). Absent: not checked.
   */
  readonly core?: string;
  apply(pipeline: Pipeline): void;
}

/** What a composition starts from and applies. */
export interface CompositionInput {
  /** Target platform; default `linux/amd64`. */
  readonly platform?: string | Platform;
  /** containerd namespace; default `default`; `""` = none. */
  readonly namespace?: string;
  /** Container id; default `""`. */
  readonly id?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly snapshotter?: string;
  readonly snapshotKey?: string;
  /** The base spec; `null`/absent → the platform's default spec (`hooks.defaultSpec`). Frozen, never copied. */
  readonly base?: Spec | FrozenSpec | null;
  /**
   * Options: functions, calls (`["withHostname", "web"]`, typed by the registered options' `OptCall`) or already
   * resolved calls (`pipeline.resolve(json)` resolves a pipeline file's unchecked calls).
   */
  readonly opts?: readonly (SpecOpt | OptCall | ResolvedOpt)[];
  /** Fail when the `validate` hook reports an error. */
  readonly validate?: boolean;
  /**
   * Settings for the plugins (`ctx.settings`; a pipeline file's `cdiSpecDirs`, resolved by the runner): paths
   * absolute. None by default.
   */
  readonly settings?: PipelineSettings;
}

/**
 * A composition prepared once and run many times ({@link Pipeline.prepare}): its option calls resolved (arguments
 * validated, options built), its platform parsed and its base frozen. Each {@link PreparedComposition.run} is a
 * full composition (context, default spec, hooks, draft, validation): nothing of a previous run's result is reused.
 */
export interface PreparedComposition {
  /** The input as it is run: platform parsed, options resolved. */
  readonly input: CompositionInput & { readonly platform: Platform; readonly opts: readonly ResolvedOpt[] };
  run(): Promise<Composition>;
}

/** The outcome of a composition: the frozen spec and what the `validate` hook found. */
export interface Composition {
  /** The composed spec: deep-frozen, typed deep-readonly. */
  readonly spec: FrozenSpec;
  readonly report: ValidationReport;
}

export interface PipelineOptions {
  readonly plugins?: readonly Plugin[];
  /** Host access for every composition (real by default). */
  readonly host?: HostAccess;
  /** Completes one-component platform specifiers (`linux`, `arm64`); the host's by default, as in containerd. */
  readonly platformDefaults?: PlatformDefaults;
}

/**
 * A spec composition pipeline: a registry of named options, tapable hooks and the plugins that filled them. Plugins are applied with {@link Pipeline.use}; the pipeline freezes at its first composition, after
 * which registering or tapping fails.
 */
export class Pipeline {
  readonly hooks: PipelineHooks = createHooks();
  readonly registry = new OptRegistry();
  readonly host: HostAccess;
  readonly #platformDefaults: PlatformDefaults | undefined;
  readonly #plugins = new Map<string, Plugin>();
  #applying: string | undefined;
  #frozen = false;

  constructor(options: PipelineOptions = {}) {
    this.host = options.host ?? nodeHost;
    this.#platformDefaults = options.platformDefaults;
    this.#guardHooks();
    this.registerOpt(composeOption(this.registry));
    for (const plugin of options.plugins ?? []) this.use(plugin);
  }

  /**
   * Applies a plugin. The same plugin name applied again is a no-op. A plugin whose `core` range this core's
   * version is not in fails (`PLUGIN_INCOMPATIBLE`) before its `apply` runs.
   */
  use(plugin: Plugin): this {
    this.#assertOpen(`use(${plugin.name})`);
    if (this.#plugins.has(plugin.name)) return this;
    checkPluginCompat(plugin);
    this.#plugins.set(plugin.name, plugin);
    const previous = this.#applying;
    this.#applying = plugin.name;
    try {
      plugin.apply(this);
    } catch (error) {
      throw pluginFailed(plugin.name, 'apply', error);
    } finally {
      this.#applying = previous;
    }
    return this;
  }

  /** The names of the plugins applied, in order. */
  get plugins(): string[] {
    return [...this.#plugins.keys()];
  }

  /**
   * Registers an option under the plugin being applied: a definition from `defineOpt`, or what `defineOpt` takes
   * (a plugin in plain JavaScript, which may not import ocispec, defines its options so).
   */
  registerOpt(option: AnyOptDefinition | OptInit<string, ArgsSchema>): void {
    this.#assertOpen('registerOpt');
    const definition = isOptDefinition(option) ? option : defineOpt(option);
    this.registry.register(definition, this.#applying ?? 'core');
  }

  /** Stops further registration and tapping; done by the first composition. */
  freeze(): this {
    this.#frozen = true;
    return this;
  }

  /** Parses a platform specifier with this pipeline's defaults. */
  platform(specifier: string | Platform | undefined): Platform {
    if (specifier === undefined) return parsePlatform('linux/amd64');
    return typeof specifier === 'string' ? parsePlatform(specifier, this.#platformDefaults) : specifier;
  }

  /** The context of one composition. Warnings go to `report`. */
  context(input: CompositionInput, report: ValidationReport = new ValidationReport()): SpecContext {
    const container: { -readonly [K in keyof ContainerInfo]: ContainerInfo[K] } = { id: input.id ?? '' };
    if (input.labels !== undefined) container.labels = input.labels;
    if (input.snapshotter !== undefined) container.snapshotter = input.snapshotter;
    if (input.snapshotKey !== undefined) container.snapshotKey = input.snapshotKey;
    const ctx: SpecContext = {
      namespace: input.namespace ?? 'default',
      container,
      platform: this.platform(input.platform),
      host: this.host,
      settings: input.settings ?? NO_SETTINGS,
      option: (name, ...args) => {
        const opt = this.registry.build(name, args);
        if (!isBuiltinOpt(opt)) ranForeignOption.add(ctx);
        return opt;
      },
      defaultSpec: (platform) => this.defaultSpec({ ...ctx, platform }),
      warn: (message) => report.warning('', 'option', message),
    };
    return ctx;
  }

  /** The default spec of `ctx.platform` from `hooks.defaultSpec` (the OS's taps, then `*`), frozen. */
  defaultSpec(ctx: SpecContext): FrozenSpec {
    const os = ctx.platform.os;
    const spec = this.hooks.defaultSpec.get(os)?.call(ctx) ?? this.hooks.defaultSpec.get('*')?.call(ctx);
    if (spec === undefined) {
      throw new OcispecError(
        'NO_DEFAULT_SPEC',
        `no default spec for platform ${formatPlatform(ctx.platform)}: no plugin provides one (add the linux or windows plugin)`,
      );
    }
    // A plugin's default spec is trusted to be deep-frozen where it is frozen (the hook's contract; hooks.ts).
    return freezeTrusted(spec);
  }

  /**
   * Resolves option calls against the registry (arguments checked; calls from a pipeline file are taken unchecked
   * here, as `UntypedOptCall`s); functions and resolved calls are taken as they are.
   */
  resolve(opts: readonly (SpecOpt | UntypedOptCall | ResolvedOpt)[]): ResolvedOpt[] {
    return opts.map((entry, index) => {
      if (typeof entry === 'function') return { name: optName(entry), args: [], opt: entry, plugin: '' };
      if (Array.isArray(entry)) return this.registry.resolve(entry as UntypedOptCall, index);
      return entry as ResolvedOpt;
    });
  }

  /**
   * Prepares `input` to be composed many times: resolves its option calls once (a bad argument fails here), parses
   * its platform and freezes its base. Options must be reusable (as containerd's SpecOpts are): an option runs once
   * per {@link PreparedComposition.run}. Freezes the pipeline.
   */
  prepare(input: CompositionInput): PreparedComposition {
    this.freeze();
    const opts = this.resolve(input.opts ?? []);
    const prepared = {
      ...input,
      platform: this.platform(input.platform),
      base: input.base == null ? input.base : freezeSpec(input.base),
      opts,
    };
    const fns = opts.map((o) => o.opt);
    const names = opts.map((o) => o.name);
    const builtinOnly = allBuiltin(fns);
    return { input: prepared, run: () => this.#compose(prepared, opts, { fns, names, builtinOnly }) };
  }

  /**
   * Composes a spec: base (or the platform default) → `beforeApply` → every option in one draft → `afterApply` →
   * finished frozen spec → `validate` → `done`. Nothing half-built is returned: any failure throws, naming the option
   * and its index, or the plugin and hook.
   */
  async compose(input: CompositionInput): Promise<Composition> {
    this.freeze();
    return this.#compose(input, this.resolve(input.opts ?? []));
  }

  /** One composition of `input` with its options resolved (`prepared`: what {@link prepare} knows of them). */
  async #compose(
    input: CompositionInput,
    resolved: ResolvedOpt[],
    prepared?: PreparedOpts,
  ): Promise<Composition> {
    const report = new ValidationReport();
    const ctx = this.context(input, report);
    const base = input.base == null ? this.defaultSpec(ctx) : freezeSpec(input.base);
    let opts = resolved;
    if (this.hooks.beforeApply.taps.length > 0) {
      opts = this.hooks.beforeApply.call(resolved, ctx);
      prepared = undefined;
    }
    const fns = prepared?.fns ?? opts.map((o) => o.opt);
    const draft = createSpecDraft(base);
    try {
      const pending = runOpts(draft, fns, ctx, 0, prepared?.names ?? opts.map((o) => o.name));
      if (pending !== undefined) await pending;
    } catch (error) {
      discardSpecDraft(draft);
      throw withOptionPlugin(error, opts);
    }
    if (this.hooks.afterApply.taps.length > 0) {
      try {
        await this.hooks.afterApply.promise(draft as Draft<Spec>, ctx);
      } catch (error) {
        discardSpecDraft(draft);
        throw error;
      }
    }
    // Only ocispec's own options had the draft, over a host of ocispec's (builtin-opts.ts): the finish needs no
    // per-property guard.
    const builtinOnly =
      (prepared?.builtinOnly ?? allBuiltin(fns)) &&
      this.hooks.afterApply.taps.length === 0 &&
      !ranForeignOption.has(ctx) &&
      isOwnHost(this.host);
    const spec = finishSpecDraft(draft, base, { builtinOnly });
    if (this.hooks.validate.taps.length > 0) await this.hooks.validate.promise(spec, report, ctx);
    if (input.validate === true && !report.ok) {
      const first = report.errors[0]!;
      throw new OcispecError('BAD_SPEC', `invalid spec: ${formatFinding(first)}`, { pointer: first.pointer });
    }
    if (this.hooks.done.taps.length > 0) this.hooks.done.call(spec, report, ctx);
    return { spec, report };
  }

  #assertOpen(what: string): void {
    if (this.#frozen) {
      throw new OcispecError(
        'PIPELINE_FROZEN',
        `${what}: the pipeline is frozen after its first composition; build a new pipeline to change it`,
      );
    }
  }

  /** Every tap is checked against the freeze and wrapped so a throw names its plugin and hook. */
  #guardHooks(): void {
    const guard = (hook: Hook<unknown[], unknown>, hookName: string): void => {
      hook.intercept({
        register: (tap: FullTap) => {
          this.#assertOpen(`tap ${hookName} (${tap.name})`);
          return wrapTap(tap, hookName);
        },
      });
    };
    const { defaultSpec, ...plain } = this.hooks;
    for (const [name, hook] of Object.entries(plain))
      guard(hook as unknown as Hook<unknown[], unknown>, name);
    (defaultSpec as unknown as HookMap<Hook<unknown[], unknown>>).intercept({
      factory: (key, hook) => {
        guard(hook, `defaultSpec(${String(key)})`);
        return hook;
      },
    });
  }
}

/** Adds the plugin that registered a failing option to an `OPTION_FAILED` error's details (message unchanged). */
/** What {@link Pipeline.prepare} computes once of a composition's options. */
interface PreparedOpts {
  readonly fns: readonly SpecOpt[];
  readonly names: readonly string[];
  /** Every option is one of ocispec's own (builtin-opts.ts). */
  readonly builtinOnly: boolean;
}

/**
 * The contexts of compositions in which a built-in option ran an option of a plugin by name (`ctx.option`): code
 * ocispec does not know had the draft, so the finish guards every property.
 */
const ranForeignOption = new WeakSet<SpecContext>();

function withOptionPlugin(error: unknown, opts: readonly ResolvedOpt[]): unknown {
  if (!isOcispecError(error, 'OPTION_FAILED') || error.plugin !== undefined || error.index === undefined)
    return error;
  const plugin = opts[error.index]?.plugin;
  if (plugin === undefined || plugin === '') return error;
  return new OcispecError('OPTION_FAILED', error.message, {
    option: error.option,
    index: error.index,
    plugin,
    cause: error.cause,
  });
}

type TapFn = (...args: unknown[]) => unknown;

function wrapTap(tap: FullTap, hookName: string): FullTap {
  const fn = tap.fn as TapFn;
  // An OcispecError is the user's input being refused (e.g. a missing namespace): it passes through as is.
  const fail = (error: unknown) => (isOcispecError(error) ? error : pluginFailed(tap.name, hookName, error));
  let wrapped: TapFn;
  if (tap.type === 'promise') {
    wrapped = async (...args) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw fail(error);
      }
    };
  } else if (tap.type === 'async') {
    wrapped = (...args) => {
      const callback = args.pop() as (error?: unknown, result?: unknown) => void;
      try {
        return fn(...args, (error?: unknown, result?: unknown) =>
          error ? callback(fail(error)) : callback(undefined, result),
        );
      } catch (error) {
        return callback(fail(error));
      }
    };
  } else {
    wrapped = (...args) => {
      try {
        return fn(...args);
      } catch (error) {
        throw fail(error);
      }
    };
  }
  return { ...tap, fn: wrapped };
}

/** A pipeline's nested calls, resolved once: the options and their names. */
interface Nested {
  readonly opts: readonly SpecOpt[];
  readonly names: readonly string[];
}

/**
 * The built-in `compose` option of a pipeline (its nested calls are resolved against the pipeline's registry):
 * `["compose", ["withHostname","a"], ["withEnv",["A=1"]]]` runs the nested calls in order, the first failure
 * stopping the rest; a bad nested call fails when the call is resolved, naming both positions.
 * containerd: `oci.Compose`
 */
function composeOption(registry: OptRegistry) {
  const calls = variadic(z.tuple([z.string()], z.unknown())).transform((list): [Nested] => {
    const resolved = list.map((call, i) => registry.resolve(call, i));
    return [{ opts: resolved.map((r) => r.opt), names: resolved.map((r) => r.name) }];
  });
  return defineOpt({
    name: 'compose',
    args: calls,
    doc: 'Runs the nested option calls in order; the first failure stops the rest.',
    containerd: 'oci.Compose',
    apply: (spec, ctx, nested) => runOpts(spec, nested.opts, ctx, 0, nested.names),
  });
}

export type { RegisteredOpt };
