/**
 * `ocispec spec --rootless`: the spec runc runs as an unprivileged user, changed as runc's
 * `specconv.ToRootless` changes its default (`runc spec --rootless`): a user namespace mapping container root to
 * the invoking user and group, no network namespace (an unprivileged user cannot configure one), `/sys` bind-mounted
 * read-only instead of a new sysfs, no `uid=`/`gid=` mount options (ids outside the mapping), and no cgroup
 * resources or cgroups path (an unprivileged user cannot create or limit cgroups without delegation; runc's
 * rootless default has neither).
 */
import type { Mount, SpecOpt } from '@ocispec/core';
import { ensureLinux, peekArray, specOpt } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';

/** The host user and group container root maps to. */
export interface RootlessIds {
  readonly uid: number;
  readonly gid: number;
}

/** runc's rootless `/sys`: the host's, bind-mounted read-only (a new value for each spec). */
function sysBind(): Mount {
  return {
    destination: '/sys',
    type: 'none',
    source: '/sys',
    options: ['rbind', 'nosuid', 'noexec', 'nodev', 'ro'],
  };
}

/**
 * Makes the spec rootless for `ids` (runc's `ToRootless`). The lists are read without drafting (`peekArray`) and
 * replaced by new ones, so values assigned by earlier options are never edited in place.
 */
export function withRootless(ids: RootlessIds): SpecOpt {
  return specOpt('withRootless', (spec) => {
    const linux = ensureLinux(spec);
    const namespaces = peekArray(linux, 'namespaces').filter(
      (n) => n.type !== 'network' && n.type !== 'user',
    );
    linux.namespaces = [...namespaces, { type: 'user' }];
    linux.uidMappings = [{ containerID: 0, hostID: ids.uid, size: 1 }];
    linux.gidMappings = [{ containerID: 0, hostID: ids.gid, size: 1 }];
    spec.mounts = peekArray(spec, 'mounts').map((mount) =>
      cleanPath(mount.destination ?? '') === '/sys'
        ? sysBind()
        : {
            ...mount,
            ...(mount.options === undefined || mount.options === null
              ? {}
              : { options: mount.options.filter((o) => !o.startsWith('uid=') && !o.startsWith('gid=')) }),
          },
    );
    delete linux.resources;
    delete linux.cgroupsPath;
  });
}
