/** `process.rlimits`. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import type { POSIXRlimit } from '../model/index.js';
import { POSIXRlimitSchema } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { ensureProcess, peekArray } from '../sections.js';
import { frozenCopy } from './draft-values.js';

/**
 * Replaces, in place, the first entry of `process.rlimits` with the same `type` as `rlimit`; otherwise appends
 * it. Creates `process`. Any OS.
 * containerd: `oci.WithRlimit`
 */
export function withRlimit(rlimit: POSIXRlimit): SpecOpt {
  const entry = frozenCopy(rlimit);
  return specOpt('withRlimit', (spec) => {
    const process = ensureProcess(spec);
    const rlimits = [...peekArray(process, 'rlimits')];
    const type = rlimit.type ?? '';
    const at = rlimits.findIndex((r) => (r.type ?? '') === type);
    if (at >= 0) rlimits[at] = entry;
    else rlimits.push(entry);
    process.rlimits = rlimits;
  });
}

export const withRlimitDefinition = defineOpt({
  name: 'withRlimit',
  args: z.tuple([POSIXRlimitSchema]),
  factory: withRlimit,
  doc: 'Replaces the process.rlimits entry of the same type in place, or appends it.',
  containerd: 'oci.WithRlimit',
});
