/** `linux.resources`: cgroup resource limits (runtime-spec `specs-go` `LinuxResources` and its subsections). */
import { z } from 'zod';
import { always, map, omitempty, pointer, slice } from './fields.js';
import { lazySchema } from './lazy.js';
import { int64, uint16, uint32, uint64 } from './numbers.js';

/** `LinuxDeviceCgroup`: a device-controller rule (`allow` is always printed). */
export const LinuxDeviceCgroupSchema = lazySchema(() =>
  z.object({
    allow: always(z.boolean()),
    type: omitempty(z.string()),
    major: pointer(int64),
    minor: pointer(int64),
    access: omitempty(z.string()),
  }),
);
export type LinuxDeviceCgroup = z.infer<typeof LinuxDeviceCgroupSchema>;

/** `LinuxMemory`: memory cgroup limits. */
export const LinuxMemorySchema = lazySchema(() =>
  z.object({
    limit: pointer(int64),
    reservation: pointer(int64),
    swap: pointer(int64),
    kernel: pointer(int64),
    kernelTCP: pointer(int64),
    swappiness: pointer(uint64),
    disableOOMKiller: pointer(z.boolean()),
    useHierarchy: pointer(z.boolean()),
    checkBeforeUpdate: pointer(z.boolean()),
  }),
);
export type LinuxMemory = z.infer<typeof LinuxMemorySchema>;

/** `LinuxCPU`: cpu and cpuset cgroup settings. */
export const LinuxCPUSchema = lazySchema(() =>
  z.object({
    shares: pointer(uint64),
    quota: pointer(int64),
    burst: pointer(uint64),
    period: pointer(uint64),
    realtimeRuntime: pointer(int64),
    realtimePeriod: pointer(uint64),
    cpus: omitempty(z.string()),
    mems: omitempty(z.string()),
    idle: pointer(int64),
  }),
);
export type LinuxCPU = z.infer<typeof LinuxCPUSchema>;

/** `LinuxPids`: the pids cgroup limit. */
export const LinuxPidsSchema = lazySchema(() =>
  z.object({
    limit: pointer(int64),
  }),
);
export type LinuxPids = z.infer<typeof LinuxPidsSchema>;

/** `LinuxBlockIODevice`: a block device's `major:minor` (both always printed). */
export const LinuxBlockIODeviceSchema = lazySchema(() =>
  z.object({
    major: always(int64),
    minor: always(int64),
  }),
);
export type LinuxBlockIODevice = z.infer<typeof LinuxBlockIODeviceSchema>;

/** `LinuxWeightDevice`: a per-device blkio weight (embeds `LinuxBlockIODevice`). */
export const LinuxWeightDeviceSchema = lazySchema(() =>
  z.object({
    major: always(int64),
    minor: always(int64),
    weight: pointer(uint16),
    leafWeight: pointer(uint16),
  }),
);
export type LinuxWeightDevice = z.infer<typeof LinuxWeightDeviceSchema>;

/** `LinuxThrottleDevice`: a per-device blkio rate limit (embeds `LinuxBlockIODevice`; `rate` always printed). */
export const LinuxThrottleDeviceSchema = lazySchema(() =>
  z.object({
    major: always(int64),
    minor: always(int64),
    rate: always(uint64),
  }),
);
export type LinuxThrottleDevice = z.infer<typeof LinuxThrottleDeviceSchema>;

/** `LinuxBlockIO`: blkio cgroup settings. */
export const LinuxBlockIOSchema = lazySchema(() =>
  z.object({
    weight: pointer(uint16),
    leafWeight: pointer(uint16),
    weightDevice: omitempty(slice(LinuxWeightDeviceSchema)),
    throttleReadBpsDevice: omitempty(slice(LinuxThrottleDeviceSchema)),
    throttleWriteBpsDevice: omitempty(slice(LinuxThrottleDeviceSchema)),
    throttleReadIOPSDevice: omitempty(slice(LinuxThrottleDeviceSchema)),
    throttleWriteIOPSDevice: omitempty(slice(LinuxThrottleDeviceSchema)),
  }),
);
export type LinuxBlockIO = z.infer<typeof LinuxBlockIOSchema>;

/** `LinuxHugepageLimit`: a hugetlb limit (`pageSize` and `limit` always printed). */
export const LinuxHugepageLimitSchema = lazySchema(() =>
  z.object({
    pageSize: always(z.string()),
    limit: always(uint64),
  }),
);
export type LinuxHugepageLimit = z.infer<typeof LinuxHugepageLimitSchema>;

/** `LinuxInterfacePriority`: a network interface's priority (both fields always printed). */
export const LinuxInterfacePrioritySchema = lazySchema(() =>
  z.object({
    name: always(z.string()),
    priority: always(uint32),
  }),
);
export type LinuxInterfacePriority = z.infer<typeof LinuxInterfacePrioritySchema>;

/** `LinuxNetwork`: net_cls / net_prio cgroup settings. */
export const LinuxNetworkSchema = lazySchema(() =>
  z.object({
    classID: pointer(uint32),
    priorities: omitempty(slice(LinuxInterfacePrioritySchema)),
  }),
);
export type LinuxNetwork = z.infer<typeof LinuxNetworkSchema>;

/** `LinuxRdma`: rdma cgroup limits for one device. */
export const LinuxRdmaSchema = lazySchema(() =>
  z.object({
    hcaHandles: pointer(uint32),
    hcaObjects: pointer(uint32),
  }),
);
export type LinuxRdma = z.infer<typeof LinuxRdmaSchema>;

/** `LinuxResources`: every cgroup resource section. */
export const LinuxResourcesSchema = lazySchema(() =>
  z.object({
    devices: omitempty(slice(LinuxDeviceCgroupSchema)),
    memory: pointer(LinuxMemorySchema),
    cpu: pointer(LinuxCPUSchema),
    pids: pointer(LinuxPidsSchema),
    blockIO: pointer(LinuxBlockIOSchema),
    hugepageLimits: omitempty(slice(LinuxHugepageLimitSchema)),
    network: pointer(LinuxNetworkSchema),
    rdma: omitempty(map(LinuxRdmaSchema)),
    unified: omitempty(map(z.string())),
  }),
);
export type LinuxResources = z.infer<typeof LinuxResourcesSchema>;
