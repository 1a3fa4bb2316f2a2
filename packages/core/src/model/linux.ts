/** `linux`: Linux-specific configuration (runtime-spec `specs-go` `Linux` and the structs it holds). */
import { z } from 'zod';
import { LinuxIDMappingSchema } from './common.js';
import { always, map, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { int64, uint32 } from './numbers.js';
import { LinuxResourcesSchema } from './resources.js';
import { LinuxSeccompSchema } from './seccomp.js';

/** `LinuxNamespace`: a namespace to create or join (`type` always printed). */
export const LinuxNamespaceSchema = lazySchema(() =>
  z.object({
    type: always(z.string()),
    path: omitempty(z.string()),
  }),
);
export type LinuxNamespace = z.infer<typeof LinuxNamespaceSchema>;

/** `LinuxTimeOffset`: a time-namespace clock offset. */
export const LinuxTimeOffsetSchema = lazySchema(() =>
  z.object({
    secs: omitempty(int64),
    nanosecs: omitempty(uint32),
  }),
);
export type LinuxTimeOffset = z.infer<typeof LinuxTimeOffsetSchema>;

/** `LinuxDevice`: a device node to create (`path`, `type`, `major`, `minor` always printed). */
export const LinuxDeviceSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    type: always(z.string()),
    major: always(int64),
    minor: always(int64),
    fileMode: pointer(uint32),
    uid: pointer(uint32),
    gid: pointer(uint32),
  }),
);
export type LinuxDevice = z.infer<typeof LinuxDeviceSchema>;

/** `LinuxNetDevice`: a host network device moved into the container. */
export const LinuxNetDeviceSchema = lazySchema(() =>
  z.object({
    name: omitempty(z.string()),
  }),
);
export type LinuxNetDevice = z.infer<typeof LinuxNetDeviceSchema>;

/** `LinuxIntelRdt`: Intel RDT (resctrl) settings. */
export const LinuxIntelRdtSchema = lazySchema(() =>
  z.object({
    closID: omitempty(z.string()),
    schemata: omitempty(strings()),
    l3CacheSchema: omitempty(z.string()),
    memBwSchema: omitempty(z.string()),
    enableMonitoring: omitempty(z.boolean()),
  }),
);
export type LinuxIntelRdt = z.infer<typeof LinuxIntelRdtSchema>;

/** `LinuxMemoryPolicy`: the NUMA memory policy (`mode` and `nodes` always printed). */
export const LinuxMemoryPolicySchema = lazySchema(() =>
  z.object({
    mode: always(z.string()),
    nodes: always(z.string()),
    flags: omitempty(strings()),
  }),
);
export type LinuxMemoryPolicy = z.infer<typeof LinuxMemoryPolicySchema>;

/** `LinuxPersonality`: the personality(2) domain (always printed) and flags. */
export const LinuxPersonalitySchema = lazySchema(() =>
  z.object({
    domain: always(z.string()),
    flags: omitempty(strings()),
  }),
);
export type LinuxPersonality = z.infer<typeof LinuxPersonalitySchema>;

/** `Linux`: the whole `linux` section. */
export const LinuxSchema = lazySchema(() =>
  z.object({
    uidMappings: omitempty(slice(LinuxIDMappingSchema)),
    gidMappings: omitempty(slice(LinuxIDMappingSchema)),
    sysctl: omitempty(map(z.string())),
    resources: pointer(LinuxResourcesSchema),
    cgroupsPath: omitempty(z.string()),
    namespaces: omitempty(slice(LinuxNamespaceSchema)),
    devices: omitempty(slice(LinuxDeviceSchema)),
    netDevices: omitempty(map(LinuxNetDeviceSchema)),
    seccomp: pointer(LinuxSeccompSchema),
    rootfsPropagation: omitempty(z.string()),
    maskedPaths: omitempty(strings()),
    readonlyPaths: omitempty(strings()),
    mountLabel: omitempty(z.string()),
    intelRdt: pointer(LinuxIntelRdtSchema),
    memoryPolicy: pointer(LinuxMemoryPolicySchema),
    personality: pointer(LinuxPersonalitySchema),
    timeOffsets: omitempty(map(LinuxTimeOffsetSchema)),
  }),
);
export type Linux = z.infer<typeof LinuxSchema>;
