/**
 * Namespaces and the namespaced kernel parameters: containerd CRI's `WithoutNamespace`, `WithNamespacePath`,
 * `WithPodNamespaces` and `WithSysctls` (`internal/cri/opts/spec_linux_opts.go`).
 */
import type { SpecOpt } from '@ocispec/core';
import {
  assignEntries,
  compose,
  defineOpt,
  ensureLinux,
  peekArray,
  SpecOptError,
  writable,
} from '@ocispec/core';
import { LinuxIDMappingSchema } from '@ocispec/core/schemas';
import { withLinuxNamespace, withUserNamespace } from '@ocispec/linux';
import { z } from 'zod';
import { LinuxContainerSecurityContextSchema } from '../messages.js';

/**
 * Removes every namespace of that type from `linux.namespaces` (contrast linux's `withHostNamespace`, which
 * removes the first); a list left empty is removed. No `linux`: nothing.
 * containerd: `opts.WithoutNamespace`
 */
export const withoutNamespace = defineOpt({
  name: 'cri.withoutNamespace',
  args: () => z.tuple([z.string()]),
  doc: "Removes every namespace of that type from `linux.namespaces` (contrast linux's `withHostNamespace`, which removes the first); a list left empty is removed.",
  containerd: 'opts.WithoutNamespace',
  apply(spec, _ctx, type) {
    const linux = spec.linux;
    if (linux == null) return;
    const namespaces = peekArray(linux, 'namespaces');
    const kept = namespaces.filter((ns) => ns.type !== type);
    // Go rebuilds the list: nil when nothing is kept.
    if (kept.length === 0) {
      if ('namespaces' in linux) delete linux.namespaces;
    } else if (kept.length !== namespaces.length) linux.namespaces = kept;
  },
});

/**
 * Sets the path of the first namespace of that type in `linux.namespaces`: `linux spec is required` without
 * `linux`, `no such namespace <type>` without one.
 * containerd: `opts.WithNamespacePath`
 */
export const withNamespacePath = defineOpt({
  name: 'cri.withNamespacePath',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Sets the path of the first namespace of that type in `linux.namespaces`: `linux spec is required` without `linux`, `no such namespace <type>` without one.',
  containerd: 'opts.WithNamespacePath',
  apply(spec, _ctx, type, nsPath) {
    if (spec.linux == null) throw new SpecOptError('linux spec is required');
    const at = peekArray(spec.linux, 'namespaces').findIndex((n) => n.type === type);
    if (at < 0) throw new SpecOptError(`no such namespace ${type}`);
    writable(writable(ensureLinux(spec), 'namespaces', true), at, true).path = nsPath;
  },
});

/** `/proc/<pid>/ns/<kind>`. containerd: `GetNetworkNamespace`, `GetIPCNamespace`, ... */
function procNamespace(pid: number, kind: 'net' | 'ipc' | 'uts' | 'pid' | 'user'): string {
  return `/proc/${pid}/ns/${kind}`;
}

const IDMappingsSchema = z.array(LinuxIDMappingSchema).nullable();

/**
 * Joins the sandbox's network, ipc and uts namespaces (`/proc/<sandboxPid>/ns/…`) and the pid namespace of
 * `targetPid` (unless the security context's pid mode is `CONTAINER`); with user-namespace mode `POD`, also the
 * sandbox's user namespace with the uid and gid mappings (linux's `withUserNamespace`). Creates `linux`.
 * containerd: `opts.WithPodNamespaces`
 */
export const withPodNamespaces = defineOpt({
  name: 'cri.withPodNamespaces',
  args: () =>
    z.tuple([
      LinuxContainerSecurityContextSchema.nullable(),
      z.number().int(),
      z.number().int(),
      IDMappingsSchema,
      IDMappingsSchema,
    ]),
  doc: "Joins the sandbox's network, ipc and uts namespaces (`/proc/<sandboxPid>/ns/…`) and the pid namespace of `targetPid` (unless the security context's pid mode is `CONTAINER`); with user-namespace mode `POD`, also the sandbox's user namespace with the uid and gid mappings (linux's `withUserNamespace`).",
  containerd: 'opts.WithPodNamespaces',
  apply(spec, ctx, securityContext, sandboxPid, targetPid, uids, gids) {
    const ns = securityContext?.namespaceOptions;
    const join = (type: string, path: string): SpecOpt => withLinuxNamespace({ type, path });
    const opts: SpecOpt[] = [
      join('network', procNamespace(sandboxPid, 'net')),
      join('ipc', procNamespace(sandboxPid, 'ipc')),
      join('uts', procNamespace(sandboxPid, 'uts')),
    ];
    if ((ns?.pid ?? 'POD') !== 'CONTAINER') opts.push(join('pid', procNamespace(targetPid, 'pid')));
    const userns = ns?.usernsOptions;
    if (userns != null && (userns.mode ?? 'POD') === 'POD') {
      opts.push(join('user', procNamespace(sandboxPid, 'user')), withUserNamespace(uids ?? [], gids ?? []));
    }
    return compose(...opts)(spec, ctx);
  },
});

/**
 * Sets each sysctl in `linux.sysctl`, replacing values; the others are kept. Creates `linux` and `linux.sysctl`.
 * containerd: `opts.WithSysctls`
 */
export const withSysctls = defineOpt({
  name: 'cri.withSysctls',
  args: () => z.tuple([z.record(z.string(), z.string()).nullable()]),
  doc: 'Sets each sysctl in `linux.sysctl`, replacing values; the others are kept.',
  containerd: 'opts.WithSysctls',
  apply(spec, _ctx, sysctls) {
    assignEntries(ensureLinux(spec), 'sysctl', sysctls ?? {});
  },
});
