/**
 * Mounts: containerd CRI's `WithMounts` and `WithMountsCgroupWritable` (`internal/cri/opts/spec_linux_opts.go`),
 * the sandbox's writable sysfs, and what the windows mounts share with them (ordering, merging, host paths).
 */
import type { LinuxIDMapping, Mount, SpecContext, SpecOpt } from '@ocispec/core';
import { defineOpt, ensureLinux, peekArray, SpecOptError, writable } from '@ocispec/core';
import { cleanPath, errnoText, goQuote } from '@ocispec/core/internal';
import { z } from 'zod';
import type { CriHostFacts, MountInfo } from '../host.js';
import { criHostOf } from '../host.js';
import type { ParsedContainerConfig, ParsedCriMount, RuntimeHandler } from '../messages.js';
import { ContainerConfigSchema, CriMountSchema, RuntimeHandlerSchema } from '../messages.js';

type Draft = Parameters<SpecOpt>[0];

/** Stable sort by the number of `/` in the cleaned container path. containerd: `orderedMounts`. */
export function orderedMounts<T extends { containerPath?: string | undefined }>(mounts: readonly T[]): T[] {
  const parts = (m: T): number => (cleanPath(m.containerPath ?? '').match(/\//g) ?? []).length;
  return mounts
    .map((m, i) => ({ m, i, p: parts(m) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.m);
}

/**
 * The CRI mounts followed by the extra mounts whose cleaned container path no CRI mount has (a CRI mount wins),
 * unsorted. `clean` is the platform's path cleaning.
 */
export function mergeMounts(
  criMounts: readonly ParsedCriMount[],
  extra: readonly ParsedCriMount[],
  clean: (p: string) => string,
): ParsedCriMount[] {
  const mounts = [...criMounts];
  for (const e of extra) {
    const dst = clean(e.containerPath ?? '');
    if (!criMounts.some((c) => clean(c.containerPath ?? '') === dst)) mounts.push(e);
  }
  return mounts;
}

/** `os.Stat`, then `MkdirAll(0755)` when missing; containerd's error text. */
export function ensureHostPath(host: CriHostFacts, src: string): void {
  if (host.exists(src)) return;
  try {
    host.mkdirAll(src);
  } catch (error) {
    throw new SpecOptError(`failed to mkdir ${goQuote(src)}: ${errnoText(error)}`);
  }
}

/** `ResolveSymbolicLink`; containerd's error text. */
export function resolveHostPath(host: CriHostFacts, src: string): string {
  try {
    return host.resolveSymlink(src);
  } catch (error) {
    throw new SpecOptError(`failed to resolve symlink ${goQuote(src)}: ${errnoText(error)}`);
  }
}

/**
 * The `/sys/fs/cgroup` mount: `ro` (`rw` when writable), plus the host cgroup mount's `nsdelegate` and
 * `memory_recursiveprot` when the spec has no cgroup namespace.
 */
function cgroupMount(spec: Draft, host: CriHostFacts, cgroupWritable: boolean): Mount {
  const options = ['nosuid', 'noexec', 'nodev', 'relatime', cgroupWritable ? 'rw' : 'ro'];
  const hasCgroupNS = peekArray(spec.linux?.namespaces).some((ns) => ns.type === 'cgroup');
  if (!hasCgroupNS) {
    let info: MountInfo | undefined;
    try {
      info = host.lookupMount('/sys/fs/cgroup');
    } catch {
      info = undefined;
    }
    for (const opt of info?.vfsOptions.split(',') ?? []) {
      if (opt === 'nsdelegate' || opt === 'memory_recursiveprot') options.push(opt);
    }
  }
  return { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options };
}

function hasOptional(info: MountInfo, ...prefixes: string[]): boolean {
  return info.optional.split(' ').some((o) => prefixes.some((p) => o.startsWith(p)));
}

/** The propagation option of a CRI mount; the shared ones check the host mount and set `rootfsPropagation`. */
function propagationOption(
  spec: Draft,
  ctx: SpecContext,
  host: CriHostFacts,
  mount: ParsedCriMount,
  src: string,
) {
  const propagation = mount.propagation ?? 'PROPAGATION_PRIVATE';
  if (propagation === 'PROPAGATION_PRIVATE') return 'rprivate';
  const linux = ensureLinux(spec);
  if (propagation === 'PROPAGATION_BIDIRECTIONAL') {
    const info = host.lookupMount(src);
    if (!hasOptional(info, 'shared:')) {
      throw new SpecOptError(
        `path ${goQuote(src)} is mounted on ${goQuote(info.mountpoint)} but it is not a shared mount`,
      );
    }
    linux.rootfsPropagation = 'rshared';
    return 'rshared';
  }
  if (propagation === 'PROPAGATION_HOST_TO_CONTAINER') {
    const info = host.lookupMount(src);
    if (!hasOptional(info, 'shared:', 'master:')) {
      throw new SpecOptError(
        `path ${goQuote(src)} is mounted on ${goQuote(info.mountpoint)} but it is not a shared or slave mount`,
      );
    }
    if (linux.rootfsPropagation !== 'rshared' && linux.rootfsPropagation !== 'rslave') {
      linux.rootfsPropagation = 'rslave';
    }
    return 'rslave';
  }
  ctx.warn(`Unknown propagation mode for hostPath ${goQuote(mount.hostPath ?? '')}`);
  return 'rprivate';
}

/** `ro`, `rro` (recursive read-only, if the runtime handler supports it and propagation is private) or `rw`. */
function readonlyOption(mount: ParsedCriMount, features: RuntimeHandler['features']): string {
  const hostPath = goQuote(mount.hostPath ?? '');
  const propagation = mount.propagation ?? 'PROPAGATION_PRIVATE';
  if (mount.readonly !== true) {
    if (mount.recursiveReadOnly === true) {
      throw new SpecOptError(`recursive read-only mount conflicts with RW mount (hostPath=${hostPath})`);
    }
    return 'rw';
  }
  if (mount.recursiveReadOnly !== true) return 'ro';
  if (features?.recursiveReadOnlyMounts !== true) {
    throw new SpecOptError(
      `recursive read-only mount unsupported: runtime handler does not support recursive read-only mounts (hostPath=${hostPath})`,
    );
  }
  if (propagation !== 'PROPAGATION_PRIVATE') {
    throw new SpecOptError(
      `recursive read-only mount needs private propagation, got ${goQuote(propagation)} (hostPath=${hostPath})`,
    );
  }
  return 'rro';
}

function idMappings(list: ParsedCriMount['uidMappings']): LinuxIDMapping[] | undefined {
  if (list == null || list.length === 0) return undefined;
  return list.map((m) => ({ containerID: m.containerId ?? 0, hostID: m.hostId ?? 0, size: m.length ?? 0 }));
}

/**
 * A CRI mount as an `rbind` mount: the host path created when missing and resolved, its propagation and read-only
 * options and id mappings. SELinux relabelling (`label.Relabel`) is a host side effect ocispec does not perform.
 */
function bindMount(
  spec: Draft,
  ctx: SpecContext,
  host: CriHostFacts,
  mount: ParsedCriMount,
  features: RuntimeHandler['features'],
): Mount {
  let src = mount.hostPath ?? '';
  ensureHostPath(host, src);
  src = resolveHostPath(host, src);
  ensureLinux(spec);
  const options = ['rbind', propagationOption(spec, ctx, host, mount, src), readonlyOption(mount, features)];
  const next: Mount = { destination: mount.containerPath ?? '', type: 'bind', source: src, options };
  const uidMappings = idMappings(mount.uidMappings);
  const gidMappings = idMappings(mount.gidMappings);
  if (uidMappings !== undefined) next.uidMappings = uidMappings;
  if (gidMappings !== undefined) next.gidMappings = gidMappings;
  return next;
}

/** `WithMounts`'s body: the cgroup mount, then the CRI mounts replacing what they override. */
function applyMounts(
  spec: Draft,
  ctx: SpecContext,
  config: ParsedContainerConfig,
  extra: readonly ParsedCriMount[] | null,
  handler: RuntimeHandler | null | undefined,
  cgroupWritable: boolean,
): void {
  const host = criHostOf(ctx);
  const mounts = orderedMounts(mergeMounts(config.mounts ?? [], extra ?? [], cleanPath));
  const list = [...peekArray(spec, 'mounts'), cgroupMount(spec, host, cgroupWritable)];
  // Drop the mounts a supplied mount overrides, and everything under /dev when /dev is supplied.
  const targets = new Set(mounts.map((m) => cleanPath(m.containerPath ?? '')));
  const devSupplied = targets.has('/dev');
  const kept = list.filter((m) => {
    const dst = cleanPath(m.destination ?? '');
    return !(targets.has(dst) || (devSupplied && dst.startsWith('/dev/')));
  });
  const binds = mounts.map((m) => bindMount(spec, ctx, host, m, handler?.features));
  const next = [...kept, ...binds];
  if (next.length === 0) delete spec.mounts;
  else spec.mounts = next;
}

const MountsArgs = z.tuple([
  ContainerConfigSchema,
  z.array(CriMountSchema).nullable(),
  z.string(),
  RuntimeHandlerSchema.nullable().optional(),
]);

/**
 * Adds the cgroup mount (`/sys/fs/cgroup`, `ro`), then the config's CRI mounts and the extra ones, as `rbind`
 * mounts replacing the mounts they override. The cgroup mount gets the host's `nsdelegate` and
 * `memory_recursiveprot` when the spec has no cgroup namespace. A CRI mount wins over an extra mount on the same
 * path; all are sorted by depth; every `/dev/*` mount goes when `/dev` is one. Each gets its propagation
 * (`rprivate`, `rslave`, `rshared`: the last two need a slave or shared host mount and set
 * `linux.rootfsPropagation`), `ro`, `rro` (the runtime handler must support it) or `rw`, and its id mappings. Host
 * paths are created when missing (on the real file system) and resolved. The mount label is not applied (no
 * relabelling).
 * containerd: `opts.WithMounts`
 */
export const withMounts = defineOpt({
  name: 'cri.withMounts',
  args: () => MountsArgs,
  doc: "Adds the cgroup mount (`/sys/fs/cgroup`, `ro`), then the config's CRI mounts and the extra ones, as `rbind` mounts replacing the mounts they override.",
  containerd: 'opts.WithMounts',
  apply(spec, ctx, config, extra, _mountLabel, handler) {
    applyMounts(spec, ctx, config, extra, handler, false);
  },
});

/**
 * `cri.withMounts` with a writable (`rw`) cgroup mount (the runtime handler's `cgroup_writable`).
 * containerd: `opts.WithMountsCgroupWritable`
 */
export const withMountsCgroupWritable = defineOpt({
  name: 'cri.withMountsCgroupWritable',
  args: () => MountsArgs,
  doc: "`cri.withMounts` with a writable (`rw`) cgroup mount (the runtime handler's `cgroup_writable`).",
  containerd: 'opts.WithMountsCgroupWritable',
  apply(spec, ctx, config, extra, _mountLabel, handler) {
    applyMounts(spec, ctx, config, extra, handler, true);
  },
});

/**
 * Makes the first `/sys` mount read-write: its first `ro` option becomes `rw`. No `/sys` mount or no `ro`: nothing.
 * containerd has no such option: `RunPodSandbox` does this to a privileged sandbox's spec after building it.
 */
export const withWritableSysfs = defineOpt({
  name: 'cri.withWritableSysfs',
  args: () => z.tuple([]),
  doc: 'Makes the first `/sys` mount read-write: its first `ro` option becomes `rw`.',
  apply(spec) {
    const mounts = peekArray(spec, 'mounts');
    const at = mounts.findIndex((m) => cleanPath(m.destination ?? '') === '/sys');
    const options = at < 0 ? [] : peekArray(mounts[at]!, 'options');
    const ro = options.indexOf('ro');
    if (ro < 0) return;
    // Values an earlier step assigned are not drafts (immer's rule): the mount is edited through writable().
    const sys = writable(writable(spec, 'mounts', true), at, true);
    sys.options = options.map((o, i) => (i === ro ? 'rw' : o));
  },
});
