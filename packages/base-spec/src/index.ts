/**
 * @ocispec/base-spec: base runtime specs (containerd CRI's `base_runtime_spec`), loaded strictly, frozen and
 * cached; runtime configs (containerd `config.toml` v2/v3); replace, merge and layer modes; hot reload.
 */
export * from './errors.js';
export * from './loader.js';
export * from './merge.js';
export * from './runtime-config.js';
export * from './store.js';
export * from './watch.js';
