/**
 * `linux`: the sections of their own (cgroupsPath, rootfsPropagation, mountLabel, intelRdt, personality,
 * memoryPolicy, netDevices), and the concerns with a file each (namespaces, devices, resources, seccomp).
 */
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, isNumberList, obj, ptr, q, str, strings } from '../util.js';
import { checkDevices } from './devices.js';
import { checkNamespaceUse } from './namespaces.js';
import { checkSelinuxLabel } from './process.js';
import { checkResources } from './resources.js';
import { checkSeccomp } from './seccomp.js';

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
/** Modes that take no nodes (set_mempolicy(2): EINVAL with a non-empty nodemask). */
const NODELESS_MODES: ReadonlySet<string> = new Set(['MPOL_DEFAULT', 'MPOL_LOCAL']);
const MPOL_FLAGS: ReadonlySet<string> = new Set([
  'MPOL_F_NUMA_BALANCING',
  'MPOL_F_RELATIVE_NODES',
  'MPOL_F_STATIC_NODES',
]);
const IFNAME = /^[^\s/:]{1,15}$/;
/** A systemd slice: empty, or a unit name (no `/`) ending in `.slice`. */
const SYSTEMD_SLICE = /^(?:|[^/]*\.slice)$/;

/** A network interface name the kernel accepts: 1 to 15 characters, no space, `/` or `:`, not `.` or `..`. */
function isIfName(name: string): boolean {
  return IFNAME.test(name) && name !== '.' && name !== '..';
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

/** `intelRdt`: the CLOS name a resctrl directory can have, and schema lines that fit the `schemata` file. */
function checkIntelRdt(ctx: CheckContext, rdt: Obj): void {
  const base = '/linux/intelRdt';
  const closID = str(rdt.closID);
  if (closID !== undefined && closID !== '/' && (closID === '.' || closID === '..' || closID.includes('/')))
    emit(ctx, 'intel-rdt-closid', `${base}/closID`, `${q(closID)} is not a valid resctrl group name`);
  const memBw = str(rdt.memBwSchema);
  if (memBw !== undefined && memBw !== '' && (!memBw.startsWith('MB:') || /[\r\n]/.test(memBw)))
    emit(
      ctx,
      'intel-rdt-mb-schema',
      `${base}/memBwSchema`,
      `${q(memBw)} must start with MB: and be one line`,
    );
  const l3 = str(rdt.l3CacheSchema);
  if (l3 !== undefined && l3 !== '' && (!l3.startsWith('L3:') || /[\r\n]/.test(l3)))
    emit(
      ctx,
      'intel-rdt-l3-schema',
      `${base}/l3CacheSchema`,
      `${q(l3)} should start with L3: and be one line`,
    );
  for (const [line, i] of strings(rdt.schemata)) {
    if (/[\r\n]/.test(line))
      emit(
        ctx,
        'intel-rdt-schemata',
        `${base}/schemata/${i}`,
        `${q(line)} holds a newline: one line per entry`,
      );
  }
}

function checkPersonality(ctx: CheckContext, personality: Obj): void {
  const domain = str(personality.domain);
  if (domain !== undefined && domain !== 'LINUX' && domain !== 'LINUX32')
    emit(ctx, 'personality-domain', '/linux/personality/domain', `${q(domain)} is not LINUX or LINUX32`);
  const flags = arr(personality.flags) ?? [];
  if (flags.length > 0)
    emit(
      ctx,
      'personality-flags',
      '/linux/personality/flags',
      'no personality flag is supported (runtime-spec v1.3.0)',
    );
}

/** set_mempolicy(2): the mode, flags that go together, and nodes where the mode needs them (and none where not). */
function checkMemoryPolicy(ctx: CheckContext, policy: Obj): void {
  const base = '/linux/memoryPolicy';
  const mode = str(policy.mode);
  if (mode !== undefined && !MPOL_MODES.has(mode))
    emit(ctx, 'memory-policy', `${base}/mode`, `unknown memory policy mode ${q(mode)}`);
  const flags = strings(policy.flags);
  for (const [flag, i] of flags) {
    if (!MPOL_FLAGS.has(flag))
      emit(ctx, 'memory-policy', `${base}/flags/${i}`, `unknown memory policy flag ${q(flag)}`);
  }
  const names = new Set(flags.map(([flag]) => flag));
  if (names.has('MPOL_F_STATIC_NODES') && names.has('MPOL_F_RELATIVE_NODES'))
    emit(
      ctx,
      'memory-policy',
      `${base}/flags`,
      'MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other',
    );
  if (
    names.has('MPOL_F_NUMA_BALANCING') &&
    mode !== undefined &&
    mode !== 'MPOL_BIND' &&
    mode !== 'MPOL_PREFERRED_MANY'
  )
    emit(
      ctx,
      'memory-policy',
      `${base}/flags`,
      `MPOL_F_NUMA_BALANCING works with MPOL_BIND (or MPOL_PREFERRED_MANY), not ${mode}`,
    );
  const nodes = str(policy.nodes) ?? '';
  if (nodes !== '' && !isNumberList(nodes))
    emit(ctx, 'memory-policy', `${base}/nodes`, `${q(nodes)} is not a node list like 0-3,5`);
  if (mode === undefined || !MPOL_MODES.has(mode)) return;
  if (NODELESS_MODES.has(mode) && nodes !== '')
    emit(ctx, 'memory-policy', `${base}/nodes`, `${mode} takes no nodes`);
  else if (!NODELESS_MODES.has(mode) && mode !== 'MPOL_PREFERRED' && nodes === '')
    emit(ctx, 'memory-policy', `${base}/nodes`, `${mode} needs nodes`);
}

/** `netDevices`: names the kernel takes, one device per name in the container, and a network namespace to move into. */
function checkNetDevices(ctx: CheckContext, netDevices: Obj): void {
  const names = new Map<string, string>();
  let any = false;
  for (const name in netDevices) {
    any = true;
    const pointer = ptr('/linux/netDevices', name);
    if (!isIfName(name)) emit(ctx, 'net-device-name', pointer, `${q(name)} is not a valid interface name`);
    const target = obj(netDevices[name]);
    const targetName = str(target?.name) ?? '';
    if (targetName !== '' && !isIfName(targetName)) {
      emit(ctx, 'net-device-name', `${pointer}/name`, `${q(targetName)} is not a valid interface name`);
    }
    const inside = targetName === '' ? name : targetName;
    if (inside.includes('%d')) continue; // a template: the kernel picks a free name
    const earlier = names.get(inside);
    if (inside === 'lo' || earlier !== undefined)
      emit(
        ctx,
        'net-device-duplicate',
        pointer,
        inside === 'lo'
          ? 'every network namespace already has lo'
          : `${q(inside)} is also the container name of ${q(earlier)}`,
      );
    names.set(inside, name);
  }
  if (any && !ctx.namespaces.has('network'))
    emit(ctx, 'net-device-netns', '/linux/netDevices', 'netDevices need a network namespace to move into');
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
  checkNamespaceUse(ctx, linux, hasHostname);
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
  if (rdt !== undefined) checkIntelRdt(ctx, rdt);
  const personality = obj(linux.personality);
  if (personality !== undefined) checkPersonality(ctx, personality);
  const policy = obj(linux.memoryPolicy);
  if (policy !== undefined) checkMemoryPolicy(ctx, policy);
  const netDevices = obj(linux.netDevices);
  if (netDevices !== undefined) checkNetDevices(ctx, netDevices);
}
