/** `windows.resources.cpu`: CPU count, shares and maximum. */
import type { SpecOpt } from '@ocispec/core';
import { defineOpt, ensureWindowsCPU, specOpt, toUint64, uint16, uint64, z } from '@ocispec/core';

/**
 * Sets `windows.resources.cpu.count` (the number of CPUs the container may use).
 * Does nothing on a spec without `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUCount`
 */
export function withWindowsCPUCount(count: number | bigint): SpecOpt {
  const value = toUint64(count);
  return specOpt('withWindowsCPUCount', (spec) => {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.count = value;
  });
}

export const withWindowsCPUCountDefinition = defineOpt({
  name: 'withWindowsCPUCount',
  args: z.tuple([uint64]),
  factory: withWindowsCPUCount,
  doc: 'Sets windows.resources.cpu.count (no-op without a windows section).',
  containerd: 'oci.WithWindowsCPUCount',
});

/**
 * Sets `windows.resources.cpu.shares` (relative CPU weight, 0..10000 for HCS).
 * Does nothing on a spec without `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUShares`
 */
export function withWindowsCPUShares(shares: number): SpecOpt {
  return specOpt('withWindowsCPUShares', (spec) => {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.shares = shares;
  });
}

export const withWindowsCPUSharesDefinition = defineOpt({
  name: 'withWindowsCPUShares',
  args: z.tuple([uint16]),
  factory: withWindowsCPUShares,
  doc: 'Sets windows.resources.cpu.shares (no-op without a windows section).',
  containerd: 'oci.WithWindowsCPUShares',
});

/**
 * Sets `windows.resources.cpu.maximum` (the CPU cycle cap, in hundredths of a percent).
 * Does nothing on a spec without `windows` (creates nothing); otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithWindowsCPUMaximum`
 */
export function withWindowsCPUMaximum(maximum: number): SpecOpt {
  return specOpt('withWindowsCPUMaximum', (spec) => {
    const cpu = ensureWindowsCPU(spec);
    if (cpu !== undefined) cpu.maximum = maximum;
  });
}

export const withWindowsCPUMaximumDefinition = defineOpt({
  name: 'withWindowsCPUMaximum',
  args: z.tuple([uint16]),
  factory: withWindowsCPUMaximum,
  doc: 'Sets windows.resources.cpu.maximum (no-op without a windows section).',
  containerd: 'oci.WithWindowsCPUMaximum',
});
