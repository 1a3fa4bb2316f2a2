/** `annotations`. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { assignEntries } from '../sections.js';

/**
 * Copies the entries into `annotations`, overwriting keys already there. Other keys are kept. Creates the map even
 * for an empty or `null` argument (an empty map prints nothing); N calls of one key each cost O(N). Any OS.
 * containerd: `oci.WithAnnotations`
 */
export const withAnnotations = defineOpt({
  name: 'withAnnotations',
  args: () => z.tuple([z.record(z.string(), z.string()).nullable()]),
  doc: 'Copies the entries into `annotations`, overwriting keys already there.',
  containerd: 'oci.WithAnnotations',
  apply(spec, _ctx, annotations) {
    // With nothing to copy, an existing map is left alone (it stays shared with the base): assignEntries' rule.
    assignEntries(spec, 'annotations', annotations ?? {});
  },
});
