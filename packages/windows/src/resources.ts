/** `windows.resources.cpu`: CPU count, shares and maximum. */
import { defineOpt, ensureWindowsCPU, uint16, uint64 } from '@ocispec/core';
import { toUint64 } from '@ocispec/core/internal';
import { z } from 'zod';

/**
 * Sets `windows.resources.cpu.count` (the number of CPUs the container may use). Does nothing on a spec without
 * `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUCount`
 */
export const withWindowsCPUCount = defineOpt({
  name: 'withWindowsCPUCount',
  args: () => z.tuple([uint64]),
  doc: 'Sets `windows.resources.cpu.count` (the number of CPUs the container may use).',
  containerd: 'oci.WithWindowsCPUCount',
  apply(spec, _ctx, count) {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.count = toUint64(count);
  },
});

/**
 * Sets `windows.resources.cpu.shares` (relative CPU weight, 0..10000 for HCS). Does nothing on a spec without
 * `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUShares`
 */
export const withWindowsCPUShares = defineOpt({
  name: 'withWindowsCPUShares',
  args: () => z.tuple([uint16]),
  doc: 'Sets `windows.resources.cpu.shares` (relative CPU weight, 0..10000 for HCS).',
  containerd: 'oci.WithWindowsCPUShares',
  apply(spec, _ctx, shares) {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.shares = shares;
  },
});

/**
 * Sets `windows.resources.cpu.maximum` (the CPU cycle cap, in hundredths of a percent). Does nothing on a spec
 * without `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUMaximum`
 */
export const withWindowsCPUMaximum = defineOpt({
  name: 'withWindowsCPUMaximum',
  args: () => z.tuple([uint16]),
  doc: 'Sets `windows.resources.cpu.maximum` (the CPU cycle cap, in hundredths of a percent).',
  containerd: 'oci.WithWindowsCPUMaximum',
  apply(spec, _ctx, maximum) {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.maximum = maximum;
  },
});
