/**
 * The platform-neutral options of `@ocispec/core` (containerd's `pkg/oci` options that need no platform package),
 * each one `defineOpt` object (factory, registry entry, docs row), and {@link coreOptions}, the list the core
 * plugin registers.
 */
import { markBuiltinOpts } from '../builtin-opts.js';
import { withAnnotations } from './annotations.js';
import { withDefaultPathEnv, withEnv, withEnvFile } from './env.js';
import { withDomainname, withHostname } from './hostname.js';
import { withImageConfig, withImageConfigArgs } from './image.js';
import { withMemoryLimit } from './memory.js';
import {
  withHostHostsFile,
  withHostLocaltime,
  withHostResolvconf,
  withMounts,
  withoutMounts,
} from './mounts.js';
import {
  withNewPrivileges,
  withNoNewPrivileges,
  withProcessArgs,
  withProcessCwd,
  withTTY,
  withTTYSize,
} from './process.js';
import { withRlimit } from './rlimits.js';
import { withRootFSPath, withRootFSReadonly } from './root.js';
import {
  withDefaultSpec,
  withDefaultSpecForPlatform,
  withSpecFromBytes,
  withSpecFromFile,
} from './spec-source.js';
import { withUIDGID, withUmask } from './user.js';

export {
  withAnnotations,
  withDefaultPathEnv,
  withDefaultSpec,
  withDefaultSpecForPlatform,
  withDomainname,
  withEnv,
  withEnvFile,
  withHostHostsFile,
  withHostLocaltime,
  withHostname,
  withHostResolvconf,
  withImageConfig,
  withImageConfigArgs,
  withMemoryLimit,
  withMounts,
  withNewPrivileges,
  withNoNewPrivileges,
  withoutMounts,
  withProcessArgs,
  withProcessCwd,
  withRlimit,
  withRootFSPath,
  withRootFSReadonly,
  withSpecFromBytes,
  withSpecFromFile,
  withTTY,
  withTTYSize,
  withUIDGID,
  withUmask,
};

/** Every core option, in containerd's `spec_opts.go` order. */
export const coreOptions = [
  withDefaultSpec,
  withDefaultSpecForPlatform,
  withSpecFromBytes,
  withSpecFromFile,
  withEnv,
  withDefaultPathEnv,
  withProcessArgs,
  withProcessCwd,
  withTTY,
  withTTYSize,
  withHostname,
  withDomainname,
  withMounts,
  withoutMounts,
  withNewPrivileges,
  withImageConfig,
  withImageConfigArgs,
  withRootFSPath,
  withRootFSReadonly,
  withNoNewPrivileges,
  withHostHostsFile,
  withHostResolvconf,
  withHostLocaltime,
  withUIDGID,
  withUmask,
  withMemoryLimit,
  withAnnotations,
  withEnvFile,
  withRlimit,
] as const;
// ocispec's own options (core's builtin-opts.ts): a composition of them alone skips the finish's per-property guard.
markBuiltinOpts(coreOptions);
