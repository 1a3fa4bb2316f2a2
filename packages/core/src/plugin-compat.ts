/**
 * Plugin compatibility: a plugin may declare the `@ocispec/core` versions it works with (`core: '^0.2'`, a semver
 * range, beside its peer dependency on `@ocispec/core`); the pipeline that applies it checks the range against its
 * own core's version ({@link coreVersion}) first, so that an incompatible plugin fails in one line instead of
 * somewhere inside its hooks. npm's `semver` does the matching (ranges as npm reads them).
 */
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { OcispecError } from './errors.js';
import type { Plugin } from './pipeline.js';
import { coreVersion } from './version.js';

/**
 * Fails with `PLUGIN_INCOMPATIBLE` when `plugin.core` is not a semver range (an empty one included), or a range `version` (this core's, by
 * default) is not in: `plugin team needs @ocispec/core ^2, this is 0.2.0`. A plugin without `core` is not checked.
 * Pre-releases of core match the range of their release (`0.3.0-next.1` satisfies `^0.3`).
 */
export function checkPluginCompat(plugin: Plugin, version: string = coreVersion): void {
  const range: unknown = plugin.core;
  if (range === undefined) return;
  if (typeof range !== 'string' || range.trim() === '' || validRange(range) === null) {
    throw new OcispecError(
      'PLUGIN_INCOMPATIBLE',
      `plugin ${plugin.name}: core must be a semver range of @ocispec/core versions (like "^0.2"), not ${JSON.stringify(range) ?? String(range)}`,
      { plugin: plugin.name },
    );
  }
  if (!satisfies(version, range, { includePrerelease: true })) {
    throw new OcispecError(
      'PLUGIN_INCOMPATIBLE',
      `plugin ${plugin.name} needs @ocispec/core ${range}, this is ${version}`,
      { plugin: plugin.name },
    );
  }
}
