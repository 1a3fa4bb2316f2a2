/** The root of the model: runtime-spec v1.3.0 `specs-go` `Spec`. */
import { z } from 'zod';
import { HooksSchema, MountSchema, RootSchema } from './common.js';
import { always, map, omitempty, pointer, slice } from './fields.js';
import { lazySchema } from './lazy.js';
import { LinuxSchema } from './linux.js';
import { FreeBSDSchema, SolarisSchema, VMSchema, ZOSSchema } from './other-platforms.js';
import { ProcessSchema } from './process.js';
import { WindowsSchema } from './windows.js';

/** `Spec`: a whole runtime config (`config.json`); every field optional, `ociVersion` always printed. */
export const SpecSchema = lazySchema(() =>
  z.object({
    ociVersion: always(z.string()),
    process: pointer(ProcessSchema),
    root: pointer(RootSchema),
    hostname: omitempty(z.string()),
    domainname: omitempty(z.string()),
    mounts: omitempty(slice(MountSchema)),
    hooks: pointer(HooksSchema),
    annotations: omitempty(map(z.string())),
    linux: pointer(LinuxSchema),
    solaris: pointer(SolarisSchema),
    windows: pointer(WindowsSchema),
    vm: pointer(VMSchema),
    zos: pointer(ZOSSchema),
    freebsd: pointer(FreeBSDSchema),
  }),
);
export type Spec = z.infer<typeof SpecSchema>;
