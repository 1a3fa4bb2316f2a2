/**
 * Host-specific checks of the `linux` section: namespace files, cgroup v2 controllers, hugepage sizes, interfaces
 * (priorities, devices to move) and the resctrl filesystem the runtime will need on this host. Reads go through the injected `HostAccess`.
 */
import type { HostAccess } from '@ocispec/core';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, isAbs, obj, ptr, q, str } from '../util.js';
import { lstat, readText, stat } from './host-read.js';

/** The `/proc/self/ns/<file>` of each namespace type. */
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
const UNITS: Readonly<Record<string, number>> = {
  KB: 1,
  MB: 1024,
  GB: 1024 ** 2,
  TB: 1024 ** 3,
  PB: 1024 ** 4,
};

/** Namespace paths exist and are namespace files (on the nsfs device of this host's own namespace of the type). */
function checkNamespacePaths(ctx: CheckContext, host: HostAccess, list: readonly unknown[]): void {
  for (let i = 0; i < list.length; i++) {
    const ns = obj(list[i]);
    const type = str(ns?.type) ?? '';
    const path = str(ns?.path) ?? '';
    const file = NS_FILE[type];
    if (path === '' || !isAbs(path) || file === undefined) continue;
    const target = stat(host, path);
    const own = stat(host, `/proc/self/ns/${file}`);
    const onNsfs =
      target !== undefined && (own?.dev === undefined || target.dev === undefined || target.dev === own.dev);
    if (!onNsfs)
      emit(
        ctx,
        'namespace-path-host',
        `/linux/namespaces/${i}/path`,
        target === undefined ? `${path} does not exist on this host` : `${path} is not a namespace file`,
      );
  }
}

/** `unified` keys need a cgroup v2 host that has their controller (`cgroup.*` files belong to every cgroup). */
function checkUnified(ctx: CheckContext, host: HostAccess, unified: Obj): void {
  const text = readText(host, '/sys/fs/cgroup/cgroup.controllers');
  const controllers = new Set((text ?? '').split(/\s+/).filter((c) => c !== ''));
  for (const key in unified) {
    const controller = key.slice(0, key.indexOf('.'));
    if (controller === 'cgroup' && text !== undefined) continue;
    if (text === undefined || !controllers.has(controller))
      emit(
        ctx,
        'unified-controller-host',
        ptr('/linux/resources/unified', key),
        text === undefined
          ? `${q(key)}: /sys/fs/cgroup is not a cgroup v2 hierarchy on this host`
          : `${q(key)}: this host's cgroup v2 root has no ${controller} controller`,
      );
  }
}

/** Hugepage sizes the kernel offers: `/sys/kernel/mm/hugepages/hugepages-<size>kB`. */
function checkHugepages(ctx: CheckContext, host: HostAccess, limits: readonly unknown[]): void {
  for (let i = 0; i < limits.length; i++) {
    const size = str(obj(limits[i])?.pageSize) ?? '';
    const match = /^(\d+)(KB|MB|GB|TB|PB)$/.exec(size);
    if (match === null) continue;
    const kb = Number(match[1]) * (UNITS[match[2] as string] as number);
    if (stat(host, `/sys/kernel/mm/hugepages/hugepages-${kb}kB`)?.isDirectory() !== true)
      emit(
        ctx,
        'hugepage-size-host',
        `/linux/resources/hugepageLimits/${i}/pageSize`,
        `${size} hugepages are not offered by this host's kernel`,
      );
  }
}

function checkPriorities(ctx: CheckContext, host: HostAccess, priorities: readonly unknown[]): void {
  for (let i = 0; i < priorities.length; i++) {
    const name = str(obj(priorities[i])?.name) ?? '';
    if (name === '' || name.includes('/') || name === '.' || name === '..') continue;
    if (lstat(host, `/sys/class/net/${name}`) === undefined)
      emit(
        ctx,
        'net-priority-host',
        `/linux/resources/network/priorities/${i}/name`,
        `no interface ${q(name)} on this host`,
      );
  }
}

/** `netDevices` are moved from the host: each must be an interface there (`/sys/class/net/<name>`). */
function checkNetDevices(ctx: CheckContext, host: HostAccess, netDevices: Obj): void {
  for (const name in netDevices) {
    if (name === '' || name.includes('/') || name === '.' || name === '..') continue;
    if (lstat(host, `/sys/class/net/${name}`) === undefined)
      emit(
        ctx,
        'net-device-host',
        ptr('/linux/netDevices', name),
        `no interface ${q(name)} on this host to move`,
      );
  }
}

/** A resctrl mount, as runc finds it in `/proc/self/mountinfo` (filesystem type after the ` - ` separator). */
function hasResctrl(host: HostAccess): boolean {
  const mountinfo = readText(host, '/proc/self/mountinfo') ?? '';
  return mountinfo.split('\n').some((line) => / - resctrl /.test(line));
}

export function checkHostLinux(ctx: CheckContext, host: HostAccess, linux: Obj): void {
  const namespaces = arr(linux.namespaces);
  if (namespaces !== undefined) checkNamespacePaths(ctx, host, namespaces);
  const resources = obj(linux.resources);
  const unified = obj(resources?.unified);
  if (unified !== undefined) checkUnified(ctx, host, unified);
  const hugepages = arr(resources?.hugepageLimits);
  if (hugepages !== undefined) checkHugepages(ctx, host, hugepages);
  const priorities = arr(obj(resources?.network)?.priorities);
  if (priorities !== undefined) checkPriorities(ctx, host, priorities);
  const netDevices = obj(linux.netDevices);
  if (netDevices !== undefined) checkNetDevices(ctx, host, netDevices);
  if (obj(linux.intelRdt) !== undefined && !hasResctrl(host))
    emit(ctx, 'intel-rdt-host', '/linux/intelRdt', 'no resctrl filesystem is mounted on this host');
}
