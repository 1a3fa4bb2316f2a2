/** `windows.network`: DNS behaviour and the network namespace. */
import { defineOpt, ensureWindowsNetwork } from '@ocispec/core';
import { z } from 'zod';

/**
 * Sets `windows.network.allowUnqualifiedDNSQuery`. Creates `windows` and `windows.network`. Any OS. (containerd's
 * spelling, `Window` without the `s`.)
 * containerd: `oci.WithWindowNetworksAllowUnqualifiedDNSQuery`
 */
export const withWindowNetworksAllowUnqualifiedDNSQuery = defineOpt({
  name: 'withWindowNetworksAllowUnqualifiedDNSQuery',
  args: () => z.tuple([]),
  doc: 'Sets `windows.network.allowUnqualifiedDNSQuery`.',
  containerd: 'oci.WithWindowNetworksAllowUnqualifiedDNSQuery',
  apply(spec) {
    ensureWindowsNetwork(spec).allowUnqualifiedDNSQuery = true;
  },
});

/**
 * Sets `windows.network.allowUnqualifiedDNSQuery`: the correctly spelt alias of
 * `withWindowNetworksAllowUnqualifiedDNSQuery`, with the same behaviour. Creates `windows` and `windows.network`.
 * Any OS.
 * containerd: `oci.WithWindowNetworksAllowUnqualifiedDNSQuery`
 */
export const withWindowsNetworksAllowUnqualifiedDNSQuery = defineOpt({
  name: 'withWindowsNetworksAllowUnqualifiedDNSQuery',
  args: () => z.tuple([]),
  doc: 'Sets `windows.network.allowUnqualifiedDNSQuery`: the correctly spelt alias of `withWindowNetworksAllowUnqualifiedDNSQuery`, with the same behaviour.',
  containerd: 'oci.WithWindowNetworksAllowUnqualifiedDNSQuery',
  apply(spec) {
    ensureWindowsNetwork(spec).allowUnqualifiedDNSQuery = true;
  },
});

/**
 * Sets `windows.network.networkNamespace` (`""` clears it). Creates `windows` and `windows.network`. Any OS.
 * containerd: `oci.WithWindowsNetworkNamespace`
 */
export const withWindowsNetworkNamespace = defineOpt({
  name: 'withWindowsNetworkNamespace',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `windows.network.networkNamespace` (`""` clears it).',
  containerd: 'oci.WithWindowsNetworkNamespace',
  apply(spec, _ctx, ns) {
    const network = ensureWindowsNetwork(spec);
    if (ns !== '') network.networkNamespace = ns;
    else if (network.networkNamespace !== undefined) delete network.networkNamespace;
  },
});
