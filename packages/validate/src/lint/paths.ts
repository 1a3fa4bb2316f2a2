/**
 * Host paths as the runtime reaches them, whatever the spelling (`//etc/`, `/etc/../etc`, trailing slashes,
 * bundle-relative paths that climb out), and what each exposes: the host's root, a container runtime socket, or
 * a sensitive host tree.
 */
import type { HostAccess } from '@ocispec/core';

import { cleanPath } from '@ocispec/core/internal';
import { isAbs } from '../util.js';

/** Go's `path.Clean` of the path taken from `/` (`''` → `/`, `a/../..` → `/`): what it resolves to on a root. */
export function cleanRooted(path: string): string {
  return cleanPath(isAbs(path) ? path : `/${path}`);
}

/** `path` is `parent` or inside it (both clean and absolute). */
export function under(path: string, parent: string): boolean {
  return parent === '/' || path === parent || path.startsWith(`${parent}/`);
}

/** A host path a mount reads: clean and absolute, or `escapes` for a relative path that climbs out of its base. */
export type HostPath = { readonly path: string } | { readonly escapes: string };

/**
 * The host path of a bind source or an overlay directory: absolute paths cleaned (and, given the host, with
 * symlinks resolved there); relative ones stay inside their base (the bundle, the rootfs) unless they climb out.
 * Returns `undefined` for a relative path that stays inside its base.
 */
export function hostPathOf(raw: string, host: HostAccess | undefined): HostPath | undefined {
  if (!isAbs(raw)) {
    const relative = cleanPath(raw);
    return relative === '..' || relative.startsWith('../') ? { escapes: raw } : undefined;
  }
  const clean = cleanPath(raw);
  if (host === undefined) return { path: clean };
  try {
    return { path: cleanPath(host.fs.realpath(clean)) };
  } catch {
    return { path: clean };
  }
}

/** Container runtime API sockets at their usual places (a bind of one, or of a directory holding one, is control). */
const SOCKETS = [
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock.ttrpc',
  '/run/crio/crio.sock',
  '/run/podman/podman.sock',
  '/run/k3s/containerd/containerd.sock',
  '/run/buildkit/buildkitd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/var/run/podman/podman.sock',
  '/var/run/cri-dockerd.sock',
];
/** Directories of sockets: containerd's shims (`/run/containerd/s/<id>`), docker's plugins. */
const SOCKET_TREES = [
  '/run/containerd/s',
  '/var/run/containerd/s',
  '/run/docker/plugins',
  '/var/run/docker/plugins',
];
/** A runtime socket file, wherever it lives (`/run/user/1000/podman/podman.sock`, `containerd.sock.ttrpc`). */
const SOCKET_FILE =
  /(?:^|\/)(?:docker|containerd|crio|cri-dockerd|dockershim|podman|buildkitd)\.sock(?:\.ttrpc)?$/;
/** Rootless runtimes' per-user run directory, and what holds it. */
const USER_RUN = /^\/(?:var\/)?run\/user(?:\/\d+(?:\/(?:podman|docker|containerd)(?:\/.*)?)?)?$/;

/** Host trees nothing under which is safe to bind: the tree, any file in it, and any directory holding it. */
const SENSITIVE_TREES = [
  '/etc',
  '/root',
  '/home',
  '/boot',
  '/lib/modules',
  '/usr/lib/modules',
  '/proc',
  '/sys',
  '/dev',
  '/var/log',
  '/var/lib/kubelet/pki',
  '/var/lib/etcd',
];
/**
 * Host state directories sensitive as a whole (their own subtrees, such as a pod's volume under
 * `/var/lib/kubelet/pods/<uid>/`, are what CRI binds into every container): the directory and what holds it.
 */
const SENSITIVE_DIRS = [
  '/var/lib/kubelet',
  '/var/lib/kubelet/pods',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/bin',
  '/sbin',
  '/lib64',
  '/usr/bin',
  '/usr/sbin',
];
/** Device nodes every container gets anyway (runtime-spec's default devices): binding the host's changes nothing. */
const HARMLESS_DEVICES: ReadonlySet<string> = new Set([
  '/dev/null',
  '/dev/zero',
  '/dev/full',
  '/dev/random',
  '/dev/urandom',
]);

export type Exposure = 'root' | 'socket' | 'sensitive';

/** What a host path exposes: the host's `/`, a runtime socket (or a directory holding one), a sensitive tree. */
export function exposureOf(path: HostPath): Exposure | undefined {
  if ('escapes' in path) return 'sensitive';
  const p = path.path;
  if (p === '/') return 'root';
  if (
    SOCKET_FILE.test(p) ||
    USER_RUN.test(p) ||
    SOCKETS.some((socket) => under(socket, p)) ||
    SOCKET_TREES.some((tree) => under(p, tree) || under(tree, p))
  )
    return 'socket';
  if (HARMLESS_DEVICES.has(p)) return undefined;
  if (
    SENSITIVE_TREES.some((tree) => under(p, tree) || under(tree, p)) ||
    SENSITIVE_DIRS.some((dir) => under(dir, p))
  )
    return 'sensitive';
  return undefined;
}

/** A host path for a message. */
export function describeHostPath(path: HostPath): string {
  return 'escapes' in path
    ? `${JSON.stringify(path.escapes)} (climbs out of the bundle)`
    : JSON.stringify(path.path);
}
