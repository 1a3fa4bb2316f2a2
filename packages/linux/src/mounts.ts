/** `mounts` edits that belong to linux specs: the `/dev/shm` size, `/run`, and writeable sysfs/cgroupfs. */
import type { Spec, SpecDraft } from '@ocispec/core';
import { defineOpt, int64, peekArray, SpecOptError, withoutMounts, writable } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { z } from 'zod';

/** containerd's `ErrNoShmMount` text. */
export const ErrNoShmMount = 'no /dev/shm mount specified';

/** No `/dev/shm` tmpfs mount to resize (containerd's `ErrNoShmMount`): test with `instanceof`. */
export class NoShmMountError extends SpecOptError {
  constructor() {
    super(ErrNoShmMount);
  }
}

/**
 * Sets the size of the `/dev/shm` tmpfs mount: on the first mount whose cleaned destination is `/dev/shm`, source
 * `shm` and type `tmpfs`, every `size=` option is removed and `size=<kb>k` appended last (negative sizes pass
 * through). Creates nothing; fails with `no /dev/shm mount specified` ({@link NoShmMountError}) when there is no
 * such mount. Any OS.
 * containerd: `oci.WithDevShmSize`
 */
export const withDevShmSize = defineOpt({
  name: 'withDevShmSize',
  args: () => z.tuple([int64]),
  doc: 'Sets the size of the `/dev/shm` tmpfs mount: on the first mount whose cleaned destination is `/dev/shm`, source `shm` and type `tmpfs`, every `size=` option is removed and `size=<kb>k` appended last (negative sizes pass through).',
  containerd: 'oci.WithDevShmSize',
  apply(spec, _ctx, kb) {
    const mounts = peekArray(spec, 'mounts');
    const index = mounts.findIndex(
      (m) => cleanPath(m.destination ?? '') === '/dev/shm' && m.source === 'shm' && m.type === 'tmpfs',
    );
    if (index < 0) throw new NoShmMountError();
    const mount = writable(writable(spec, 'mounts', true), index, true);
    mount.options = [
      ...peekArray(mount, 'options').filter((o) => !o.startsWith('size=')),
      `size=${BigInt(kb)}k`,
    ];
  },
});

/**
 * Removes every mount whose cleaned destination is `/run` (as `withoutMounts("/run")`). Creates nothing. Any OS.
 * containerd: `oci.WithoutRunMount`
 */
export const withoutRunMount = defineOpt({
  name: 'withoutRunMount',
  args: () => z.tuple([]),
  doc: 'Removes every mount whose cleaned destination is `/run` (as `withoutMounts("/run")`).',
  containerd: 'oci.WithoutRunMount',
  apply(spec, ctx) {
    return withoutMounts.apply(spec, ctx, '/run');
  },
});

/**
 * Replaces each option exactly `ro` with `rw` (positions kept) on every mount of `type`: the list is copied once,
 * and only a mount holding `ro` is replaced.
 */
function makeWriteable(spec: SpecDraft<Spec>, type: string): void {
  const mounts = peekArray(spec, 'mounts');
  for (let i = 0; i < mounts.length; i++) {
    const mount = mounts[i]!;
    if (mount.type !== type) continue;
    const options = peekArray(mount, 'options');
    if (!options.includes('ro')) continue;
    writable(writable(spec, 'mounts', true), i, true).options = options.map((o) => (o === 'ro' ? 'rw' : o));
  }
}

/**
 * Replaces each option exactly `ro` with `rw`, in place, on every `sysfs` mount. Creates nothing. Any OS.
 * containerd: `oci.WithWriteableSysfs`
 */
export const withWriteableSysfs = defineOpt({
  name: 'withWriteableSysfs',
  args: () => z.tuple([]),
  doc: 'Replaces each option exactly `ro` with `rw`, in place, on every `sysfs` mount.',
  containerd: 'oci.WithWriteableSysfs',
  apply(spec) {
    makeWriteable(spec, 'sysfs');
  },
});

/**
 * Replaces each option exactly `ro` with `rw`, in place, on every `cgroup` mount. Creates nothing. Any OS.
 * containerd: `oci.WithWriteableCgroupfs`
 */
export const withWriteableCgroupfs = defineOpt({
  name: 'withWriteableCgroupfs',
  args: () => z.tuple([]),
  doc: 'Replaces each option exactly `ro` with `rw`, in place, on every `cgroup` mount.',
  containerd: 'oci.WithWriteableCgroupfs',
  apply(spec) {
    makeWriteable(spec, 'cgroup');
  },
});

/** The options of this file, in containerd's order. */
export const mountOptions = [
  withDevShmSize,
  withoutRunMount,
  withWriteableSysfs,
  withWriteableCgroupfs,
] as const;
