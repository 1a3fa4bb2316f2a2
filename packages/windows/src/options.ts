/** Every option of `@ocispec/windows`, as registry definitions for the windows plugin. */
import type { OptDefinition } from '@ocispec/core';
import { withWindowsDeviceDefinition } from './devices.js';
import { withWindowsHyperVDefinition, withWindowsIgnoreFlushesDuringBootDefinition } from './isolation.js';
import {
  withWindowNetworksAllowUnqualifiedDNSQueryDefinition,
  withWindowsNetworkNamespaceDefinition,
  withWindowsNetworksAllowUnqualifiedDNSQueryDefinition,
} from './network.js';
import { withProcessCommandLineDefinition } from './process.js';
import {
  withWindowsCPUCountDefinition,
  withWindowsCPUMaximumDefinition,
  withWindowsCPUSharesDefinition,
} from './resources.js';

/** The windows options' registry definitions, in containerd's source order. */
export const windowsOptions: OptDefinition[] = [
  withWindowsHyperVDefinition,
  withWindowsDeviceDefinition,
  withWindowsCPUCountDefinition,
  withWindowsCPUSharesDefinition,
  withWindowsCPUMaximumDefinition,
  withWindowsIgnoreFlushesDuringBootDefinition,
  withWindowNetworksAllowUnqualifiedDNSQueryDefinition,
  withWindowsNetworksAllowUnqualifiedDNSQueryDefinition,
  withWindowsNetworkNamespaceDefinition,
  withProcessCommandLineDefinition,
];
