import type { Draft } from 'immer';
import { AsyncSeriesHook, HookMap, SyncBailHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type { SpecContext } from './contract.js';
import type { FrozenSpec } from './engine.js';
import type { Spec } from './model/index.js';
import type { ResolvedOpt } from './registry.js';
import type { ValidationReport } from './report.js';

/**
 * Every hook of a pipeline, in the order they run. This file is the hook contract; `docs/hooks.md` mirrors it.
 *
 * | hook          | tapable class                               | runs                                   |
 * |---------------|---------------------------------------------|----------------------------------------|
 * | defaultSpec   | HookMap<SyncBailHook<[ctx], Spec>> by OS    | when a composition has no base          |
 * | beforeApply   | SyncWaterfallHook<[ResolvedOpt[], ctx]>     | after the base is chosen, before opts   |
 * | afterApply    | AsyncSeriesHook<[Draft<Spec>, ctx]>         | after the last option, on the draft     |
 * | validate      | AsyncSeriesHook<[FrozenSpec, report, ctx]>  | on the finished, frozen spec            |
 * | done          | SyncHook<[FrozenSpec, report, ctx]>         | once the composition has succeeded      |
 */
export interface PipelineHooks {
  /**
   * The platform's default spec, keyed by the target OS (`linux`, `windows`, `darwin`, …; `*` is the fallback for
   * every OS without its own tap, which is how containerd gives every non-windows OS the unix default).
   * Bail: the first tap that returns a spec wins. The spec returned is frozen and shared; return a fresh object
   * or a frozen one, never one you will change later. Frozen nodes must be frozen all the way down (`freezeSpec`
   * them once, as linux's template is): they are not entered again. Built-ins tap at stage 0, so a plugin tapping with
   * `stage: -1` overrides them. Previous: none. Next: beforeApply.
   */
  readonly defaultSpec: HookMap<SyncBailHook<[SpecContext], Spec | FrozenSpec | undefined>>;
  /**
   * The resolved option list, before anything runs. Waterfall: each tap returns the list to use (reordered, with
   * options inserted or removed). Previous: defaultSpec. Next: the options, then afterApply.
   */
  readonly beforeApply: SyncWaterfallHook<[ResolvedOpt[], SpecContext]>;
  /**
   * The draft after the last option: a last chance to edit (policies that enforce settings). Series, sync or
   * async taps; a throw fails the composition. Previous: the options. Next: validate.
   */
  readonly afterApply: AsyncSeriesHook<[Draft<Spec>, SpecContext]>;
  /**
   * The finished, frozen spec: add findings to the report (`report.error(...)`, `report.warning(...)`). A report
   * with errors fails the composition when the pipeline is asked to validate. Previous: afterApply. Next: done.
   */
  readonly validate: AsyncSeriesHook<[FrozenSpec, ValidationReport, SpecContext]>;
  /** The composition succeeded: observe the result (logging, metrics). Previous: validate. */
  readonly done: SyncHook<[FrozenSpec, ValidationReport, SpecContext]>;
}

/** Creates a fresh set of hooks. */
export function createHooks(): PipelineHooks {
  return {
    defaultSpec: new HookMap(() => new SyncBailHook<[SpecContext], Spec | FrozenSpec | undefined>(['ctx'])),
    beforeApply: new SyncWaterfallHook<[ResolvedOpt[], SpecContext]>(['opts', 'ctx']),
    afterApply: new AsyncSeriesHook<[Draft<Spec>, SpecContext]>(['spec', 'ctx']),
    validate: new AsyncSeriesHook<[FrozenSpec, ValidationReport, SpecContext]>(['spec', 'report', 'ctx']),
    done: new SyncHook<[FrozenSpec, ValidationReport, SpecContext]>(['spec', 'report', 'ctx']),
  };
}
