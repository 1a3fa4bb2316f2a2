/** Security settings: masked and read-only paths, SELinux, AppArmor, no seccomp, and the privileged preset. */
import type { SpecOpt } from '@ocispec/core';
import {
  compose,
  defineOpt,
  ensureLinux,
  ensureProcess,
  type OptDefinition,
  specOpt,
  z,
} from '@ocispec/core';
import { withAllCurrentCapabilities } from './capabilities.js';
import { withWriteableCgroupfs, withWriteableSysfs } from './mounts.js';

type Paths = readonly string[] | null;

/**
 * Replaces `linux.maskedPaths` with a copy of `paths` (`null` removes it). Creates `linux`. Any OS.
 * containerd: `oci.WithMaskedPaths`
 */
export function withMaskedPaths(paths: Paths): SpecOpt {
  return specOpt('withMaskedPaths', (spec) => {
    const linux = ensureLinux(spec);
    if (paths == null) delete linux.maskedPaths;
    else linux.maskedPaths = paths.slice();
  });
}

export const withMaskedPathsDefinition = defineOpt({
  name: 'withMaskedPaths',
  args: z.tuple([z.array(z.string()).nullable()]),
  factory: withMaskedPaths,
  doc: 'Replaces linux.maskedPaths.',
  containerd: 'oci.WithMaskedPaths',
});

/**
 * Replaces `linux.readonlyPaths` with a copy of `paths` (`null` removes it). Creates `linux`. Any OS.
 * containerd: `oci.WithReadonlyPaths`
 */
export function withReadonlyPaths(paths: Paths): SpecOpt {
  return specOpt('withReadonlyPaths', (spec) => {
    const linux = ensureLinux(spec);
    if (paths == null) delete linux.readonlyPaths;
    else linux.readonlyPaths = paths.slice();
  });
}

export const withReadonlyPathsDefinition = defineOpt({
  name: 'withReadonlyPaths',
  args: z.tuple([z.array(z.string()).nullable()]),
  factory: withReadonlyPaths,
  doc: 'Replaces linux.readonlyPaths.',
  containerd: 'oci.WithReadonlyPaths',
});

/**
 * Sets `process.selinuxLabel` (`""` clears it). Creates `process`. Any OS.
 * containerd: `oci.WithSelinuxLabel`
 */
export function withSelinuxLabel(label: string): SpecOpt {
  return specOpt('withSelinuxLabel', (spec) => {
    ensureProcess(spec).selinuxLabel = label;
  });
}

export const withSelinuxLabelDefinition = defineOpt({
  name: 'withSelinuxLabel',
  args: z.tuple([z.string()]),
  factory: withSelinuxLabel,
  doc: 'Sets process.selinuxLabel.',
  containerd: 'oci.WithSelinuxLabel',
});

/**
 * Sets `process.apparmorProfile` (`""` clears it). Creates `process`. Any OS.
 * containerd: `oci.WithApparmorProfile`
 */
export function withApparmorProfile(profile: string): SpecOpt {
  return specOpt('withApparmorProfile', (spec) => {
    ensureProcess(spec).apparmorProfile = profile;
  });
}

export const withApparmorProfileDefinition = defineOpt({
  name: 'withApparmorProfile',
  args: z.tuple([z.string()]),
  factory: withApparmorProfile,
  doc: 'Sets process.apparmorProfile.',
  containerd: 'oci.WithApparmorProfile',
});

/**
 * Removes `linux.seccomp` (no seccomp filter). Creates `linux`. Any OS.
 * containerd: `oci.WithSeccompUnconfined`
 */
export function withSeccompUnconfined(): SpecOpt {
  return specOpt('withSeccompUnconfined', (spec) => {
    delete ensureLinux(spec).seccomp;
  });
}

export const withSeccompUnconfinedDefinition = defineOpt({
  name: 'withSeccompUnconfined',
  args: z.tuple([]),
  factory: withSeccompUnconfined,
  doc: 'Removes linux.seccomp.',
  containerd: 'oci.WithSeccompUnconfined',
});

/**
 * The privileged preset, in order: the calling process's capabilities (`withAllCurrentCapabilities`), no masked
 * and no read-only paths, writeable sysfs and cgroupfs mounts, empty SELinux label and AppArmor profile, no
 * seccomp. Device rules, namespaces and `noNewPrivileges` are untouched. Creates `process`, its capabilities and
 * `linux`. For a non-linux target the capabilities are cleared (`withCapabilities(null)`).
 * containerd: `oci.WithPrivileged`
 */
export function withPrivileged(): SpecOpt {
  return specOpt(
    'withPrivileged',
    compose(
      withAllCurrentCapabilities(),
      withMaskedPaths(null),
      withReadonlyPaths(null),
      withWriteableSysfs(),
      withWriteableCgroupfs(),
      withSelinuxLabel(''),
      withApparmorProfile(''),
      withSeccompUnconfined(),
    ),
  );
}

export const withPrivilegedDefinition = defineOpt({
  name: 'withPrivileged',
  args: z.tuple([]),
  factory: withPrivileged,
  doc: 'All current capabilities, no masked/read-only paths, writeable sysfs/cgroupfs, no LSM labels, no seccomp.',
  containerd: 'oci.WithPrivileged',
});

/** The registry definitions of this file. */
export const securityOptions = [
  withMaskedPathsDefinition,
  withReadonlyPathsDefinition,
  withSelinuxLabelDefinition,
  withApparmorProfileDefinition,
  withSeccompUnconfinedDefinition,
  withPrivilegedDefinition,
] as readonly OptDefinition[];
