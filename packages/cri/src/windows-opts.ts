/**
 * containerd CRI's windows spec options (`internal/cri/opts/spec_windows_opts.go`, `spec_windows.go`, HEAD).
 * `spec_windows_opts.go` builds on every OS; `WithProcessCommandLineOrArgsForWindows` is real only in a windows
 * build, which ocispec takes as a `windows/*` target (elsewhere it fails with containerd's `not implemented`).
 */
import type { Mount, SpecOpt } from '@ocispec/core';
import {
  ensureWindows,
  ensureWindowsCPU,
  ensureWindowsResources,
  type ImageConfig,
  withProcessArgs as ociWithProcessArgs,
  SpecOptError,
  specOpt,
  writable,
} from '@ocispec/core';
import { cleanPath, toUint64 } from '@ocispec/core/internal';
import { ImageConfigSchema } from '@ocispec/core/schemas';
import { escapeArg, withProcessCommandLine, withWindowsDevice } from '@ocispec/windows';
import { z } from 'zod';
import type { CriHostFacts } from './host.js';
import { criHostOf } from './host.js';
import { criOpt, ensureHostPath, mergeMounts, parseConfig, resolveHostPath } from './opt-helpers.js';
import { DEFAULT_SANDBOX_CPU_SHARES, orderedMounts } from './opts.js';
import type {
  ContainerConfig,
  CriMount,
  ParsedContainerConfig,
  ParsedCriMount,
  WindowsContainerResources,
} from './types.js';
import { ContainerConfigSchema, CriMountSchema, WindowsContainerResourcesSchema } from './types.js';

type WindowsResourcesInput = z.input<typeof WindowsContainerResourcesSchema>;

function isNamedPipe(p: string): boolean {
  return p.startsWith('\\\\.\\pipe\\');
}

/** Go's `filepath.Clean` for Windows paths (`/` → `\`, volume kept, `.`/`..` resolved, no trailing `\`). */
export function cleanWindowsPath(p: string): string {
  const slashed = p.replace(/\//g, '\\');
  let volume = '';
  let rest = slashed;
  const drive = /^[A-Za-z]:/.exec(slashed);
  if (drive !== null) {
    volume = drive[0];
    rest = slashed.slice(2);
  } else {
    const unc = /^\\\\[^\\]+\\[^\\]+/.exec(slashed);
    if (unc !== null) {
      volume = unc[0];
      rest = slashed.slice(volume.length);
    }
  }
  const cleaned = cleanPath(rest.replace(/\\/g, '/')).replace(/\//g, '\\');
  if (cleaned === '.' && volume !== '' && rest === '') return `${volume}.`;
  return volume + cleaned;
}

/** `cleanMount`: named pipes as they are, other paths cleaned. */
function cleanMount(p: string): string {
  return isNamedPipe(p) ? p : cleanWindowsPath(p);
}

/**
 * A CRI mount as a windows mount: the host path (named pipes untouched) created when missing, resolved and cleaned;
 * the destination cleaned and prefixed `C:` when rooted (a bare drive `X:` is kept, `C:` is refused); `ro`/`rw`.
 * containerd: `parseMount`.
 */
export function parseWindowsMount(host: CriHostFacts, mount: ParsedCriMount): Mount {
  let dst = mount.containerPath ?? '';
  let src = mount.hostPath ?? '';
  if (!isNamedPipe(src)) {
    ensureHostPath(host, src);
    src = cleanWindowsPath(resolveHostPath(host, src));
    if (dst.length !== 2 || dst[1] !== ':') {
      dst = cleanWindowsPath(dst);
      if (dst.startsWith('\\')) dst = `C:${dst}`;
    } else if (dst[0] === 'c' || dst[0] === 'C') {
      throw new SpecOptError('destination path can not be C drive');
    }
  }
  return { destination: dst, source: src, options: [mount.readonly === true ? 'ro' : 'rw'] };
}

/**
 * Merges the CRI mounts with the extra ones (a CRI mount wins on the same path), sorts them by depth, drops the
 * spec's mounts they override and appends them (see {@link parseWindowsMount}); no cgroup mount, no `/dev` rule.
 * containerd: `WithWindowsMounts`.
 */
export function withWindowsMounts(
  config: ContainerConfig | ParsedContainerConfig,
  extra: readonly CriMount[] | null | undefined,
  host?: CriHostFacts,
): SpecOpt {
  return specOpt('cri.withWindowsMounts', (spec, ctx) => {
    const hostFacts = host ?? criHostOf(ctx);
    const c = parseConfig(config);
    const extras = (extra ?? []).map((m) => CriMountSchema.parse(m));
    const sorted = orderedMounts(mergeMounts(c.mounts ?? [], extras, cleanMount));
    const mountSet = new Set(sorted.map((m) => cleanMount(m.containerPath ?? '')));
    const current = spec.mounts;
    if (current != null) {
      for (let i = current.length - 1; i >= 0; i--) {
        if (mountSet.has(cleanMount(current[i]!.destination ?? ''))) current.splice(i, 1);
      }
    }
    const parsed = sorted.map((m) => parseWindowsMount(hostFacts, m));
    if (parsed.length > 0) {
      if (spec.mounts == null) spec.mounts = parsed;
      else spec.mounts.push(...parsed);
    }
    if (spec.mounts != null && spec.mounts.length === 0) delete spec.mounts;
  });
}

/**
 * The CRI windows resources: creates `windows.resources.memory` (always) and `cpu` when a count, shares, maximum or
 * affinity is set; sets the non-zero values (shares and maximum as uint16) and the affinities (nil entries
 * skipped). No resources: nothing. containerd: `WithWindowsResources`.
 */
export function withWindowsResources(
  resources: WindowsResourcesInput | WindowsContainerResources | null | undefined,
): SpecOpt {
  return specOpt('cri.withWindowsResources', (spec) => {
    if (resources == null) return;
    const r = WindowsContainerResourcesSchema.parse(resources);
    ensureWindows(spec);
    const res = ensureWindowsResources(spec)!;
    const memory = writable(res, 'memory', true);
    const count = BigInt(toUint64(r.cpuCount ?? 0));
    const shares = Number(BigInt.asUintN(16, BigInt(r.cpuShares ?? 0)));
    const max = Number(BigInt.asUintN(16, BigInt(r.cpuMaximum ?? 0)));
    const limit = BigInt(toUint64(r.memoryLimitInBytes ?? 0));
    const affinities = (r.affinityCpus ?? [])
      .filter((a) => a != null)
      .map((a) => ({ mask: toUint64(a.cpuMask ?? 0), group: a.cpuGroup ?? 0 }));
    // cpu is created only when something goes into it (containerd leaves it nil otherwise)
    const cpu =
      count !== 0n || shares !== 0 || max !== 0 || affinities.length > 0
        ? writable(res, 'cpu', true)
        : undefined;
    if (count !== 0n) cpu!.count = toUint64(count);
    if (shares !== 0) cpu!.shares = shares;
    if (max !== 0) cpu!.maximum = max;
    if (limit !== 0n) memory.limit = toUint64(limit);
    if (affinities.length > 0) cpu!.affinity = affinities;
  });
}

/**
 * Replaces `windows.resources.cpu.affinity` with the config's affinities (nil entries kept as zero values: Go
 * would panic on them). No `windows`, resources or affinities: nothing. containerd: `WithWindowsAffinityCPUs`.
 */
export function withWindowsAffinityCPUs(config: ContainerConfig['windows'] | null | undefined): SpecOpt {
  return specOpt('cri.withWindowsAffinityCPUs', (spec) => {
    const parsed = config == null ? undefined : ContainerConfigSchema.shape.windows.parse(config);
    const affinityCpus = parsed?.resources?.affinityCpus;
    if (spec.windows == null || parsed?.resources == null || affinityCpus == null) return;
    ensureWindowsCPU(spec)!.affinity = affinityCpus.map((a) => ({
      mask: toUint64(a?.cpuMask ?? 0),
      group: a?.cpuGroup ?? 0,
    }));
  });
}

/** Sets `windows.resources.cpu.shares` to 2 (creates the sections). containerd: `WithWindowsDefaultSandboxShares`. */
export function withWindowsDefaultSandboxShares(): SpecOpt {
  return specOpt('cri.withWindowsDefaultSandboxShares', (spec) => {
    ensureWindows(spec);
    ensureWindowsCPU(spec)!.shares = DEFAULT_SANDBOX_CPU_SHARES;
  });
}

/** Sets `windows.credentialSpec` (creates `windows`). containerd: `WithWindowsCredentialSpec`. */
export function withWindowsCredentialSpec(credentialSpec: string): SpecOpt {
  return specOpt('cri.withWindowsCredentialSpec', (spec) => {
    ensureWindows(spec).credentialSpec = credentialSpec;
  });
}

/**
 * Adds each CRI device as a windows device: the host path must be `IDType://ID` (`class/X` means `class://X`), with
 * no container path and no permissions. containerd: `WithWindowsDevices`.
 */
export function withWindowsDevices(config: ContainerConfig | ParsedContainerConfig): SpecOpt {
  return specOpt('cri.withWindowsDevices', (spec, ctx) => {
    const c = parseConfig(config);
    for (const device of c.devices ?? []) {
      const containerPath = device.containerPath ?? '';
      const permissions = device.permissions ?? '';
      const original = device.hostPath ?? '';
      if (containerPath !== '')
        throw new SpecOptError(`unexpected ContainerPath ${containerPath}, must be empty`);
      if (permissions !== '') throw new SpecOptError(`unexpected Permissions ${permissions}, must be empty`);
      const hostPath = original.startsWith('class/')
        ? `class://${original.slice('class/'.length)}`
        : original;
      const at = hostPath.indexOf('://');
      if (at < 0) {
        throw new SpecOptError(`unrecognised HostPath format ${original}, must match IDType://ID`);
      }
      try {
        const result = withWindowsDevice(hostPath.slice(0, at), hostPath.slice(at + 3))(spec, ctx);
        if (result instanceof Promise) throw new TypeError('withWindowsDevice is synchronous');
      } catch (error) {
        throw new SpecOptError(
          `failed adding device with HostPath ${original}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  });
}

/**
 * containerd's windows `getArgs`: the CRI command rules without the `[""]` entrypoint exception, and whether the
 * first argument came from the image.
 */
export function getArgs(
  imgEntrypoint: readonly string[] | null | undefined,
  imgCmd: readonly string[] | null | undefined,
  ctrEntrypoint: readonly string[] | null | undefined,
  ctrCmd: readonly string[] | null | undefined,
): { args: string[]; firstArgFromImg: boolean } {
  let firstArgFromImg = false;
  let entrypoint = ctrEntrypoint ?? [];
  let cmd = ctrCmd ?? [];
  if (entrypoint.length === 0) {
    if (cmd.length === 0) {
      cmd = imgCmd ?? [];
      if ((imgCmd ?? []).length > 0) firstArgFromImg = true;
    }
    entrypoint = imgEntrypoint ?? [];
    if ((imgEntrypoint ?? []).length > 0 || (ctrCmd ?? []).length === 0) firstArgFromImg = true;
  }
  if (entrypoint.length === 0 && cmd.length === 0) throw new SpecOptError('no command specified');
  return { args: [...entrypoint, ...cmd], firstArgFromImg };
}

/**
 * With an image whose `ArgsEscaped` is set: `process.commandLine` (the image's first argument as is when it comes
 * from the image, every other argument escaped); otherwise `process.args`. Only for a windows target (containerd's
 * other builds return `not implemented`). containerd: `WithProcessCommandLineOrArgsForWindows`.
 */
export function withProcessCommandLineOrArgsForWindows(
  config: ContainerConfig | ParsedContainerConfig,
  image: ImageConfig | null | undefined,
): SpecOpt {
  return specOpt('cri.withProcessCommandLineOrArgsForWindows', (spec, ctx) => {
    if (ctx.platform.os !== 'windows') throw new SpecOptError('not implemented');
    const c = parseConfig(config);
    const { args, firstArgFromImg } = getArgs(image?.Entrypoint, image?.Cmd, c.command, c.args);
    if (image?.ArgsEscaped === true) {
      const cmdLine = firstArgFromImg
        ? args.length > 1
          ? `${args[0]} ${args.slice(1).map(escapeArg).join(' ')}`
          : args[0]!
        : args.map(escapeArg).join(' ');
      return withProcessCommandLine(cmdLine)(spec, ctx);
    }
    return ociWithProcessArgs(...args)(spec, ctx);
  });
}

/** Registry definitions of the windows options (`cri.withWindowsMounts` …), bound to `host` when given. */
export function criWindowsOptionDefinitions(host: CriHostFacts | undefined) {
  return [
    criOpt({
      name: 'cri.withWindowsMounts',
      args: z.tuple([ContainerConfigSchema, z.array(CriMountSchema).nullable()]),
      factory: (config, extra) =>
        withWindowsMounts(config as ContainerConfig, extra as CriMount[] | null, host),
      doc: 'Adds the CRI mounts as windows mounts.',
      containerd: 'opts.WithWindowsMounts',
    }),
    criOpt({
      name: 'cri.withWindowsResources',
      args: z.tuple([WindowsContainerResourcesSchema.nullable()]),
      factory: (r) => withWindowsResources(r as WindowsResourcesInput | null),
      doc: 'Sets the windows cpu and memory limits.',
      containerd: 'opts.WithWindowsResources',
    }),
    criOpt({
      name: 'cri.withWindowsAffinityCPUs',
      args: z.tuple([z.unknown()]),
      factory: (c) => withWindowsAffinityCPUs(c as ContainerConfig['windows']),
      doc: 'Replaces the windows cpu affinities.',
      containerd: 'opts.WithWindowsAffinityCPUs',
    }),
    criOpt({
      name: 'cri.withWindowsDefaultSandboxShares',
      args: z.tuple([]),
      factory: withWindowsDefaultSandboxShares,
      doc: 'Sets windows.resources.cpu.shares to 2.',
      containerd: 'opts.WithWindowsDefaultSandboxShares',
    }),
    criOpt({
      name: 'cri.withWindowsCredentialSpec',
      args: z.tuple([z.string()]),
      factory: withWindowsCredentialSpec,
      doc: 'Sets windows.credentialSpec.',
      containerd: 'opts.WithWindowsCredentialSpec',
    }),
    criOpt({
      name: 'cri.withWindowsDevices',
      args: z.tuple([ContainerConfigSchema]),
      factory: (c) => withWindowsDevices(c as ContainerConfig),
      doc: 'Adds the CRI devices as windows devices (IDType://ID).',
      containerd: 'opts.WithWindowsDevices',
    }),
    criOpt({
      name: 'cri.withProcessCommandLineOrArgsForWindows',
      args: z.tuple([ContainerConfigSchema, ImageConfigSchema.nullable()]),
      factory: (c, image) => withProcessCommandLineOrArgsForWindows(c as ContainerConfig, image),
      doc: 'Sets process.commandLine (ArgsEscaped images) or process.args.',
      containerd: 'opts.WithProcessCommandLineOrArgsForWindows',
    }),
  ] as const;
}
