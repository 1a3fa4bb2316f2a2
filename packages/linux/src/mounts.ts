/** `mounts` edits that belong to linux specs: the `/dev/shm` size, `/run`, and writeable sysfs/cgroupfs. */
import type { SpecOpt } from '@ocispec/core';
import {
  cleanPath,
  defineOpt,
  int64,
  type OptDefinition,
  peekArray,
  SpecOptError,
  specOpt,
  withoutMounts,
  writable,
  z,
} from '@ocispec/core';

/** containerd's `ErrNoShmMount` text. */
export const ErrNoShmMount = 'no /dev/shm mount specified';

/** No `/dev/shm` tmpfs mount to resize (containerd's `ErrNoShmMount`): test with `instanceof`. */
export class NoShmMountError extends SpecOptError {
  constructor() {
    super(ErrNoShmMount);
  }
}

/**
 * On the **first** mount whose cleaned destination is `/dev/shm`, source `shm` and type `tmpfs`, removes every
 * `size=` option and appends `size=<kb>k` last (negative sizes pass through). Creates nothing; fails with
 * `no /dev/shm mount specified` ({@link NoShmMountError}) when there is no such mount. Any OS.
 * containerd: `oci.WithDevShmSize`
 */
export function withDevShmSize(kb: number | bigint): SpecOpt {
  const size = `size=${BigInt(kb)}k`;
  return specOpt('withDevShmSize', (spec) => {
    const current = peekArray(spec, 'mounts');
    const index = current.findIndex(
      (m) => cleanPath(m.destination ?? '') === '/dev/shm' && m.source === 'shm' && m.type === 'tmpfs',
    );
    if (index < 0) throw new NoShmMountError();
    const mount = writable(writable(spec, 'mounts', true), index, true);
    mount.options = [...peekArray(mount, 'options').filter((o) => !o.startsWith('size=')), size];
  });
}

export const withDevShmSizeDefinition = defineOpt({
  name: 'withDevShmSize',
  args: z.tuple([int64]),
  factory: withDevShmSize,
  doc: 'Sets the size (in KiB) of the /dev/shm tmpfs mount.',
  containerd: 'oci.WithDevShmSize',
});

/**
 * Removes every mount whose cleaned destination is `/run` (as `withoutMounts("/run")`). Creates nothing. Any OS.
 * containerd: `oci.WithoutRunMount`
 */
export function withoutRunMount(): SpecOpt {
  const remove = withoutMounts('/run');
  return specOpt('withoutRunMount', (spec, ctx) => remove(spec, ctx));
}

export const withoutRunMountDefinition = defineOpt({
  name: 'withoutRunMount',
  args: z.tuple([]),
  factory: withoutRunMount,
  doc: 'Removes the /run mount.',
  containerd: 'oci.WithoutRunMount',
});

/**
 * Replaces each option exactly `ro` with `rw` (positions kept) on every mount of `type`. Only a mount holding `ro`
 * is written, through the writable path (no proxy per mount or option).
 */
function makeWriteable(name: string, type: string): SpecOpt {
  return specOpt(name, (spec) => {
    const current = peekArray(spec, 'mounts');
    for (let i = 0; i < current.length; i++) {
      const mount = current[i]!;
      if (mount.type !== type) continue;
      const options = peekArray(mount, 'options');
      if (!options.includes('ro')) continue;
      writable(writable(spec, 'mounts', true), i, true).options = options.map((o) => (o === 'ro' ? 'rw' : o));
    }
  });
}

/**
 * Replaces each option exactly `ro` with `rw`, in place, on every `sysfs` mount. Creates nothing. Any OS.
 * containerd: `oci.WithWriteableSysfs`
 */
export function withWriteableSysfs(): SpecOpt {
  return makeWriteable('withWriteableSysfs', 'sysfs');
}

export const withWriteableSysfsDefinition = defineOpt({
  name: 'withWriteableSysfs',
  args: z.tuple([]),
  factory: withWriteableSysfs,
  doc: 'Makes every sysfs mount read-write (ro → rw).',
  containerd: 'oci.WithWriteableSysfs',
});

/**
 * Replaces each option exactly `ro` with `rw`, in place, on every `cgroup` mount. Creates nothing. Any OS.
 * containerd: `oci.WithWriteableCgroupfs`
 */
export function withWriteableCgroupfs(): SpecOpt {
  return makeWriteable('withWriteableCgroupfs', 'cgroup');
}

export const withWriteableCgroupfsDefinition = defineOpt({
  name: 'withWriteableCgroupfs',
  args: z.tuple([]),
  factory: withWriteableCgroupfs,
  doc: 'Makes every cgroup mount read-write (ro → rw).',
  containerd: 'oci.WithWriteableCgroupfs',
});

/** The registry definitions of this file. */
export const mountOptions = [
  withDevShmSizeDefinition,
  withoutRunMountDefinition,
  withWriteableSysfsDefinition,
  withWriteableCgroupfsDefinition,
] as readonly OptDefinition[];
