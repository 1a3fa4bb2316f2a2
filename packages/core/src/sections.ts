/**
 * containerd's create-if-missing helpers (`setProcess`, `setLinux`, `setResources`, `setCPU`, ... at the top of
 * `pkg/oci/spec_opts.go`), in one place, and the two ways options read and write a draft without per-element
 * proxy work: {@link current} (read) and {@link writable} (write). Each `ensureX` returns the section it ensures,
 * so an option calls one and then writes its fields; options never build sections inline.
 *
 * "Creates X" means: if X is absent or `null` (Go's nil pointer), set it to `{}` (Go's zero struct). Helpers whose
 * containerd counterpart only acts when a parent section exists (`setResources`, `setCPU`, `setCPUWindows`) keep
 * that rule and return `undefined` when the parent is missing, creating nothing.
 *
 * A section returned is writable: an immer draft, or a plain object this composition owns (a shallow copy of the
 * base's frozen section, put in place once). Its own fields take writes; a nested list or object may be frozen
 * (shared with the base): replace it with a new value computed from {@link current}, or ask for the nested
 * section with its helper. Immer's rule applies to every value an option assigns: it is not drafted again, so an
 * option edits a value assigned earlier through these helpers, never in place.
 */
import { type Immutable, isDraft, current as snapshot } from 'immer';
import { peekDraft } from './engine.js';
import { missingSection } from './errors.js';
import type { Spec } from './model/index.js';

type Container = Record<PropertyKey, unknown> | unknown[];

/**
 * A section an option writes (a draft, or an object of this composition): its own fields take writes; the values
 * nested in it may be frozen (shared with the base), so they are typed read-only: replace them whole, or ask for
 * the nested section with {@link writable} or its `ensureX` helper.
 */
export type Section<T> = { -readonly [K in keyof T]: Immutable<T[K]> };

/** The raw value at `parent[key]`: for a draft, without drafting it (a child draft, if one exists, as it is). */
const raw = peekDraft;

/**
 * The current value of `parent[key]`, read without drafting anything: the base's frozen value while untouched,
 * the value an option assigned, or a child draft's current state. Never write to it: compute a new value and
 * assign it (`process.env = [...current(process, 'env') ?? [], 'A=1']`).
 */
export function current<T extends object, K extends keyof T>(parent: T, key: K): Readonly<T[K]> {
  const value = raw(parent, key);
  // A child draft someone read (or wrote) through the proxy: its snapshot (the base itself while unmodified).
  return (isDraft(value) ? snapshot(value) : value) as T[K];
}

/** The element type of an array-valued property (Go's nil slice allowed). */
export type ElementOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;

/**
 * The current elements of a list, read-only and without drafting anything (see {@link current}): `null` or absent
 * (Go's nil slice) gives `[]`. `peekArray(process, 'env')` reads the property; `peekArray(list)` takes a list
 * already read. A frozen list comes back as a plain copy: V8's array builtins (`filter`, `findIndex`, `some`, ...)
 * take a slow generic path on frozen arrays, 10x slower than on a plain array of the same length, and a spread
 * copy costs less than one of them. Never write to the result.
 */
export function peekArray<T>(value: readonly T[] | null | undefined): readonly T[];
export function peekArray<O extends object, K extends keyof O>(
  container: O,
  key: K,
): readonly ElementOf<O[K]>[];
export function peekArray(value: unknown, key?: PropertyKey): readonly unknown[] {
  let list = key === undefined ? value : raw(value as object, key);
  if (list == null) return [];
  if (isDraft(list)) list = snapshot(list);
  return Object.isFrozen(list) ? [...(list as unknown[])] : (list as unknown[]);
}

/**
 * `parent[key]` as something to write to: a draft or an object of this composition as it is; a frozen value (the
 * base's, or one assigned earlier) replaced by a shallow copy of it; absent or `null`, a new `{}` when `create` is
 * set, else `undefined` (nothing is written then). `parent` must itself be writable.
 */
export function writable<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: true,
): Section<NonNullable<T[K]>>;
export function writable<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: boolean,
): Section<NonNullable<T[K]>> | undefined;
export function writable(parent: object, key: PropertyKey, create: boolean): object | undefined {
  const value = raw(parent, key);
  const target = parent as Record<PropertyKey, unknown>;
  if (value == null) {
    if (!create) return undefined;
    const fresh = {};
    target[key] = fresh;
    return fresh;
  }
  if (typeof value !== 'object' || isDraft(value) || !Object.isFrozen(value)) return value as object;
  // Spread defines own data properties: an own `__proto__` key stays data.
  const copy: Container = Array.isArray(value) ? [...value] : { ...(value as object) };
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value: copy, writable: true, enumerable: true, configurable: true });
  } else target[key] = copy;
  return copy;
}

/**
 * Appends `added` to the list at `parent[key]` (`parent` writable): into the list itself when this composition
 * owns it (a draft, or a list an option assigned), else into one new list; a frozen `added` (an option's frozen
 * argument) becomes the list itself when there is none yet, shared by every composition. N appends cost O(N).
 */
export function appendTo<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  added: readonly ElementOf<T[K]>[],
): void {
  if (added.length === 0) return;
  const list = raw(parent, key) as unknown[] | null | undefined;
  const target = parent as Record<PropertyKey, unknown>;
  if (list == null || list.length === 0) target[key] = Object.isFrozen(added) ? added : [...added];
  else if (Object.isFrozen(list)) target[key] = [...list, ...added];
  else for (const item of added) list.push(item);
}

/**
 * Sets each entry of `entries` in the map at `parent[key]` (`parent` writable), creating the map: in place when
 * this composition owns it, else in one copy. With no entry, only a missing map is created: an existing one is
 * left as it is (shared with the base). A `__proto__` key is an own data key, as Go's map key. N entries cost O(N).
 */
export function assignEntries<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  entries: Readonly<Record<string, unknown>>,
): void {
  const names = Object.keys(entries);
  if (names.length === 0) {
    if (raw(parent, key) == null) writable(parent, key, true);
    return;
  }
  let map = writable(parent, key, true) as Record<string, unknown>;
  for (const name of names) {
    const value = entries[name];
    if (name !== '__proto__') map[name] = value;
    else {
      if (isDraft(map)) {
        // A draft cannot take an own `__proto__` key (immer defines no property on drafts): a plain copy can.
        map = { ...snapshot(map) };
        (parent as Record<PropertyKey, unknown>)[key] = map;
      }
      Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
    }
  }
}

/**
 * Fails with `MISSING_SECTION` unless the spec has the section at `path` (`['linux', 'resources']`): for the
 * options containerd HEAD writes through a section it never creates (it panics there; ocispec names the option and
 * the section instead). Reads only.
 */
export function requireSection(spec: Spec, ...path: string[]): void {
  let node: unknown = spec;
  for (let i = 0; i < path.length; i++) {
    node = node == null ? undefined : current(node as Record<string, object>, path[i]!);
    if (node == null) throw missingSection(path.slice(0, i + 1).join('.'));
  }
}

/** `spec.process`, present. */
export type ProcessValue = NonNullable<Spec['process']>;
/** `spec.linux`, present. */
export type LinuxValue = NonNullable<Spec['linux']>;
type LinuxResourcesValue = NonNullable<LinuxValue['resources']>;
/** `spec.windows`, present. */
export type WindowsValue = NonNullable<Spec['windows']>;
type WindowsResourcesValue = NonNullable<WindowsValue['resources']>;

/** The writable section of a value type (what the `ensureX` helpers return). */
export type SectionOf<T> = Section<NonNullable<T>>;

function path<T>(spec: Spec, keys: readonly string[], mustExist = 0): SectionOf<T> | undefined {
  let node: object | undefined = spec;
  for (let i = 0; i < keys.length && node !== undefined; i++) {
    node = writable(node as Record<string, unknown>, keys[i]!, i >= mustExist) as object | undefined;
  }
  return node as SectionOf<T> | undefined;
}

/** Creates `process`; returns it. containerd: `setProcess`. */
export function ensureProcess(spec: Spec): SectionOf<ProcessValue> {
  return writable(spec, 'process', true);
}

/**
 * Creates `process` and `process.user` (a struct value in Go, so it always exists there); returns the user.
 * containerd: `setProcess` (the `User` struct comes with it).
 */
export function ensureUser(spec: Spec): SectionOf<ProcessValue['user']> {
  return writable(ensureProcess(spec), 'user', true);
}

/** Creates `root`; returns it. containerd: `setRoot`. */
export function ensureRoot(spec: Spec): SectionOf<Spec['root']> {
  return writable(spec, 'root', true);
}

/** Creates `linux`; returns it. containerd: `setLinux`. */
export function ensureLinux(spec: Spec): SectionOf<LinuxValue> {
  return writable(spec, 'linux', true);
}

/**
 * Creates `linux.resources` only if `linux` exists (a spec without `linux` is left alone: `undefined`).
 * containerd: `setResources` (HEAD; 1.6.20 also created `windows.resources`).
 */
export function ensureLinuxResources(spec: Spec): SectionOf<LinuxResourcesValue> | undefined {
  return path<LinuxResourcesValue>(spec, ['linux', 'resources'], 1);
}

/**
 * Creates `linux.resources.cpu` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: `setCPU`.
 */
export function ensureLinuxCPU(spec: Spec): SectionOf<LinuxResourcesValue['cpu']> | undefined {
  return path<LinuxResourcesValue['cpu']>(spec, ['linux', 'resources', 'cpu'], 1);
}

/**
 * Creates `linux.resources.memory` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit` and `WithMemorySwap`.
 */
export function ensureLinuxMemory(spec: Spec): SectionOf<LinuxResourcesValue['memory']> | undefined {
  return path<LinuxResourcesValue['memory']>(spec, ['linux', 'resources', 'memory'], 1);
}

/**
 * Creates `linux.resources.pids` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Pids` creation of `WithPidsLimit`.
 */
export function ensureLinuxPids(spec: Spec): SectionOf<LinuxResourcesValue['pids']> | undefined {
  return path<LinuxResourcesValue['pids']>(spec, ['linux', 'resources', 'pids'], 1);
}

/** Creates `process` and `process.capabilities`; returns the capabilities. containerd: `setCapabilities`. */
export function ensureCapabilities(spec: Spec): SectionOf<ProcessValue['capabilities']> {
  return writable(ensureProcess(spec), 'capabilities', true);
}

/**
 * Creates `windows`; returns it. containerd: the inline `if s.Windows == nil { s.Windows = &specs.Windows{} }` of
 * `WithWindowsHyperV`, `WithWindowsDevice`, `WithWindowsIgnoreFlushesDuringBoot`, ...
 */
export function ensureWindows(spec: Spec): SectionOf<WindowsValue> {
  return writable(spec, 'windows', true);
}

/**
 * Creates `windows.resources` only if `windows` exists; otherwise `undefined`.
 * containerd: `setResourcesWindows`.
 */
export function ensureWindowsResources(spec: Spec): SectionOf<WindowsResourcesValue> | undefined {
  return path<WindowsResourcesValue>(spec, ['windows', 'resources'], 1);
}

/**
 * Creates `windows.resources.cpu` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: `setCPUWindows`.
 */
export function ensureWindowsCPU(spec: Spec): SectionOf<WindowsResourcesValue['cpu']> | undefined {
  return path<WindowsResourcesValue['cpu']>(spec, ['windows', 'resources', 'cpu'], 1);
}

/**
 * Creates `windows.resources.memory` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit`'s Windows branch.
 */
export function ensureWindowsMemory(spec: Spec): SectionOf<WindowsResourcesValue['memory']> | undefined {
  return path<WindowsResourcesValue['memory']>(spec, ['windows', 'resources', 'memory'], 1);
}

/**
 * Creates `windows` and `windows.network`; returns the network.
 * containerd: the inline creation of `WithWindowNetworksAllowUnqualifiedDNSQuery`/`WithWindowsNetworkNamespace`.
 */
export function ensureWindowsNetwork(spec: Spec): SectionOf<WindowsValue['network']> {
  return writable(ensureWindows(spec), 'network', true);
}

/** Creates `windows` and `windows.hyperv`; returns the Hyper-V section. containerd: `WithWindowsHyperV`'s body. */
export function ensureWindowsHyperV(spec: Spec): SectionOf<WindowsValue['hyperv']> {
  return writable(ensureWindows(spec), 'hyperv', true);
}

/**
 * Creates `process` (and its user), then prepends `user.gid` (0 when absent) to `user.additionalGids` unless it is
 * already there; the rest of the list is kept as is (no dedupe, no sort). Returns the user.
 * containerd: `ensureAdditionalGids`.
 */
export function ensureAdditionalGids(spec: Spec): SectionOf<ProcessValue['user']> {
  const user = ensureUser(spec);
  const gid = user.gid ?? 0;
  const gids = current(user, 'additionalGids');
  if (gids == null || gids.length === 0) {
    user.additionalGids = [gid];
  } else if (!gids.includes(gid)) {
    user.additionalGids = [gid, ...gids];
  }
  return user;
}
