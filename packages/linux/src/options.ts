/** Every option definition of the linux plugin, registered by `linuxPlugin()` in this order. */
import type { OptDefinition } from '@ocispec/core';
import { capabilityOptions } from './capabilities.js';
import { deviceOptions } from './devices.js';
import { mountOptions } from './mounts.js';
import { namespaceOptions } from './namespaces.js';
import { resourceOptions } from './resources.js';
import { seccompOptions } from './seccomp.js';
import { securityOptions } from './security.js';
import { userOptions } from './users.js';

export const linuxOptions: OptDefinition[] = [
  ...userOptions,
  ...capabilityOptions,
  ...namespaceOptions,
  ...resourceOptions,
  ...deviceOptions,
  ...mountOptions,
  ...securityOptions,
  ...seccompOptions,
] as OptDefinition[];
