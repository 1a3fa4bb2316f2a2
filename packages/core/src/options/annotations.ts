/** `annotations`. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { assignEntries, current } from '../sections.js';

/**
 * Copies the entries into `annotations`, overwriting keys already there. Other keys are kept. Creates the map even
 * for an empty or `null` argument (an empty map prints nothing); N calls of one key each cost O(N). Any OS.
 * containerd: `oci.WithAnnotations`
 */
export const withAnnotations = defineOpt({
  name: 'withAnnotations',
  args: z.tuple([z.record(z.string(), z.string()).nullable()]),
  doc: 'Copies the entries into `annotations`, overwriting keys already there.',
  containerd: 'oci.WithAnnotations',
  apply(spec, _ctx, annotations) {
    // An existing map is left alone when there is nothing to copy (it stays shared with the base).
    if (isEmpty(annotations) && current(spec, 'annotations') != null) return;
    assignEntries(spec, 'annotations', annotations ?? {});
  },
});

/** Whether a map argument has no entry (`null` included), without listing its keys. */
function isEmpty(map: Readonly<Record<string, string>> | null): boolean {
  for (const _ in map) return false;
  return true;
}
