/** `linux.seccomp`: the seccomp filter (runtime-spec `specs-go` `LinuxSeccomp`, `LinuxSyscall`, `LinuxSeccompArg`). */
import { z } from 'zod';
import { always, omitempty, pointer, slice, strings } from './fields.js';
import { lazySchema } from './lazy.js';
import { goUint, uint64 } from './numbers.js';

/** `LinuxSeccompArg`: a syscall argument comparison (`index`, `value` and `op` always printed). */
export const LinuxSeccompArgSchema = lazySchema(() =>
  z.object({
    index: always(goUint),
    value: always(uint64),
    valueTwo: omitempty(uint64),
    op: always(z.string()),
  }),
);
export type LinuxSeccompArg = z.infer<typeof LinuxSeccompArgSchema>;

/** `LinuxSyscall`: a syscall rule (`names`, `null` when absent, and `action` always printed). */
export const LinuxSyscallSchema = lazySchema(() =>
  z.object({
    names: always(strings()),
    action: always(z.string()),
    errnoRet: pointer(goUint),
    args: omitempty(slice(LinuxSeccompArgSchema)),
  }),
);
export type LinuxSyscall = z.infer<typeof LinuxSyscallSchema>;

/** `LinuxSeccomp`: the seccomp profile (`defaultAction` always printed). */
export const LinuxSeccompSchema = lazySchema(() =>
  z.object({
    defaultAction: always(z.string()),
    defaultErrnoRet: pointer(goUint),
    architectures: omitempty(strings()),
    flags: omitempty(strings()),
    listenerPath: omitempty(z.string()),
    listenerMetadata: omitempty(z.string()),
    syscalls: omitempty(slice(LinuxSyscallSchema)),
  }),
);
export type LinuxSeccomp = z.infer<typeof LinuxSeccompSchema>;
