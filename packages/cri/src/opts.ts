/**
 * containerd CRI's own spec options (`internal/cri/opts`, HEAD), linux side. Each factory keeps the Go parameters'
 * order minus containerd's `osi` (host access): host facts come from the composition's host ({@link criHostOf}) or
 * from an explicit trailing `host` argument. CRI message arguments are taken in their JSON form and parsed here,
 * so a JSON pipeline (`["cri.withMounts", {...config}, [...extra], "", null]`) and code build the same option.
 * Registered by `criPlugin()` under `cri.<name>`.
 */
import type { LinuxIDMapping, Mount, SpecContext, SpecOpt } from '@ocispec/core';
import {
  compose,
  ensureCapabilities,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxResources,
  ensureProcess,
  ensureRoot,
  ensureUser,
  type ImageConfig,
  withProcessArgs as ociWithProcessArgs,
  peekArray,
  SpecOptError,
  specOpt,
  writable,
} from '@ocispec/core';
import { cleanPath, errnoText, goQuote, toUint64 } from '@ocispec/core/internal';
import { ImageConfigSchema } from '@ocispec/core/schemas';
import {
  withAdditionalGIDs as ociWithAdditionalGIDs,
  withCapabilities as ociWithCapabilities,
  withDevices as ociWithDevices,
  withAddedCapabilities,
  withDroppedCapabilities,
  withLinuxNamespace,
  withUserNamespace,
} from '@ocispec/linux';
import { currentCapabilities, toUint32 } from '@ocispec/linux/internal';
import { z } from 'zod';
import { procNamespace } from './helpers.js';
import type { CriHostFacts, MountInfo } from './host.js';
import { criHostOf } from './host.js';
import { criOpt, ensureHostPath, mergeMounts, parseConfig, resolveHostPath } from './opt-helpers.js';
import type {
  ContainerConfig,
  CriMount,
  LinuxContainerResources,
  LinuxContainerSecurityContext,
  ParsedContainerConfig,
  ParsedCriMount,
  RuntimeHandler,
} from './types.js';
import {
  ContainerConfigSchema,
  CriMountSchema,
  LinuxContainerResourcesSchema,
  LinuxContainerSecurityContextSchema,
  RuntimeHandlerSchema,
} from './types.js';

/** containerd's `DefaultSandboxCPUshares`. */
export const DEFAULT_SANDBOX_CPU_SHARES = 2;

type ResourcesInput = z.input<typeof LinuxContainerResourcesSchema>;
type SecurityContextInput = z.input<typeof LinuxContainerSecurityContextSchema>;
type RuntimeHandlerInput = z.input<typeof RuntimeHandlerSchema>;

function facts(ctx: SpecContext, host: CriHostFacts | undefined): CriHostFacts {
  return host ?? criHostOf(ctx);
}

/** Sets `root.path` (creates `root`). containerd: `WithRelativeRoot`. */
export function withRelativeRoot(root: string): SpecOpt {
  return specOpt('cri.withRelativeRoot', (spec) => {
    ensureRoot(spec).path = root;
  });
}

/** Removes `root` (hcsshim wants none). containerd: `WithoutRoot`. */
export function withoutRoot(): SpecOpt {
  return specOpt('cri.withoutRoot', (spec) => {
    delete spec.root;
  });
}

/**
 * containerd's command rules (from moby): with no CRI command, the CRI args (or the image's Cmd when there are none)
 * follow the image's Entrypoint, unless that entrypoint is exactly `[""]` (an explicit reset). An empty CRI command
 * counts as unset, as after protobuf decoding. Returns the argv, or `undefined` when nothing results.
 */
export function criArgs(
  command: readonly string[] | null | undefined,
  args: readonly string[] | null | undefined,
  image: ImageConfig | null | undefined,
): string[] | undefined {
  let cmd = command ?? [];
  let rest = args ?? [];
  if (cmd.length === 0) {
    if (rest.length === 0) rest = image?.Cmd ?? [];
    const entrypoint = image?.Entrypoint ?? [];
    if (!(entrypoint.length === 1 && entrypoint[0] === '')) cmd = entrypoint;
  }
  if (cmd.length === 0 && rest.length === 0) return undefined;
  return [...cmd, ...rest];
}

/**
 * Sets `process.args` from the CRI command and args and the image's Entrypoint and Cmd (see {@link criArgs}) and
 * clears `commandLine`; `no command specified` when both end up empty. containerd: `WithProcessArgs`.
 */
export function withProcessArgs(
  config: ContainerConfig | ParsedContainerConfig,
  image: ImageConfig | null | undefined,
): SpecOpt {
  return specOpt('cri.withProcessArgs', (spec, ctx) => {
    const c = parseConfig(config);
    const argv = criArgs(c.command, c.args, image);
    if (argv === undefined) throw new SpecOptError('no command specified');
    return ociWithProcessArgs(...argv)(spec, ctx);
  });
}

/** Sets one annotation (creates the map). containerd: `WithAnnotation`. */
export function withAnnotation(key: string, value: string): SpecOpt {
  return specOpt('cri.withAnnotation', (spec) => {
    if (spec.annotations == null) spec.annotations = {};
    spec.annotations[key] = value;
  });
}

/** Sorted, unique union of two gid lists (`undefined` when both are empty). containerd: `mergeGids`. */
export function mergeGids(
  a: readonly number[] | null | undefined,
  b: readonly number[] | null | undefined,
): number[] | undefined {
  const merged = [...new Set([...(a ?? []), ...(b ?? [])])].sort((x, y) => x - y);
  return merged.length === 0 ? undefined : merged;
}

/** Sets `process.user.additionalGids` to its merge with `gids` ({@link mergeGids}; none: removed). */
function setMergedGids(spec: Parameters<typeof ensureUser>[0], gids: readonly number[] | undefined): void {
  const user = ensureUser(spec);
  const merged = mergeGids(user.additionalGids, gids);
  if (merged === undefined) delete user.additionalGids;
  else user.additionalGids = merged;
}

/**
 * `oci.withAdditionalGIDs(userstr)`, then merges the gids the spec had before (sorted, unique). Creates `process`.
 * containerd: CRI `WithAdditionalGIDs`.
 */
export function withAdditionalGIDs(userstr: string): SpecOpt {
  return specOpt('cri.withAdditionalGIDs', (spec, ctx) => {
    ensureProcess(spec);
    const saved = spec.process?.user?.additionalGids?.slice();
    const after = (): void => setMergedGids(spec, saved);
    const result = ociWithAdditionalGIDs(userstr)(spec, ctx);
    if (result instanceof Promise) return result.then(after);
    after();
  });
}

/**
 * Clears the default security settings: `process.apparmorProfile`, `linux.seccomp` and `process.rlimits`. Creates
 * `process`. containerd: `WithoutDefaultSecuritySettings`.
 */
export function withoutDefaultSecuritySettings(): SpecOpt {
  return specOpt('cri.withoutDefaultSecuritySettings', (spec) => {
    const process = ensureProcess(spec);
    delete process.apparmorProfile;
    if (spec.linux != null) delete spec.linux.seccomp;
    delete process.rlimits;
  });
}

/**
 * CRI add/drop capabilities: an `ALL` add (any case) sets every capability of `allCaps` (the daemon's current ones
 * when `undefined`), an `ALL` drop clears them, then the other adds and drops apply, each upper-cased and prefixed
 * `CAP_` (`cap_chown` gives `CAP_CAP_CHOWN`). No capabilities in the security context: nothing at all.
 * containerd: CRI `WithCapabilities`.
 */
export function withCapabilities(
  securityContext: SecurityContextInput | LinuxContainerSecurityContext | null | undefined,
  allCaps?: readonly string[] | null,
): SpecOpt {
  return specOpt('cri.withCapabilities', (spec, ctx) => {
    const sc =
      securityContext == null ? undefined : LinuxContainerSecurityContextSchema.parse(securityContext);
    const caps = sc?.capabilities;
    if (caps == null) return;
    const add = caps.addCapabilities ?? [];
    const drop = caps.dropCapabilities ?? [];
    const isAll = (c: string): boolean => c.toUpperCase() === 'ALL';
    const opts: SpecOpt[] = [];
    if (add.some(isAll))
      opts.push(ociWithCapabilities(allCaps === undefined ? currentCapabilities(ctx) : allCaps));
    if (drop.some(isAll)) opts.push(ociWithCapabilities(null));
    opts.push(withAddedCapabilities(add.filter((c) => !isAll(c)).map((c) => `CAP_${c.toUpperCase()}`)));
    opts.push(withDroppedCapabilities(drop.filter((c) => !isAll(c)).map((c) => `CAP_${c.toUpperCase()}`)));
    return compose(...opts)(spec, ctx);
  });
}

/** Clears `process.capabilities.ambient` (creates `process.capabilities`). containerd: `WithoutAmbientCaps`. */
export function withoutAmbientCaps(): SpecOpt {
  return specOpt('cri.withoutAmbientCaps', (spec) => {
    delete ensureCapabilities(spec).ambient;
  });
}

/** Sets `process.selinuxLabel` and `linux.mountLabel` (creates both sections). containerd: `WithSelinuxLabels`. */
export function withSelinuxLabels(processLabel: string, mountLabel: string): SpecOpt {
  return specOpt('cri.withSelinuxLabels', (spec) => {
    const linux = ensureLinux(spec);
    const process = ensureProcess(spec);
    linux.mountLabel = mountLabel;
    process.selinuxLabel = processLabel;
  });
}

/** Merges sysctls into `linux.sysctl` (creates it). containerd: `WithSysctls`. */
export function withSysctls(sysctls: Readonly<Record<string, string>> | null): SpecOpt {
  return specOpt('cri.withSysctls', (spec) => {
    const linux = ensureLinux(spec);
    if (linux.sysctl == null) linux.sysctl = {};
    Object.assign(linux.sysctl, sysctls ?? {});
  });
}

/**
 * Merges the groups (as uint32: negatives wrap) into `process.user.additionalGids`, sorted and unique. Creates
 * `process`. containerd: `WithSupplementalGroups`.
 */
export function withSupplementalGroups(groups: readonly (number | bigint)[] | null): SpecOpt {
  return specOpt('cri.withSupplementalGroups', (spec) => {
    setMergedGids(spec, (groups ?? []).map(toUint32));
  });
}

/** Sets `linux.resources.cpu.shares` to 2 (creates the sections). containerd: `WithDefaultSandboxShares`. */
export function withDefaultSandboxShares(): SpecOpt {
  return specOpt('cri.withDefaultSandboxShares', (spec) => {
    ensureLinux(spec);
    ensureLinuxCPU(spec)!.shares = DEFAULT_SANDBOX_CPU_SHARES;
  });
}

/**
 * Removes every namespace of that type (contrast `withHostNamespace`, which removes the first); no `linux`: nothing.
 * containerd: `WithoutNamespace`.
 */
export function withoutNamespace(type: string): SpecOpt {
  return specOpt('cri.withoutNamespace', (spec) => {
    const linux = spec.linux;
    if (linux == null) return;
    const namespaces = linux.namespaces;
    if (namespaces == null) return;
    for (let i = namespaces.length - 1; i >= 0; i--) {
      if (namespaces[i]!.type === type) namespaces.splice(i, 1);
    }
    if (namespaces.length === 0) delete linux.namespaces;
  });
}

/**
 * Sets the path of the first namespace of that type: `linux spec is required` without `linux`,
 * `no such namespace <type>` without one. containerd: `WithNamespacePath`.
 */
export function withNamespacePath(type: string, nsPath: string): SpecOpt {
  return specOpt('cri.withNamespacePath', (spec) => {
    if (spec.linux == null) throw new SpecOptError('linux spec is required');
    const ns = spec.linux.namespaces?.find((n) => n.type === type);
    if (ns === undefined) throw new SpecOptError(`no such namespace ${type}`);
    ns.path = nsPath;
  });
}

/**
 * Joins the sandbox's network, ipc and uts namespaces (`/proc/<sandboxPid>/ns/*`) and the pid namespace of
 * `targetPid` (unless the pid mode is `CONTAINER`); with user-namespace mode `POD`, the sandbox's user namespace
 * and the mappings. containerd: `WithPodNamespaces`.
 */
export function withPodNamespaces(
  securityContext: SecurityContextInput | LinuxContainerSecurityContext | null | undefined,
  sandboxPid: number,
  targetPid: number,
  uids: readonly LinuxIDMapping[] | null,
  gids: readonly LinuxIDMapping[] | null,
): SpecOpt {
  return specOpt('cri.withPodNamespaces', (spec, ctx) => {
    const sc =
      securityContext == null ? undefined : LinuxContainerSecurityContextSchema.parse(securityContext);
    const ns = sc?.namespaceOptions;
    const opts: SpecOpt[] = [
      withLinuxNamespace({ type: 'network', path: procNamespace(sandboxPid, 'net') }),
      withLinuxNamespace({ type: 'ipc', path: procNamespace(sandboxPid, 'ipc') }),
      withLinuxNamespace({ type: 'uts', path: procNamespace(sandboxPid, 'uts') }),
    ];
    if ((ns?.pid ?? 'POD') !== 'CONTAINER') {
      opts.push(withLinuxNamespace({ type: 'pid', path: procNamespace(targetPid, 'pid') }));
    }
    const userns = ns?.usernsOptions;
    if (userns != null && (userns.mode ?? 'POD') === 'POD') {
      opts.push(withLinuxNamespace({ type: 'user', path: procNamespace(sandboxPid, 'user') }));
      opts.push(withUserNamespace(uids ?? [], gids ?? []));
    }
    return compose(...opts)(spec, ctx);
  });
}

/** Stable sort by the number of `/` in the cleaned container path. containerd: `orderedMounts`. */
export function orderedMounts<T extends { containerPath?: string | undefined }>(mounts: readonly T[]): T[] {
  const parts = (m: T): number => (cleanPath(m.containerPath ?? '').match(/\//g) ?? []).length;
  return mounts
    .map((m, i) => ({ m, i, p: parts(m) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.m);
}

function ensureShared(path: string, info: MountInfo): void {
  if (info.optional.split(' ').some((o) => o.startsWith('shared:'))) return;
  throw new SpecOptError(
    `path ${goQuote(path)} is mounted on ${goQuote(info.mountpoint)} but it is not a shared mount`,
  );
}

function ensureSharedOrSlave(path: string, info: MountInfo): void {
  if (info.optional.split(' ').some((o) => o.startsWith('shared:') || o.startsWith('master:'))) return;
  throw new SpecOptError(
    `path ${goQuote(path)} is mounted on ${goQuote(info.mountpoint)} but it is not a shared or slave mount`,
  );
}

function idMappings(list: ParsedCriMount['uidMappings']): LinuxIDMapping[] | undefined {
  if (list == null || list.length === 0) return undefined;
  return list.map((m) => ({ containerID: m.containerId ?? 0, hostID: m.hostId ?? 0, size: m.length ?? 0 }));
}

function withMountsImpl(
  name: string,
  config: ContainerConfig | ParsedContainerConfig,
  extra: readonly CriMount[] | null | undefined,
  _mountLabel: string,
  handler: RuntimeHandlerInput | RuntimeHandler | null | undefined,
  cgroupWritable: boolean,
  hostFacts: CriHostFacts | undefined,
): SpecOpt {
  return specOpt(name, (spec, ctx) => {
    const host = facts(ctx, hostFacts);
    const c = parseConfig(config);
    const extras = (extra ?? []).map((m) => CriMountSchema.parse(m));
    const features = handler == null ? undefined : RuntimeHandlerSchema.parse(handler).features;
    const mounts = orderedMounts(mergeMounts(c.mounts ?? [], extras, cleanPath));

    const cgroupOptions = ['nosuid', 'noexec', 'nodev', 'relatime', cgroupWritable ? 'rw' : 'ro'];
    const hasCgroupNS = spec.linux?.namespaces?.some((ns) => ns.type === 'cgroup') ?? false;
    if (!hasCgroupNS) {
      let info: MountInfo | undefined;
      try {
        info = host.lookupMount('/sys/fs/cgroup');
      } catch {
        info = undefined;
      }
      for (const opt of info?.vfsOptions.split(',') ?? []) {
        if (opt === 'nsdelegate' || opt === 'memory_recursiveprot') cgroupOptions.push(opt);
      }
    }
    if (spec.mounts == null) spec.mounts = [];
    spec.mounts.push({
      destination: '/sys/fs/cgroup',
      type: 'cgroup',
      source: 'cgroup',
      options: cgroupOptions,
    });

    // Drop the mounts a supplied mount overrides, and everything under /dev when /dev is supplied.
    const mountSet = new Set(mounts.map((m) => cleanPath(m.containerPath ?? '')));
    const devSupplied = mountSet.has('/dev');
    const current = spec.mounts;
    for (let i = current.length - 1; i >= 0; i--) {
      const dst = cleanPath(current[i]!.destination ?? '');
      if (mountSet.has(dst) || (devSupplied && dst.startsWith('/dev/'))) current.splice(i, 1);
    }

    for (const mount of mounts) {
      const dst = mount.containerPath ?? '';
      let src = mount.hostPath ?? '';
      ensureHostPath(host, src);
      src = resolveHostPath(host, src);
      const linux = ensureLinux(spec);
      const options = ['rbind'];
      const propagation = mount.propagation ?? 'PROPAGATION_PRIVATE';
      if (propagation === 'PROPAGATION_PRIVATE') {
        options.push('rprivate');
      } else if (propagation === 'PROPAGATION_BIDIRECTIONAL') {
        ensureShared(src, host.lookupMount(src));
        options.push('rshared');
        linux.rootfsPropagation = 'rshared';
      } else if (propagation === 'PROPAGATION_HOST_TO_CONTAINER') {
        ensureSharedOrSlave(src, host.lookupMount(src));
        options.push('rslave');
        if (linux.rootfsPropagation !== 'rshared' && linux.rootfsPropagation !== 'rslave') {
          linux.rootfsPropagation = 'rslave';
        }
      } else {
        ctx.warn(`Unknown propagation mode for hostPath ${goQuote(mount.hostPath ?? '')}`);
        options.push('rprivate');
      }
      if (mount.readonly === true) {
        if (mount.recursiveReadOnly === true) {
          if (features?.recursiveReadOnlyMounts !== true) {
            throw new SpecOptError(
              `recursive read-only mount unsupported: runtime handler does not support recursive read-only mounts (hostPath=${goQuote(mount.hostPath ?? '')})`,
            );
          }
          if (propagation !== 'PROPAGATION_PRIVATE') {
            throw new SpecOptError(
              `recursive read-only mount needs private propagation, got ${goQuote(propagation)} (hostPath=${goQuote(mount.hostPath ?? '')})`,
            );
          }
          options.push('rro');
        } else {
          options.push('ro');
        }
      } else {
        if (mount.recursiveReadOnly === true) {
          throw new SpecOptError(
            `recursive read-only mount conflicts with RW mount (hostPath=${goQuote(mount.hostPath ?? '')})`,
          );
        }
        options.push('rw');
      }
      // SELinux relabelling (`label.Relabel`) is a host side effect ocispec does not perform.
      const next: Mount = { destination: dst, type: 'bind', source: src, options };
      const uidMappings = idMappings(mount.uidMappings);
      const gidMappings = idMappings(mount.gidMappings);
      if (uidMappings !== undefined) next.uidMappings = uidMappings;
      if (gidMappings !== undefined) next.gidMappings = gidMappings;
      spec.mounts.push(next);
    }
    if (spec.mounts.length === 0) delete spec.mounts;
  });
}

/**
 * Adds the cgroup mount (`ro`, plus the host's `nsdelegate`/`memory_recursiveprot` when the spec has no cgroup
 * namespace), drops the mounts the CRI and extra mounts override (all of `/dev/*` when `/dev` is one), then appends
 * the CRI mounts (a CRI mount wins over an extra one on the same path), sorted by depth, as `rbind` mounts with
 * their propagation (`rprivate`, `rslave`, `rshared`; the last two also set `linux.rootfsPropagation` and require
 * a slave or shared host mount), `ro`/`rro`/`rw` and id mappings. Host paths are created when missing and
 * resolved. containerd: `WithMounts`.
 */
export function withMounts(
  config: ContainerConfig | ParsedContainerConfig,
  extra: readonly CriMount[] | null | undefined,
  mountLabel: string,
  handler: RuntimeHandlerInput | RuntimeHandler | null | undefined,
  host?: CriHostFacts,
): SpecOpt {
  return withMountsImpl('cri.withMounts', config, extra, mountLabel, handler, false, host);
}

/** {@link withMounts} with a writable (`rw`) cgroup mount. containerd: `WithMountsCgroupWritable`. */
export function withMountsCgroupWritable(
  config: ContainerConfig | ParsedContainerConfig,
  extra: readonly CriMount[] | null | undefined,
  mountLabel: string,
  handler: RuntimeHandlerInput | RuntimeHandler | null | undefined,
  host?: CriHostFacts,
): SpecOpt {
  return withMountsImpl('cri.withMountsCgroupWritable', config, extra, mountLabel, handler, true, host);
}

/**
 * Adds the CRI devices (host path symlinks resolved) through `oci.withDevices`; with device ownership from the
 * security context, the devices added get a non-zero `runAsUser`/`runAsGroup` as uid/gid. Creates `linux` and
 * `linux.resources`. containerd: CRI `WithDevices`.
 */
export function withDevices(
  config: ContainerConfig | ParsedContainerConfig,
  enableDeviceOwnershipFromSecurityContext: boolean,
  host?: CriHostFacts,
): SpecOpt {
  return specOpt('cri.withDevices', (spec, ctx) => {
    const c = parseConfig(config);
    const linux = ensureLinux(spec);
    if (linux.resources == null) linux.resources = {};
    const before = linux.devices?.length ?? 0;
    const hostFacts = facts(ctx, host);
    for (const device of c.devices ?? []) {
      let path: string;
      try {
        path = hostFacts.resolveSymlink(device.hostPath ?? '');
      } catch (error) {
        throw new SpecOptError(`lstat ${device.hostPath ?? ''}: ${errnoText(error)}`);
      }
      const result = ociWithDevices(path, device.containerPath ?? '', device.permissions ?? '')(spec, ctx);
      if (result instanceof Promise) throw new TypeError('withDevices is synchronous');
    }
    if (!enableDeviceOwnershipFromSecurityContext) return;
    const sc = c.linux?.securityContext;
    const uid = toUint32(sc?.runAsUser?.value ?? 0);
    const gid = toUint32(sc?.runAsGroup?.value ?? 0);
    const devices = spec.linux?.devices ?? [];
    for (let i = before; i < devices.length; i++) {
      if (uid !== 0) devices[i]!.uid = uid;
      if (gid !== 0) devices[i]!.gid = gid;
    }
  });
}

const HUGETLB_MISSING =
  'huge pages limits are specified but hugetlb cgroup controller is missing. ' +
  'Please set tolerate_missing_hugetlb_controller to `true` to ignore this error';

/**
 * The CRI resources: creates `linux.resources.cpu` and `.memory` (always), sets the non-zero period, quota,
 * shares, cpus, mems and memory limit, the swap limit (the memory limit when no swap limit is given) when the swap
 * controller is available, the hugepage limits (error without the hugetlb controller unless tolerated; skipped
 * when disabled) and merges `unified`. No resources: nothing. containerd: `WithResources`.
 */
export function withResources(
  resources: ResourcesInput | LinuxContainerResources | null | undefined,
  tolerateMissingHugetlbController: boolean,
  disableHugetlbController: boolean,
  host?: CriHostFacts,
): SpecOpt {
  return specOpt('cri.withResources', (spec, ctx) => {
    if (resources == null) return;
    const r = LinuxContainerResourcesSchema.parse(resources);
    const hostFacts = facts(ctx, host);
    ensureLinux(spec);
    const res = ensureLinuxResources(spec)!;
    const cpu = writable(res, 'cpu', true);
    const memory = writable(res, 'memory', true);
    const nonZero = (v: number | bigint | undefined): v is number | bigint =>
      v !== undefined && BigInt(v) !== 0n;
    if (nonZero(r.cpuPeriod)) cpu.period = toUint64(r.cpuPeriod);
    if (nonZero(r.cpuQuota)) cpu.quota = r.cpuQuota;
    if (nonZero(r.cpuShares)) cpu.shares = toUint64(r.cpuShares);
    if ((r.cpusetCpus ?? '') !== '') cpu.cpus = r.cpusetCpus;
    if ((r.cpusetMems ?? '') !== '') cpu.mems = r.cpusetMems;
    const limit = r.memoryLimitInBytes;
    const swap = r.memorySwapLimitInBytes;
    if (nonZero(limit)) {
      memory.limit = limit;
      if (!nonZero(swap) && hostFacts.swapControllerAvailable()) memory.swap = limit;
    }
    if (nonZero(swap) && hostFacts.swapControllerAvailable()) memory.swap = swap;
    if (!disableHugetlbController) {
      if (hostFacts.hugetlbControllerPresent()) {
        const limits = (r.hugepageLimits ?? []).map((h) => ({
          pageSize: h.pageSize ?? '',
          limit: toUint64(h.limit ?? 0),
        }));
        if (limits.length > 0) {
          res.hugepageLimits = [...peekArray(res, 'hugepageLimits'), ...limits];
        }
      } else if (!tolerateMissingHugetlbController) {
        throw new SpecOptError(HUGETLB_MISSING);
      } else {
        ctx.warn('hugetlb cgroup controller is absent. skipping huge pages limits');
      }
    }
    if (r.unified != null) res.unified = { ...res.unified, ...r.unified };
  });
}

function restrictOOMScoreAdj(preferred: number, host: CriHostFacts): number {
  let current: number;
  try {
    current = host.oomScoreAdj();
  } catch (error) {
    throw new SpecOptError(errnoText(error));
  }
  return Math.max(preferred, current);
}

/**
 * Sets `process.oomScoreAdj` from the container's resources (with `restrict`, never below the daemon's own score).
 * Creates `process`; no resources: nothing more. containerd: `WithOOMScoreAdj`.
 */
export function withOOMScoreAdj(
  config: ContainerConfig | ParsedContainerConfig,
  restrict: boolean,
  host?: CriHostFacts,
): SpecOpt {
  return specOpt('cri.withOOMScoreAdj', (spec, ctx) => {
    const process = ensureProcess(spec);
    const resources = parseConfig(config).linux?.resources;
    if (resources == null) return;
    let adj = Number(resources.oomScoreAdj ?? 0);
    if (restrict) adj = restrictOOMScoreAdj(adj, facts(ctx, host));
    process.oomScoreAdj = adj;
  });
}

/** Sets `process.oomScoreAdj` to `adj` (restricted as {@link withOOMScoreAdj}). containerd: `WithPodOOMScoreAdj`. */
export function withPodOOMScoreAdj(adj: number, restrict: boolean, host?: CriHostFacts): SpecOpt {
  return specOpt('cri.withPodOOMScoreAdj', (spec, ctx) => {
    const process = ensureProcess(spec);
    process.oomScoreAdj = restrict ? restrictOOMScoreAdj(adj, facts(ctx, host)) : adj;
  });
}

/**
 * CDI devices (CRI `cdiDevices`, then `cdi.k8s.io/*` annotations, deduplicated). Injecting them needs the host's CDI
 * registry, which ocispec does not read: no device is a no-op, any device fails naming them.
 * containerd: `WithCDI` (linux).
 */
export function withCDI(
  annotations: Readonly<Record<string, string>> | null | undefined,
  devices: readonly { name?: string | undefined }[] | null | undefined,
): SpecOpt {
  return specOpt('cri.withCDI', (_spec, ctx) => {
    if (ctx.platform.os !== 'linux') return;
    const names: string[] = [];
    for (const d of devices ?? []) if (d.name !== undefined && !names.includes(d.name)) names.push(d.name);
    for (const [key, value] of Object.entries(annotations ?? {})) {
      if (!key.startsWith('cdi.k8s.io/')) continue;
      for (const name of value.split(',')) if (name !== '' && !names.includes(name)) names.push(name);
    }
    if (names.length === 0) return;
    throw new SpecOptError(
      `CDI device injection failed: ocispec does not read CDI specs (devices ${names.join(', ')}); add them with a step of your own`,
    );
  });
}

/** The registry arguments shared by the definitions. */
const json = z.unknown();

/**
 * Registry definitions of the linux options that read no host facts (`cri.withRelativeRoot` …
 * `cri.withPodNamespaces`); `criPlugin` registers them. The host-reading ones: {@link criHostOptionDefinitions}.
 */
export const criLinuxOptionDefinitions = [
  criOpt({
    name: 'cri.withRelativeRoot',
    args: z.tuple([z.string()]),
    factory: withRelativeRoot,
    doc: 'Sets root.path.',
    containerd: 'opts.WithRelativeRoot',
  }),
  criOpt({
    name: 'cri.withoutRoot',
    args: z.tuple([]),
    factory: withoutRoot,
    doc: 'Removes root.',
    containerd: 'opts.WithoutRoot',
  }),
  criOpt({
    name: 'cri.withProcessArgs',
    args: z.tuple([ContainerConfigSchema, ImageConfigSchema.nullable()]),
    factory: (config, image) => withProcessArgs(config as ContainerConfig, image),
    doc: "Sets process.args from the CRI command/args and the image's Entrypoint/Cmd.",
    containerd: 'opts.WithProcessArgs',
  }),
  criOpt({
    name: 'cri.withAnnotation',
    args: z.tuple([z.string(), z.string()]),
    factory: withAnnotation,
    doc: 'Sets one annotation.',
    containerd: 'opts.WithAnnotation',
  }),
  criOpt({
    name: 'cri.withAdditionalGIDs',
    args: z.tuple([z.string()]),
    factory: withAdditionalGIDs,
    doc: "Adds the user's groups from the rootfs, merged with the existing gids (sorted, unique).",
    containerd: 'opts.WithAdditionalGIDs',
  }),
  criOpt({
    name: 'cri.withoutDefaultSecuritySettings',
    args: z.tuple([]),
    factory: withoutDefaultSecuritySettings,
    doc: 'Clears apparmorProfile, linux.seccomp and rlimits.',
    containerd: 'opts.WithoutDefaultSecuritySettings',
  }),
  criOpt({
    name: 'cri.withCapabilities',
    args: z.tuple([
      LinuxContainerSecurityContextSchema.nullable(),
      z.array(z.string()).nullable().optional(),
    ]),
    factory: (sc, allCaps) => withCapabilities(sc as SecurityContextInput | null, allCaps),
    doc: 'Applies the CRI capability adds and drops (ALL included).',
    containerd: 'opts.WithCapabilities',
  }),
  criOpt({
    name: 'cri.withoutAmbientCaps',
    args: z.tuple([]),
    factory: withoutAmbientCaps,
    doc: 'Clears the ambient capabilities.',
    containerd: 'opts.WithoutAmbientCaps',
  }),
  criOpt({
    name: 'cri.withSelinuxLabels',
    args: z.tuple([z.string(), z.string()]),
    factory: withSelinuxLabels,
    doc: 'Sets process.selinuxLabel and linux.mountLabel.',
    containerd: 'opts.WithSelinuxLabels',
  }),
  criOpt({
    name: 'cri.withSysctls',
    args: z.tuple([z.record(z.string(), z.string()).nullable()]),
    factory: withSysctls,
    doc: 'Merges sysctls into linux.sysctl.',
    containerd: 'opts.WithSysctls',
  }),
  criOpt({
    name: 'cri.withSupplementalGroups',
    args: z.tuple([z.array(z.number().int()).nullable()]),
    factory: withSupplementalGroups,
    doc: 'Merges supplemental groups into additionalGids (sorted, unique).',
    containerd: 'opts.WithSupplementalGroups',
  }),
  criOpt({
    name: 'cri.withDefaultSandboxShares',
    args: z.tuple([]),
    factory: withDefaultSandboxShares,
    doc: 'Sets linux.resources.cpu.shares to 2.',
    containerd: 'opts.WithDefaultSandboxShares',
  }),
  criOpt({
    name: 'cri.withoutNamespace',
    args: z.tuple([z.string()]),
    factory: withoutNamespace,
    doc: 'Removes every namespace of a type.',
    containerd: 'opts.WithoutNamespace',
  }),
  criOpt({
    name: 'cri.withNamespacePath',
    args: z.tuple([z.string(), z.string()]),
    factory: withNamespacePath,
    doc: 'Sets the path of the first namespace of a type.',
    containerd: 'opts.WithNamespacePath',
  }),
  criOpt({
    name: 'cri.withPodNamespaces',
    args: z.tuple([
      LinuxContainerSecurityContextSchema.nullable(),
      z.number().int(),
      z.number().int(),
      z.array(json).nullable(),
      z.array(json).nullable(),
    ]),
    factory: (sc, sandboxPid, targetPid, uids, gids) =>
      withPodNamespaces(
        sc as SecurityContextInput | null,
        sandboxPid,
        targetPid,
        uids as LinuxIDMapping[] | null,
        gids as LinuxIDMapping[] | null,
      ),
    doc: "Joins the sandbox's namespaces (and its user namespace in userns mode POD).",
    containerd: 'opts.WithPodNamespaces',
  }),
] as const;

/** Registry schemas of the host-reading linux options (their factories get the plugin's host facts). */
export function criHostOptionDefinitions(host: CriHostFacts | undefined) {
  const mountArgs = z.tuple([
    ContainerConfigSchema,
    z.array(CriMountSchema).nullable(),
    z.string(),
    RuntimeHandlerSchema.nullable().optional(),
  ]);
  return [
    criOpt({
      name: 'cri.withMounts',
      args: mountArgs,
      factory: (config, extra, label, handler) =>
        withMounts(
          config as ContainerConfig,
          extra as CriMount[] | null,
          label,
          handler as RuntimeHandlerInput,
          host,
        ),
      doc: 'Adds the cgroup mount and the CRI mounts (sorted, propagation, /dev rule).',
      containerd: 'opts.WithMounts',
    }),
    criOpt({
      name: 'cri.withMountsCgroupWritable',
      args: mountArgs,
      factory: (config, extra, label, handler) =>
        withMountsCgroupWritable(
          config as ContainerConfig,
          extra as CriMount[] | null,
          label,
          handler as RuntimeHandlerInput,
          host,
        ),
      doc: 'cri.withMounts with a writable cgroup mount.',
      containerd: 'opts.WithMountsCgroupWritable',
    }),
    criOpt({
      name: 'cri.withDevices',
      args: z.tuple([ContainerConfigSchema, z.boolean()]),
      factory: (config, ownership) => withDevices(config as ContainerConfig, ownership, host),
      doc: 'Adds the CRI devices (ownership from the security context optionally).',
      containerd: 'opts.WithDevices',
    }),
    criOpt({
      name: 'cri.withResources',
      args: z.tuple([LinuxContainerResourcesSchema.nullable(), z.boolean(), z.boolean()]),
      factory: (resources, tolerate, disable) =>
        withResources(resources as ResourcesInput | null, tolerate, disable, host),
      doc: 'Sets the CRI cpu, memory, swap, hugepage and unified limits.',
      containerd: 'opts.WithResources',
    }),
    criOpt({
      name: 'cri.withOOMScoreAdj',
      args: z.tuple([ContainerConfigSchema, z.boolean()]),
      factory: (config, restrict) => withOOMScoreAdj(config as ContainerConfig, restrict, host),
      doc: "Sets process.oomScoreAdj from the container's resources.",
      containerd: 'opts.WithOOMScoreAdj',
    }),
    criOpt({
      name: 'cri.withPodOOMScoreAdj',
      args: z.tuple([z.number().int(), z.boolean()]),
      factory: (adj, restrict) => withPodOOMScoreAdj(adj, restrict, host),
      doc: 'Sets process.oomScoreAdj to a fixed score.',
      containerd: 'opts.WithPodOOMScoreAdj',
    }),
    criOpt({
      name: 'cri.withCDI',
      args: z.tuple([z.record(z.string(), z.string()).nullable(), z.array(json).nullable()]),
      factory: (ann, devices) => withCDI(ann, devices as { name?: string }[] | null),
      doc: 'CDI devices (not injected by ocispec: fails when any is requested).',
      containerd: 'opts.WithCDI',
    }),
  ] as const;
}
