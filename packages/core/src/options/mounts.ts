/** `mounts`: appending, removing, and the host-file bind mounts. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { freezeJson } from '../engine.js';
import { cleanPath } from '../go-format.js';
import type { Mount } from '../model/index.js';
import { MountSchema } from '../model/index.js';
import { appendTo, current, peekArray } from '../sections.js';
import { variadic } from './args.js';

/**
 * Appends the mounts as given to `mounts`: no dedupe, no sort, no path cleaning. An empty or `null` list does
 * nothing; N calls of one mount each cost O(N). Creates nothing else. Any OS.
 * containerd: `oci.WithMounts`
 */
export const withMounts = defineOpt({
  name: 'withMounts',
  args: () => z.tuple([z.array(MountSchema).nullable()]),
  doc: 'Appends the mounts as given to `mounts`: no dedupe, no sort, no path cleaning.',
  containerd: 'oci.WithMounts',
  apply(spec, _ctx, mounts) {
    if (mounts != null) appendTo(spec, 'mounts', mounts);
  },
});

/**
 * Removes from `mounts` every mount whose cleaned destination is one of the paths. The paths themselves are not
 * cleaned (`"/b/"` matches nothing); order is kept and an emptied list is removed (Go's nil). Any OS.
 * containerd: `oci.WithoutMounts`
 */
export const withoutMounts = defineOpt({
  name: 'withoutMounts',
  args: () => variadic(z.string()),
  doc: 'Removes from `mounts` every mount whose cleaned destination is one of the paths.',
  containerd: 'oci.WithoutMounts',
  apply(spec, _ctx, ...dests) {
    if (current(spec, 'mounts') == null) return;
    const mounts = peekArray(spec, 'mounts');
    // The kept mounts stay the same objects (the base's are shared).
    const kept = mounts.filter((mount) => !dests.includes(cleanPath(mount.destination ?? '')));
    // containerd rebuilds the list; an empty one becomes nil (both print the same).
    if (kept.length === 0) delete spec.mounts;
    else if (kept.length !== mounts.length) spec.mounts = kept;
  },
});

/** A read-only bind mount of a host file onto the same path, frozen once: every composition shares it. */
function hostFileMount(path: string): readonly Mount[] {
  return freezeJson([{ destination: path, type: 'bind', source: path, options: ['rbind', 'ro'] }]);
}

const HOSTS = hostFileMount('/etc/hosts');
const RESOLV_CONF = hostFileMount('/etc/resolv.conf');
const LOCALTIME = hostFileMount('/etc/localtime');

/**
 * Appends a read-only bind mount of the host's `/etc/hosts` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostHostsFile`
 */
export const withHostHostsFile = defineOpt({
  name: 'withHostHostsFile',
  args: () => z.tuple([]),
  doc: "Appends a read-only bind mount of the host's `/etc/hosts` to `mounts` (no dedupe).",
  containerd: 'oci.WithHostHostsFile',
  apply(spec) {
    appendTo(spec, 'mounts', HOSTS);
  },
});

/**
 * Appends a read-only bind mount of the host's `/etc/resolv.conf` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostResolvconf`
 */
export const withHostResolvconf = defineOpt({
  name: 'withHostResolvconf',
  args: () => z.tuple([]),
  doc: "Appends a read-only bind mount of the host's `/etc/resolv.conf` to `mounts` (no dedupe).",
  containerd: 'oci.WithHostResolvconf',
  apply(spec) {
    appendTo(spec, 'mounts', RESOLV_CONF);
  },
});

/**
 * Appends a read-only bind mount of the host's `/etc/localtime` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostLocaltime`
 */
export const withHostLocaltime = defineOpt({
  name: 'withHostLocaltime',
  args: () => z.tuple([]),
  doc: "Appends a read-only bind mount of the host's `/etc/localtime` to `mounts` (no dedupe).",
  containerd: 'oci.WithHostLocaltime',
  apply(spec) {
    appendTo(spec, 'mounts', LOCALTIME);
  },
});
