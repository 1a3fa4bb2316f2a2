/** @ocispec/windows: the Windows default spec, windows options and the windows plugin. */

/** Go's `windows.EscapeArg` (used by core's `withImageConfigArgs`), for Windows command lines. */
export { escapeAndCombineArgs, escapeArg } from '@ocispec/core/internal';
export { WINDOWS_DEFAULT_OCI_VERSION, windowsDefaultSpec } from './default-spec.js';
export * from './devices.js';
export * from './isolation.js';
export * from './network.js';
export { windowsOptions } from './options.js';
export { windowsPlugin } from './plugin.js';
export * from './process.js';
export * from './resources.js';
