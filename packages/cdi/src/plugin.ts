import { defineOpt, definePlugin } from '@ocispec/core';
import type { CdiSource } from './options.js';
import { DEFAULT_SOURCE, injectCDIDevices, withCDIDevices } from './options.js';

/**
 * The CDI plugin: registers `withCDIDevices`, looking devices up in `source`: a {@link CdiCache}, or cache
 * options (`specDirs`, lowest priority first, default `/etc/cdi` then `/var/run/cdi`; `autoRefresh`), the files
 * read through the composition's host unless `fs` is given. Without a source, the option is `withCDIDevices`
 * itself; with one, the same option (its name, arguments and doc) bound to that source.
 */
export const cdiPlugin = definePlugin((source: CdiSource = DEFAULT_SOURCE) => ({
  name: 'cdi',
  options: [
    source === DEFAULT_SOURCE
      ? withCDIDevices
      : defineOpt({
          name: withCDIDevices.name,
          args: withCDIDevices.args,
          doc: withCDIDevices.doc,
          containerd: withCDIDevices.containerd,
          apply(spec, ctx, ...devices) {
            injectCDIDevices(spec, ctx, source, devices);
          },
        }),
  ],
}));
