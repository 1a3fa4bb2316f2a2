/**
 * containerd's create-if-missing helpers (`setProcess`, `setLinux`, `setResources`, `setCPU`, ... at the top of
 * `pkg/oci/spec_opts.go`), in one place. Each returns the section it ensures, so an option calls one and then
 * writes its field; options never build sections inline.
 *
 * "Creates X" means: if X is absent or `null` (Go's nil pointer), set it to `{}` (Go's zero struct). Helpers whose
 * containerd counterpart only acts when a parent section exists (`setResources`, `setCPU`, `setCPUWindows`) keep
 * that rule and return `undefined` when the parent is missing, creating nothing.
 *
 * A section created here is a new, unfrozen object assigned into the draft: read back through the draft it is
 * edited in place (see `draft.ts`), and it is frozen when the composition finishes.
 */
import type { Draft } from 'immer';
import type { Spec } from './model/index.js';

type DraftProcess = Draft<NonNullable<Spec['process']>>;
type DraftUser = Draft<NonNullable<NonNullable<Spec['process']>['user']>>;
type DraftCapabilities = Draft<NonNullable<NonNullable<Spec['process']>['capabilities']>>;
type DraftRoot = Draft<NonNullable<Spec['root']>>;
type DraftLinux = Draft<NonNullable<Spec['linux']>>;
type DraftLinuxResources = Draft<NonNullable<NonNullable<Spec['linux']>['resources']>>;
type LinuxResourcesValue = NonNullable<NonNullable<Spec['linux']>['resources']>;
type DraftLinuxCPU = Draft<NonNullable<LinuxResourcesValue['cpu']>>;
type DraftLinuxMemory = Draft<NonNullable<LinuxResourcesValue['memory']>>;
type DraftLinuxPids = Draft<NonNullable<LinuxResourcesValue['pids']>>;
type DraftWindows = Draft<NonNullable<Spec['windows']>>;
type WindowsValue = NonNullable<Spec['windows']>;
type DraftWindowsResources = Draft<NonNullable<WindowsValue['resources']>>;
type WindowsResourcesValue = NonNullable<WindowsValue['resources']>;
type DraftWindowsCPU = Draft<NonNullable<WindowsResourcesValue['cpu']>>;
type DraftWindowsMemory = Draft<NonNullable<WindowsResourcesValue['memory']>>;
type DraftWindowsNetwork = Draft<NonNullable<WindowsValue['network']>>;
type DraftWindowsHyperV = Draft<NonNullable<WindowsValue['hyperv']>>;

/** Creates `process`; returns it. containerd: `setProcess`. */
export function ensureProcess(spec: Draft<Spec>): DraftProcess {
  if (spec.process == null) spec.process = {};
  return spec.process;
}

/**
 * Creates `process` and `process.user` (a struct value in Go, so it always exists there); returns the user.
 * containerd: `setProcess` (the `User` struct comes with it).
 */
export function ensureUser(spec: Draft<Spec>): DraftUser {
  const process = ensureProcess(spec);
  if (process.user == null) process.user = {};
  return process.user;
}

/** Creates `root`; returns it. containerd: `setRoot`. */
export function ensureRoot(spec: Draft<Spec>): DraftRoot {
  if (spec.root == null) spec.root = {};
  return spec.root;
}

/** Creates `linux`; returns it. containerd: `setLinux`. */
export function ensureLinux(spec: Draft<Spec>): DraftLinux {
  if (spec.linux == null) spec.linux = {};
  return spec.linux;
}

/**
 * Creates `linux.resources` only if `linux` exists (a spec without `linux` is left alone: `undefined`).
 * containerd: `setResources` (HEAD; 1.6.20 also created `windows.resources`).
 */
export function ensureLinuxResources(spec: Draft<Spec>): DraftLinuxResources | undefined {
  const linux = spec.linux;
  if (linux == null) return undefined;
  if (linux.resources == null) linux.resources = {};
  return linux.resources;
}

/**
 * Creates `linux.resources.cpu` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: `setCPU`.
 */
export function ensureLinuxCPU(spec: Draft<Spec>): DraftLinuxCPU | undefined {
  const resources = ensureLinuxResources(spec);
  if (resources === undefined) return undefined;
  if (resources.cpu == null) resources.cpu = {};
  return resources.cpu;
}

/**
 * Creates `linux.resources.memory` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit` and `WithMemorySwap`.
 */
export function ensureLinuxMemory(spec: Draft<Spec>): DraftLinuxMemory | undefined {
  const resources = ensureLinuxResources(spec);
  if (resources === undefined) return undefined;
  if (resources.memory == null) resources.memory = {};
  return resources.memory;
}

/**
 * Creates `linux.resources.pids` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Pids` creation of `WithPidsLimit`.
 */
export function ensureLinuxPids(spec: Draft<Spec>): DraftLinuxPids | undefined {
  const resources = ensureLinuxResources(spec);
  if (resources === undefined) return undefined;
  if (resources.pids == null) resources.pids = {};
  return resources.pids;
}

/** Creates `process` and `process.capabilities`; returns the capabilities. containerd: `setCapabilities`. */
export function ensureCapabilities(spec: Draft<Spec>): DraftCapabilities {
  const process = ensureProcess(spec);
  if (process.capabilities == null) process.capabilities = {};
  return process.capabilities;
}

/**
 * Creates `windows`; returns it. containerd: the inline `if s.Windows == nil { s.Windows = &specs.Windows{} }` of
 * `WithWindowsHyperV`, `WithWindowsDevice`, `WithWindowsIgnoreFlushesDuringBoot`, ...
 */
export function ensureWindows(spec: Draft<Spec>): DraftWindows {
  if (spec.windows == null) spec.windows = {};
  return spec.windows;
}

/**
 * Creates `windows.resources` only if `windows` exists; otherwise `undefined`.
 * containerd: `setResourcesWindows`.
 */
export function ensureWindowsResources(spec: Draft<Spec>): DraftWindowsResources | undefined {
  const windows = spec.windows;
  if (windows == null) return undefined;
  if (windows.resources == null) windows.resources = {};
  return windows.resources;
}

/**
 * Creates `windows.resources.cpu` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: `setCPUWindows`.
 */
export function ensureWindowsCPU(spec: Draft<Spec>): DraftWindowsCPU | undefined {
  const resources = ensureWindowsResources(spec);
  if (resources === undefined) return undefined;
  if (resources.cpu == null) resources.cpu = {};
  return resources.cpu;
}

/**
 * Creates `windows.resources.memory` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit`'s Windows branch.
 */
export function ensureWindowsMemory(spec: Draft<Spec>): DraftWindowsMemory | undefined {
  const resources = ensureWindowsResources(spec);
  if (resources === undefined) return undefined;
  if (resources.memory == null) resources.memory = {};
  return resources.memory;
}

/**
 * Creates `windows` and `windows.network`; returns the network.
 * containerd: the inline creation of `WithWindowNetworksAllowUnqualifiedDNSQuery`/`WithWindowsNetworkNamespace`.
 */
export function ensureWindowsNetwork(spec: Draft<Spec>): DraftWindowsNetwork {
  const windows = ensureWindows(spec);
  if (windows.network == null) windows.network = {};
  return windows.network;
}

/** Creates `windows` and `windows.hyperv`; returns the Hyper-V section. containerd: `WithWindowsHyperV`'s body. */
export function ensureWindowsHyperV(spec: Draft<Spec>): DraftWindowsHyperV {
  const windows = ensureWindows(spec);
  if (windows.hyperv == null) windows.hyperv = {};
  return windows.hyperv;
}

/**
 * Creates `process` (and its user), then prepends `user.gid` (0 when absent) to `user.additionalGids` unless it is
 * already there; the rest of the list is kept as is (no dedupe, no sort). Returns the user.
 * containerd: `ensureAdditionalGids`.
 */
export function ensureAdditionalGids(spec: Draft<Spec>): DraftUser {
  const user = ensureUser(spec);
  const gid = user.gid ?? 0;
  const current = user.additionalGids;
  if (current == null || current.length === 0) {
    user.additionalGids = [gid];
  } else if (!current.includes(gid)) {
    user.additionalGids = [gid, ...current];
  }
  return user;
}
