/** The memory limit, for both `linux.resources` and `windows.resources`. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { uint64 } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { ensureLinuxMemory, ensureWindowsMemory } from '../sections.js';
import { normalizeInt, toInt64 } from './integers.js';

/**
 * Sets `linux.resources.memory.limit` to Go's `int64(limit)` (wraps: 2^63 → -9223372036854775808) when the spec
 * has `linux`, and `windows.resources.memory.limit` to `limit` when it has `windows` (both on LCOW). Creates the
 * resources and memory sections under a present section only; with neither section it does nothing. Any OS.
 * containerd: `oci.WithMemoryLimit`
 */
export function withMemoryLimit(limit: number | bigint): SpecOpt {
  const linuxLimit = toInt64(limit);
  const windowsLimit = normalizeInt(BigInt(limit));
  return specOpt('withMemoryLimit', (spec) => {
    const linux = ensureLinuxMemory(spec);
    if (linux !== undefined) linux.limit = linuxLimit;
    const windows = ensureWindowsMemory(spec);
    if (windows !== undefined) windows.limit = windowsLimit;
  });
}

export const withMemoryLimitDefinition = defineOpt({
  name: 'withMemoryLimit',
  args: z.tuple([uint64]),
  factory: withMemoryLimit,
  doc: 'Sets the memory limit in linux.resources (as int64) and windows.resources, for the sections present.',
  containerd: 'oci.WithMemoryLimit',
});
