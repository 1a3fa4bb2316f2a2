/**
 * containerd's create-if-missing helpers (`setProcess`, `setLinux`, `setResources`, `setCPU`, ... at the top of
 * `pkg/oci/spec_opts.go`), in one place. Each returns the section it ensures, so an option calls one and then
 * writes its field; options never build sections inline.
 *
 * "Creates X" means: if X is absent or `null` (Go's nil pointer), set it to `{}` (Go's zero struct). Helpers whose
 * containerd counterpart only acts when a parent section exists (`setResources`, `setCPU`, `setCPUWindows`) keep
 * that rule and return `undefined` when the parent is missing, creating nothing.
 *
 * The section returned is a writable node (`draft.ts`): a plain object, no proxy, whose own fields take writes
 * directly. What is nested in it is read-only (it may be shared with the base): an option replaces a nested list
 * or object with a new value computed from the current one (`peekArray`), or asks for the nested section with the
 * helper for it (`ensureUser`, `ensureCapabilities`, ...). The types say so: nested values are `Immutable`.
 */
import { type WritableNode, writableAt, writableNode } from './draft.js';
import type { Spec } from './model/index.js';

type SpecValue = Spec | WritableNode<Spec>;
type ProcessValue = NonNullable<Spec['process']>;
type LinuxValue = NonNullable<Spec['linux']>;
type LinuxResourcesValue = NonNullable<LinuxValue['resources']>;
type WindowsValue = NonNullable<Spec['windows']>;
type WindowsResourcesValue = NonNullable<WindowsValue['resources']>;

type ProcessSection = WritableNode<ProcessValue>;
type UserSection = WritableNode<NonNullable<ProcessValue['user']>>;
type CapabilitiesSection = WritableNode<NonNullable<ProcessValue['capabilities']>>;
type RootSection = WritableNode<NonNullable<Spec['root']>>;
type LinuxSection = WritableNode<LinuxValue>;
type LinuxResourcesSection = WritableNode<LinuxResourcesValue>;
type LinuxCPUSection = WritableNode<NonNullable<LinuxResourcesValue['cpu']>>;
type LinuxMemorySection = WritableNode<NonNullable<LinuxResourcesValue['memory']>>;
type LinuxPidsSection = WritableNode<NonNullable<LinuxResourcesValue['pids']>>;
type WindowsSection = WritableNode<WindowsValue>;
type WindowsResourcesSection = WritableNode<WindowsResourcesValue>;
type WindowsCPUSection = WritableNode<NonNullable<WindowsResourcesValue['cpu']>>;
type WindowsMemorySection = WritableNode<NonNullable<WindowsResourcesValue['memory']>>;
type WindowsNetworkSection = WritableNode<NonNullable<WindowsValue['network']>>;
type WindowsHyperVSection = WritableNode<NonNullable<WindowsValue['hyperv']>>;

/** The section at `path`, writable; the first `mustExist` sections must be there (else `undefined`). */
function section<T>(spec: SpecValue, path: readonly string[], mustExist = 0): WritableNode<T> | undefined {
  return writableAt(spec, path, mustExist) as WritableNode<T> | undefined;
}

const PROCESS = ['process'];
const USER = ['process', 'user'];
const CAPABILITIES = ['process', 'capabilities'];
const ROOT = ['root'];
const LINUX = ['linux'];
const LINUX_RESOURCES = ['linux', 'resources'];
const LINUX_CPU = ['linux', 'resources', 'cpu'];
const LINUX_MEMORY = ['linux', 'resources', 'memory'];
const LINUX_PIDS = ['linux', 'resources', 'pids'];
const WINDOWS = ['windows'];
const WINDOWS_RESOURCES = ['windows', 'resources'];
const WINDOWS_CPU = ['windows', 'resources', 'cpu'];
const WINDOWS_MEMORY = ['windows', 'resources', 'memory'];
const WINDOWS_NETWORK = ['windows', 'network'];
const WINDOWS_HYPERV = ['windows', 'hyperv'];

/** The spec itself as a writable node: its top-level fields take writes without a proxy. */
export function writableSpec(spec: SpecValue): WritableNode<Spec> {
  return writableNode(spec as Spec);
}

/** Creates `process`; returns it. containerd: `setProcess`. */
export function ensureProcess(spec: SpecValue): ProcessSection {
  return section<ProcessValue>(spec, PROCESS)!;
}

/**
 * Creates `process` and `process.user` (a struct value in Go, so it always exists there); returns the user.
 * containerd: `setProcess` (the `User` struct comes with it).
 */
export function ensureUser(spec: SpecValue): UserSection {
  return section<NonNullable<ProcessValue['user']>>(spec, USER)!;
}

/** Creates `root`; returns it. containerd: `setRoot`. */
export function ensureRoot(spec: SpecValue): RootSection {
  return section<NonNullable<Spec['root']>>(spec, ROOT)!;
}

/** Creates `linux`; returns it. containerd: `setLinux`. */
export function ensureLinux(spec: SpecValue): LinuxSection {
  return section<LinuxValue>(spec, LINUX)!;
}

/**
 * Creates `linux.resources` only if `linux` exists (a spec without `linux` is left alone: `undefined`).
 * containerd: `setResources` (HEAD; 1.6.20 also created `windows.resources`).
 */
export function ensureLinuxResources(spec: SpecValue): LinuxResourcesSection | undefined {
  return section<LinuxResourcesValue>(spec, LINUX_RESOURCES, 1);
}

/**
 * Creates `linux.resources.cpu` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: `setCPU`.
 */
export function ensureLinuxCPU(spec: SpecValue): LinuxCPUSection | undefined {
  return section<NonNullable<LinuxResourcesValue['cpu']>>(spec, LINUX_CPU, 1);
}

/**
 * Creates `linux.resources.memory` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit` and `WithMemorySwap`.
 */
export function ensureLinuxMemory(spec: SpecValue): LinuxMemorySection | undefined {
  return section<NonNullable<LinuxResourcesValue['memory']>>(spec, LINUX_MEMORY, 1);
}

/**
 * Creates `linux.resources.pids` (and `resources`) only if `linux` exists; otherwise `undefined`.
 * containerd: the inline `Pids` creation of `WithPidsLimit`.
 */
export function ensureLinuxPids(spec: SpecValue): LinuxPidsSection | undefined {
  return section<NonNullable<LinuxResourcesValue['pids']>>(spec, LINUX_PIDS, 1);
}

/** Creates `process` and `process.capabilities`; returns the capabilities. containerd: `setCapabilities`. */
export function ensureCapabilities(spec: SpecValue): CapabilitiesSection {
  return section<NonNullable<ProcessValue['capabilities']>>(spec, CAPABILITIES)!;
}

/**
 * Creates `windows`; returns it. containerd: the inline `if s.Windows == nil { s.Windows = &specs.Windows{} }` of
 * `WithWindowsHyperV`, `WithWindowsDevice`, `WithWindowsIgnoreFlushesDuringBoot`, ...
 */
export function ensureWindows(spec: SpecValue): WindowsSection {
  return section<WindowsValue>(spec, WINDOWS)!;
}

/**
 * Creates `windows.resources` only if `windows` exists; otherwise `undefined`.
 * containerd: `setResourcesWindows`.
 */
export function ensureWindowsResources(spec: SpecValue): WindowsResourcesSection | undefined {
  return section<WindowsResourcesValue>(spec, WINDOWS_RESOURCES, 1);
}

/**
 * Creates `windows.resources.cpu` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: `setCPUWindows`.
 */
export function ensureWindowsCPU(spec: SpecValue): WindowsCPUSection | undefined {
  return section<NonNullable<WindowsResourcesValue['cpu']>>(spec, WINDOWS_CPU, 1);
}

/**
 * Creates `windows.resources.memory` (and `resources`) only if `windows` exists; otherwise `undefined`.
 * containerd: the inline `Resources`/`Memory` creation of `WithMemoryLimit`'s Windows branch.
 */
export function ensureWindowsMemory(spec: SpecValue): WindowsMemorySection | undefined {
  return section<NonNullable<WindowsResourcesValue['memory']>>(spec, WINDOWS_MEMORY, 1);
}

/**
 * Creates `windows` and `windows.network`; returns the network.
 * containerd: the inline creation of `WithWindowNetworksAllowUnqualifiedDNSQuery`/`WithWindowsNetworkNamespace`.
 */
export function ensureWindowsNetwork(spec: SpecValue): WindowsNetworkSection {
  return section<NonNullable<WindowsValue['network']>>(spec, WINDOWS_NETWORK)!;
}

/** Creates `windows` and `windows.hyperv`; returns the Hyper-V section. containerd: `WithWindowsHyperV`'s body. */
export function ensureWindowsHyperV(spec: SpecValue): WindowsHyperVSection {
  return section<NonNullable<WindowsValue['hyperv']>>(spec, WINDOWS_HYPERV)!;
}

/**
 * Creates `process` (and its user), then prepends `user.gid` (0 when absent) to `user.additionalGids` unless it is
 * already there; the rest of the list is kept as is (no dedupe, no sort). Returns the user.
 * containerd: `ensureAdditionalGids`.
 */
export function ensureAdditionalGids(spec: SpecValue): UserSection {
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
