/**
 * The names linux options take as plain strings, as containerd does (a Go `string`: any value is kept), typed as
 * literal unions that still accept any other string (editors offer the known ones), and the warnings a composition
 * reports for an unknown one, with a did-you-mean.
 */
import type { SpecContext } from '@ocispec/core';
import { closestName } from '@ocispec/core/internal';
import { z } from 'zod';
import { type CapabilityName, knownCapabilities } from './default-spec.js';

/** The namespace types of runtime-spec's `config-linux.md`. */
export const namespaceTypes = Object.freeze([
  'pid',
  'network',
  'mount',
  'ipc',
  'uts',
  'user',
  'cgroup',
  'time',
] as const);

/** A namespace type: one of runtime-spec's, or any other string (containerd keeps it as given; the composition warns). */
export type NamespaceType = (typeof namespaceTypes)[number] | (string & {});

/** A capability name's argument schema: any string, typed {@link CapabilityName}. */
export const capabilityName: z.ZodType<CapabilityName, CapabilityName> = z.string();

/** A namespace type's argument schema: any string, typed {@link NamespaceType}. */
export const namespaceType: z.ZodType<NamespaceType, NamespaceType> = z.string();

const KNOWN_CAPABILITIES: ReadonlySet<string> = new Set(knownCapabilities);
const KNOWN_NAMESPACES: ReadonlySet<string> = new Set(namespaceTypes);

function didYouMean(name: string, known: Iterable<string>): string {
  const hint = closestName(name, known);
  return hint === undefined ? '' : `; did you mean ${hint}?`;
}

/**
 * Warns (through `ctx.warn`, once per name) about each capability containerd does not know: the spec keeps it as
 * given, as containerd's does. `ALL` gets its own word: only CRI's capability lists expand it.
 */
export function warnUnknownCapabilities(
  ctx: SpecContext,
  option: string,
  caps: readonly string[] | null,
): void {
  if (caps == null) return;
  const seen = new Set<string>();
  for (const cap of caps) {
    if (KNOWN_CAPABILITIES.has(cap) || seen.has(cap)) continue;
    seen.add(cap);
    ctx.warn(
      cap === 'ALL'
        ? `${option}: "ALL" is kept as a capability named ALL (only CRI's capability lists expand it to every capability)`
        : `${option}: unknown capability ${JSON.stringify(cap)}, kept as given (as containerd does)${didYouMean(cap, knownCapabilities)}`,
    );
  }
}

/** Warns (through `ctx.warn`) when a namespace type is none of runtime-spec's: containerd takes it as given. */
export function warnUnknownNamespace(ctx: SpecContext, option: string, type: string | undefined): void {
  if (type === undefined || KNOWN_NAMESPACES.has(type)) return;
  ctx.warn(
    `${option}: unknown namespace type ${JSON.stringify(type)}, taken as given (as containerd does; runtime-spec knows ${namespaceTypes.join(', ')})${didYouMean(type, namespaceTypes)}`,
  );
}
