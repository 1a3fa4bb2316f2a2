/**
 * containerd CRI's helpers around the spec builders (`internal/cri/server/helpers.go`, `internal/cri/util`,
 * `internal/cri/annotations`): cgroup paths, user-namespace mappings, SELinux label options, user strings,
 * passthrough annotations and the CRI annotations every container and sandbox gets.
 */

import { type LinuxIDMapping, OcispecError, SpecOptError } from '@ocispec/core';
import { cleanPath, firstProblem, goQuote } from '@ocispec/core/internal';

import type { IDMapping, ParsedPodSandboxConfig, SELinuxOption, UserNamespace } from './types.js';

/** CRI annotation keys (`internal/cri/annotations`). */
export const annotations = {
  ContainerTypeSandbox: 'sandbox',
  ContainerTypeContainer: 'container',
  ContainerType: 'io.kubernetes.cri.container-type',
  SandboxID: 'io.kubernetes.cri.sandbox-id',
  SandboxCPUPeriod: 'io.kubernetes.cri.sandbox-cpu-period',
  SandboxCPUQuota: 'io.kubernetes.cri.sandbox-cpu-quota',
  SandboxCPUShares: 'io.kubernetes.cri.sandbox-cpu-shares',
  SandboxMem: 'io.kubernetes.cri.sandbox-memory',
  SandboxLogDir: 'io.kubernetes.cri.sandbox-log-directory',
  SandboxNamespace: 'io.kubernetes.cri.sandbox-namespace',
  SandboxUID: 'io.kubernetes.cri.sandbox-uid',
  SandboxName: 'io.kubernetes.cri.sandbox-name',
  ContainerName: 'io.kubernetes.cri.container-name',
  ImageName: 'io.kubernetes.cri.image-name',
  SandboxImageName: 'io.kubernetes.cri.podsandbox.image-name',
  WindowsHostProcess: 'microsoft.com/hostprocess-container',
} as const;

/** The containerd namespace CRI works in. */
export const K8S_NAMESPACE = 'k8s.io';
/** Default CRI root and state directories of containerd 2.x (`io.containerd.cri.v1.runtime`'s own dirs). */
export const DEFAULT_ROOT_DIR = '/var/lib/containerd/io.containerd.grpc.v1.cri';
export const DEFAULT_STATE_DIR = '/run/containerd/io.containerd.grpc.v1.cri';
/** Default oom_score_adj of the pause container (kubernetes#47938). */
export const DEFAULT_SANDBOX_OOM_ADJ = -998;
/** The pause image containerd pins by default. */
export const DEFAULT_SANDBOX_IMAGE = 'registry.k8s.io/pause:3.10.1';

/**
 * The container's cgroups path under the pod's cgroup parent: `slice:cri-containerd:<id>` for a systemd parent
 * (`*.slice`), `<parent>/<id>` otherwise. containerd: `getCgroupsPath`.
 */
export function getCgroupsPath(cgroupsParent: string, id: string): string {
  const trimmed = cgroupsParent.replace(/\/+$/, '');
  const base =
    trimmed === '' ? (cgroupsParent === '' ? '.' : '/') : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (base.endsWith('.slice')) return [base, 'cri-containerd', id].join(':');
  return cleanPath(`${cgroupsParent}/${id}`);
}

function parseUsernsIDMap(mappings: readonly (IDMapping | null)[] | null | undefined): LinuxIDMapping[] {
  if (mappings == null || mappings.length === 0) return [];
  if (mappings.length > 1) {
    throw new SpecOptError(`only one mapping line supported, got ${mappings.length} mapping lines`);
  }
  const m = mappings[0];
  if (m == null) return [];
  const length = m.length ?? 0;
  if (length < 1) throw new SpecOptError(`invalid mapping length: ${length}`);
  return [{ containerID: m.containerId ?? 0, hostID: m.hostId ?? 0, size: length }];
}

/**
 * The uid and gid mappings of a user-namespace option, checked as containerd checks them: one line each at most, a
 * positive length, none in mode `NODE`, both in mode `POD`, and no other mode. containerd: `parseUsernsIDs`.
 */
export function parseUsernsIDs(userns: UserNamespace | null | undefined): {
  uids: LinuxIDMapping[];
  gids: LinuxIDMapping[];
} {
  if (userns == null) return { uids: [], gids: [] };
  let uids: LinuxIDMapping[];
  let gids: LinuxIDMapping[];
  try {
    uids = parseUsernsIDMap(userns.uids);
  } catch (error) {
    throw new SpecOptError(`UID mapping: ${(error as Error).message}`);
  }
  try {
    gids = parseUsernsIDMap(userns.gids);
  } catch (error) {
    throw new SpecOptError(`GID mapping: ${(error as Error).message}`);
  }
  const mode = userns.mode ?? 'POD';
  if (mode === 'NODE') {
    if (uids.length !== 0 || gids.length !== 0) {
      throw new SpecOptError(
        `can't use user namespace mode "${mode}" with mappings. Got ${uids.length} UID mappings and ${gids.length} GID mappings`,
      );
    }
  } else if (mode === 'POD') {
    if (uids.length === 0 || gids.length === 0) {
      throw new SpecOptError(`can't use user namespace mode "${mode}" without UID and GID mappings`);
    }
  } else {
    throw new SpecOptError(`unsupported user namespace mode: "${mode}"`);
  }
  return { uids, gids };
}

function sameMapping(a: readonly LinuxIDMapping[], b: readonly LinuxIDMapping[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (m, i) => m.containerID === b[i]!.containerID && m.hostID === b[i]!.hostID && m.size === b[i]!.size,
    )
  );
}

/** The two user-namespace options are the same (mode and mappings, in order). containerd: `sameUsernsConfig`. */
export function sameUsernsConfig(
  a: UserNamespace | null | undefined,
  b: UserNamespace | null | undefined,
): boolean {
  if (a == null && b == null) return true;
  if (a == null || b == null) return false;
  if ((a.mode ?? 'POD') !== (b.mode ?? 'POD')) return false;
  try {
    const x = parseUsernsIDs(a);
    const y = parseUsernsIDs(b);
    return sameMapping(x.uids, y.uids) && sameMapping(x.gids, y.gids);
  } catch {
    return false;
  }
}

const SELINUX_LEVEL = /^s\d(-s\d)??(:c\d{1,4}(\.c\d{1,4})?(,c\d{1,4}(\.c\d{1,4})?)*)?$/;

/** SELinux label options (`user:`, `role:`, `type:`, `level:`) of a CRI SELinux option. containerd: `toLabel`. */
export function toLabel(options: SELinuxOption | null | undefined): string[] {
  if (options == null) return [];
  const level = options.level ?? '';
  if (level !== '' && !SELINUX_LEVEL.test(level)) {
    throw new SpecOptError(`the format of 'level' ${goQuote(level)} is not correct`);
  }
  const labels: string[] = [];
  if ((options.user ?? '') !== '') labels.push(`user:${options.user}`);
  if ((options.role ?? '') !== '') labels.push(`role:${options.role}`);
  if ((options.type ?? '') !== '') labels.push(`type:${options.type}`);
  if (level !== '') labels.push(`level:${level}`);
  return labels;
}

/** The label options of an SELinux label `user:role:type:level`; none for `""`. go-selinux: `DupSecOpt`. */
export function dupSecOpt(label: string): string[] {
  if (label === '') return [];
  const parts = label.split(':');
  if (parts.length < 3) return [];
  const options = [`user:${parts[0]}`, `role:${parts[1]}`, `type:${parts[2]}`];
  if (parts.length > 3) options.push(`level:${parts.slice(3).join(':')}`);
  return options;
}

/**
 * The USER string of a security context: the name (else the uid), then `:gid` when a group is set; `""` when none;
 * a group without a user is an error. containerd: `util.GenerateUserString`.
 */
export function generateUserString(
  username: string,
  uid: number | bigint | undefined,
  gid: number | bigint | undefined,
): string {
  let user = uid === undefined ? '' : String(uid);
  if (username !== '') user = username;
  const group = gid === undefined ? '' : String(gid);
  if (user === '') {
    if (group !== '') throw new SpecOptError(`user group ${goQuote(group)} is specified without user`);
    return '';
  }
  return group === '' ? user : `${user}:${group}`;
}

/** Go's `path.Match` (no error reporting: a bad pattern does not match). */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `!${body.slice(1)}`;
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`, 's').test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The annotations whose key matches one of the runtime's passthrough patterns (Go `path.Match`), sorted by key.
 * containerd: `util.GetPassthroughAnnotations`.
 */
export function passthroughAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  patterns: readonly string[] | null | undefined,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if ((patterns ?? []).some((p) => pathMatch(p, key))) out.push([key, value]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The CRI annotations of a container or sandbox, in containerd's order. containerd: `DefaultCRIAnnotations`. */
export function defaultCRIAnnotations(
  sandboxID: string,
  containerName: string,
  imageName: string,
  config: ParsedPodSandboxConfig | undefined,
  sandbox: boolean,
): [string, string][] {
  const entries: [string, string][] = [
    [annotations.SandboxID, sandboxID],
    [annotations.SandboxNamespace, config?.metadata?.namespace ?? ''],
    [annotations.SandboxUID, config?.metadata?.uid ?? ''],
    [annotations.SandboxName, config?.metadata?.name ?? ''],
  ];
  if (sandbox) {
    entries.push(
      [annotations.SandboxLogDir, config?.logDirectory ?? ''],
      [annotations.SandboxImageName, imageName],
    );
  } else {
    entries.push([annotations.ContainerName, containerName], [annotations.ImageName, imageName]);
  }
  entries.push([
    annotations.ContainerType,
    sandbox ? annotations.ContainerTypeSandbox : annotations.ContainerTypeContainer,
  ]);
  return entries;
}

/** `/proc/<pid>/ns/<kind>`. containerd: `GetNetworkNamespace`, `GetIPCNamespace`, ... */
export function procNamespace(pid: number, kind: 'net' | 'ipc' | 'uts' | 'pid' | 'user'): string {
  return `/proc/${pid}/ns/${kind}`;
}

type ZodErrorLike = Parameters<typeof firstProblem>[0];

/** Parses (and checks) a CRI input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. */
export function parseInput<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodErrorLike } },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { pointer, message } = firstProblem(parsed.error);
    throw new OcispecError('BAD_PIPELINE', `${pointer}: ${message}`, { pointer });
  }
  return parsed.data;
}
