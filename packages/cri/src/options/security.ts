/**
 * Security settings: containerd CRI's default-settings reset, capabilities and SELinux labels
 * (`internal/cri/opts/spec_linux_opts.go`, `spec_opts.go`), and the privileged containers' label rule of
 * `CreateContainer` and `RunPodSandbox`. The seccomp and AppArmor choices are steps (`../steps/security.ts`) over
 * linux's options.
 */
import type { SpecContext, SpecOpt } from '@ocispec/core';
import { defineOpt, ensureCapabilities, ensureLinux, ensureProcess } from '@ocispec/core';
import {
  withCapabilities as ociWithCapabilities,
  withAddedCapabilities,
  withDroppedCapabilities,
} from '@ocispec/linux';
import { currentCapabilities } from '@ocispec/linux/internal';
import { z } from 'zod';
import type { Capability } from '../messages.js';
import { LinuxContainerSecurityContextSchema } from '../messages.js';

/**
 * Clears the default security settings a spec without a base runtime spec has: `process.apparmorProfile`,
 * `linux.seccomp` and `process.rlimits`. Creates `process`.
 * containerd: `opts.WithoutDefaultSecuritySettings`
 */
export const withoutDefaultSecuritySettings = defineOpt({
  name: 'cri.withoutDefaultSecuritySettings',
  args: () => z.tuple([]),
  doc: 'Clears the default security settings a spec without a base runtime spec has: `process.apparmorProfile`, `linux.seccomp` and `process.rlimits`.',
  containerd: 'opts.WithoutDefaultSecuritySettings',
  apply(spec) {
    const process = ensureProcess(spec);
    delete process.apparmorProfile;
    if (spec.linux != null) delete spec.linux.seccomp;
    delete process.rlimits;
  },
});

const isAll = (c: string): boolean => c.toUpperCase() === 'ALL';
const capName = (c: string): string => `CAP_${c.toUpperCase()}`;

/** The options a CRI `Capability` message stands for, in containerd's order. */
function capabilityOpts(caps: Capability, allCaps: () => readonly string[] | null): SpecOpt[] {
  const add = caps.addCapabilities ?? [];
  const drop = caps.dropCapabilities ?? [];
  const opts: SpecOpt[] = [];
  if (add.some(isAll)) opts.push(ociWithCapabilities(allCaps()));
  if (drop.some(isAll)) opts.push(ociWithCapabilities(null));
  opts.push(withAddedCapabilities(add.filter((c) => !isAll(c)).map(capName)));
  opts.push(withDroppedCapabilities(drop.filter((c) => !isAll(c)).map(capName)));
  return opts;
}

/** Runs sync options in order (the capability options are). */
function runAll(spec: Parameters<SpecOpt>[0], ctx: SpecContext, opts: readonly SpecOpt[]): void {
  for (const opt of opts) opt(spec, ctx);
}

/**
 * Applies the security context's capability adds and drops, `ALL` included. An `ALL` add (any case) sets every
 * capability of `allCaps` (absent: the daemon's own, `CapEff` of `/proc/self/status` read through `ctx.host`; `null`:
 * none), an `ALL` drop clears them, then the other adds and drops apply, each upper-cased and prefixed `CAP_`
 * (`cap_chown` gives `CAP_CAP_CHOWN`, as in containerd). No capabilities in the security context: nothing at all.
 * containerd: `opts.WithCapabilities`
 */
export const withCapabilities = defineOpt({
  name: 'cri.withCapabilities',
  args: () =>
    z.tuple([LinuxContainerSecurityContextSchema.nullable(), z.array(z.string()).nullable().optional()]),
  doc: "Applies the security context's capability adds and drops, `ALL` included.",
  containerd: 'opts.WithCapabilities',
  apply(spec, ctx, securityContext, allCaps) {
    const caps = securityContext?.capabilities;
    if (caps == null) return;
    runAll(
      spec,
      ctx,
      capabilityOpts(caps, () => (allCaps === undefined ? currentCapabilities(ctx) : allCaps)),
    );
  },
});

/**
 * Clears `process.capabilities.ambient`. Creates `process.capabilities`.
 * containerd: `opts.WithoutAmbientCaps`
 */
export const withoutAmbientCaps = defineOpt({
  name: 'cri.withoutAmbientCaps',
  args: () => z.tuple([]),
  doc: 'Clears `process.capabilities.ambient`.',
  containerd: 'opts.WithoutAmbientCaps',
  apply(spec) {
    delete ensureCapabilities(spec).ambient;
  },
});

/**
 * Sets `process.selinuxLabel` and `linux.mountLabel` (`""` is not printed: Go's omitempty). Creates `process` and
 * `linux`.
 * containerd: `opts.WithSelinuxLabels`
 */
export const withSelinuxLabels = defineOpt({
  name: 'cri.withSelinuxLabels',
  args: () => z.tuple([z.string(), z.string()]),
  doc: 'Sets `process.selinuxLabel` and `linux.mountLabel` (`""` is not printed: Go\'s omitempty).',
  containerd: 'opts.WithSelinuxLabels',
  apply(spec, _ctx, processLabel, mountLabel) {
    const linux = ensureLinux(spec);
    const process = ensureProcess(spec);
    linux.mountLabel = mountLabel;
    process.selinuxLabel = processLabel;
  },
});

/**
 * Removes `process.selinuxLabel`: a privileged container or pod sandbox keeps no SELinux process label (its mount
 * label stays). No `process`: nothing.
 * containerd has no such option: `CreateContainer` and `RunPodSandbox` set `spec.Process.SelinuxLabel = ""` for a
 * privileged config after building the spec.
 */
export const withoutSelinuxLabel = defineOpt({
  name: 'cri.withoutSelinuxLabel',
  args: () => z.tuple([]),
  doc: 'Removes `process.selinuxLabel`: a privileged container or pod sandbox keeps no SELinux process label (its mount label stays).',
  apply(spec) {
    if (spec.process != null) delete spec.process.selinuxLabel;
  },
});
