/** `process.rlimits`. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { POSIXRlimitSchema } from '../model/index.js';
import { ensureProcess, peekArray } from '../sections.js';

/**
 * Replaces, in place, the first entry of `process.rlimits` with the same `type`; otherwise appends it. Creates
 * `process`. Any OS.
 * containerd: `oci.WithRlimit`
 */
export const withRlimit = defineOpt({
  name: 'withRlimit',
  args: () => z.tuple([POSIXRlimitSchema]),
  doc: 'Replaces, in place, the first entry of `process.rlimits` with the same `type`; otherwise appends it.',
  containerd: 'oci.WithRlimit',
  apply(spec, _ctx, rlimit) {
    const process = ensureProcess(spec);
    const rlimits = [...peekArray(process, 'rlimits')];
    const type = rlimit.type ?? '';
    const at = rlimits.findIndex((r) => (r.type ?? '') === type);
    if (at >= 0) rlimits[at] = rlimit;
    else rlimits.push(rlimit);
    process.rlimits = rlimits;
  },
});
