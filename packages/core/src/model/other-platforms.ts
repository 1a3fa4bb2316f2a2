/** `solaris`, `vm`, `zos` and `freebsd`: the remaining platform sections of runtime-spec v1.3.0 `specs-go`. */
import { z } from 'zod';
import { always, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { goInt, uint32, uint64 } from './numbers.js';

/** `SolarisAnet`: an automatically created VNIC. */
export const SolarisAnetSchema = lazySchema(() =>
  z.object({
    linkname: omitempty(z.string()),
    lowerLink: omitempty(z.string()),
    allowedAddress: omitempty(z.string()),
    configureAllowedAddress: omitempty(z.string()),
    defrouter: omitempty(z.string()),
    linkProtection: omitempty(z.string()),
    macAddress: omitempty(z.string()),
  }),
);
export type SolarisAnet = z.infer<typeof SolarisAnetSchema>;

/** `SolarisCappedCPU`: the CPU cap. */
export const SolarisCappedCPUSchema = lazySchema(() =>
  z.object({
    ncpus: omitempty(z.string()),
  }),
);
export type SolarisCappedCPU = z.infer<typeof SolarisCappedCPUSchema>;

/** `SolarisCappedMemory`: the physical and swap memory caps. */
export const SolarisCappedMemorySchema = lazySchema(() =>
  z.object({
    physical: omitempty(z.string()),
    swap: omitempty(z.string()),
  }),
);
export type SolarisCappedMemory = z.infer<typeof SolarisCappedMemorySchema>;

/** `Solaris`: the whole `solaris` section. */
export const SolarisSchema = lazySchema(() =>
  z.object({
    milestone: omitempty(z.string()),
    limitpriv: omitempty(z.string()),
    maxShmMemory: omitempty(z.string()),
    anet: omitempty(slice(SolarisAnetSchema)),
    cappedCPU: pointer(SolarisCappedCPUSchema),
    cappedMemory: pointer(SolarisCappedMemorySchema),
  }),
);
export type Solaris = z.infer<typeof SolarisSchema>;

/** `VMHypervisor`: the hypervisor (`path` always printed). */
export const VMHypervisorSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    parameters: omitempty(strings()),
  }),
);
export type VMHypervisor = z.infer<typeof VMHypervisorSchema>;

/** `VMKernel`: the guest kernel (`path` always printed). */
export const VMKernelSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    parameters: omitempty(strings()),
    initrd: omitempty(z.string()),
  }),
);
export type VMKernel = z.infer<typeof VMKernelSchema>;

/** `VMImage`: the guest root image (`path` and `format` always printed). */
export const VMImageSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    format: always(z.string()),
  }),
);
export type VMImage = z.infer<typeof VMImageSchema>;

/** `IOMems`: an iomem range (`firstMFN` and `nrMFNs` are pointers without omitempty: always printed, `null` when absent). */
export const IOMemsSchema = lazySchema(() =>
  z.object({
    firstGFN: pointer(uint64),
    firstMFN: always(uint64.nullable()),
    nrMFNs: always(uint64.nullable()),
  }),
);
export type IOMems = z.infer<typeof IOMemsSchema>;

/** `HWConfig`: VM hardware configuration (JSON key `hwconfig`, as Go writes it). */
export const HWConfigSchema = lazySchema(() =>
  z.object({
    deviceTree: omitempty(z.string()),
    vcpus: pointer(uint32),
    memory: pointer(uint64),
    dtdevs: omitempty(strings()),
    iomems: omitempty(slice(IOMemsSchema)),
    irqs: omitempty(slice(uint32)),
  }),
);
export type HWConfig = z.infer<typeof HWConfigSchema>;

/**
 * `VM`: the whole `vm` section. `hypervisor` and `image` are Go struct values tagged `omitempty`, which
 * encoding/json never omits: like `kernel`, they are always printed (as their zero struct when absent).
 */
export const VMSchema = lazySchema(() =>
  z.object({
    hypervisor: always(VMHypervisorSchema),
    kernel: always(VMKernelSchema),
    image: always(VMImageSchema),
    hwconfig: pointer(HWConfigSchema),
  }),
);
export type VM = z.infer<typeof VMSchema>;

/** `ZOSNamespace`: a z/OS namespace (`type` always printed). */
export const ZOSNamespaceSchema = lazySchema(() =>
  z.object({
    type: always(z.string()),
    path: omitempty(z.string()),
  }),
);
export type ZOSNamespace = z.infer<typeof ZOSNamespaceSchema>;

/** `ZOS`: the whole `zos` section. */
export const ZOSSchema = lazySchema(() =>
  z.object({
    namespaces: omitempty(slice(ZOSNamespaceSchema)),
  }),
);
export type ZOS = z.infer<typeof ZOSSchema>;

/** `FreeBSDDevice`: a device exposed in the jail (`path` always printed; `mode` is an `os.FileMode`). */
export const FreeBSDDeviceSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    mode: pointer(uint32),
  }),
);
export type FreeBSDDevice = z.infer<typeof FreeBSDDeviceSchema>;

/** `FreeBSDJailAllow`: jail capabilities. */
export const FreeBSDJailAllowSchema = lazySchema(() =>
  z.object({
    setHostname: omitempty(z.boolean()),
    rawSockets: omitempty(z.boolean()),
    chflags: omitempty(z.boolean()),
    mount: omitempty(strings()),
    quotas: omitempty(z.boolean()),
    socketAf: omitempty(z.boolean()),
    mlock: omitempty(z.boolean()),
    reservedPorts: omitempty(z.boolean()),
    suser: omitempty(z.boolean()),
  }),
);
export type FreeBSDJailAllow = z.infer<typeof FreeBSDJailAllowSchema>;

/** `FreeBSDJail`: the jail definition. */
export const FreeBSDJailSchema = lazySchema(() =>
  z.object({
    parent: omitempty(z.string()),
    host: omitempty(z.string()),
    ip4: omitempty(z.string()),
    ip4Addr: omitempty(strings()),
    ip6: omitempty(z.string()),
    ip6Addr: omitempty(strings()),
    vnet: omitempty(z.string()),
    interface: omitempty(z.string()),
    vnetInterfaces: omitempty(strings()),
    sysvmsg: omitempty(z.string()),
    sysvsem: omitempty(z.string()),
    sysvshm: omitempty(z.string()),
    enforceStatfs: pointer(goInt),
    allow: pointer(FreeBSDJailAllowSchema),
  }),
);
export type FreeBSDJail = z.infer<typeof FreeBSDJailSchema>;

/** `FreeBSD`: the whole `freebsd` section. */
export const FreeBSDSchema = lazySchema(() =>
  z.object({
    devices: omitempty(slice(FreeBSDDeviceSchema)),
    jail: pointer(FreeBSDJailSchema),
  }),
);
export type FreeBSD = z.infer<typeof FreeBSDSchema>;
