/** `windows.network`: DNS behaviour and the network namespace. */
import type { SpecOpt } from '@ocispec/core';
import { defineOpt, ensureWindowsNetwork, specOpt, z } from '@ocispec/core';

/**
 * Sets `windows.network.allowUnqualifiedDNSQuery`.
 * Creates `windows` and `windows.network`. Any OS. (containerd's spelling, `Window` without the `s`.)
 * containerd: `oci.WithWindowNetworksAllowUnqualifiedDNSQuery`
 */
export function withWindowNetworksAllowUnqualifiedDNSQuery(): SpecOpt {
  return specOpt('withWindowNetworksAllowUnqualifiedDNSQuery', (spec) => {
    ensureWindowsNetwork(spec).allowUnqualifiedDNSQuery = true;
  });
}

export const withWindowNetworksAllowUnqualifiedDNSQueryDefinition = defineOpt({
  name: 'withWindowNetworksAllowUnqualifiedDNSQuery',
  args: z.tuple([]),
  factory: withWindowNetworksAllowUnqualifiedDNSQuery,
  doc: 'Sets windows.network.allowUnqualifiedDNSQuery.',
  containerd: 'oci.WithWindowNetworksAllowUnqualifiedDNSQuery',
});

/**
 * Sets `windows.network.allowUnqualifiedDNSQuery`: the correctly spelt alias of
 * {@link withWindowNetworksAllowUnqualifiedDNSQuery}, with the same behaviour.
 * Creates `windows` and `windows.network`. Any OS.
 * containerd: `oci.WithWindowNetworksAllowUnqualifiedDNSQuery`
 */
export function withWindowsNetworksAllowUnqualifiedDNSQuery(): SpecOpt {
  return specOpt('withWindowsNetworksAllowUnqualifiedDNSQuery', (spec) => {
    ensureWindowsNetwork(spec).allowUnqualifiedDNSQuery = true;
  });
}

export const withWindowsNetworksAllowUnqualifiedDNSQueryDefinition = defineOpt({
  name: 'withWindowsNetworksAllowUnqualifiedDNSQuery',
  args: z.tuple([]),
  factory: withWindowsNetworksAllowUnqualifiedDNSQuery,
  doc: 'Sets windows.network.allowUnqualifiedDNSQuery (alias of withWindowNetworksAllowUnqualifiedDNSQuery).',
  containerd: 'oci.WithWindowNetworksAllowUnqualifiedDNSQuery',
});

/**
 * Sets `windows.network.networkNamespace` (an empty string clears it).
 * Creates `windows` and `windows.network`. Any OS.
 * containerd: `oci.WithWindowsNetworkNamespace`
 */
export function withWindowsNetworkNamespace(ns: string): SpecOpt {
  return specOpt('withWindowsNetworkNamespace', (spec) => {
    const network = ensureWindowsNetwork(spec);
    if (ns !== '') network.networkNamespace = ns;
    else if (network.networkNamespace !== undefined) delete network.networkNamespace;
  });
}

export const withWindowsNetworkNamespaceDefinition = defineOpt({
  name: 'withWindowsNetworkNamespace',
  args: z.tuple([z.string()]),
  factory: withWindowsNetworkNamespace,
  doc: 'Sets windows.network.networkNamespace.',
  containerd: 'oci.WithWindowsNetworkNamespace',
});
