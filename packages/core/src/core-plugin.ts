import { coreOptions } from './options/index.js';
import type { Plugin } from './pipeline.js';

/** Registers the platform-neutral options of `@ocispec/core` (withEnv, withHostname, withMounts, …). */
export function corePlugin(): Plugin {
  return {
    name: 'core',
    apply(pipeline) {
      for (const option of coreOptions) pipeline.registerOpt(option);
    },
  };
}
