import type { Plugin } from '@ocispec/core';
import type { CdiSource } from './options.js';
import { withCDIDevicesDefinition } from './options.js';

/**
 * The CDI plugin: registers `withCDIDevices`, looking devices up in `source`: a {@link CdiCache}, or cache
 * options (`specDirs`, lowest priority first, default `/etc/cdi` then `/var/run/cdi`; `autoRefresh`), the files
 * read through the composition's host unless `fs` is given.
 */
export function cdiPlugin(source: CdiSource = {}): Plugin {
  return {
    name: 'cdi',
    apply(pipeline) {
      pipeline.registerOpt(withCDIDevicesDefinition(source));
    },
  };
}
