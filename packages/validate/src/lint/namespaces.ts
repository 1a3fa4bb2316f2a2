/**
 * Host namespaces: a type left out of `linux.namespaces` is the runtime's (the host's), and a path can join a host
 * process's namespace by any spelling: `/proc/1/ns/net`, `/proc//1/task/1/ns/../ns/net`, `/proc/self/ns/net`
 * (runc's own, in the host's namespaces), `/proc/thread-self/../../ns/net`, `/proc/2/ns/net` (kthreadd), through
 * `/proc/<pid>/root/...` (resolved as the kernel does: see `proc-path.ts`). With `hostSpecific`, a path is also compared by device and inode with PID 1's namespace
 * and with the linting process's own (runc's test for a host network namespace compares with its own).
 */
import type { HostStat } from '@ocispec/core';
import { isHostProcess, procNamespaceFile } from '../proc-path.js';
import type { Obj } from '../util.js';
import { arr, obj, str } from '../util.js';
import type { LintContext } from './context.js';

/** The `/proc/<pid>/ns/<file>` of each namespace type. */
const NS_FILE: Readonly<Record<string, string>> = {
  cgroup: 'cgroup',
  ipc: 'ipc',
  mount: 'mnt',
  network: 'net',
  pid: 'pid',
  time: 'time',
  user: 'user',
  uts: 'uts',
};
/** The namespaces a joined one is compared with: PID 1's, and the linting process's own (the runtime's, on its host). */
const HOST_REFERENCES = ['/proc/1/ns', '/proc/self/ns'];

/** True when `path` is a host namespace: by its spelling, or (given the host) by device and inode. */
function isHostNamespace(ctx: LintContext, type: string, path: string): boolean {
  const named = procNamespaceFile(path);
  if (named !== undefined && isHostProcess(named.pid)) return true;
  const file = NS_FILE[type];
  if (ctx.host === undefined || file === undefined) return false;
  const joined = statOf(ctx, path);
  if (joined?.ino === undefined) return false;
  return HOST_REFERENCES.some((dir) => {
    const host = statOf(ctx, `${dir}/${file}`);
    return host !== undefined && host.ino === joined.ino && host.dev === joined.dev;
  });
}

function statOf(ctx: LintContext, path: string): HostStat | undefined {
  try {
    return ctx.host?.fs.stat(path);
  } catch {
    return undefined; // missing, or not ours to read (/proc/1/ns needs ptrace access)
  }
}

const LEFT_OUT = {
  pid: 'host-pid-namespace',
  ipc: 'host-ipc-namespace',
  network: 'host-network-namespace',
  mount: 'host-mount-namespace',
} as const;
const LEFT_OUT_EFFECT: Readonly<Record<keyof typeof LEFT_OUT, string>> = {
  pid: 'the container sees and signals host processes',
  ipc: "the container shares the host's System V IPC and POSIX message queues",
  network: "the container uses the host's network stack",
  mount: "the container runs in the host's mount table and root filesystem (runc sets up no rootfs)",
};

export function lintNamespaces(ctx: LintContext, linux: Obj | undefined): void {
  const list = arr(linux?.namespaces) ?? [];
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const ns = obj(list[i]);
    const type = str(ns?.type) ?? '';
    if (seen.has(type)) continue;
    seen.add(type);
    const path = str(ns?.path) ?? '';
    if (path === '' || !isHostNamespace(ctx, type, path)) continue;
    const pointer = `/linux/namespaces/${i}/path`;
    if (type in LEFT_OUT) {
      const key = type as keyof typeof LEFT_OUT;
      ctx.add(
        LEFT_OUT[key],
        pointer,
        `joins the host's ${type} namespace (${path}): ${LEFT_OUT_EFFECT[key]}`,
      );
    } else if (type in NS_FILE) {
      ctx.add('host-namespace-joined', pointer, `joins the host's ${type} namespace (${path})`);
    }
  }
  for (const type of Object.keys(LEFT_OUT) as Array<keyof typeof LEFT_OUT>) {
    if (!seen.has(type))
      ctx.add(LEFT_OUT[type], '/linux/namespaces', `no ${type} namespace: ${LEFT_OUT_EFFECT[type]}`);
  }
}
