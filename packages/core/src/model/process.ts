/** `process`: the container process (runtime-spec `specs-go` `Process` and the structs it holds). */
import { z } from 'zod';
import { always, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { goInt, goUint, int32, uint32, uint64 } from './numbers.js';

/** `Box`: console dimensions. */
export const BoxSchema = lazySchema(() =>
  z.object({
    height: always(goUint),
    width: always(goUint),
  }),
);
export type Box = z.infer<typeof BoxSchema>;

/** `User`: the process's user and groups (`uid`/`gid` are always printed). */
export const UserSchema = lazySchema(() =>
  z.object({
    uid: always(uint32),
    gid: always(uint32),
    umask: pointer(uint32),
    additionalGids: omitempty(slice(uint32)),
    username: omitempty(z.string()),
  }),
);
export type User = z.infer<typeof UserSchema>;

/** `LinuxCapabilities`: the five capability sets. */
export const LinuxCapabilitiesSchema = lazySchema(() =>
  z.object({
    bounding: omitempty(strings()),
    effective: omitempty(strings()),
    inheritable: omitempty(strings()),
    permitted: omitempty(strings()),
    ambient: omitempty(strings()),
  }),
);
export type LinuxCapabilities = z.infer<typeof LinuxCapabilitiesSchema>;

/** `POSIXRlimit`: one resource limit (`type`, `hard` and `soft` are always printed). */
export const POSIXRlimitSchema = lazySchema(() =>
  z.object({
    type: always(z.string()),
    hard: always(uint64),
    soft: always(uint64),
  }),
);
export type POSIXRlimit = z.infer<typeof POSIXRlimitSchema>;

/** `Scheduler`: sched_setattr(2) attributes. */
export const SchedulerSchema = lazySchema(() =>
  z.object({
    policy: always(z.string()),
    nice: omitempty(int32),
    priority: omitempty(int32),
    flags: omitempty(strings()),
    runtime: omitempty(uint64),
    deadline: omitempty(uint64),
    period: omitempty(uint64),
  }),
);
export type Scheduler = z.infer<typeof SchedulerSchema>;

/** `LinuxIOPriority`: the process's I/O scheduling class and priority. */
export const LinuxIOPrioritySchema = lazySchema(() =>
  z.object({
    class: always(z.string()),
    priority: always(goInt),
  }),
);
export type LinuxIOPriority = z.infer<typeof LinuxIOPrioritySchema>;

/** `CPUAffinity`: CPU affinity of exec'd processes. */
export const CPUAffinitySchema = lazySchema(() =>
  z.object({
    initial: omitempty(z.string()),
    final: omitempty(z.string()),
  }),
);
export type CPUAffinity = z.infer<typeof CPUAffinitySchema>;

/** `Process`: the container process. */
export const ProcessSchema = lazySchema(() =>
  z.object({
    terminal: omitempty(z.boolean()),
    consoleSize: pointer(BoxSchema),
    user: always(UserSchema),
    args: omitempty(strings()),
    commandLine: omitempty(z.string()),
    env: omitempty(strings()),
    cwd: always(z.string()),
    capabilities: pointer(LinuxCapabilitiesSchema),
    rlimits: omitempty(slice(POSIXRlimitSchema)),
    noNewPrivileges: omitempty(z.boolean()),
    apparmorProfile: omitempty(z.string()),
    oomScoreAdj: pointer(goInt),
    scheduler: pointer(SchedulerSchema),
    selinuxLabel: omitempty(z.string()),
    ioPriority: pointer(LinuxIOPrioritySchema),
    execCPUAffinity: pointer(CPUAffinitySchema),
  }),
);
export type Process = z.infer<typeof ProcessSchema>;
