/** `mounts`: appending, removing, and the host-file bind mounts. */
import type { Draft } from 'immer';
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { cleanPath } from '../go-format.js';
import type { Mount, Spec } from '../model/index.js';
import { MountSchema } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { appendTo, current, peekArray } from '../sections.js';
import { variadic } from './args.js';
import { frozenCopy } from './draft-values.js';

/** Appends `added` (frozen, shared) to the spec's mounts: a new list, the current mounts kept as they are. */
function appendMounts(spec: Draft<Spec>, added: readonly Mount[]): void {
  appendTo(spec, 'mounts', added);
}

/**
 * Appends `mounts` to `mounts` as given: no dedupe, no sort, no path cleaning. An empty or `null` list does
 * nothing. Creates nothing else. Any OS.
 * containerd: `oci.WithMounts`
 */
export function withMounts(mounts: readonly Mount[] | null): SpecOpt {
  const added = frozenCopy(mounts ?? []);
  return specOpt('withMounts', (spec) => {
    if (added.length === 0) return;
    appendMounts(spec, added);
  });
}

export const withMountsDefinition = defineOpt({
  name: 'withMounts',
  args: z.tuple([z.array(MountSchema).nullable()]),
  factory: withMounts,
  doc: 'Appends the mounts as given (no dedupe, no sort).',
  containerd: 'oci.WithMounts',
});

/**
 * Removes from `mounts` every mount whose cleaned destination equals one of `dests` (the dests themselves are not
 * cleaned: `"/b/"` matches nothing); order is kept and an emptied list is removed (Go's nil). Any OS.
 * containerd: `oci.WithoutMounts`
 */
export function withoutMounts(...dests: string[]): SpecOpt {
  const targets = new Set(dests);
  return specOpt('withoutMounts', (spec) => {
    if (current(spec, 'mounts') == null) return;
    const mounts = peekArray(spec, 'mounts');
    // The kept mounts stay the same objects (the base's are shared).
    const kept = mounts.filter((mount) => !targets.has(cleanPath(mount.destination ?? '')));
    // containerd rebuilds the list; an empty one becomes nil (both print the same).
    if (kept.length === 0) delete spec.mounts;
    else if (kept.length !== mounts.length) spec.mounts = kept;
  });
}

export const withoutMountsDefinition = defineOpt({
  name: 'withoutMounts',
  args: variadic(z.string()),
  factory: withoutMounts,
  doc: 'Removes the mounts whose cleaned destination equals one of the given paths.',
  containerd: 'oci.WithoutMounts',
});

function hostFileMount(path: string): Mount {
  return { destination: path, type: 'bind', source: path, options: ['rbind', 'ro'] };
}

/**
 * Appends a read-only bind mount of the host's `/etc/hosts` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostHostsFile`
 */
export function withHostHostsFile(): SpecOpt {
  return specOpt('withHostHostsFile', (spec) => appendMounts(spec, [hostFileMount('/etc/hosts')]));
}

export const withHostHostsFileDefinition = defineOpt({
  name: 'withHostHostsFile',
  args: z.tuple([]),
  factory: withHostHostsFile,
  doc: "Appends a read-only bind mount of the host's /etc/hosts.",
  containerd: 'oci.WithHostHostsFile',
});

/**
 * Appends a read-only bind mount of the host's `/etc/resolv.conf` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostResolvconf`
 */
export function withHostResolvconf(): SpecOpt {
  return specOpt('withHostResolvconf', (spec) => appendMounts(spec, [hostFileMount('/etc/resolv.conf')]));
}

export const withHostResolvconfDefinition = defineOpt({
  name: 'withHostResolvconf',
  args: z.tuple([]),
  factory: withHostResolvconf,
  doc: "Appends a read-only bind mount of the host's /etc/resolv.conf.",
  containerd: 'oci.WithHostResolvconf',
});

/**
 * Appends a read-only bind mount of the host's `/etc/localtime` to `mounts` (no dedupe). Any OS.
 * containerd: `oci.WithHostLocaltime`
 */
export function withHostLocaltime(): SpecOpt {
  return specOpt('withHostLocaltime', (spec) => appendMounts(spec, [hostFileMount('/etc/localtime')]));
}

export const withHostLocaltimeDefinition = defineOpt({
  name: 'withHostLocaltime',
  args: z.tuple([]),
  factory: withHostLocaltime,
  doc: "Appends a read-only bind mount of the host's /etc/localtime.",
  containerd: 'oci.WithHostLocaltime',
});
