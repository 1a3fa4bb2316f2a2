import type { AnyOptDefinition } from './define.js';
import type { Pipeline, Plugin } from './pipeline.js';

/** What {@link definePlugin} takes: a plugin whose options are listed, and an optional `apply` for the rest. */
export interface PluginDefinition {
  /** The plugin's name: its tap name, and the name its errors and its options' provenance carry. */
  readonly name: string;
  /**
   * The `@ocispec/core` versions the plugin works with, a semver range (`^0.2`; keep it in step with the plugin's
   * peer dependency on `@ocispec/core`): the pipeline applying the plugin checks it against its core's version
   * first, and an incompatible plugin fails in one line (`plugin team needs @ocispec/core ^2, this is 0.2.0`).
   */
  readonly core?: string;
  /** Options (from `defineOpt`) registered under the plugin's name, in order, before `apply` runs. */
  readonly options?: readonly AnyOptDefinition[];
  /** Taps hooks, registers more options. */
  apply?(pipeline: Pipeline): void;
}

/** A plugin made by {@link definePlugin}: the definition, with an `apply` that registers its options. */
export type DefinedPlugin<D extends PluginDefinition> = Omit<D, 'apply'> & Plugin;

/**
 * Defines a plugin with its types inferred: `apply`'s `pipeline` is typed, the name keeps its literal type, and
 * `options` are registered under the plugin's name before `apply` runs. Given a function (a plugin with options),
 * returns a function with the same parameters.
 *
 * ```ts
 * export default definePlugin({
 *   name: 'team',
 *   core: '^0.2',
 *   options: [withTeam],
 *   apply(pipeline) {
 *     pipeline.hooks.validate.tap('team', (spec, report) => { ... });
 *   },
 * });
 * ```
 */
export function definePlugin<A extends unknown[], const D extends PluginDefinition>(
  factory: (...args: A) => D,
): (...args: A) => DefinedPlugin<D>;
export function definePlugin<const D extends PluginDefinition>(definition: D): DefinedPlugin<D>;
export function definePlugin(
  definition: PluginDefinition | ((...args: unknown[]) => PluginDefinition),
): Plugin | ((...args: unknown[]) => Plugin) {
  if (typeof definition === 'function') return (...args) => toPlugin(definition(...args));
  return toPlugin(definition);
}

function toPlugin(definition: PluginDefinition): Plugin {
  return {
    ...definition,
    apply(pipeline) {
      for (const option of definition.options ?? []) pipeline.registerOpt(option);
      definition.apply?.(pipeline);
    },
  };
}
