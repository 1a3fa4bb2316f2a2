/**
 * A CRI spec's plan: the ordered steps `containerSpecSteps` and `sandboxSpecSteps` return, each a stable id and
 * the option call it runs (`{ step: 'mounts', call: ['cri.withMounts', config, extra, '', null] }`). The plan is
 * data: what runs is exactly its calls, resolved through the pipeline's registry, so a plan printed as JSON and
 * parsed back composes the same spec. Integrators edit it by step id, before composing (`edit`) or in a
 * `beforeApply` tap, without forking the builders.
 */
import type { OptCall, ResolvedOpt } from '@ocispec/core';
import { OcispecError } from '@ocispec/core';

/** One step of a CRI spec: its id (`processArgs`, `mounts`, `annotation:<key>` …) and the option call it runs. */
export interface CriStep {
  readonly step: string;
  readonly call: OptCall;
}

/**
 * A step as the pipeline runs it: the call resolved against the registry (name, arguments, option, plugin) with
 * its step id; the `withNamespacedCgroup` a base runtime spec gets first has none.
 */
export interface ResolvedStep extends ResolvedOpt {
  readonly step?: string;
}

/** What the editing functions take: plan steps, or resolved ones. */
export interface Stepped {
  readonly step?: string | undefined;
}

/** The step id of a resolved option (in a `beforeApply` tap), or `undefined` for an option that is no CRI step. */
export function stepIdOf(opt: ResolvedOpt): string | undefined {
  const step = (opt as ResolvedStep).step;
  return typeof step === 'string' ? step : undefined;
}

function ids(steps: readonly Stepped[]): string[] {
  return steps.flatMap((s) => (s.step === undefined ? [] : [s.step]));
}

function indexOf(steps: readonly Stepped[], id: string): number {
  const index = steps.findIndex((s) => s.step === id);
  if (index < 0) {
    throw new OcispecError('BAD_PIPELINE', `no step ${JSON.stringify(id)} (steps: ${ids(steps).join(', ')})`);
  }
  return index;
}

/** Step ids stay unique: an added step may not reuse an id of the plan (or of another added step). */
function checkNew(steps: readonly Stepped[], added: readonly Stepped[]): void {
  const seen = new Set(ids(steps));
  for (const id of ids(added)) {
    if (seen.has(id))
      throw new OcispecError('BAD_PIPELINE', `step ${JSON.stringify(id)} is already in the plan`);
    seen.add(id);
  }
}

/** The steps without step `id`; an unknown id is a `BAD_PIPELINE` error naming the known ones. */
export function removeStep<T extends Stepped>(steps: readonly T[], id: string): T[] {
  const index = indexOf(steps, id);
  return [...steps.slice(0, index), ...steps.slice(index + 1)];
}

/** The steps with step `id` running `call` instead (same id, same place); an unknown id is an error. */
export function replaceStep(steps: readonly CriStep[], id: string, call: OptCall): CriStep[] {
  const index = indexOf(steps, id);
  return [...steps.slice(0, index), { step: id, call }, ...steps.slice(index + 1)];
}

/** The steps with `added` right after step `id` (`null`: at the front); unknown or reused ids are errors. */
export function insertAfter<T extends Stepped>(steps: readonly T[], id: string | null, ...added: T[]): T[] {
  const index = id === null ? -1 : indexOf(steps, id);
  checkNew(steps, added);
  return [...steps.slice(0, index + 1), ...added, ...steps.slice(index + 1)];
}

/** The steps with `added` right before step `id`; unknown or reused ids are errors. */
export function insertBefore<T extends Stepped>(steps: readonly T[], id: string, ...added: T[]): T[] {
  const index = indexOf(steps, id);
  checkNew(steps, added);
  return [...steps.slice(0, index), ...added, ...steps.slice(index)];
}
