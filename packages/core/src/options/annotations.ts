/** `annotations`. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { defineOpt } from '../registry.js';

/**
 * Copies `annotations` into `annotations` (a key already there is overwritten, other keys are kept). Creates the
 * map even for an empty or `null` argument (an empty map prints nothing). Any OS.
 * containerd: `oci.WithAnnotations`
 */
export function withAnnotations(annotations: Readonly<Record<string, string>> | null): SpecOpt {
  return specOpt('withAnnotations', (spec) => {
    const current = spec.annotations;
    if (current == null) {
      spec.annotations = { ...annotations };
      return;
    }
    if (annotations == null) return;
    const keys = Object.keys(annotations);
    if (keys.length === 0) return;
    // One assignment of a new map rather than one proxy write per key; spread keeps `__proto__` an own key.
    spec.annotations = { ...current, ...annotations };
  });
}

export const withAnnotationsDefinition = defineOpt({
  name: 'withAnnotations',
  args: z.tuple([z.record(z.string(), z.string()).nullable()]),
  factory: withAnnotations,
  doc: 'Copies the entries into annotations, overwriting existing keys.',
  containerd: 'oci.WithAnnotations',
});
