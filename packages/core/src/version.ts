/**
 * The version of `@ocispec/core`, which is the version of the plugin API: a plugin's `core` range
 * (`definePlugin({ name, core: '^0.2', ... })`) is checked against it when the plugin is applied.
 */
import pkg from '../package.json' with { type: 'json' };

/** This package's version (`0.2.0`): what a plugin's `core` range is matched against. */
export const coreVersion: string = pkg.version;
