/** `linux.cgroupsPath`, `linux.resources` (cpu, memory swap, pids, blkio, device rules) and `linux.intelRdt`. */
import type { LinuxDeviceCgroup } from '@ocispec/core';
import {
  appendTo,
  defineOpt,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxMemory,
  ensureLinuxPids,
  ensureLinuxResources,
  int64,
  requireSection,
  uint64,
} from '@ocispec/core';
import { freezeJson, joinPath, namespaceRequired, toInt64, toUint64 } from '@ocispec/core/internal';
import { LinuxBlockIOSchema } from '@ocispec/core/schemas';
import { z } from 'zod';
import { rwm } from './default-spec.js';

/**
 * Sets `linux.cgroupsPath` as given. Creates `linux`. Any OS.
 * containerd: `oci.WithCgroup`
 */
export const withCgroup = defineOpt({
  name: 'withCgroup',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `linux.cgroupsPath` as given.',
  containerd: 'oci.WithCgroup',
  apply(spec, _ctx, path) {
    ensureLinux(spec).cgroupsPath = path;
  },
});

/**
 * Sets `linux.cgroupsPath` to `/<namespace>/<container id>`, joined and cleaned (an id of `../../etc` gives `/etc`).
 * Fails with `namespace is required: failed precondition` (nothing created) when the context has no namespace.
 * Creates `linux`. Any OS (slash-separated, as containerd on unix hosts).
 * containerd: `oci.WithNamespacedCgroup`
 */
export const withNamespacedCgroup = defineOpt({
  name: 'withNamespacedCgroup',
  args: () => z.tuple([]),
  doc: 'Sets `linux.cgroupsPath` to `/<namespace>/<container id>`, joined and cleaned (an id of `../../etc` gives `/etc`).',
  containerd: 'oci.WithNamespacedCgroup',
  apply(spec, ctx) {
    const namespace = namespaceRequired(ctx.namespace);
    ensureLinux(spec).cgroupsPath = joinPath('/', namespace, ctx.container.id);
  },
});

/**
 * Sets `linux.resources.memory.swap` (bytes, Go int64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `memory`. Any OS.
 * containerd: `oci.WithMemorySwap`
 */
export const withMemorySwap = defineOpt({
  name: 'withMemorySwap',
  args: () => z.tuple([int64]),
  doc: 'Sets `linux.resources.memory.swap` (bytes, Go int64).',
  containerd: 'oci.WithMemorySwap',
  apply(spec, _ctx, swap) {
    const memory = ensureLinuxMemory(spec);
    if (memory !== undefined) memory.swap = toInt64(swap);
  },
});

/**
 * Sets `linux.resources.pids.limit` (Go int64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `pids`. Any OS.
 * containerd: `oci.WithPidsLimit`
 */
export const withPidsLimit = defineOpt({
  name: 'withPidsLimit',
  args: () => z.tuple([int64]),
  doc: 'Sets `linux.resources.pids.limit` (Go int64).',
  containerd: 'oci.WithPidsLimit',
  apply(spec, _ctx, limit) {
    const pids = ensureLinuxPids(spec);
    if (pids !== undefined) pids.limit = toInt64(limit);
  },
});

/**
 * Replaces `linux.resources.blockIO` (`null` removes it). Does nothing when the spec has no `linux`; otherwise
 * creates `resources`. Any OS.
 * containerd: `oci.WithBlockIO`
 */
export const withBlockIO = defineOpt({
  name: 'withBlockIO',
  args: () => z.tuple([LinuxBlockIOSchema.nullable()]),
  doc: 'Replaces `linux.resources.blockIO` (`null` removes it).',
  containerd: 'oci.WithBlockIO',
  apply(spec, _ctx, blockio) {
    const resources = ensureLinuxResources(spec);
    if (resources === undefined) return;
    if (blockio == null) delete resources.blockIO;
    else resources.blockIO = blockio;
  },
});

/**
 * Sets `linux.resources.cpu.shares` (Go uint64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUShares`
 */
export const withCPUShares = defineOpt({
  name: 'withCPUShares',
  args: () => z.tuple([uint64]),
  doc: 'Sets `linux.resources.cpu.shares` (Go uint64).',
  containerd: 'oci.WithCPUShares',
  apply(spec, _ctx, shares) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.shares = toUint64(shares);
  },
});

/**
 * Sets `linux.resources.cpu.cpus` (the cpuset, `0-3`). Does nothing when the spec has no `linux`; otherwise
 * creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUs`
 */
export const withCPUs = defineOpt({
  name: 'withCPUs',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `linux.resources.cpu.cpus` (the cpuset, `0-3`).',
  containerd: 'oci.WithCPUs',
  apply(spec, _ctx, cpus) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.cpus = cpus;
  },
});

/**
 * Sets `linux.resources.cpu.mems` (the memory nodes). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUsMems`
 */
export const withCPUsMems = defineOpt({
  name: 'withCPUsMems',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `linux.resources.cpu.mems` (the memory nodes).',
  containerd: 'oci.WithCPUsMems',
  apply(spec, _ctx, mems) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.mems = mems;
  },
});

/**
 * Sets the CFS bandwidth: `linux.resources.cpu.quota` (Go int64) and `.period` (Go uint64). Does nothing when the
 * spec has no `linux`; otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUCFS`
 */
export const withCPUCFS = defineOpt({
  name: 'withCPUCFS',
  args: () => z.tuple([int64, uint64]),
  doc: 'Sets the CFS bandwidth: `linux.resources.cpu.quota` (Go int64) and `.period` (Go uint64).',
  containerd: 'oci.WithCPUCFS',
  apply(spec, _ctx, quota, period) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu === undefined) return;
    cpu.quota = toInt64(quota);
    cpu.period = toUint64(period);
  },
});

/**
 * Sets `linux.resources.cpu.burst` (Go uint64). Does nothing when the spec has no `linux`; otherwise creates
 * `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPUBurst`
 */
export const withCPUBurst = defineOpt({
  name: 'withCPUBurst',
  args: () => z.tuple([uint64]),
  doc: 'Sets `linux.resources.cpu.burst` (Go uint64).',
  containerd: 'oci.WithCPUBurst',
  apply(spec, _ctx, burst) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu !== undefined) cpu.burst = toUint64(burst);
  },
});

/**
 * Sets `linux.resources.cpu.realtimeRuntime` (Go int64) and `.realtimePeriod` (Go uint64). Does nothing when the
 * spec has no `linux`; otherwise creates `resources` and `cpu`. Any OS.
 * containerd: `oci.WithCPURT`
 */
export const withCPURT = defineOpt({
  name: 'withCPURT',
  args: () => z.tuple([int64, uint64]),
  doc: 'Sets `linux.resources.cpu.realtimeRuntime` (Go int64) and `.realtimePeriod` (Go uint64).',
  containerd: 'oci.WithCPURT',
  apply(spec, _ctx, runtime, period) {
    const cpu = ensureLinuxCPU(spec);
    if (cpu === undefined) return;
    cpu.realtimeRuntime = toInt64(runtime);
    cpu.realtimePeriod = toUint64(period);
  },
});

/**
 * Replaces `linux.intelRdt` with the class of service and the L3 cache and memory bandwidth schemas. Every other RDT
 * field is dropped. A spec without `linux` is `MISSING_SECTION` (HEAD dereferences a nil Linux and panics). Any OS.
 * containerd: `oci.WithRdt`
 */
export const withRdt = defineOpt({
  name: 'withRdt',
  args: () => z.tuple([z.string(), z.string(), z.string()]),
  doc: 'Replaces `linux.intelRdt` with the class of service and the L3 cache and memory bandwidth schemas.',
  containerd: 'oci.WithRdt',
  apply(spec, _ctx, closID, l3CacheSchema, memBwSchema) {
    requireSection(spec, 'linux');
    ensureLinux(spec).intelRdt = { closID, l3CacheSchema, memBwSchema };
  },
});

/**
 * Removes `linux.resources.devices`, so that the container inherits its parent cgroup's device rules. Creates
 * `linux` and `linux.resources` (also on a windows-only spec). Any OS.
 * containerd: `oci.WithParentCgroupDevices`
 */
export const withParentCgroupDevices = defineOpt({
  name: 'withParentCgroupDevices',
  args: () => z.tuple([]),
  doc: "Removes `linux.resources.devices`, so that the container inherits its parent cgroup's device rules.",
  containerd: 'oci.WithParentCgroupDevices',
  apply(spec) {
    ensureLinux(spec);
    delete ensureLinuxResources(spec)!.devices;
  },
});

/** The one rule allowing every device, frozen once. */
const ALL_DEVICES: readonly LinuxDeviceCgroup[] = freezeJson([{ allow: true, access: rwm }]);

/**
 * Replaces `linux.resources.devices` with the single rule `{allow: true, access: "rwm"}` (every device). Creates
 * `linux` and `linux.resources`. Any OS.
 * containerd: `oci.WithAllDevicesAllowed`
 */
export const withAllDevicesAllowed = defineOpt({
  name: 'withAllDevicesAllowed',
  args: () => z.tuple([]),
  doc: 'Replaces `linux.resources.devices` with the single rule `{allow: true, access: "rwm"}` (every device).',
  containerd: 'oci.WithAllDevicesAllowed',
  apply(spec) {
    ensureLinux(spec);
    ensureLinuxResources(spec)!.devices = ALL_DEVICES;
  },
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
const DEFAULT_UNIX_DEVICE_RULES: readonly LinuxDeviceCgroup[] = freezeJson(defaultUnixDeviceRules());

/**
 * Appends the 9 default unix device allow rules to `linux.resources.devices`: `c` devices with `rwm` for null,
 * random, full, tty, zero, urandom, console, the ptys and ptmx. Existing rules (the default deny-all) stay. Creates
 * `linux` and `linux.resources`. Any OS.
 * containerd: `oci.WithDefaultUnixDevices`
 */
export const withDefaultUnixDevices = defineOpt({
  name: 'withDefaultUnixDevices',
  args: () => z.tuple([]),
  doc: 'Appends the 9 default unix device allow rules to `linux.resources.devices`: `c` devices with `rwm` for null, random, full, tty, zero, urandom, console, the ptys and ptmx.',
  containerd: 'oci.WithDefaultUnixDevices',
  apply(spec) {
    ensureLinux(spec);
    appendTo(ensureLinuxResources(spec)!, 'devices', DEFAULT_UNIX_DEVICE_RULES);
  },
});

/** The options of this file, in containerd's order. */
export const resourceOptions = [
  withCgroup,
  withNamespacedCgroup,
  withMemorySwap,
  withPidsLimit,
  withBlockIO,
  withCPUShares,
  withCPUs,
  withCPUsMems,
  withCPUCFS,
  withCPUBurst,
  withCPURT,
  withRdt,
  withParentCgroupDevices,
  withAllDevicesAllowed,
  withDefaultUnixDevices,
] as const;
