/**
 * ocispec's own options, and the compositions made of them alone.
 *
 * A composition's finish holds its result to plain JSON data: every property of every node the composition made is
 * looked at (its key listed with `Reflect.ownKeys`, its descriptor read), so that an accessor, a symbol key or a
 * non-enumerable property that an option wrote never reaches a frozen spec (engine.ts). That guard is for code
 * ocispec does not know. The options of the `@ocispec/*` packages write only values built from their parsed,
 * deep-frozen arguments (zod's output, copied), the frozen spec, literals and the host's text and numbers, by plain
 * assignment: their writes are plain data by construction. A composition whose every option is one of them, with
 * no `afterApply` tap and no option of a plugin run by name through `ctx.option`, is finished without the per-property
 * guard (each new node's kind is still checked and its values walked and frozen): on a 10,000-key map that guard is
 * most of the composition (docs/performance.md). Any other code in the composition brings the guard back for the
 * whole result. test/conformance composes every case both ways and requires the same spec.
 *
 * The packages mark their option lists with {@link markBuiltinOpts} (`@ocispec/core/internal`); an option missing
 * its mark is only finished with the guard. Only a `Pipeline`'s compositions are judged so (it made their context
 * and knows their host); `applyOpts` and `compose`, which run over a caller's context, always guard.
 */
import type { SpecOpt } from './contract.js';
import type { AnyOptDefinition } from './define.js';

const builtinDefinitions = new WeakSet<object>();
const builtinOpts = new WeakSet<SpecOpt>();

/** Marks option definitions of an `@ocispec/*` package as ocispec's own (see the module comment). */
export function markBuiltinOpts(definitions: Iterable<AnyOptDefinition>): void {
  for (const definition of definitions) builtinDefinitions.add(definition);
}

/** Records that `opt` was built by `definition`: a built-in option when the definition is marked. */
export function noteBuilt(definition: object, opt: SpecOpt): SpecOpt {
  if (builtinDefinitions.has(definition)) builtinOpts.add(opt);
  return opt;
}

/** Whether `opt` was built by a built-in option definition. */
export function isBuiltinOpt(opt: SpecOpt): boolean {
  return builtinOpts.has(opt);
}

/** Whether every option of a list is built-in. */
export function allBuiltin(opts: readonly SpecOpt[]): boolean {
  for (const opt of opts) if (!builtinOpts.has(opt)) return false;
  return true;
}
