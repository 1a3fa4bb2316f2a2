/**
 * Applying CDI container edits to an OCI spec, with the reference library's semantics for order and
 * duplicates. container-device-interface: `ContainerEdits.Apply`, `ContainerEdits.Append`, the `toOCI`
 * conversions and `internal/ociedit`'s spec editor.
 */
import {
  assignEntries,
  current,
  ensureLinux,
  ensureLinuxResources,
  ensureProcess,
  ensureUser,
  type Hook,
  type Hooks,
  type HostFS,
  type LinuxDevice,
  type LinuxIntelRdt,
  type Mount,
  peekArray,
  type SpecOpt,
  writable,
} from '@ocispec/core';
import { cleanPath, nodeHostFS } from '@ocispec/core/internal';
import { resolveDeviceNode } from './device-node.js';
import { CdiError } from './errors.js';
import type { CdiHook, CdiMount, ContainerEdits, IntelRdt } from './types.js';
import { HOOK_NAMES, NO_PERMISSIONS } from './validate.js';

/**
 * The spec an option edits (a draft), or a plain mutable spec. Edits go through core's section helpers: a value an
 * earlier option assigned is not a draft, so nothing here edits the spec's values in place.
 */
export type EditableSpec = Parameters<SpecOpt>[0];

/** What applying edits may read from the host. */
export interface ApplyOptions {
  /** Where device nodes are read (default: the real host). */
  readonly fs?: HostFS;
  /** The target OS; on `windows` device nodes fail as the reference fails there (default `linux`). */
  readonly os?: string;
}

/**
 * Concatenates edits in order (lists appended, no deduplication; the last `intelRdt` wins).
 * container-device-interface: `ContainerEdits.Append`.
 */
export function mergeContainerEdits(...edits: readonly (ContainerEdits | undefined)[]): ContainerEdits {
  const out = {
    env: [] as string[],
    deviceNodes: [] as NonNullable<ContainerEdits['deviceNodes']>[number][],
    netDevices: [] as NonNullable<ContainerEdits['netDevices']>[number][],
    hooks: [] as CdiHook[],
    mounts: [] as CdiMount[],
    intelRdt: undefined as IntelRdt | undefined,
    additionalGids: [] as number[],
  };
  for (const e of edits) {
    if (e === undefined) continue;
    out.env.push(...(e.env ?? []));
    out.deviceNodes.push(...(e.deviceNodes ?? []));
    out.netDevices.push(...(e.netDevices ?? []));
    out.hooks.push(...(e.hooks ?? []));
    out.mounts.push(...(e.mounts ?? []));
    if (e.intelRdt !== undefined) out.intelRdt = e.intelRdt;
    out.additionalGids.push(...(e.additionalGids ?? []));
  }
  const { intelRdt, ...lists } = out;
  return intelRdt === undefined ? lists : { ...lists, intelRdt };
}

/**
 * Applies `edits` to `spec` in the reference's order:
 *
 * 1. `env`: an entry whose key is already in `process.env` replaces it in place (the last one with that key);
 *    others are appended. Creates `process`.
 * 2. `deviceNodes`: each is completed from the host (`resolveDeviceNode`) and takes the `uid`/`gid` of
 *    `process.user` when it has none and the user's is not 0; an existing device with the same path is removed
 *    and the new one appended. `b` and `c` nodes get an allow rule in `linux.resources.devices` (access
 *    `permissions`, `rwm` when empty, empty for `none`). Creates `linux` (and `linux.resources`).
 * 3. `netDevices`: `linux.netDevices[hostInterfaceName] = {name}`.
 * 4. `mounts`: a mount with the same destination is removed, the new one appended (with `idmap`/`ridmap` for a
 *    bind mount when the spec has a user namespace); then every mount is stably sorted by the depth of its
 *    destination (`/` count of the cleaned path), so parents come before children.
 * 5. `hooks`: appended to the list their `hookName` names.
 * 6. `intelRdt`: replaces `linux.intelRdt`.
 * 7. `additionalGids`: appended to `process.user.additionalGids`, skipping 0 and ids already there.
 *
 * Throws a {@link CdiError} `CDI_INJECTION` when a device node cannot be completed; the spec is then partly
 * edited, so callers edit a draft they can drop (an option does).
 */
export function applyContainerEdits(
  spec: EditableSpec,
  edits: ContainerEdits,
  options: ApplyOptions = {},
): void {
  applyEnv(spec, edits.env ?? []);
  applyDeviceNodes(spec, edits.deviceNodes ?? [], options);
  applyNetDevices(spec, edits.netDevices ?? []);
  applyMounts(spec, edits.mounts ?? []);
  applyHooks(spec, edits.hooks ?? []);
  if (edits.intelRdt !== undefined) ensureLinux(spec).intelRdt = ociIntelRdt(edits.intelRdt);
  applyAdditionalGids(spec, edits.additionalGids ?? []);
}

function envKey(entry: string): string {
  const eq = entry.indexOf('=');
  return eq < 0 ? entry : entry.slice(0, eq);
}

function applyEnv(spec: EditableSpec, env: readonly string[]): void {
  if (env.length === 0) return;
  const process = ensureProcess(spec);
  const list = [...peekArray(process, 'env')];
  const index = new Map<string, number>();
  for (const [i, entry] of list.entries()) index.set(envKey(entry), i);
  for (const entry of env) {
    const key = envKey(entry);
    const at = index.get(key);
    if (at !== undefined) list[at] = entry;
    else index.set(key, list.push(entry) - 1);
  }
  process.env = list;
}

function applyDeviceNodes(
  spec: EditableSpec,
  nodes: NonNullable<ContainerEdits['deviceNodes']>,
  options: ApplyOptions,
): void {
  for (const node of nodes) {
    const device = resolveDeviceNode(node, options.fs ?? nodeHostFS, options.os ?? 'linux');
    const process = current(spec, 'process');
    const user = process == null ? undefined : current(process, 'user');
    if (device.uid === undefined && process != null && (user?.uid ?? 0) > 0) device.uid = user!.uid;
    if (device.gid === undefined && process != null && (user?.gid ?? 0) > 0) device.gid = user!.gid;
    const linux = ensureLinux(spec);
    linux.devices = replaceDevice(peekArray(linux, 'devices'), device);
    if (device.type !== 'b' && device.type !== 'c') continue;
    const permissions = node.permissions ?? '';
    const access = permissions === '' ? 'rwm' : permissions === NO_PERMISSIONS ? '' : permissions;
    const resources = ensureLinuxResources(spec)!;
    const rule = { allow: true, type: device.type, major: device.major, minor: device.minor, access };
    resources.devices = [...peekArray(resources, 'devices'), rule];
  }
}

/** The reference's remove-then-add: the first device with the path goes, a second is replaced, else appended. */
function replaceDevice(current: readonly LinuxDevice[], device: LinuxDevice): LinuxDevice[] {
  const list = [...current];
  const first = list.findIndex((d) => d.path === device.path);
  if (first >= 0) list.splice(first, 1);
  const second = list.findIndex((d) => d.path === device.path);
  if (second >= 0) list[second] = device;
  else list.push(device);
  return list;
}

function applyNetDevices(spec: EditableSpec, devices: NonNullable<ContainerEdits['netDevices']>): void {
  if (devices.length === 0) return;
  const entries: Record<string, { name: string }> = {};
  for (const device of devices) {
    Object.defineProperty(entries, device.hostInterfaceName ?? '', {
      value: { name: device.name ?? '' },
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  assignEntries(ensureLinux(spec), 'netDevices', entries);
}

function applyMounts(spec: EditableSpec, mounts: readonly CdiMount[]): void {
  if (mounts.length === 0) return;
  const linux = current(spec, 'linux');
  const userns = (linux == null ? [] : peekArray(linux, 'namespaces')).some((ns) => ns.type === 'user');
  const list: Mount[] = [...peekArray(spec, 'mounts')];
  for (const mount of mounts) {
    const at = list.findIndex((m) => m.destination === mount.containerPath);
    if (at >= 0) list.splice(at, 1);
    list.push(ociMount(mount, userns));
  }
  // Array.prototype.sort is stable: equal depths keep their order.
  const depth = (m: Mount) => cleanPath(m.destination ?? '').split('/').length - 1;
  spec.mounts = list.sort((a, b) => depth(a) - depth(b));
}

/** The OCI mount for a CDI mount; in a user namespace a bind mount gets `idmap` (`ridmap` for `rbind`). */
function ociMount(mount: CdiMount, userns: boolean): Mount {
  const out: Mount = { destination: mount.containerPath ?? '', source: mount.hostPath ?? '' };
  if ((mount.type ?? '') !== '') out.type = mount.type;
  const options = mount.options === undefined ? undefined : [...mount.options];
  const idmap = userns ? idmapOption(mount.type ?? '', options ?? []) : undefined;
  if (idmap !== undefined) out.options = [...(options ?? []), idmap];
  else if (options !== undefined) out.options = options;
  return out;
}

function idmapOption(type: string, options: readonly string[]): string | undefined {
  let option = type === 'bind' ? 'idmap' : undefined;
  for (const o of options) {
    if (o === 'idmap' || o === 'ridmap') return undefined;
    if (o === 'bind') option = 'idmap';
    else if (o === 'rbind') option = 'ridmap';
  }
  return option;
}

function applyHooks(spec: EditableSpec, hooks: readonly CdiHook[]): void {
  if (hooks.length === 0) return;
  const lists: Partial<Record<keyof Hooks, Hook[]>> = {};
  for (const hook of hooks) {
    const name = (hook.hookName ?? '') as keyof Hooks;
    if (!HOOK_NAMES.includes(name)) throw new CdiError('CDI_INJECTION', `unknown hook name "${name}"`);
    lists[name] ??= [];
    lists[name].push(ociHook(hook));
  }
  const target = writable(spec, 'hooks', true);
  for (const [name, added] of Object.entries(lists) as [keyof Hooks, Hook[]][]) {
    target[name] = [...peekArray(target, name), ...added];
  }
}

function ociHook(hook: CdiHook): Hook {
  const out: Hook = { path: hook.path ?? '' };
  if (hook.args !== undefined) out.args = [...hook.args];
  if (hook.env !== undefined) out.env = [...hook.env];
  if (hook.timeout !== undefined) out.timeout = hook.timeout;
  return out;
}

function ociIntelRdt(rdt: IntelRdt): LinuxIntelRdt {
  const out: LinuxIntelRdt = {};
  if ((rdt.closID ?? '') !== '') out.closID = rdt.closID;
  if (rdt.schemata !== undefined) out.schemata = [...rdt.schemata];
  if ((rdt.l3CacheSchema ?? '') !== '') out.l3CacheSchema = rdt.l3CacheSchema;
  if ((rdt.memBwSchema ?? '') !== '') out.memBwSchema = rdt.memBwSchema;
  if (rdt.enableMonitoring === true) out.enableMonitoring = true;
  return out;
}

function applyAdditionalGids(spec: EditableSpec, gids: readonly number[]): void {
  if (!gids.some((gid) => gid !== 0)) return;
  const user = ensureUser(spec);
  const list = [...peekArray(user, 'additionalGids')];
  for (const gid of gids) if (gid !== 0 && !list.includes(gid)) list.push(gid);
  user.additionalGids = list;
}
