/**
 * Typed option calls. `OptionTypes` (declared in `index.ts`) maps every registered option's name to its factory's parameters; each package
 * adds its options by declaration merging (core here, `@ocispec/linux` and `@ocispec/windows` in their option
 * lists, a plugin in its own module), so `OptCall` is exactly the calls the program's options accept:
 *
 * ```ts
 * const opts: OptCall[] = [['withHostname', 'web']];
 * // @ts-expect-error a number is no hostname
 * const bad: OptCall[] = [['withHostname', 42]];
 * ```
 *
 * A plugin declares its options so:
 *
 * ```ts
 * declare module '@ocispec/core' {
 *   interface OptionTypes extends OptionTypesOf<typeof teamOptions> {}
 * }
 * ```
 *
 * JSON from a pipeline file is `UntypedOptCall` (`[string, ...unknown[]]`): it is checked when resolved.
 */
import type { AnyOptDefinition, OptDefinition, ParamsOf } from './define.js';
import type { OptionTypes } from './index.js';
import type { ArgsSchema } from './option-args.js';
import type { coreOptions } from './options/index.js';

/** The parameters of each option, by name: `{ withHostname: [name: string]; ... }`. */
export type OptionTypesOf<D extends readonly AnyOptDefinition[]> = {
  [O in D[number] as O['name']]: O extends OptDefinition<string, infer S extends ArgsSchema>
    ? ParamsOf<S>
    : never;
};

/**
 * Core's options' parameters, by name. (`OptionTypes` itself is declared in the package's entry module, where
 * `declare module '@ocispec/core'` augmentations reach it: TypeScript does not merge them through a re-export.)
 */
export type CoreOptionTypes = OptionTypesOf<typeof coreOptions>;

/**
 * A call of one of the program's options: its name and its arguments, checked by the compiler; `compose` (which
 * every pipeline registers) takes nested calls.
 */
export type OptCall =
  | { [K in keyof OptionTypes]: readonly [K, ...OptionTypes[K]] }[keyof OptionTypes]
  | readonly ['compose', ...OptCall[]];
