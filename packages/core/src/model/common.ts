/** Platform-neutral sections: `root`, `mounts`, `hooks`, and the ID mappings mounts and linux share. */
import { z } from 'zod';
import { always, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { goInt, uint32 } from './numbers.js';

/** `Root`: the container's root filesystem (`path` is always printed). */
export const RootSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    readonly: omitempty(z.boolean()),
  }),
);
export type Root = z.infer<typeof RootSchema>;

/** `LinuxIDMapping`: a UID/GID range mapping (all three fields are always printed). */
export const LinuxIDMappingSchema = lazySchema(() =>
  z.object({
    containerID: always(uint32),
    hostID: always(uint32),
    size: always(uint32),
  }),
);
export type LinuxIDMapping = z.infer<typeof LinuxIDMappingSchema>;

/** `Mount`: one mount (`destination` is always printed), with optional idmap mappings. */
export const MountSchema = lazySchema(() =>
  z.object({
    destination: always(z.string()),
    type: omitempty(z.string()),
    source: omitempty(z.string()),
    options: omitempty(strings()),
    uidMappings: omitempty(slice(LinuxIDMappingSchema)),
    gidMappings: omitempty(slice(LinuxIDMappingSchema)),
  }),
);
export type Mount = z.infer<typeof MountSchema>;

/** `Hook`: a command run at a lifecycle event (`path` is always printed). */
export const HookSchema = lazySchema(() =>
  z.object({
    path: always(z.string()),
    args: omitempty(strings()),
    env: omitempty(strings()),
    timeout: pointer(goInt),
  }),
);
export type Hook = z.infer<typeof HookSchema>;

/** `Hooks`: the lifecycle hook lists. */
export const HooksSchema = lazySchema(() =>
  z.object({
    prestart: omitempty(slice(HookSchema)),
    createRuntime: omitempty(slice(HookSchema)),
    createContainer: omitempty(slice(HookSchema)),
    startContainer: omitempty(slice(HookSchema)),
    poststart: omitempty(slice(HookSchema)),
    poststop: omitempty(slice(HookSchema)),
  }),
);
export type Hooks = z.infer<typeof HooksSchema>;
