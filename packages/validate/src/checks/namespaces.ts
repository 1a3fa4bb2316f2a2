/**
 * `linux` namespaces and what depends on them: namespace entries and paths, user namespace ID mappings, sysctls,
 * hostname, time offsets, masked and readonly paths (which need a mount namespace).
 */
import { procNamespaceFile } from '../proc-path.js';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, isAbs, newNamespace, obj, ptr, q, str } from '../util.js';

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
/** The namespace type of each `/proc/<pid>/ns/<file>` (namespaces(7)). */
const NS_FILES: ReadonlyMap<string, string> = new Map([
  ['cgroup', 'cgroup'],
  ['ipc', 'ipc'],
  ['mnt', 'mount'],
  ['net', 'network'],
  ['pid', 'pid'],
  ['pid_for_children', 'pid'],
  ['time', 'time'],
  ['time_for_children', 'time'],
  ['user', 'user'],
  ['uts', 'uts'],
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
/** user_namespaces(7): "Since Linux 4.15, the limit is 340 lines." */
const MAX_MAPPINGS = 340;
const ID_SPACE = 2 ** 32;

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

/** The namespace type a `/proc/<pid>/ns/<file>` path names: a type, `null` for an unknown file, or `undefined`. */
export function procNamespaceType(path: string): string | null | undefined {
  const named = procNamespaceFile(path);
  if (named === undefined) return undefined;
  return NS_FILES.get(named.file) ?? null;
}

function checkNamespacePath(ctx: CheckContext, type: string | undefined, path: string, at: string): void {
  if (!isAbs(path)) {
    emit(ctx, 'namespace-path-absolute', at, `namespace path ${q(path)} is not absolute`);
    return;
  }
  const named = procNamespaceType(path);
  if (named === undefined || type === undefined || !NAMESPACE_TYPES.has(type) || named === type) return;
  emit(
    ctx,
    'namespace-path-type',
    at,
    named === null
      ? `${q(path)} is not a namespace file (namespaces(7) lists cgroup, ipc, mnt, net, pid, time, user, uts)`
      : `${q(path)} is a ${named} namespace, not ${type}`,
  );
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
    if (path !== undefined && path !== '') checkNamespacePath(ctx, type, path, `/linux/namespaces/${i}/path`);
  }
}

interface Range {
  readonly start: number;
  readonly end: number;
}

function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** One list of ID mappings: sizes, 32-bit ranges, overlaps (in either ID space) and the kernel's line limit. */
export function checkMappings(ctx: CheckContext, list: readonly unknown[], base: string): void {
  if (list.length > MAX_MAPPINGS)
    emit(ctx, 'idmapping-count', base, `${list.length} mappings: the kernel takes at most ${MAX_MAPPINGS}`);
  const seen: Array<{ container: Range; host: Range; index: number }> = [];
  for (let i = 0; i < list.length; i++) {
    const m = obj(list[i]);
    if (m === undefined) continue;
    const size = int(m.size);
    const container = int(m.containerID);
    const host = int(m.hostID);
    if (size === undefined) continue;
    const length = Number(size);
    if (
      length === 0 ||
      (container !== undefined && Number(container) + length > ID_SPACE) ||
      (host !== undefined && Number(host) + length > ID_SPACE)
    ) {
      emit(
        ctx,
        'idmapping-range',
        `${base}/${i}`,
        length === 0 ? 'mapping size is 0' : 'mapping overflows the 32-bit ID space',
      );
      continue;
    }
    if (container === undefined || host === undefined) continue;
    const entry = {
      container: { start: Number(container), end: Number(container) + length },
      host: { start: Number(host), end: Number(host) + length },
      index: i,
    };
    const clash = seen.find((s) => overlaps(s.container, entry.container) || overlaps(s.host, entry.host));
    if (clash !== undefined)
      emit(
        ctx,
        'idmapping-overlap',
        `${base}/${i}`,
        `overlaps mapping ${clash.index} (the kernel rejects the map)`,
      );
    seen.push(entry);
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

function checkTimeOffsets(ctx: CheckContext, offsets: Obj): void {
  let any = false;
  for (const clock in offsets) {
    any = true;
    const pointer = ptr('/linux/timeOffsets', clock);
    if (clock !== 'monotonic' && clock !== 'boottime')
      emit(ctx, 'time-offsets-clock', pointer, `unknown clock ${q(clock)} (monotonic or boottime)`);
    const nanosecs = int(obj(offsets[clock])?.nanosecs);
    if (nanosecs !== undefined && nanosecs >= 1e9)
      emit(
        ctx,
        'time-offsets-nanosecs',
        `${pointer}/nanosecs`,
        `nanosecs ${q(nanosecs)} is one second or more`,
      );
  }
  if (any && !newNamespace(ctx, 'time'))
    emit(ctx, 'time-offsets-timens', '/linux/timeOffsets', 'timeOffsets need a new time namespace');
}

function checkPaths(ctx: CheckContext, linux: Obj): void {
  let any = false;
  for (const key of ['maskedPaths', 'readonlyPaths'] as const) {
    const rule = key === 'maskedPaths' ? 'masked-path-absolute' : 'readonly-path-absolute';
    const list = arr(linux[key]) ?? [];
    if (list.length > 0) any = true;
    for (let i = 0; i < list.length; i++) {
      const path = str(list[i]);
      if (path !== undefined && !isAbs(path))
        emit(ctx, rule, `/linux/${key}/${i}`, `${q(path)} is not absolute`);
    }
  }
  if (any && !ctx.namespaces.has('mount'))
    emit(
      ctx,
      'paths-mount-namespace',
      '/linux/namespaces',
      'maskedPaths/readonlyPaths need a new mount namespace: they would change the host',
    );
}

/** Namespaces, mappings, sysctls, hostname, time offsets, masked and readonly paths. */
export function checkNamespaceUse(ctx: CheckContext, linux: Obj, hasHostname: boolean): void {
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
  if (offsets !== undefined) checkTimeOffsets(ctx, offsets);
  checkPaths(ctx, linux);
}
