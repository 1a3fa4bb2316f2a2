/**
 * Named steps: the option lists `containerSpec` and `sandboxSpec` run are ordinary `ResolvedOpt`s (what the
 * pipeline's `beforeApply` hook sees) carrying a stable `step` id, so an integrator can find, remove, replace or
 * add a step, before composing (`edit`) or in a `beforeApply` tap, without forking the builder.
 */
import type { ResolvedOpt, SpecOpt } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';
import { optName } from '@ocispec/core/internal';

/** One step of a CRI spec: a resolved option with a stable id (`processArgs`, `mounts`, `annotation:<key>` …). */
export interface CriStep extends ResolvedOpt {
  readonly step: string;
}

/** Makes a step: `name` is the option's registry name (`cri.withMounts`, `withEnv` …), `args` its JSON arguments. */
export function criStep(
  step: string,
  opt: SpecOpt,
  args: readonly unknown[] = [],
  name = optName(opt),
): CriStep {
  return { step, name, args, opt, plugin: 'cri' };
}

/** Whether a resolved option (e.g. in a `beforeApply` tap) is a CRI step. */
export function isCriStep(opt: ResolvedOpt): opt is CriStep {
  return typeof (opt as Partial<CriStep>).step === 'string';
}

function indexOf(steps: readonly ResolvedOpt[], id: string): number {
  const index = steps.findIndex((s) => isCriStep(s) && s.step === id);
  if (index < 0) {
    const known = steps.filter(isCriStep).map((s) => s.step);
    throw new OcispecError('BAD_PIPELINE', `no step ${JSON.stringify(id)} (steps: ${known.join(', ')})`);
  }
  return index;
}

/** The steps without `id` (an unknown id is an error naming the known ones). */
export function removeStep<T extends ResolvedOpt>(steps: readonly T[], id: string): T[] {
  const index = indexOf(steps, id);
  return [...steps.slice(0, index), ...steps.slice(index + 1)];
}

/** The steps with step `id` replaced by `opt` (same id, `name` from the option unless given). */
export function replaceStep(
  steps: readonly ResolvedOpt[],
  id: string,
  opt: SpecOpt,
  args: readonly unknown[] = [],
  name?: string,
): ResolvedOpt[] {
  const index = indexOf(steps, id);
  return [...steps.slice(0, index), criStep(id, opt, args, name), ...steps.slice(index + 1)];
}

/** The steps with `added` inserted right after step `id` (or at the front with `id` `null`). */
export function insertAfter(
  steps: readonly ResolvedOpt[],
  id: string | null,
  ...added: ResolvedOpt[]
): ResolvedOpt[] {
  const index = id === null ? -1 : indexOf(steps, id);
  return [...steps.slice(0, index + 1), ...added, ...steps.slice(index + 1)];
}

/** The steps with `added` inserted right before step `id`. */
export function insertBefore(
  steps: readonly ResolvedOpt[],
  id: string,
  ...added: ResolvedOpt[]
): ResolvedOpt[] {
  const index = indexOf(steps, id);
  return [...steps.slice(0, index), ...added, ...steps.slice(index)];
}
