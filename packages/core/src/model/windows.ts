/** `windows`: Windows-specific configuration (runtime-spec `specs-go` `Windows` and the structs it holds). */
import { z } from 'zod';
import { always, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { uint16, uint32, uint64 } from './numbers.js';

/** `WindowsDevice`: a host device mapped into the container (`id` and `idType` always printed). */
export const WindowsDeviceSchema = lazySchema(() =>
  z.object({
    id: always(z.string()),
    idType: always(z.string()),
  }),
);
export type WindowsDevice = z.infer<typeof WindowsDeviceSchema>;

/** `WindowsMemoryResources`: the memory limit. */
export const WindowsMemoryResourcesSchema = lazySchema(() =>
  z.object({
    limit: pointer(uint64),
  }),
);
export type WindowsMemoryResources = z.infer<typeof WindowsMemoryResourcesSchema>;

/** `WindowsCPUGroupAffinity`: a CPU mask within a processor group. */
export const WindowsCPUGroupAffinitySchema = lazySchema(() =>
  z.object({
    mask: omitempty(uint64),
    group: omitempty(uint32),
  }),
);
export type WindowsCPUGroupAffinity = z.infer<typeof WindowsCPUGroupAffinitySchema>;

/** `WindowsCPUResources`: CPU count, shares, maximum and affinity (an array, as in Go; the schema's object is a defect). */
export const WindowsCPUResourcesSchema = lazySchema(() =>
  z.object({
    count: pointer(uint64),
    shares: pointer(uint16),
    maximum: pointer(uint16),
    affinity: omitempty(slice(WindowsCPUGroupAffinitySchema)),
  }),
);
export type WindowsCPUResources = z.infer<typeof WindowsCPUResourcesSchema>;

/** `WindowsStorageResources`: system-drive limits. */
export const WindowsStorageResourcesSchema = lazySchema(() =>
  z.object({
    iops: pointer(uint64),
    bps: pointer(uint64),
    sandboxSize: pointer(uint64),
  }),
);
export type WindowsStorageResources = z.infer<typeof WindowsStorageResourcesSchema>;

/** `WindowsResources`: memory, CPU and storage limits. */
export const WindowsResourcesSchema = lazySchema(() =>
  z.object({
    memory: pointer(WindowsMemoryResourcesSchema),
    cpu: pointer(WindowsCPUResourcesSchema),
    storage: pointer(WindowsStorageResourcesSchema),
  }),
);
export type WindowsResources = z.infer<typeof WindowsResourcesSchema>;

/** `WindowsNetwork`: HNS endpoints and DNS settings. */
export const WindowsNetworkSchema = lazySchema(() =>
  z.object({
    endpointList: omitempty(strings()),
    allowUnqualifiedDNSQuery: omitempty(z.boolean()),
    DNSSearchList: omitempty(strings()),
    networkSharedContainerName: omitempty(z.string()),
    networkNamespace: omitempty(z.string()),
  }),
);
export type WindowsNetwork = z.infer<typeof WindowsNetworkSchema>;

/** `WindowsHyperV`: Hyper-V isolation settings. */
export const WindowsHyperVSchema = lazySchema(() =>
  z.object({
    utilityVMPath: omitempty(z.string()),
  }),
);
export type WindowsHyperV = z.infer<typeof WindowsHyperVSchema>;

/** `Windows`: the whole `windows` section (`layerFolders` always printed, `null` when absent). */
export const WindowsSchema = lazySchema(() =>
  z.object({
    layerFolders: always(strings()),
    devices: omitempty(slice(WindowsDeviceSchema)),
    resources: pointer(WindowsResourcesSchema),
    /** Go `interface{}`: any JSON value (a gMSA credential spec object). */
    credentialSpec: pointer(z.unknown()),
    servicing: omitempty(z.boolean()),
    ignoreFlushesDuringBoot: omitempty(z.boolean()),
    hyperv: pointer(WindowsHyperVSchema),
    network: pointer(WindowsNetworkSchema),
  }),
);
export type Windows = z.infer<typeof WindowsSchema>;
