/**
 * What `containerSpec` and `sandboxSpec` share: the default pipeline, the build options, and running a plan as
 * containerd's `runtimeSpec` does (a base runtime spec through `BaseSpecStore.runtimeSpec`, else the platform
 * default).
 */
import { randomBytes } from 'node:crypto';
import type { LoadedBase } from '@ocispec/base-spec';
import { BaseSpecStore } from '@ocispec/base-spec';
import type { Composition, CompositionInput, FrozenSpec, OptCall } from '@ocispec/core';
import { corePlugin, OcispecError, Pipeline } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { windowsPlugin } from '@ocispec/windows';
import { K8S_NAMESPACE } from './defaults.js';
import type { CriHostFacts } from './host.js';
import { criHostFor, withCriHostFacts } from './host.js';
import type { CriStep, ResolvedStep } from './plan.js';
import { criPlugin } from './plugin.js';

/** How a CRI spec is built besides its input. */
export interface CriBuildOptions {
  /** The pipeline to compose in (default {@link criPipeline} over `host`: core, linux, windows and cri plugins). */
  readonly pipeline?: Pipeline;
  /**
   * The host facts the builders and the cri options read. Without `pipeline`, the default pipeline is built over
   * them; with one, they must be its own (`criPipeline({ host })`), and default to them.
   */
  readonly host?: CriHostFacts;
  /** Where base runtime specs are loaded from (default a new store over the pipeline). */
  readonly store?: BaseSpecStore;
  /** Edits the plan before it runs: remove, replace or add steps (`removeStep`, `replaceStep`, `insertAfter` …). */
  readonly edit?: (steps: CriStep[]) => readonly CriStep[];
  /** Generates image-volume ids (containerd: a random 64-hex id). */
  readonly volumeId?: () => string;
}

/** A CRI spec: the composition (frozen spec and report), the base versions used and the steps that ran. */
export interface CriComposition extends Composition {
  readonly bases: readonly LoadedBase[];
  /** The resolved steps that ran, in order (over a base, `withNamespacedCgroup` first). */
  readonly steps: readonly ResolvedStep[];
}

/** What `explain` and other tools need to replay a CRI spec: the composition input and the base used. */
export interface CriCompositionPlan {
  /** The composition: platform, namespace `k8s.io`, id, base (or `null`) and every resolved step in order. */
  readonly input: Omit<CompositionInput, 'opts'> & { readonly opts: readonly ResolvedStep[] };
  /** The plan (after `edit`), without the leading `withNamespacedCgroup` a base gets. */
  readonly steps: readonly CriStep[];
  /** The base runtime spec file, when the runtime has one. */
  readonly baseFile?: string;
  readonly base?: LoadedBase;
}

/**
 * A pipeline with the core, linux, windows and cri plugins (and `pipeline.plugins` after them); with `host`, over a
 * host access whose CRI facts are `host` ({@link withCriHostFacts}).
 */
export function criPipeline(
  options: { host?: CriHostFacts; pipeline?: ConstructorParameters<typeof Pipeline>[0] } = {},
): Pipeline {
  const base = options.pipeline ?? {};
  const host = options.host === undefined ? base.host : withCriHostFacts(options.host, base.host);
  return new Pipeline({
    ...base,
    ...(host === undefined ? {} : { host }),
    plugins: [corePlugin(), linuxPlugin(), windowsPlugin(), criPlugin(), ...(base.plugins ?? [])],
  });
}

/** The build options resolved: the pipeline, its host facts, the base store, the volume ids. */
export interface Resolved {
  readonly pipeline: Pipeline;
  readonly host: CriHostFacts;
  readonly store: BaseSpecStore;
  readonly volumeId: () => string;
}

export function resolveBuild(options: CriBuildOptions): Resolved {
  const pipeline = options.pipeline ?? criPipeline({ host: options.host });
  const host = criHostFor(pipeline.host);
  if (options.host !== undefined && options.host !== host) {
    throw new OcispecError(
      'BAD_ARGUMENT',
      "options.host is not the pipeline's host facts: build the pipeline with criPipeline({ host }) and pass only it",
    );
  }
  return {
    pipeline,
    host,
    store: options.store ?? new BaseSpecStore({ pipeline }),
    volumeId: options.volumeId ?? (() => randomBytes(32).toString('hex')),
  };
}

const NAMESPACED_CGROUP: OptCall = ['withNamespacedCgroup'];

/** Every step's call resolved against the pipeline's registry (arguments checked), its step id kept. */
function resolveSteps(resolved: Resolved, steps: readonly CriStep[]): ResolvedStep[] {
  const opts = resolved.pipeline.resolve(steps.map((s) => s.call));
  return opts.map((opt, i) => ({ ...opt, step: steps[i]!.step }));
}

/**
 * The composition plan of a step list: containerd's `runtimeSpec(id, platform, baseRuntimeSpec, opts...)`. With a
 * base file, the base (loaded into the store) and `withNamespacedCgroup` first; otherwise the platform default.
 */
export function plan(
  resolved: Resolved,
  platform: string,
  id: string,
  baseFile: string | undefined,
  steps: readonly CriStep[],
): CriCompositionPlan {
  const common = { platform, namespace: K8S_NAMESPACE, id };
  const opts = resolveSteps(resolved, steps);
  if (baseFile === undefined || baseFile === '') return { input: { ...common, base: null, opts }, steps };
  const base = resolved.store.load(baseFile);
  const [leading] = resolved.pipeline.resolve([NAMESPACED_CGROUP]);
  return {
    input: { ...common, base: base.spec as FrozenSpec, opts: [leading!, ...opts] },
    steps,
    baseFile,
    base,
  };
}

/** Runs a plan: through `BaseSpecStore.runtimeSpec` with a base file (as the seed does), else `pipeline.compose`. */
export async function run(resolved: Resolved, p: CriCompositionPlan): Promise<CriComposition> {
  if (p.baseFile !== undefined) {
    const composition = await resolved.store.runtimeSpec(
      p.input.id ?? '',
      p.baseFile,
      p.input.opts.slice(1),
      {
        platform: p.input.platform,
        namespace: K8S_NAMESPACE,
      },
    );
    return { ...composition, steps: p.input.opts };
  }
  const composition = await resolved.pipeline.compose(p.input);
  return { ...composition, bases: [], steps: p.input.opts };
}
