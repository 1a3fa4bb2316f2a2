/**
 * The option contract's two types, in one module of their own (each names the other): an option (`SpecOpt`) and
 * what it may read besides the spec (`SpecContext`). Types only; `compose.ts` and `context.ts` build on them.
 */
import type { Draft } from 'immer';
import type { FrozenSpec } from './engine.js';
import type { HostAccess } from './host.js';
import type { Spec } from './model/index.js';
import type { PipelineSettings } from './pipeline-settings.js';
import type { Platform } from './platform.js';

/**
 * An option: edits the spec draft (an immer draft) in place, synchronously or asynchronously. The draft is revoked
 * when the composition finishes, so an option must not keep it beyond its call (a late write throws). It cannot
 * replace the draft (reassigning the parameter does nothing): to replace the whole spec, clear and refill it (see
 * `replaceSpec` in compose.ts).
 */
export type SpecOpt = (spec: Draft<Spec>, ctx: SpecContext) => void | Promise<void>;

/** The container a spec is composed for (containerd's `containers.Container`, the parts options read). */
export interface ContainerInfo {
  readonly id: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Snapshotter and key: when both are empty, options that read the rootfs use `root.path` (must be absolute). */
  readonly snapshotter?: string;
  readonly snapshotKey?: string;
}

/** Everything an option may read besides the spec. */
export interface SpecContext {
  /** containerd namespace; `""` means none (options that need one fail as containerd does). */
  readonly namespace: string;
  readonly container: ContainerInfo;
  /** The target platform; options branch on this, never on the machine running the code. */
  readonly platform: Platform;
  /** Injected host access (real by default). */
  readonly host: HostAccess;
  /**
   * The pipeline's settings (`cdiSpecDirs`, …): fields of a pipeline file that configure plugins, paths absolute
   * (see `pipeline-settings.ts`). Empty when the composition was given none.
   */
  readonly settings: PipelineSettings;
  /**
   * Builds an option another plugin registered, by name, for this option's body to run (its arguments checked as
   * any call's): how a core option uses a platform plugin's option without importing it (`withImageConfigArgs`
   * runs the linux plugin's `withUser`). An option no plugin registered is `UNKNOWN_OPTION`.
   */
  option(name: string, ...args: unknown[]): SpecOpt;
  /**
   * Builds the default spec for a platform (the pipeline's `defaultSpec` hook); used by `withDefaultSpec` and
   * `withDefaultSpecForPlatform`.
   */
  defaultSpec(platform: Platform): FrozenSpec;
  /**
   * Reports a non-fatal finding. A pipeline adds it to the composition's report as a warning with rule `option`
   * (the message itself must say what it concerns: the option is not named for it).
   */
  warn(message: string): void;
}
