import type { Draft } from 'immer';
import type { SpecContext, SpecOpt } from './contract.js';
import type { FrozenSpec } from './engine.js';
import { createSpecDraft, discardSpecDraft, finishSpecDraft, freezeJson } from './engine.js';
import { optionFailed } from './errors.js';
import type { Spec } from './model/index.js';
import { isThenable } from './thenable.js';

export type { SpecOpt } from './contract.js';

/** Names an option function (its `name` is what errors and provenance report). Returns the same function. */
export function specOpt<T extends SpecOpt>(name: string, opt: T): T {
  // Redefining `name` is costly (and options are built per call of a pipeline): only when it differs.
  if (opt.name !== name) Object.defineProperty(opt, 'name', { value: name, configurable: true });
  return opt;
}

/** The name errors report for an option. */
export function optName(opt: SpecOpt): string {
  return opt.name === '' ? 'anonymous' : opt.name;
}

/**
 * Runs `opts` in order over `draft` from position `start`, without awaiting sync options. Returns a promise only
 * once an option returns one. A throw is wrapped as `OPTION_FAILED` naming the option and its index.
 */
export function runOpts(
  draft: Draft<Spec>,
  opts: readonly SpecOpt[],
  ctx: SpecContext,
  start = 0,
  names?: readonly string[],
): void | Promise<void> {
  for (let i = start; i < opts.length; i++) {
    const opt = opts[i]!;
    let result: void | Promise<void>;
    try {
      result = opt(draft, ctx);
    } catch (error) {
      throw optionFailed(names?.[i] ?? optName(opt), i, error);
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        () => runOpts(draft, opts, ctx, i + 1, names),
        (error: unknown) => {
          throw optionFailed(names?.[i] ?? optName(opt), i, error);
        },
      );
    }
  }
}

/**
 * Deep-freezes a base spec (no copy) so that it can be shared by any number of compositions. Every unfrozen node
 * is frozen, even under an already frozen root; a frozen node below the root is taken as frozen all the way down
 * (a frozen value is only ever built by freezing it whole), so a frozen base or a default spec sharing a frozen template costs one scan of its top level.
 */
export function freezeSpec(spec: Spec | FrozenSpec): FrozenSpec {
  return freezeJson(spec);
}

/**
 * Applies `opts` in order over a frozen `base` in one immer draft and returns the finished, deep-frozen
 * spec, which shares every untouched subtree with `base`. The base is frozen (if it was not) and never copied or changed. If an
 * option fails, the draft is dropped and the error (naming the option and its index) is thrown: nothing half-built
 * escapes. Sync options run without awaiting; the promise settles as soon as the last async option does.
 */
export async function applyOpts(
  base: Spec | FrozenSpec,
  opts: readonly SpecOpt[],
  ctx: SpecContext,
): Promise<FrozenSpec> {
  const frozen = freezeSpec(base);
  const draft = createSpecDraft(frozen);
  try {
    const pending = runOpts(draft, opts, ctx);
    if (pending !== undefined) await pending;
  } catch (error) {
    discardSpecDraft(draft);
    throw error;
  }
  return finishSpecDraft(draft, frozen);
}

/**
 * {@link applyOpts} for option lists known to be synchronous: throws if an option returns a promise, without
 * returning anything half-built.
 */
export function applyOptsSync(
  base: Spec | FrozenSpec,
  opts: readonly SpecOpt[],
  ctx: SpecContext,
): FrozenSpec {
  const frozen = freezeSpec(base);
  const draft = createSpecDraft(frozen);
  let pending: void | Promise<void>;
  try {
    pending = runOpts(draft, opts, ctx);
  } catch (error) {
    discardSpecDraft(draft);
    throw error;
  }
  if (pending !== undefined) {
    pending.catch(() => {});
    discardSpecDraft(draft);
    throw new TypeError('applyOptsSync: an option returned a promise; use applyOpts');
  }
  return finishSpecDraft(draft, frozen);
}

/**
 * Folds options into one that runs them in order (containerd's `Compose`): the first failure stops the rest.
 * Composing nothing gives an option that does nothing.
 */
export function compose(...opts: SpecOpt[]): SpecOpt {
  // Runs from `start`; after an async option, the rest continue from the next one (no new option per step).
  const runFrom = (spec: Draft<Spec>, ctx: SpecContext, start: number): void | Promise<void> => {
    for (let i = start; i < opts.length; i++) {
      const result = opts[i]!(spec, ctx);
      if (isThenable(result)) return Promise.resolve(result).then(() => runFrom(spec, ctx, i + 1));
    }
  };
  return specOpt('compose', (spec, ctx) => runFrom(spec, ctx, 0));
}

/**
 * Replaces the whole draft with `next` in place (an option cannot swap the draft itself): deletes every key, then
 * copies `next`'s keys over. Used by `withSpecFromBytes` and `withDefaultSpec`.
 */
export function replaceSpec(draft: Draft<Spec>, next: Spec | FrozenSpec): void {
  const target = draft as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  for (const [key, value] of Object.entries(next)) target[key] = value;
}
