/** `linux.cgroupsPath`, `linux.resources` (cpu, memory swap, pids, blkio, device rules) and `linux.intelRdt`. */
import type { LinuxBlockIO, LinuxDeviceCgroup, SpecOpt } from '@ocispec/core';
import {
  appendTo,
  defineOpt,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxMemory,
  ensureLinuxPids,
  ensureLinuxResources,
  frozenCopy,
  int64,
  joinPath,
  LinuxBlockIOSchema,
  namespaceRequired,
  type OptDefinition,
  specOpt,
  toInt64,
  toUint64,
  uint64,
  z,
} from '@ocispec/core';
import { rwm } from './default-spec.js';

/**
 * Sets `linux.cgroupsPath` to `path` as given. Creates `linux`. Any OS.
 * containerd: `oci.WithCgroup`
 */
export function withCgroup(path: string): SpecOpt {
  return specOpt('withCgroup', (spec) => {
    ensureLinux(spec).cgroupsPath = path;
  });
}

export const withCgroupDefinition = defineOpt({
  name: 'withCgroup',
  args: z.tuple([z.string()]),
  factory: withCgroup,
  doc: 'Sets linux.cgroupsPath.',
  containerd: 'oci.WithCgroup',
});

/**
 * Sets `linux.cgroupsPath` to `/<namespace>/<container id>`, joined and cleaned (an id of `../../etc` gives
 * `/etc`). Fails with `namespace is required: failed precondition` (nothing created) when the context has no
 * namespace. Creates `linux`. Any OS (slash-separated, as containerd on unix hosts).
 * containerd: `oci.WithNamespacedCgroup`
 */
export function withNamespacedCgroup(): SpecOpt {
  return specOpt('withNamespacedCgroup', (spec, ctx) => {
    const namespace = namespaceRequired(ctx.namespace);
    ensureLinux(spec).cgroupsPath = joinPath('/', namespace, ctx.container.id);
  });
}

export const withNamespacedCgroupDefinition = defineOpt({
  name: 'withNamespacedCgroup',
  args: z.tuple([]),
  factory: withNamespacedCgroup,
  doc: 'Sets linux.cgroupsPath to /<namespace>/<container id>.',
  containerd: 'oci.WithNamespacedCgroup',
});

/**
 * Sets `linux.resources.memory.swap` (bytes, Go int64). Does nothing when the spec has no `linux`; otherwise
 * creates `resources` and `memory`. Any OS.
 * containerd: `oci.WithMemorySwap`
 */
export function withMemorySwap(swap: number | bigint): SpecOpt {
  const value = toInt64(swap);
  return specOpt('withMemorySwap', (spec) => {
    const memory = ensureLinuxMemory(spec);
    if (memory !== undefined) memory.swap = value;
  });
}

export const withMemorySwapDefinition = defineOpt({
  name: 'withMemorySwap',
  args: z.tuple([int64]),
  factory: withMemorySwap,
  doc: 'Sets linux.resources.memory.swap (no-op without linux).',
  containerd: 'oci.WithMemorySwap',
});

/**
 * Sets `linux.resources.pids.limit` (Go int64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `pids`. Any OS.
 * containerd: `oci.WithPidsLimit`
 */
export function withPidsLimit(limit: number | bigint): SpecOpt {
  const value = toInt64(limit);
  return specOpt('withPidsLimit', (spec) => {
    const pids = ensureLinuxPids(spec);
    if (pids !== undefined) pids.limit = value;
  });
}

export const withPidsLimitDefinition = defineOpt({
  name: 'withPidsLimit',
  args: z.tuple([int64]),
  factory: withPidsLimit,
  doc: 'Sets linux.resources.pids.limit (no-op without linux).',
  containerd: 'oci.WithPidsLimit',
});

/**
 * Replaces `linux.resources.blockIO` with a copy of `blockio` (`null` removes it). Does nothing when the spec has
 * no `linux`; otherwise creates `resources`. Any OS.
 * containerd: `oci.WithBlockIO`
 */
export function withBlockIO(blockio: LinuxBlockIO | null): SpecOpt {
  const value = blockio == null ? null : frozenCopy(blockio);
  return specOpt('withBlockIO', (spec) => {
    const resources = ensureLinuxResources(spec);
    if (resources === undefined) return;
    if (value == null) delete resources.blockIO;
    else resources.blockIO = value;
  });
}

export const withBlockIODefinition = defineOpt({
  name: 'withBlockIO',
  args: z.tuple([LinuxBlockIOSchema.nullable()]),
  factory: withBlockIO,
  doc: 'Replaces linux.resources.blockIO (no-op without linux).',
  containerd: 'oci.WithBlockIO',
});

/**
 * Sets `linux.resources.cpu.shares` (Go uint64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUShares`
 */
export function withCPUShares(shares: number | bigint): SpecOpt {
  const value = toUint64(shares);
  return specOpt('withCPUShares', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.shares = value;
  });
}

export const withCPUSharesDefinition = defineOpt({
  name: 'withCPUShares',
  args: z.tuple([uint64]),
  factory: withCPUShares,
  doc: 'Sets linux.resources.cpu.shares (no-op without linux).',
  containerd: 'oci.WithCPUShares',
});

/**
 * Sets `linux.resources.cpu.cpus` (the cpuset, e.g. `0-3`). Does nothing when the spec has no `linux`; otherwise
 * creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUs`
 */
export function withCPUs(cpus: string): SpecOpt {
  return specOpt('withCPUs', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.cpus = cpus;
  });
}

export const withCPUsDefinition = defineOpt({
  name: 'withCPUs',
  args: z.tuple([z.string()]),
  factory: withCPUs,
  doc: 'Sets linux.resources.cpu.cpus (no-op without linux).',
  containerd: 'oci.WithCPUs',
});

/**
 * Sets `linux.resources.cpu.mems` (the memory nodes). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUsMems`
 */
export function withCPUsMems(mems: string): SpecOpt {
  return specOpt('withCPUsMems', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.mems = mems;
  });
}

export const withCPUsMemsDefinition = defineOpt({
  name: 'withCPUsMems',
  args: z.tuple([z.string()]),
  factory: withCPUsMems,
  doc: 'Sets linux.resources.cpu.mems (no-op without linux).',
  containerd: 'oci.WithCPUsMems',
});

/**
 * Sets `linux.resources.cpu.quota` (Go int64) and `.period` (Go uint64), the CFS bandwidth. Does nothing when the
 * spec has no `linux`; otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUCFS`
 */
export function withCPUCFS(quota: number | bigint, period: number | bigint): SpecOpt {
  const quotaValue = toInt64(quota);
  const periodValue = toUint64(period);
  return specOpt('withCPUCFS', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu === undefined) return;
    cpu.quota = quotaValue;
    cpu.period = periodValue;
  });
}

export const withCPUCFSDefinition = defineOpt({
  name: 'withCPUCFS',
  args: z.tuple([int64, uint64]),
  factory: withCPUCFS,
  doc: 'Sets linux.resources.cpu.quota and period (no-op without linux).',
  containerd: 'oci.WithCPUCFS',
});

/**
 * Sets `linux.resources.cpu.burst` (Go uint64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUBurst`
 */
export function withCPUBurst(burst: number | bigint): SpecOpt {
  const value = toUint64(burst);
  return specOpt('withCPUBurst', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.burst = value;
  });
}

export const withCPUBurstDefinition = defineOpt({
  name: 'withCPUBurst',
  args: z.tuple([uint64]),
  factory: withCPUBurst,
  doc: 'Sets linux.resources.cpu.burst (no-op without linux).',
  containerd: 'oci.WithCPUBurst',
});

/**
 * Sets `linux.resources.cpu.realtimeRuntime` (Go int64) and `.realtimePeriod` (Go uint64). Does nothing when the
 * spec has no `linux`; otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPURT`
 */
export function withCPURT(runtime: number | bigint, period: number | bigint): SpecOpt {
  const runtimeValue = toInt64(runtime);
  const periodValue = toUint64(period);
  return specOpt('withCPURT', (spec) => {
    const cpu = ensureLinuxCPU(spec);
    if (cpu === undefined) return;
    cpu.realtimeRuntime = runtimeValue;
    cpu.realtimePeriod = periodValue;
  });
}

export const withCPURTDefinition = defineOpt({
  name: 'withCPURT',
  args: z.tuple([int64, uint64]),
  factory: withCPURT,
  doc: 'Sets linux.resources.cpu.realtimeRuntime and realtimePeriod (no-op without linux).',
  containerd: 'oci.WithCPURT',
});

/**
 * Replaces `linux.intelRdt` with `{closID, l3CacheSchema, memBwSchema}` (every other RDT field dropped).
 * Creates `linux` (HEAD dereferences a nil `linux` and panics; creating it is the documented choice). Any OS.
 * containerd: `oci.WithRdt`
 */
export function withRdt(closID: string, l3CacheSchema: string, memBwSchema: string): SpecOpt {
  return specOpt('withRdt', (spec) => {
    ensureLinux(spec).intelRdt = { closID, l3CacheSchema, memBwSchema };
  });
}

export const withRdtDefinition = defineOpt({
  name: 'withRdt',
  args: z.tuple([z.string(), z.string(), z.string()]),
  factory: withRdt,
  doc: 'Replaces linux.intelRdt with the class of service and the L3 cache and memory bandwidth schemas.',
  containerd: 'oci.WithRdt',
});

/**
 * Removes `linux.resources.devices`, so that the container inherits its parent cgroup's device rules.
 * Creates `linux` and `linux.resources` (also on a windows-only spec). Any OS.
 * containerd: `oci.WithParentCgroupDevices`
 */
export function withParentCgroupDevices(): SpecOpt {
  return specOpt('withParentCgroupDevices', (spec) => {
    ensureLinux(spec);
    delete ensureLinuxResources(spec)!.devices;
  });
}

export const withParentCgroupDevicesDefinition = defineOpt({
  name: 'withParentCgroupDevices',
  args: z.tuple([]),
  factory: withParentCgroupDevices,
  doc: 'Removes linux.resources.devices (inherit the parent cgroup device rules).',
  containerd: 'oci.WithParentCgroupDevices',
});

/**
 * Replaces `linux.resources.devices` with the single rule `{allow: true, access: "rwm"}` (every device).
 * Creates `linux` and `linux.resources`. Any OS.
 * containerd: `oci.WithAllDevicesAllowed`
 */
export function withAllDevicesAllowed(): SpecOpt {
  return specOpt('withAllDevicesAllowed', (spec) => {
    ensureLinux(spec);
    ensureLinuxResources(spec)!.devices = [{ allow: true, access: rwm }];
  });
}

export const withAllDevicesAllowedDefinition = defineOpt({
  name: 'withAllDevicesAllowed',
  args: z.tuple([]),
  factory: withAllDevicesAllowed,
  doc: 'Replaces the device cgroup rules with one allowing every device.',
  containerd: 'oci.WithAllDevicesAllowed',
});

function charRule(major: number, minor?: number): LinuxDeviceCgroup {
  return minor === undefined
    ? { allow: true, type: 'c', major, access: rwm }
    : { allow: true, type: 'c', major, minor, access: rwm };
}

/**
 * The 9 device rules of {@link withDefaultUnixDevices}, in containerd's order: null, random, full, tty, zero,
 * urandom, console, the ptys (major 136, any minor) and ptmx. A fresh copy on each call.
 */
export function defaultUnixDeviceRules(): LinuxDeviceCgroup[] {
  return [
    charRule(1, 3), // /dev/null
    charRule(1, 8), // /dev/random
    charRule(1, 7), // /dev/full
    charRule(5, 0), // /dev/tty
    charRule(1, 5), // /dev/zero
    charRule(1, 9), // /dev/urandom
    charRule(5, 1), // /dev/console
    charRule(136), // /dev/pts/*
    charRule(5, 2), // /dev/ptmx
  ];
}

/** {@link defaultUnixDeviceRules}, deep-frozen once: every composition shares them. */
const DEFAULT_UNIX_DEVICE_RULES: readonly LinuxDeviceCgroup[] = frozenCopy(defaultUnixDeviceRules());

/**
 * Appends the 9 default unix device allow rules (`c` devices, `rwm`: null, random, full, tty, zero, urandom,
 * console, ptys, ptmx) to `linux.resources.devices`; existing rules (the default deny-all) stay.
 * Creates `linux` and `linux.resources`. Any OS.
 * containerd: `oci.WithDefaultUnixDevices`
 */
export function withDefaultUnixDevices(): SpecOpt {
  return specOpt('withDefaultUnixDevices', (spec) => {
    ensureLinux(spec);
    const resources = ensureLinuxResources(spec)!;
    appendTo(resources, 'devices', DEFAULT_UNIX_DEVICE_RULES);
  });
}

export const withDefaultUnixDevicesDefinition = defineOpt({
  name: 'withDefaultUnixDevices',
  args: z.tuple([]),
  factory: withDefaultUnixDevices,
  doc: 'Appends the 9 default unix device allow rules to linux.resources.devices.',
  containerd: 'oci.WithDefaultUnixDevices',
});

/** The registry definitions of this file. */
export const resourceOptions = [
  withCgroupDefinition,
  withNamespacedCgroupDefinition,
  withMemorySwapDefinition,
  withPidsLimitDefinition,
  withBlockIODefinition,
  withCPUSharesDefinition,
  withCPUsDefinition,
  withCPUsMemsDefinition,
  withCPUCFSDefinition,
  withCPUBurstDefinition,
  withCPURTDefinition,
  withRdtDefinition,
  withParentCgroupDevicesDefinition,
  withAllDevicesAllowedDefinition,
  withDefaultUnixDevicesDefinition,
] as readonly OptDefinition[];
