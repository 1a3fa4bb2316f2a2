/** Security settings: masked and read-only paths, SELinux, AppArmor, no seccomp, and the privileged preset. */
import { defineOpt, ensureLinux, ensureProcess } from '@ocispec/core';
import { z } from 'zod';
import { withAllCurrentCapabilities } from './capabilities.js';
import { withWriteableCgroupfs, withWriteableSysfs } from './mounts.js';

const paths = z.array(z.string()).nullable();

/**
 * Replaces `linux.maskedPaths` (`null` removes it). Creates `linux`. Any OS.
 * containerd: `oci.WithMaskedPaths`
 */
export const withMaskedPaths = defineOpt({
  name: 'withMaskedPaths',
  args: () => z.tuple([paths]),
  doc: 'Replaces `linux.maskedPaths` (`null` removes it).',
  containerd: 'oci.WithMaskedPaths',
  apply(spec, _ctx, list) {
    const linux = ensureLinux(spec);
    if (list == null) delete linux.maskedPaths;
    else linux.maskedPaths = list;
  },
});

/**
 * Replaces `linux.readonlyPaths` (`null` removes it). Creates `linux`. Any OS.
 * containerd: `oci.WithReadonlyPaths`
 */
export const withReadonlyPaths = defineOpt({
  name: 'withReadonlyPaths',
  args: () => z.tuple([paths]),
  doc: 'Replaces `linux.readonlyPaths` (`null` removes it).',
  containerd: 'oci.WithReadonlyPaths',
  apply(spec, _ctx, list) {
    const linux = ensureLinux(spec);
    if (list == null) delete linux.readonlyPaths;
    else linux.readonlyPaths = list;
  },
});

/**
 * Sets `process.selinuxLabel` (`""` clears it). Creates `process`. Any OS.
 * containerd: `oci.WithSelinuxLabel`
 */
export const withSelinuxLabel = defineOpt({
  name: 'withSelinuxLabel',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `process.selinuxLabel` (`""` clears it).',
  containerd: 'oci.WithSelinuxLabel',
  apply(spec, _ctx, label) {
    ensureProcess(spec).selinuxLabel = label;
  },
});

/**
 * Sets `process.apparmorProfile` (`""` clears it). Creates `process`. Any OS.
 * containerd: `oci.WithApparmorProfile`
 */
export const withApparmorProfile = defineOpt({
  name: 'withApparmorProfile',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `process.apparmorProfile` (`""` clears it).',
  containerd: 'oci.WithApparmorProfile',
  apply(spec, _ctx, profile) {
    ensureProcess(spec).apparmorProfile = profile;
  },
});

/**
 * Removes `linux.seccomp` (no seccomp filter). Creates `linux`. Any OS.
 * containerd: `oci.WithSeccompUnconfined`
 */
export const withSeccompUnconfined = defineOpt({
  name: 'withSeccompUnconfined',
  args: () => z.tuple([]),
  doc: 'Removes `linux.seccomp` (no seccomp filter).',
  containerd: 'oci.WithSeccompUnconfined',
  apply(spec) {
    delete ensureLinux(spec).seccomp;
  },
});

/**
 * The privileged preset: the calling process's capabilities, no masked and no read-only paths, writeable sysfs and
 * cgroupfs mounts, empty SELinux label and AppArmor profile, no seccomp (in that order). Device rules, namespaces
 * and `noNewPrivileges` are untouched. Creates `process`, its capabilities and `linux`. For a non-linux target the
 * capabilities are cleared (`withCapabilities(null)`).
 * containerd: `oci.WithPrivileged`
 */
export const withPrivileged = defineOpt({
  name: 'withPrivileged',
  args: () => z.tuple([]),
  doc: "The privileged preset: the calling process's capabilities, no masked and no read-only paths, writeable sysfs and cgroupfs mounts, empty SELinux label and AppArmor profile, no seccomp (in that order).",
  containerd: 'oci.WithPrivileged',
  apply(spec, ctx) {
    withAllCurrentCapabilities.apply(spec, ctx);
    withMaskedPaths.apply(spec, ctx, null);
    withReadonlyPaths.apply(spec, ctx, null);
    withWriteableSysfs.apply(spec, ctx);
    withWriteableCgroupfs.apply(spec, ctx);
    withSelinuxLabel.apply(spec, ctx, '');
    withApparmorProfile.apply(spec, ctx, '');
    withSeccompUnconfined.apply(spec, ctx);
  },
});

/** The options of this file, in containerd's order. */
export const securityOptions = [
  withMaskedPaths,
  withReadonlyPaths,
  withSelinuxLabel,
  withApparmorProfile,
  withSeccompUnconfined,
  withPrivileged,
] as const;
