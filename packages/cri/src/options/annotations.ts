/** Annotations: containerd CRI's `WithAnnotation` (`internal/cri/opts/spec_opts.go`). */
import { assignEntries, defineOpt } from '@ocispec/core';
import { z } from 'zod';

/**
 * Sets one annotation, replacing its value. Creates `annotations`; the others are kept.
 * containerd: `opts.WithAnnotation`
 */
export const withAnnotation = defineOpt({
  name: 'cri.withAnnotation',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Sets one annotation, replacing its value.',
  containerd: 'opts.WithAnnotation',
  apply(spec, _ctx, key, value) {
    assignEntries(spec, 'annotations', { [key]: value });
  },
});
