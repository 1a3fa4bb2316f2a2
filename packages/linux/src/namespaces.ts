/** `linux.namespaces` and the user-namespace id mappings. */
import type { LinuxIDMapping, LinuxNamespace, SpecOpt } from '@ocispec/core';
import {
  appendTo,
  defineOpt,
  ensureLinux,
  frozenCopy,
  LinuxIDMappingSchema,
  LinuxNamespaceSchema,
  type OptDefinition,
  peekArray,
  specOpt,
  z,
} from '@ocispec/core';

/**
 * Removes the **first** namespace of type `type` from `linux.namespaces` (the container then shares the host's);
 * nothing else is removed, and a missing type is a no-op. Creates `linux` (even when nothing is removed). Any OS.
 * containerd: `oci.WithHostNamespace`
 */
export function withHostNamespace(type: string): SpecOpt {
  return specOpt('withHostNamespace', (spec) => {
    const linux = ensureLinux(spec);
    const current = peekArray(linux, 'namespaces');
    const index = current.findIndex((n) => (n.type ?? '') === type);
    if (index >= 0) linux.namespaces = [...current.slice(0, index), ...current.slice(index + 1)];
  });
}

export const withHostNamespaceDefinition = defineOpt({
  name: 'withHostNamespace',
  args: z.tuple([z.string()]),
  factory: withHostNamespace,
  doc: 'Removes the first namespace of the given type from linux.namespaces.',
  containerd: 'oci.WithHostNamespace',
});

/**
 * Replaces the **first** namespace of `ns.type` in `linux.namespaces` with `ns` in place (its position kept, its
 * path replaced), or appends `ns` when there is none. Creates `linux`. Any OS.
 * containerd: `oci.WithLinuxNamespace`
 */
export function withLinuxNamespace(ns: LinuxNamespace): SpecOpt {
  const value = frozenCopy(ns);
  return specOpt('withLinuxNamespace', (spec) => {
    const linux = ensureLinux(spec);
    const namespaces = [...peekArray(linux, 'namespaces')];
    const index = namespaces.findIndex((n) => (n.type ?? '') === (ns.type ?? ''));
    if (index >= 0) namespaces[index] = value;
    else namespaces.push(value);
    linux.namespaces = namespaces;
  });
}

export const withLinuxNamespaceDefinition = defineOpt({
  name: 'withLinuxNamespace',
  args: z.tuple([LinuxNamespaceSchema]),
  factory: withLinuxNamespace,
  doc: 'Replaces the first namespace of the same type in place, or appends it.',
  containerd: 'oci.WithLinuxNamespace',
});

/**
 * Appends `{type: "user"}` to `linux.namespaces` unless a user namespace is already there, then **appends**
 * `uidMap` to `linux.uidMappings` and `gidMap` to `linux.gidMappings` (calling it again accumulates; `null` adds
 * nothing). Creates `linux`. Any OS.
 * containerd: `oci.WithUserNamespace`
 */
export function withUserNamespace(
  uidMap: readonly LinuxIDMapping[] | null,
  gidMap: readonly LinuxIDMapping[] | null,
): SpecOpt {
  const uids = frozenCopy(uidMap ?? []);
  const gids = frozenCopy(gidMap ?? []);
  return specOpt('withUserNamespace', (spec) => {
    const linux = ensureLinux(spec);
    const namespaces = peekArray(linux, 'namespaces');
    if (!namespaces.some((n) => n.type === 'user')) linux.namespaces = [...namespaces, { type: 'user' }];
    if (uids.length > 0) appendTo(linux, 'uidMappings', uids);
    if (gids.length > 0) appendTo(linux, 'gidMappings', gids);
  });
}

export const withUserNamespaceDefinition = defineOpt({
  name: 'withUserNamespace',
  args: z.tuple([z.array(LinuxIDMappingSchema).nullable(), z.array(LinuxIDMappingSchema).nullable()]),
  factory: withUserNamespace,
  doc: 'Adds a user namespace (once) and appends the uid and gid mappings.',
  containerd: 'oci.WithUserNamespace',
});

/** The registry definitions of this file. */
export const namespaceOptions = [
  withHostNamespaceDefinition,
  withLinuxNamespaceDefinition,
  withUserNamespaceDefinition,
] as readonly OptDefinition[];
