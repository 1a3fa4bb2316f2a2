/** Every option of `@ocispec/windows`, registered by `windowsPlugin()` in this order, and their call types. */
import type { OptionTypesOf } from '@ocispec/core';
import { markBuiltinOpts } from '@ocispec/core/internal';
import { withWindowsDevice } from './devices.js';
import { withWindowsHyperV, withWindowsIgnoreFlushesDuringBoot } from './isolation.js';
import {
  withWindowNetworksAllowUnqualifiedDNSQuery,
  withWindowsNetworkNamespace,
  withWindowsNetworksAllowUnqualifiedDNSQuery,
} from './network.js';
import { withProcessCommandLine } from './process.js';
import { withWindowsCPUCount, withWindowsCPUMaximum, withWindowsCPUShares } from './resources.js';

/** The windows options, in containerd's source order. */
export const windowsOptions = [
  withWindowsHyperV,
  withWindowsDevice,
  withWindowsCPUCount,
  withWindowsCPUShares,
  withWindowsCPUMaximum,
  withWindowsIgnoreFlushesDuringBoot,
  withWindowNetworksAllowUnqualifiedDNSQuery,
  withWindowsNetworksAllowUnqualifiedDNSQuery,
  withWindowsNetworkNamespace,
  withProcessCommandLine,
] as const;
// ocispec's own options (core's builtin-opts.ts): a composition of them alone skips the finish's per-property guard.
markBuiltinOpts(windowsOptions);

declare module '@ocispec/core' {
  /** The windows options' calls, typed `OptCall`s. */
  interface OptionTypes extends OptionTypesOf<typeof windowsOptions> {}
}
