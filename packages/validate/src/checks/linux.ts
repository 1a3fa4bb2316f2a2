/** `linux`: namespaces, ID mappings, sysctls, devices, paths, cgroupsPath, labels and the v1.1+ sections. */
import type { CheckContext, Obj } from '../util.js';
import {
  arr,
  emit,
  int,
  intEq,
  isAbs,
  isNumberList,
  newNamespace,
  obj,
  ptr,
  q,
  str,
  strings,
} from '../util.js';
import { checkSelinuxLabel } from './process.js';
import { checkResources } from './resources.js';
import { checkSeccomp } from './seccomp.js';

const NAMESPACE_TYPES: ReadonlySet<string> = new Set([
  'pid',
  'network',
  'mount',
  'ipc',
  'uts',
  'user',
  'cgroup',
  'time',
]);
const IPC_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
  'kernel.msg_next_id',
  'kernel.sem_next_id',
  'kernel.shm_next_id',
]);
const PROPAGATION: ReadonlySet<string> = new Set([
  'shared',
  'slave',
  'private',
  'unbindable',
  'rshared',
  'rslave',
  'rprivate',
  'runbindable',
]);
const MPOL_MODES: ReadonlySet<string> = new Set([
  'MPOL_DEFAULT',
  'MPOL_BIND',
  'MPOL_INTERLEAVE',
  'MPOL_WEIGHTED_INTERLEAVE',
  'MPOL_PREFERRED',
  'MPOL_PREFERRED_MANY',
  'MPOL_LOCAL',
]);
const MPOL_FLAGS: ReadonlySet<string> = new Set([
  'MPOL_F_NUMA_BALANCING',
  'MPOL_F_RELATIVE_NODES',
  'MPOL_F_STATIC_NODES',
]);
const DEVICE_TYPES: ReadonlySet<string> = new Set(['b', 'c', 'u', 'p']);
const IFNAME = /^[^\s/:]{1,15}$/;
/** A systemd slice: empty, or a unit name (no `/`) ending in `.slice`. */
const SYSTEMD_SLICE = /^(?:|[^/]*\.slice)$/;

/** A network interface name the kernel accepts: 1 to 15 characters, no space, `/` or `:`, not `.` or `..`. */
function isIfName(name: string): boolean {
  return IFNAME.test(name) && name !== '.' && name !== '..';
}

/** The namespace map of a spec (first entry of each type). */
export function namespaceMap(linux: Obj | undefined): Map<string, string | undefined> {
  const map = new Map<string, string | undefined>();
  const list = linux === undefined ? undefined : arr(linux.namespaces);
  if (list === undefined) return map;
  for (const entry of list) {
    const ns = obj(entry);
    const type = ns === undefined ? undefined : str(ns.type);
    if (ns === undefined || type === undefined || map.has(type)) continue;
    const path = str(ns.path);
    map.set(type, path === undefined || path === '' ? undefined : path);
  }
  return map;
}

function checkNamespaces(ctx: CheckContext, list: readonly unknown[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const ns = obj(list[i]);
    if (ns === undefined) continue;
    const type = str(ns.type);
    if (type !== undefined) {
      if (!NAMESPACE_TYPES.has(type))
        emit(
          ctx,
          'namespace-type-unknown',
          `/linux/namespaces/${i}/type`,
          `unknown namespace type ${q(type)}`,
        );
      if (seen.has(type))
        emit(ctx, 'namespace-duplicate', `/linux/namespaces/${i}/type`, `namespace ${type} is listed twice`);
      seen.add(type);
    }
    const path = str(ns.path);
    if (path !== undefined && path !== '' && !isAbs(path))
      emit(
        ctx,
        'namespace-path-absolute',
        `/linux/namespaces/${i}/path`,
        `namespace path ${q(path)} is not absolute`,
      );
  }
}

function checkMappings(ctx: CheckContext, list: readonly unknown[], base: string): void {
  for (let i = 0; i < list.length; i++) {
    const m = obj(list[i]);
    if (m === undefined) continue;
    const size = int(m.size);
    const container = int(m.containerID);
    const host = int(m.hostID);
    if (size === undefined) continue;
    const empty = intEq(size, 0);
    if (
      empty ||
      (container !== undefined && BigInt(container) + BigInt(size) > 2n ** 32n) ||
      (host !== undefined && BigInt(host) + BigInt(size) > 2n ** 32n)
    ) {
      emit(
        ctx,
        'idmapping-range',
        `${base}/${i}`,
        empty ? 'mapping size is 0' : 'mapping overflows the 32-bit ID space',
      );
    }
  }
}

function checkSysctls(ctx: CheckContext, sysctl: Obj): void {
  for (const key in sysctl) {
    const name = key.replace(/\//g, '.');
    const pointer = ptr('/linux/sysctl', key);
    if (IPC_SYSCTLS.has(name) || name.startsWith('fs.mqueue.')) {
      if (!newNamespace(ctx, 'ipc'))
        emit(
          ctx,
          'sysctl-namespace',
          pointer,
          `${name} needs a new ipc namespace (it would change the host's)`,
        );
    } else if (name.startsWith('net.')) {
      if (!ctx.namespaces.has('network'))
        emit(
          ctx,
          'sysctl-namespace',
          pointer,
          `${name} needs a network namespace (it would change the host's)`,
        );
    } else if (name === 'kernel.hostname' || name === 'kernel.domainname') {
      if (!newNamespace(ctx, 'uts'))
        emit(ctx, 'sysctl-namespace', pointer, `${name} needs a new uts namespace`);
    } else if (name.startsWith('user.')) {
      if (!newNamespace(ctx, 'user'))
        emit(ctx, 'sysctl-namespace', pointer, `${name} needs a new user namespace`);
    } else {
      emit(ctx, 'sysctl-not-namespaced', pointer, `${name} is not namespaced: it would change the host`);
    }
  }
}

function checkDevices(ctx: CheckContext, list: readonly unknown[]): void {
  const paths = new Set<string>();
  const numbers = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const dev = obj(list[i]);
    if (dev === undefined) continue;
    const base = `/linux/devices/${i}`;
    const path = str(dev.path);
    if (path !== undefined) {
      if (!isAbs(path))
        emit(ctx, 'device-path-absolute', `${base}/path`, `device path ${q(path)} is not absolute`);
      if (paths.has(path))
        emit(ctx, 'device-duplicate-path', `${base}/path`, `device ${path} is listed twice`);
      paths.add(path);
    }
    const type = str(dev.type);
    const major = int(dev.major);
    const minor = int(dev.minor);
    if (type !== undefined && !DEVICE_TYPES.has(type)) {
      emit(ctx, 'device-type', `${base}/type`, `device type ${q(type)} is not b, c, u or p`);
    } else if (type === 'p') {
      if ((major !== undefined && !intEq(major, 0)) || (minor !== undefined && !intEq(minor, 0)))
        emit(ctx, 'device-number', base, 'a FIFO (p) has major and minor 0');
    } else if (type !== undefined) {
      if (major !== undefined && (major < 0 || major >= 4096))
        emit(ctx, 'device-number', `${base}/major`, `major ${q(major)} is outside 0..4095`);
      if (minor !== undefined && (minor < 0 || minor >= 1048576))
        emit(ctx, 'device-number', `${base}/minor`, `minor ${q(minor)} is outside 0..1048575`);
      if (major !== undefined && minor !== undefined) {
        const id = `${type === 'u' ? 'c' : type}:${major}:${minor}`;
        if (numbers.has(id)) emit(ctx, 'device-duplicate-number', base, `another device is ${id}`);
        numbers.add(id);
      }
    }
    const mode = int(dev.fileMode);
    if (mode !== undefined && mode > 0o777)
      emit(
        ctx,
        'device-file-mode',
        `${base}/fileMode`,
        `fileMode ${q(mode)} is above 0777 (511): type bits come from type`,
      );
  }
}

/** Whether a `/`-separated path has a `.` or `..` element, or an empty one other than at either end. */
function hasDotOrEmptyElement(path: string): boolean {
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 0x2f) continue;
    const len = i - start;
    if (len === 0 && start > 0 && i < path.length) return true;
    if (len === 1 && path.charCodeAt(start) === 0x2e) return true;
    if (len === 2 && path.charCodeAt(start) === 0x2e && path.charCodeAt(start + 1) === 0x2e) return true;
    start = i + 1;
  }
  return false;
}

/** cgroupfs: a clean path; systemd: `slice:prefix:name`. The driver is given, or guessed from the shape. */
function checkCgroupsPath(ctx: CheckContext, path: string, driver: 'cgroupfs' | 'systemd' | undefined): void {
  const pointer = '/linux/cgroupsPath';
  const systemd = driver === 'systemd' || (driver === undefined && path.includes(':'));
  if (systemd) {
    const parts = path.split(':');
    if (parts.length !== 3) {
      emit(ctx, 'cgroups-path', pointer, `${q(path)}: expected systemd "slice:prefix:name"`);
      return;
    }
    const [slice, prefix, name] = parts as [string, string, string];
    if (!SYSTEMD_SLICE.test(slice))
      emit(ctx, 'cgroups-path', pointer, `${q(path)}: systemd slice ${q(slice)} must end in .slice`);
    else if (prefix.includes('/') || name.includes('/') || name === '')
      emit(
        ctx,
        'cgroups-path',
        pointer,
        `${q(path)}: systemd prefix and name must be non-empty unit name parts without /`,
      );
    return;
  }
  if (path.includes('\0') || hasDotOrEmptyElement(path)) {
    emit(
      ctx,
      'cgroups-path',
      pointer,
      `${q(path)}: a cgroupfs path must be clean (no ., .. or empty elements)`,
    );
  } else if (path.includes(':')) {
    emit(
      ctx,
      'cgroups-path',
      pointer,
      `${q(path)}: a cgroupfs path has no ":" (systemd form used with the cgroupfs driver)`,
    );
  }
}

export interface LinuxCheckOptions {
  readonly cgroupDriver?: 'cgroupfs' | 'systemd';
}

export function checkLinux(
  ctx: CheckContext,
  linux: Obj,
  hasHostname: boolean,
  options: LinuxCheckOptions,
): void {
  const namespaces = arr(linux.namespaces);
  if (namespaces !== undefined) checkNamespaces(ctx, namespaces);
  for (const key of ['uidMappings', 'gidMappings'] as const) {
    const list = arr(linux[key]);
    if (list === undefined || list.length === 0) continue;
    if (!ctx.namespaces.has('user'))
      emit(ctx, 'idmapping-userns', `/linux/${key}`, `${key} need a user namespace`);
    checkMappings(ctx, list, `/linux/${key}`);
  }
  const sysctl = obj(linux.sysctl);
  if (sysctl !== undefined) checkSysctls(ctx, sysctl);
  if (hasHostname && !newNamespace(ctx, 'uts'))
    emit(ctx, 'hostname-uts', '/hostname', 'hostname/domainname need a new uts namespace');
  const offsets = obj(linux.timeOffsets);
  if (offsets !== undefined) {
    let any = false;
    for (const clock in offsets) {
      any = true;
      if (clock !== 'monotonic' && clock !== 'boottime')
        emit(
          ctx,
          'time-offsets-clock',
          ptr('/linux/timeOffsets', clock),
          `unknown clock ${q(clock)} (monotonic or boottime)`,
        );
    }
    if (any && !newNamespace(ctx, 'time'))
      emit(ctx, 'time-offsets-timens', '/linux/timeOffsets', 'timeOffsets need a new time namespace');
  }
  for (const [path, i] of strings(linux.maskedPaths)) {
    if (!isAbs(path))
      emit(ctx, 'masked-path-absolute', `/linux/maskedPaths/${i}`, `${q(path)} is not absolute`);
  }
  for (const [path, i] of strings(linux.readonlyPaths)) {
    if (!isAbs(path))
      emit(ctx, 'readonly-path-absolute', `/linux/readonlyPaths/${i}`, `${q(path)} is not absolute`);
  }
  const devices = arr(linux.devices);
  if (devices !== undefined) checkDevices(ctx, devices);
  const cgroupsPath = str(linux.cgroupsPath);
  if (cgroupsPath !== undefined && cgroupsPath !== '')
    checkCgroupsPath(ctx, cgroupsPath, options.cgroupDriver);
  const propagation = str(linux.rootfsPropagation);
  if (propagation !== undefined && propagation !== '' && !PROPAGATION.has(propagation)) {
    emit(
      ctx,
      'rootfs-propagation',
      '/linux/rootfsPropagation',
      `${q(propagation)} is not shared, slave, private or unbindable`,
    );
  }
  checkSelinuxLabel(ctx, linux.mountLabel, '/linux/mountLabel', 'mount-label');
  const resources = obj(linux.resources);
  if (resources !== undefined) checkResources(ctx, resources);
  const seccomp = obj(linux.seccomp);
  if (seccomp !== undefined) checkSeccomp(ctx, seccomp);
  const rdt = obj(linux.intelRdt);
  const closID = rdt === undefined ? undefined : str(rdt.closID);
  if (closID !== undefined && (closID === '.' || closID === '..' || closID.includes('/'))) {
    emit(ctx, 'intel-rdt-closid', '/linux/intelRdt/closID', `${q(closID)} is not a valid resctrl group name`);
  }
  const personality = obj(linux.personality);
  const domain = personality === undefined ? undefined : str(personality.domain);
  if (domain !== undefined && domain !== 'LINUX' && domain !== 'LINUX32')
    emit(ctx, 'personality-domain', '/linux/personality/domain', `${q(domain)} is not LINUX or LINUX32`);
  const policy = obj(linux.memoryPolicy);
  if (policy !== undefined) {
    const mode = str(policy.mode);
    if (mode !== undefined && !MPOL_MODES.has(mode))
      emit(ctx, 'memory-policy', '/linux/memoryPolicy/mode', `unknown memory policy mode ${q(mode)}`);
    for (const [flag, i] of strings(policy.flags)) {
      if (!MPOL_FLAGS.has(flag))
        emit(ctx, 'memory-policy', `/linux/memoryPolicy/flags/${i}`, `unknown memory policy flag ${q(flag)}`);
    }
    const nodes = str(policy.nodes);
    if (nodes !== undefined && nodes !== '' && !isNumberList(nodes)) {
      emit(ctx, 'memory-policy', '/linux/memoryPolicy/nodes', `${q(nodes)} is not a node list like 0-3,5`);
    }
    const needsNodes =
      mode !== undefined && mode !== 'MPOL_DEFAULT' && mode !== 'MPOL_LOCAL' && mode !== 'MPOL_PREFERRED';
    if (needsNodes && (nodes === undefined || nodes === ''))
      emit(ctx, 'memory-policy', '/linux/memoryPolicy/nodes', `${mode} needs nodes`);
  }
  const netDevices = obj(linux.netDevices);
  if (netDevices !== undefined) {
    for (const name in netDevices) {
      const pointer = ptr('/linux/netDevices', name);
      if (!isIfName(name)) emit(ctx, 'net-device-name', pointer, `${q(name)} is not a valid interface name`);
      const target = obj(netDevices[name]);
      const targetName = target === undefined ? undefined : str(target.name);
      if (targetName !== undefined && targetName !== '' && !isIfName(targetName)) {
        emit(ctx, 'net-device-name', `${pointer}/name`, `${q(targetName)} is not a valid interface name`);
      }
    }
  }
}
