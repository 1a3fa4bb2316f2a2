/** The memory limit, for both `linux.resources` and `windows.resources`. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { uint64 } from '../model/index.js';
import { ensureLinuxMemory, ensureWindowsMemory } from '../sections.js';
import { normalizeInt, toInt64 } from './integers.js';

/**
 * Sets the memory limit of `linux.resources` and of `windows.resources`, for each section the spec has. The linux
 * limit is Go's `int64(limit)` (2^63 wraps to -9223372036854775808); an LCOW spec gets both. Creates `resources`
 * and `memory` under a present section only; with neither section it does nothing. Any OS.
 * containerd: `oci.WithMemoryLimit`
 */
export const withMemoryLimit = defineOpt({
  name: 'withMemoryLimit',
  args: () => z.tuple([uint64]),
  doc: 'Sets the memory limit of `linux.resources` and of `windows.resources`, for each section the spec has.',
  containerd: 'oci.WithMemoryLimit',
  apply(spec, _ctx, limit) {
    const linux = ensureLinuxMemory(spec);
    if (linux !== undefined) linux.limit = toInt64(limit);
    const windows = ensureWindowsMemory(spec);
    if (windows !== undefined) windows.limit = normalizeInt(BigInt(limit));
  },
});
