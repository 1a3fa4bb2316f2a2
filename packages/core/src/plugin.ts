import type { AnyOptDefinition } from './define.js';
import type { Pipeline, Plugin } from './pipeline.js';

/** What {@link definePlugin} takes: a plugin whose options are listed, and an optional `apply` for the rest. */
export interface PluginDefinition {
  /** The plugin's name: its tap name, and the name its errors and its options' provenance carry. */
  readonly name: string;
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
