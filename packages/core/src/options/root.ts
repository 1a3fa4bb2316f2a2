/** `root`: the container's root filesystem. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { ensureRoot } from '../sections.js';

/**
 * Sets `root.path`. Creates `root`. Any OS.
 * containerd: `oci.WithRootFSPath`
 */
export const withRootFSPath = defineOpt({
  name: 'withRootFSPath',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `root.path`.',
  containerd: 'oci.WithRootFSPath',
  apply(spec, _ctx, path) {
    ensureRoot(spec).path = path;
  },
});

/**
 * Sets `root.readonly`. Creates `root`. Any OS.
 * containerd: `oci.WithRootFSReadonly`
 */
export const withRootFSReadonly = defineOpt({
  name: 'withRootFSReadonly',
  args: () => z.tuple([]),
  doc: 'Sets `root.readonly`.',
  containerd: 'oci.WithRootFSReadonly',
  apply(spec) {
    ensureRoot(spec).readonly = true;
  },
});
