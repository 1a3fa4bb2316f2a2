/** `root`: the container's root filesystem. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { defineOpt } from '../registry.js';
import { ensureRoot } from '../sections.js';

/**
 * Sets `root.path`. Creates `root`. Any OS.
 * containerd: `oci.WithRootFSPath`
 */
export function withRootFSPath(path: string): SpecOpt {
  return specOpt('withRootFSPath', (spec) => {
    ensureRoot(spec).path = path;
  });
}

export const withRootFSPathDefinition = defineOpt({
  name: 'withRootFSPath',
  args: z.tuple([z.string()]),
  factory: withRootFSPath,
  doc: 'Sets root.path.',
  containerd: 'oci.WithRootFSPath',
});

/**
 * Sets `root.readonly`. Creates `root`. Any OS.
 * containerd: `oci.WithRootFSReadonly`
 */
export function withRootFSReadonly(): SpecOpt {
  return specOpt('withRootFSReadonly', (spec) => {
    ensureRoot(spec).readonly = true;
  });
}

export const withRootFSReadonlyDefinition = defineOpt({
  name: 'withRootFSReadonly',
  args: z.tuple([]),
  factory: withRootFSReadonly,
  doc: 'Sets root.readonly.',
  containerd: 'oci.WithRootFSReadonly',
});
