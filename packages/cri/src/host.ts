/**
 * The host facts containerd CRI reads while it builds a spec (its `pkg/os` OS interface, the cgroup probes of
 * `internal/cri/opts/spec_linux.go`, the SELinux, AppArmor and seccomp probes of the CRI service), behind one
 * injectable interface. {@link criHostFromFS} derives the real facts from core's `HostFS` (so a pipeline built with
 * a fake `host` gets fake facts too); tests pass a {@link fakeCriHost}.
 */
import * as fs from 'node:fs';
import type { HostAccess, HostFS, SpecContext } from '@ocispec/core';
import { nodeHost } from '@ocispec/core';
import { cleanPath, errnoText, nodeHostFS } from '@ocispec/core/internal';

/** One line of `/proc/self/mountinfo`, the fields containerd's `mount.Info` carries that CRI reads. */
export interface MountInfo {
  readonly mountpoint: string;
  /** Optional fields (`shared:1 master:2`), space separated. */
  readonly optional: string;
  /** Super block options (`rw,nsdelegate,memory_recursiveprot`). */
  readonly vfsOptions: string;
  /** The file system type (`cgroup2`, `ext4` ...). */
  readonly fsType?: string;
}

/** What the CRI options and the spec builders learn from the host. Every call is synchronous. */
export interface CriHostFacts {
  /** `os.Hostname()`: the HOSTNAME env of a container whose pod sets no hostname. */
  hostname(): string;
  /** `os.Stat(path) == nil` (sandbox files, host paths of mounts). */
  exists(path: string): boolean;
  /** `os.MkdirAll(path, 0755)`; throws Node's errno error. */
  mkdirAll(path: string): void;
  /** `filepath.EvalSymlinks` (containerd's `ResolveSymbolicLink`); throws Node's errno error. */
  resolveSymlink(path: string): string;
  /** The mount `path` lives on (`mount.Lookup`); throws when it cannot be found. */
  lookupMount(path: string): MountInfo;
  /** cgroup v2 unified mode (`/sys/fs/cgroup` is a cgroup2 file system). */
  cgroupUnified(): boolean;
  /** The memory swap controller is usable (`memory.memsw.limit_in_bytes` / `memory.swap.max`). */
  swapControllerAvailable(): boolean;
  /** The hugetlb controller is present (v1 `/sys/fs/cgroup/hugetlb`, v2 `cgroup.controllers`). */
  hugetlbControllerPresent(): boolean;
  /** `/proc/self/oom_score_adj` of the daemon; throws (containerd's wording) when unreadable. */
  oomScoreAdj(): number;
  /** SELinux is enabled on the host (`selinux.GetEnabled`). */
  selinuxEnabled(): boolean;
  /**
   * `label.InitLabels(options)`: the process and mount labels for label options (`user:`, `role:`, `type:`,
   * `level:`). With SELinux disabled both are `""`.
   */
  initLabels(options: readonly string[]): { processLabel: string; mountLabel: string };
  /** AppArmor is usable (`apparmor.HostSupports`). */
  apparmorEnabled(): boolean;
  /** A profile of that name is loaded (`/sys/kernel/security/apparmor/profiles`); throws when unreadable. */
  apparmorProfileExists(profile: string): boolean;
  /** Seccomp is supported (`seccomp.IsEnabled`: a `Seccomp:` line in `/proc/self/status`). */
  seccompEnabled(): boolean;
}

const decoder = new TextDecoder();

function readText(hostFS: HostFS, file: string): string {
  return decoder.decode(hostFS.readFile(file));
}

function tryReadText(hostFS: HostFS, file: string): string | undefined {
  try {
    return readText(hostFS, file);
  } catch {
    return undefined;
  }
}

/** Unescapes mountinfo's octal escapes (`\040` is a space). */
function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Parses `/proc/self/mountinfo` text. */
export function parseMountinfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6) continue;
    mounts.push({
      mountpoint: unescapeMountinfo(fields[4]!),
      optional: fields.slice(6, dash).join(' '),
      vfsOptions: fields[dash + 3] ?? '',
      fsType: fields[dash + 1] ?? '',
    });
  }
  return mounts;
}

/**
 * containerd's `mount.Lookup(dir)`: the mount whose mount point is the longest prefix of `dir` (resolved); the last
 * such line wins (the one mounted on top).
 */
export function lookupMountIn(mounts: readonly MountInfo[], dir: string): MountInfo {
  let best: MountInfo | undefined;
  for (const m of mounts) {
    const prefix = m.mountpoint === '/' ? '/' : `${m.mountpoint}/`;
    if (dir === m.mountpoint || dir.startsWith(prefix)) {
      if (best === undefined || m.mountpoint.length >= best.mountpoint.length) best = m;
    }
  }
  if (best === undefined) throw new Error(`failed to find the mount info for ${JSON.stringify(dir)}`);
  return best;
}

/** The cgroup v2 path of this process (`0::/path` of `/proc/self/cgroup`), `""` when absent. */
function unifiedCgroupPath(text: string): string {
  for (const line of text.split('\n')) {
    if (line.startsWith('0::')) return line.slice(3);
  }
  return '';
}

/** Memoizes a zero-argument fact (containerd probes each once per process). */
function once<T>(probe: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = probe();
      done = true;
    }
    return value;
  };
}

/**
 * The real host facts, read through `hostFS` (core's injectable file access): mountinfo, cgroup files, `/proc`
 * and `/sys` entries. `mkdirAll` creates directories only on the real file system (`nodeHostFS`); over any other
 * `HostFS` it does nothing. cgroup, swap, hugetlb, SELinux, AppArmor and seccomp answers are probed once.
 */
export function criHostFromFS(hostFS: HostFS = nodeHostFS): CriHostFacts {
  const exists = (p: string): boolean => {
    try {
      hostFS.stat(p);
      return true;
    } catch {
      return false;
    }
  };
  const cgroupUnified = once(() => {
    // cgroup2 mounted at /sys/fs/cgroup has cgroup.controllers at its root; v1 (tmpfs of controllers) has not.
    const mounts = tryReadText(hostFS, '/proc/self/mountinfo');
    const cgroupMount =
      mounts === undefined
        ? undefined
        : parseMountinfo(mounts)
            .filter((m) => m.mountpoint === '/sys/fs/cgroup')
            .at(-1);
    if (cgroupMount !== undefined) return cgroupMount.fsType === 'cgroup2';
    return exists('/sys/fs/cgroup/cgroup.controllers');
  });
  const selinuxEnabled = once(() => exists('/sys/fs/selinux/enforce'));
  return {
    hostname: () => tryReadText(hostFS, '/proc/sys/kernel/hostname')?.trim() ?? '',
    exists,
    mkdirAll: (p) => {
      if (hostFS === nodeHostFS) fs.mkdirSync(p, { recursive: true, mode: 0o755 });
    },
    resolveSymlink: (p) => hostFS.realpath(p),
    lookupMount: (p) => lookupMountIn(parseMountinfo(readText(hostFS, '/proc/self/mountinfo')), p),
    cgroupUnified,
    swapControllerAvailable: once(() => {
      if (!cgroupUnified()) return exists('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes');
      const self = tryReadText(hostFS, '/proc/self/cgroup');
      if (self === undefined) return false;
      return exists(cleanPath(`/sys/fs/cgroup/${unifiedCgroupPath(self)}/memory.swap.max`));
    }),
    hugetlbControllerPresent: once(() => {
      if (cgroupUnified()) {
        return (tryReadText(hostFS, '/sys/fs/cgroup/cgroup.controllers') ?? '').includes('hugetlb');
      }
      try {
        hostFS.readdir('/sys/fs/cgroup/hugetlb');
        return true;
      } catch {
        return false;
      }
    }),
    oomScoreAdj: () => {
      let text: string;
      try {
        text = readText(hostFS, '/proc/self/oom_score_adj');
      } catch (error) {
        throw new Error(
          `could not get the daemon oom_score_adj: open /proc/self/oom_score_adj: ${errnoText(error)}`,
        );
      }
      const trimmed = text.trim();
      if (!/^[+-]?\d+$/.test(trimmed)) {
        throw new Error(
          `could not get the daemon oom_score_adj: strconv.Atoi: parsing ${JSON.stringify(trimmed)}: invalid syntax`,
        );
      }
      return Number(trimmed);
    },
    selinuxEnabled,
    initLabels: (options) => {
      if (!selinuxEnabled()) return { processLabel: '', mountLabel: '' };
      throw new Error(
        `SELinux is enabled on this host: allocating labels (${options.join(',') || 'default'}) needs an injected initLabels`,
      );
    },
    apparmorEnabled: once(() => {
      const enabled = tryReadText(hostFS, '/sys/module/apparmor/parameters/enabled');
      return enabled?.startsWith('Y') === true && exists('/sbin/apparmor_parser');
    }),
    apparmorProfileExists: (profile) => {
      if (profile === '') throw new Error('nil apparmor profile is not supported');
      const text = readText(hostFS, '/sys/kernel/security/apparmor/profiles');
      return text.split('\n').some((line) => line.startsWith(`${profile} (`));
    },
    seccompEnabled: once(() => /^Seccomp:/m.test(tryReadText(hostFS, '/proc/self/status') ?? '')),
  };
}

const factsByHost = new WeakMap<HostAccess, CriHostFacts>();

/**
 * A host access (a copy of `access`: the same files, user-namespace answer and named-file policy) whose CRI host
 * facts are `facts`: the cri options of a composition over it, and the spec builders given a pipeline over it,
 * read `facts` instead of deriving them from the files. `criPipeline({ host })` builds its pipeline over one; to
 * apply a cri option outside a pipeline with fake facts, pass one to `createContext({ host })`.
 */
export function withCriHostFacts(facts: CriHostFacts, access: HostAccess = nodeHost): HostAccess {
  const bound: HostAccess = {
    fs: access.fs,
    runningInUserNS: () => access.runningInUserNS(),
    ...(access.namedFiles === undefined ? {} : { namedFiles: access.namedFiles }),
  };
  factsByHost.set(bound, facts);
  return bound;
}

/**
 * The host facts of a host access: those it was given ({@link withCriHostFacts}), else derived once from its files
 * (the real host's for `nodeHost`).
 */
export function criHostFor(access: HostAccess): CriHostFacts {
  let facts = factsByHost.get(access);
  if (facts === undefined) {
    facts = access === nodeHost ? realCriHost() : criHostFromFS(access.fs);
    factsByHost.set(access, facts);
  }
  return facts;
}

/** The host facts of a composition: derived once from its `ctx.host` (the real host by default). */
export function criHostOf(ctx: SpecContext): CriHostFacts {
  return criHostFor(ctx.host);
}

let real: CriHostFacts | undefined;

/** The facts of the machine running the code (cached). */
export function realCriHost(): CriHostFacts {
  real ??= criHostFromFS(nodeHostFS);
  return real;
}

/**
 * Facts for tests: a cgroup v2 host with swap and hugetlb, no SELinux, AppArmor or seccomp, oom score 0, every path
 * existing and resolving to itself, every mount private; override any of them.
 */
export function fakeCriHost(overrides: Partial<CriHostFacts> = {}): CriHostFacts {
  return {
    hostname: () => 'fake-hostname',
    exists: () => true,
    mkdirAll: () => {},
    resolveSymlink: (p) => p,
    lookupMount: (p) => ({ mountpoint: p, optional: '', vfsOptions: 'rw' }),
    cgroupUnified: () => true,
    swapControllerAvailable: () => true,
    hugetlbControllerPresent: () => true,
    oomScoreAdj: () => 0,
    selinuxEnabled: () => false,
    initLabels: () => ({ processLabel: '', mountLabel: '' }),
    apparmorEnabled: () => false,
    apparmorProfileExists: () => false,
    seccompEnabled: () => false,
    ...overrides,
  };
}
