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

/** The requirements as a tree of paths, walked once: each node's required fields, its children by key or `*`. */
interface Node {
  readonly fields: string[];
  posixOnly: boolean;
  /** Children by key, and `each` for every element of an array. */
  readonly children: Array<[string, Node]>;
  each: Node | undefined;
}

function node(): Node {
  return { fields: [], posixOnly: false, children: [], each: undefined };
}

const TREE: Node = node();
for (const requirement of REQUIREMENTS) {
  let at = TREE;
  for (const key of requirement.at) {
    let child = key === '*' ? at.each : at.children.find(([k]) => k === key)?.[1];
    if (child === undefined) {
      child = node();
      if (key === '*') at.each = child;
      else at.children.push([key, child]);
    }
    at = child;
  }
  at.fields.push(...requirement.fields);
  at.posixOnly = requirement.os === 'posix';
}

/** Reports the missing fields of `value` and walks on (tokens make a pointer only for a finding). */
function walk(ctx: CheckContext, value: unknown, at: Node, tokens: string[], posix: boolean): void {
  if (Array.isArray(value)) {
    const each = at.each;
    if (each === undefined) return;
    for (let i = 0; i < value.length; i++) {
      tokens.push(String(i));
      walk(ctx, value[i], each, tokens, posix);
      tokens.pop();
    }
    return;
  }
  const o = obj(value);
  if (o === undefined) return;
  if (posix || !at.posixOnly) for (const field of at.fields) missing(ctx, o, tokens, field);
  for (let i = 0; i < at.children.length; i++) {
    const [key, child] = at.children[i] as [string, Node];
    if (o[key] === undefined) continue;
    tokens.push(key);
    walk(ctx, o[key], child, tokens, posix);
    tokens.pop();
  }
}

function missing(ctx: CheckContext, o: Obj, tokens: readonly string[], field: string): void {
  if (o[field] === undefined)
    emit(ctx, 'field-required', ptr('', ...tokens, field), `${field} is required here`);
}

export function checkRequiredFields(ctx: CheckContext, spec: Obj): void {
  walk(ctx, spec, TREE, [], ctx.platform.os !== 'windows');
  // `major, minor` (int64, REQUIRED unless `type` is `p`)
  const devices = arr(obj(spec.linux)?.devices) ?? [];
  for (let i = 0; i < devices.length; i++) {
    const device = obj(devices[i]);
    if (device === undefined || str(device.type) === 'p') continue;
    for (const field of DEVICE_NUMBER) missing(ctx, device, ['linux', 'devices', String(i)], field);
  }
}
