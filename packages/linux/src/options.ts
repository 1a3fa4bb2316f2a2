/** Every option of the linux plugin, registered by `linuxPlugin()` in this order, and their call types. */
import type { OptionTypesOf } from '@ocispec/core';
import { markBuiltinOpts } from '@ocispec/core/internal';
import { capabilityOptions } from './capabilities.js';
import { deviceOptions } from './devices.js';
import { mountOptions } from './mounts.js';
import { namespaceOptions } from './namespaces.js';
import { resourceOptions } from './resources.js';
import { seccompOptions } from './seccomp.js';
import { securityOptions } from './security.js';
import { userOptions } from './users.js';

export const linuxOptions = [
  ...userOptions,
  ...capabilityOptions,
  ...namespaceOptions,
  ...resourceOptions,
  ...deviceOptions,
  ...mountOptions,
  ...securityOptions,
  ...seccompOptions,
] as const;
// ocispec's own options (core's builtin-opts.ts): a composition of them alone skips the finish's per-property guard.
markBuiltinOpts(linuxOptions);

declare module '@ocispec/core' {
  /** The linux options' calls: `["withCapabilities", [...]]` and the rest are typed `OptCall`s. */
  interface OptionTypes extends OptionTypesOf<typeof linuxOptions> {}
}
