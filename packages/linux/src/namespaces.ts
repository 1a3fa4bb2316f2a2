/** `linux.namespaces` and the user-namespace id mappings. */
import { appendTo, defineOpt, ensureLinux, peekArray } from '@ocispec/core';
import { LinuxIDMappingSchema, LinuxNamespaceSchema } from '@ocispec/core/schemas';
import { z } from 'zod';
import { namespaceType, warnUnknownNamespace } from './names.js';

/**
 * Removes the first namespace of the given type from `linux.namespaces`: the container then shares the host's.
 * Nothing else is removed, and a missing type is a no-op. Creates `linux` (even when nothing is removed). Any OS.
 * containerd: `oci.WithHostNamespace`
 */
export const withHostNamespace = defineOpt({
  name: 'withHostNamespace',
  args: () => z.tuple([namespaceType]),
  doc: "Removes the first namespace of the given type from `linux.namespaces`: the container then shares the host's.",
  containerd: 'oci.WithHostNamespace',
  apply(spec, ctx, type) {
    warnUnknownNamespace(ctx, 'withHostNamespace', type);
    const linux = ensureLinux(spec);
    const current = peekArray(linux, 'namespaces');
    const index = current.findIndex((n) => (n.type ?? '') === type);
    if (index >= 0) linux.namespaces = [...current.slice(0, index), ...current.slice(index + 1)];
  },
});

/**
 * Replaces the first namespace of the same type in `linux.namespaces` in place, or appends it. Its position is kept
 * and its path replaced. Creates `linux`. Any OS.
 * containerd: `oci.WithLinuxNamespace`
 */
export const withLinuxNamespace = defineOpt({
  name: 'withLinuxNamespace',
  args: () => z.tuple([LinuxNamespaceSchema.extend({ type: namespaceType.optional() })]),
  doc: 'Replaces the first namespace of the same type in `linux.namespaces` in place, or appends it.',
  containerd: 'oci.WithLinuxNamespace',
  apply(spec, ctx, ns) {
    warnUnknownNamespace(ctx, 'withLinuxNamespace', ns.type);
    const linux = ensureLinux(spec);
    const namespaces = [...peekArray(linux, 'namespaces')];
    const index = namespaces.findIndex((n) => (n.type ?? '') === (ns.type ?? ''));
    if (index >= 0) namespaces[index] = ns;
    else namespaces.push(ns);
    linux.namespaces = namespaces;
  },
});

/**
 * Adds a user namespace to `linux.namespaces` unless one is there, then appends the uid and gid mappings to
 * `linux.uidMappings` and `linux.gidMappings`. Calling it again accumulates; `null` adds nothing. Creates `linux`.
 * Any OS.
 * containerd: `oci.WithUserNamespace`
 */
export const withUserNamespace = defineOpt({
  name: 'withUserNamespace',
  args: () => z.tuple([z.array(LinuxIDMappingSchema).nullable(), z.array(LinuxIDMappingSchema).nullable()]),
  doc: 'Adds a user namespace to `linux.namespaces` unless one is there, then appends the uid and gid mappings to `linux.uidMappings` and `linux.gidMappings`.',
  containerd: 'oci.WithUserNamespace',
  apply(spec, _ctx, uidMap, gidMap) {
    const linux = ensureLinux(spec);
    const namespaces = peekArray(linux, 'namespaces');
    if (!namespaces.some((n) => n.type === 'user')) linux.namespaces = [...namespaces, { type: 'user' }];
    if (uidMap != null) appendTo(linux, 'uidMappings', uidMap);
    if (gidMap != null) appendTo(linux, 'gidMappings', gidMap);
  },
});

/** The options of this file, in containerd's order. */
export const namespaceOptions = [withHostNamespace, withLinuxNamespace, withUserNamespace] as const;
