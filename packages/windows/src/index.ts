/** @ocispec/windows: the Windows default spec, windows options and the windows plugin. */
export { WINDOWS_DEFAULT_OCI_VERSION, windowsDefaultSpec } from './default-spec.js';
export * from './devices.js';
export { escapeAndCombineArgs, escapeArg } from './escape.js';
export { withImageConfigArgsWindows } from './image-config.js';
export * from './isolation.js';
export * from './network.js';
export { windowsOptions } from './options.js';
export { windowsPlugin } from './plugin.js';
export * from './process.js';
export * from './resources.js';
