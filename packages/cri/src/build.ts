/**
 * Shared plumbing of `containerSpec` and `sandboxSpec`: the default pipeline, build options, rootfs lookups and
 * running a step list as containerd's `runtimeSpec` does (base runtime spec through `BaseSpecStore.runtimeSpec`).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LoadedBase } from '@ocispec/base-spec';
import { BaseSpecStore } from '@ocispec/base-spec';
import type { Composition, CompositionInput, OptCall, ResolvedOpt, Spec, SpecOpt } from '@ocispec/core';
import { corePlugin, Pipeline, specOpt } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { windowsPlugin } from '@ocispec/windows';
import { K8S_NAMESPACE } from './helpers.js';
import type { CriHostFacts } from './host.js';
import { criHostFor } from './host.js';
import { criPlugin } from './plugin.js';
import type { CriStep } from './steps.js';

/** How a CRI spec is built besides its input. */
export interface CriBuildOptions {
  /** The pipeline to compose in (default {@link criPipeline}: core, linux, windows and cri plugins). */
  readonly pipeline?: Pipeline;
  /** Host facts (default: derived from the pipeline's host, the real machine by default). */
  readonly host?: CriHostFacts;
  /** Where base runtime specs are loaded from (default a new store over the pipeline). */
  readonly store?: BaseSpecStore;
  /** Edits the step list before it runs: remove, replace or add steps (see `removeStep`, `replaceStep` …). */
  readonly edit?: (steps: CriStep[]) => readonly ResolvedOpt[];
  /** Generates image-volume ids (containerd: a random 64-hex id). */
  readonly volumeId?: () => string;
}

/** A CRI spec: the composition (frozen spec and report), the base versions used and the steps that ran. */
export interface CriComposition extends Composition {
  readonly bases: readonly LoadedBase[];
  readonly steps: readonly ResolvedOpt[];
}

/** What `explain` and other tools need to replay a CRI spec: the composition input and the base used. */
export interface CriCompositionPlan {
  /** The composition: platform, namespace `k8s.io`, id, base (or `null`) and every option (ResolvedOpt) in order. */
  readonly input: Omit<CompositionInput, 'opts'> & { readonly opts: readonly ResolvedOpt[] };
  /** The steps of the builder (after `edit`), without the leading `withNamespacedCgroup` a base gets. */
  readonly steps: readonly ResolvedOpt[];
  /** The base runtime spec file, when the runtime has one. */
  readonly baseFile?: string;
  readonly base?: LoadedBase;
}

/** A pipeline with the core, linux, windows and cri plugins (cri's options bound to `host` when given). */
export function criPipeline(
  options: { host?: CriHostFacts; pipeline?: ConstructorParameters<typeof Pipeline>[0] } = {},
): Pipeline {
  const base = options.pipeline ?? {};
  return new Pipeline({
    ...base,
    plugins: [
      corePlugin(),
      linuxPlugin(),
      windowsPlugin(),
      criPlugin({ host: options.host }),
      ...(base.plugins ?? []),
    ],
  });
}

export interface Resolved {
  readonly pipeline: Pipeline;
  readonly host: CriHostFacts;
  readonly store: BaseSpecStore;
  readonly volumeId: () => string;
}

export function resolveBuild(options: CriBuildOptions): Resolved {
  const pipeline = options.pipeline ?? criPipeline({ host: options.host });
  const host = options.host ?? criHostFor(pipeline.host);
  return {
    pipeline,
    host,
    store: options.store ?? new BaseSpecStore({ pipeline }),
    volumeId: options.volumeId ?? (() => randomBytes(32).toString('hex')),
  };
}

/**
 * Runs `opt` (a rootfs reader: `withUser`, `withAdditionalGIDs`) with `root.path` set to the image's rootfs and puts
 * the spec's own root path back afterwards, as containerd reads users from the container's snapshot while the spec
 * keeps its relative root. Without `rootfs` the lookups see an empty rootfs (a scratch image: uid/gid as given,
 * gid 0 for a bare uid, no supplementary groups from the image) and a warning is reported.
 */
export function inRootfs(name: string, rootfs: string | undefined, opt: SpecOpt): SpecOpt {
  return specOpt(name, (spec, ctx) => {
    if (rootfs === undefined || rootfs === '') {
      ctx.warn(
        `${name}: no rootfs given; users and groups are resolved as in an image without etc/passwd and etc/group`,
      );
    }
    const lookupRoot = rootfs === undefined || rootfs === '' ? emptyRootfs() : rootfs;
    const root = spec.root;
    const hadRoot = root != null;
    const previous = root?.path;
    if (spec.root == null) spec.root = {};
    spec.root.path = lookupRoot;
    const restore = (): void => {
      if (!hadRoot) delete spec.root;
      else if (spec.root != null) {
        if (previous === undefined) delete spec.root.path;
        else spec.root.path = previous;
      }
    };
    let result: void | Promise<void>;
    try {
      result = opt(spec, ctx);
    } catch (error) {
      restore();
      throw error;
    }
    if (result instanceof Promise) return result.finally(restore);
    restore();
  });
}

let empty: string | undefined;

/** An empty directory standing for a rootfs without `etc/passwd` and `etc/group` (created once per process). */
export function emptyRootfs(): string {
  empty ??= fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-empty-rootfs-'));
  return empty;
}

const NAMESPACED_CGROUP: OptCall = ['withNamespacedCgroup'];

/**
 * The composition plan of a step list: containerd's `runtimeSpec(id, platform, baseRuntimeSpec, opts...)`. With a
 * base file, the base (loaded into the store) and `withNamespacedCgroup` first; otherwise the platform default.
 */
export function plan(
  resolved: Resolved,
  platform: string,
  id: string,
  baseFile: string | undefined,
  steps: readonly ResolvedOpt[],
): CriCompositionPlan {
  const common = { platform, namespace: K8S_NAMESPACE, id };
  if (baseFile === undefined || baseFile === '') {
    return { input: { ...common, base: null, opts: steps }, steps };
  }
  const base = resolved.store.load(baseFile);
  const [leading] = resolved.pipeline.resolve([NAMESPACED_CGROUP]);
  return {
    input: { ...common, base: base.spec as Spec, opts: [leading!, ...steps] },
    steps,
    baseFile,
    base,
  };
}

/** Runs a plan: through `BaseSpecStore.runtimeSpec` with a base file (as the seed does), else `pipeline.compose`. */
export async function run(resolved: Resolved, p: CriCompositionPlan): Promise<CriComposition> {
  if (p.baseFile !== undefined) {
    const composition = await resolved.store.runtimeSpec(p.input.id ?? '', p.baseFile, p.steps, {
      platform: p.input.platform,
      namespace: K8S_NAMESPACE,
    });
    return { ...composition, steps: p.input.opts };
  }
  const composition = await resolved.pipeline.compose(p.input);
  return { ...composition, bases: [], steps: p.input.opts };
}
