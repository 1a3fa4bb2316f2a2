/**
 * The platform-neutral options of `@ocispec/core` (containerd's `pkg/oci` options that need no platform package),
 * each an exported factory, plus {@link coreOptions}: their registry definitions, for the core plugin to register.
 */
import type { OptDefinition } from '../registry.js';
import { withAnnotationsDefinition } from './annotations.js';
import { withDefaultPathEnvDefinition, withEnvDefinition, withEnvFileDefinition } from './env.js';
import { withDomainnameDefinition, withHostnameDefinition } from './hostname.js';
import { withImageConfigArgsDefinition, withImageConfigDefinition } from './image.js';
import { withMemoryLimitDefinition } from './memory.js';
import {
  withHostHostsFileDefinition,
  withHostLocaltimeDefinition,
  withHostResolvconfDefinition,
  withMountsDefinition,
  withoutMountsDefinition,
} from './mounts.js';
import {
  withNewPrivilegesDefinition,
  withNoNewPrivilegesDefinition,
  withProcessArgsDefinition,
  withProcessCwdDefinition,
  withTTYDefinition,
  withTTYSizeDefinition,
} from './process.js';
import { withRlimitDefinition } from './rlimits.js';
import { withRootFSPathDefinition, withRootFSReadonlyDefinition } from './root.js';
import {
  withDefaultSpecDefinition,
  withDefaultSpecForPlatformDefinition,
  withSpecFromBytesDefinition,
  withSpecFromFileDefinition,
} from './spec-source.js';
import { withUIDGIDDefinition, withUmaskDefinition } from './user.js';

export * from './annotations.js';
export { cloneJson, frozenCopy } from './draft-values.js';
export * from './env.js';
export * from './env-merge.js';
export * from './hostname.js';
export * from './image.js';
export * from './image-config.js';
export { normalizeInt, toInt64, toUint64 } from './integers.js';
export * from './memory.js';
export * from './mounts.js';
export * from './process.js';
export * from './rlimits.js';
export * from './root.js';
export * from './spec-source.js';
export * from './user.js';

/** Every core option's registry definition, in containerd's `spec_opts.go` order. */
export const coreOptions: readonly OptDefinition[] = [
  withDefaultSpecDefinition,
  withDefaultSpecForPlatformDefinition,
  withSpecFromBytesDefinition,
  withSpecFromFileDefinition,
  withEnvDefinition,
  withDefaultPathEnvDefinition,
  withProcessArgsDefinition,
  withProcessCwdDefinition,
  withTTYDefinition,
  withTTYSizeDefinition,
  withHostnameDefinition,
  withDomainnameDefinition,
  withMountsDefinition,
  withoutMountsDefinition,
  withNewPrivilegesDefinition,
  withImageConfigDefinition,
  withImageConfigArgsDefinition,
  withRootFSPathDefinition,
  withRootFSReadonlyDefinition,
  withNoNewPrivilegesDefinition,
  withHostHostsFileDefinition,
  withHostResolvconfDefinition,
  withHostLocaltimeDefinition,
  withUIDGIDDefinition,
  withUmaskDefinition,
  withMemoryLimitDefinition,
  withAnnotationsDefinition,
  withEnvFileDefinition,
  withRlimitDefinition,
] as readonly OptDefinition[];
