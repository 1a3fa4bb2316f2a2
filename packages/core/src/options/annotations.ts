/** `annotations`. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { defineOpt } from '../registry.js';
import { assignEntries, current } from '../sections.js';

/**
 * Copies `annotations` into `annotations` (a key already there is overwritten, other keys are kept). Creates the
 * map even for an empty or `null` argument (an empty map prints nothing). Any OS.
 * containerd: `oci.WithAnnotations`
 */
export function withAnnotations(annotations: Readonly<Record<string, string>> | null): SpecOpt {
  return specOpt('withAnnotations', (spec) => {
    // An existing map is left alone when there is nothing to copy (it stays shared with the base).
    if (
      current(spec, 'annotations') != null &&
      (annotations == null || Object.keys(annotations).length === 0)
    )
      return;
    assignEntries(spec, 'annotations', annotations ?? {});
  });
}

export const withAnnotationsDefinition = defineOpt({
  name: 'withAnnotations',
  args: z.tuple([z.record(z.string(), z.string()).nullable()]),
  factory: withAnnotations,
  doc: 'Copies the entries into annotations, overwriting existing keys.',
  containerd: 'oci.WithAnnotations',
});
