/**
 * @ocispec/cri: containerd CRI's container and sandbox specs (`CreateContainer`, `RunPodSandbox`) as ordered lists
 * of named steps over ocispec pipelines, and CRI's own spec options registered as `cri.<name>`.
 */
export * from './build.js';
export * from './container.js';
export * from './helpers.js';
export * from './host.js';
export * from './opts.js';
export * from './plugin.js';
export * from './sandbox.js';
export * from './security.js';
export * from './steps.js';
export * from './types.js';
export * from './windows-opts.js';
