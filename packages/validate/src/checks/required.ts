/**
 * REQUIRED fields of runtime-spec v1.3.0 inside objects that are present (`field-required`). Fields with a rule of
 * their own (ociVersion, root.path, process.cwd, mounts[].destination, hooks' path, seccomp defaultAction and
 * syscall names, windows.layerFolders) are checked there.
 */
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, obj, ptr, str } from '../util.js';

/** A path through the spec: keys, `*` for every element of an array. */
type Path = readonly string[];

interface Requirement {
  readonly at: Path;
  readonly fields: readonly string[];
  /** Only on these target OSes (default: every OS). */
  readonly os?: 'posix';
}

const MAPPING = ['containerID', 'hostID', 'size'];
const DEVICE_NUMBER = ['major', 'minor'];

const REQUIREMENTS: readonly Requirement[] = [
  { at: ['process', 'consoleSize'], fields: ['height', 'width'] },
  { at: ['process', 'user'], fields: ['uid', 'gid'], os: 'posix' },
  { at: ['process', 'rlimits', '*'], fields: ['type', 'soft', 'hard'] },
  { at: ['process', 'scheduler'], fields: ['policy'] },
  { at: ['process', 'ioPriority'], fields: ['class', 'priority'] },
  { at: ['mounts', '*', 'uidMappings', '*'], fields: MAPPING },
  { at: ['mounts', '*', 'gidMappings', '*'], fields: MAPPING },
  { at: ['linux', 'namespaces', '*'], fields: ['type'] },
  { at: ['linux', 'uidMappings', '*'], fields: MAPPING },
  { at: ['linux', 'gidMappings', '*'], fields: MAPPING },
  { at: ['linux', 'devices', '*'], fields: ['type', 'path'] },
  { at: ['linux', 'resources', 'devices', '*'], fields: ['allow'] },
  { at: ['linux', 'resources', 'blockIO', 'weightDevice', '*'], fields: DEVICE_NUMBER },
  ...[
    'throttleReadBpsDevice',
    'throttleWriteBpsDevice',
    'throttleReadIOPSDevice',
    'throttleWriteIOPSDevice',
  ].map(
    (key): Requirement => ({
      at: ['linux', 'resources', 'blockIO', key, '*'],
      fields: [...DEVICE_NUMBER, 'rate'],
    }),
  ),
  { at: ['linux', 'resources', 'hugepageLimits', '*'], fields: ['pageSize', 'limit'] },
  { at: ['linux', 'resources', 'network', 'priorities', '*'], fields: ['name', 'priority'] },
  { at: ['linux', 'memoryPolicy'], fields: ['mode'] },
  { at: ['linux', 'personality'], fields: ['domain'] },
  { at: ['linux', 'seccomp', 'syscalls', '*'], fields: ['action'] },
  { at: ['linux', 'seccomp', 'syscalls', '*', 'args', '*'], fields: ['index', 'value', 'op'] },
  { at: ['windows', 'devices', '*'], fields: ['id', 'idType'] },
];

/** Calls `visit` with every object the path leads to, and its pointer. */
function walk(
  value: unknown,
  path: Path,
  depth: number,
  pointer: string,
  visit: (o: Obj, p: string) => void,
): void {
  if (depth === path.length) {
    const o = obj(value);
    if (o !== undefined) visit(o, pointer);
    return;
  }
  const key = path[depth] as string;
  if (key === '*') {
    const list = arr(value) ?? [];
    for (let i = 0; i < list.length; i++) walk(list[i], path, depth + 1, `${pointer}/${i}`, visit);
    return;
  }
  const o = obj(value);
  if (o !== undefined && o[key] !== undefined) walk(o[key], path, depth + 1, ptr(pointer, key), visit);
}

function missing(ctx: CheckContext, o: Obj, pointer: string, field: string): void {
  if (o[field] === undefined) emit(ctx, 'field-required', ptr(pointer, field), `${field} is required here`);
}

export function checkRequiredFields(ctx: CheckContext, spec: Obj): void {
  const posix = ctx.platform.os !== 'windows';
  for (const requirement of REQUIREMENTS) {
    if (requirement.os === 'posix' && !posix) continue;
    walk(spec, requirement.at, 0, '', (o, pointer) => {
      for (const field of requirement.fields) missing(ctx, o, pointer, field);
    });
  }
  // `major, minor` (int64, REQUIRED unless `type` is `p`)
  const devices = arr(obj(spec.linux)?.devices) ?? [];
  for (let i = 0; i < devices.length; i++) {
    const device = obj(devices[i]);
    if (device === undefined || str(device.type) === 'p') continue;
    for (const field of DEVICE_NUMBER) missing(ctx, device, `/linux/devices/${i}`, field);
  }
}
