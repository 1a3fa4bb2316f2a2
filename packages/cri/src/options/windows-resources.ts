/**
 * Windows resources: containerd CRI's `WithWindowsResources`, `WithWindowsAffinityCPUs` and
 * `WithWindowsDefaultSandboxShares` (`internal/cri/opts/spec_windows_opts.go`).
 */
import { defineOpt, ensureWindows, ensureWindowsCPU, ensureWindowsResources, writable } from '@ocispec/core';
import { toUint64 } from '@ocispec/core/internal';
import { z } from 'zod';
import type { WindowsContainerResources } from '../messages.js';
import { ContainerConfigSchema, WindowsContainerResourcesSchema } from '../messages.js';
import { DEFAULT_SANDBOX_CPU_SHARES } from './resources.js';

type Affinity = NonNullable<WindowsContainerResources['affinityCpus']>[number];

function affinityOf(a: Affinity) {
  return { mask: toUint64(a?.cpuMask ?? 0), group: a?.cpuGroup ?? 0 };
}

/**
 * Sets the CRI windows resources' cpu and memory limits. Creates `windows.resources.memory` (always) and `.cpu` when a
 * count, shares, maximum or affinity is set; sets the non-zero values (shares and maximum as uint16) and the
 * affinities (nil entries skipped). No resources: nothing.
 * containerd: `opts.WithWindowsResources`
 */
export const withWindowsResources = defineOpt({
  name: 'cri.withWindowsResources',
  args: () => z.tuple([WindowsContainerResourcesSchema.nullable()]),
  doc: "Sets the CRI windows resources' cpu and memory limits.",
  containerd: 'opts.WithWindowsResources',
  apply(spec, _ctx, r) {
    if (r == null) return;
    ensureWindows(spec);
    const res = ensureWindowsResources(spec)!;
    const memory = writable(res, 'memory', true);
    const count = BigInt(toUint64(r.cpuCount ?? 0));
    const shares = Number(BigInt.asUintN(16, BigInt(r.cpuShares ?? 0)));
    const max = Number(BigInt.asUintN(16, BigInt(r.cpuMaximum ?? 0)));
    const limit = BigInt(toUint64(r.memoryLimitInBytes ?? 0));
    const affinities = (r.affinityCpus ?? []).filter((a) => a != null).map(affinityOf);
    if (limit !== 0n) memory.limit = toUint64(limit);
    // cpu is created only when something goes into it (containerd leaves it nil otherwise)
    if (count === 0n && shares === 0 && max === 0 && affinities.length === 0) return;
    const cpu = writable(res, 'cpu', true);
    if (count !== 0n) cpu.count = toUint64(count);
    if (shares !== 0) cpu.shares = shares;
    if (max !== 0) cpu.maximum = max;
    if (affinities.length > 0) cpu.affinity = affinities;
  },
});

/**
 * Replaces `windows.resources.cpu.affinity` with the config's affinities (nil entries kept as zero values: Go would
 * panic on them). No `windows`, no resources or no affinities: nothing. Creates `windows.resources.cpu`.
 * containerd: `opts.WithWindowsAffinityCPUs`
 */
export const withWindowsAffinityCPUs = defineOpt({
  name: 'cri.withWindowsAffinityCPUs',
  args: () => z.tuple([ContainerConfigSchema.shape.windows]),
  doc: "Replaces `windows.resources.cpu.affinity` with the config's affinities (nil entries kept as zero values: Go would panic on them).",
  containerd: 'opts.WithWindowsAffinityCPUs',
  apply(spec, _ctx, windows) {
    const affinityCpus = windows?.resources?.affinityCpus;
    if (spec.windows == null || windows?.resources == null || affinityCpus == null) return;
    ensureWindowsCPU(spec)!.affinity = affinityCpus.map(affinityOf);
  },
});

/**
 * Sets `windows.resources.cpu.shares` to 2 (`DefaultSandboxCPUshares`). Creates `windows`, its resources and cpu.
 * containerd: `opts.WithWindowsDefaultSandboxShares`
 */
export const withWindowsDefaultSandboxShares = defineOpt({
  name: 'cri.withWindowsDefaultSandboxShares',
  args: () => z.tuple([]),
  doc: 'Sets `windows.resources.cpu.shares` to 2 (`DefaultSandboxCPUshares`).',
  containerd: 'opts.WithWindowsDefaultSandboxShares',
  apply(spec) {
    ensureWindows(spec);
    ensureWindowsCPU(spec)!.shares = DEFAULT_SANDBOX_CPU_SHARES;
  },
});
