/**
 * The linux part of core's `withImageConfigArgs` (containerd's `s.Linux != nil` branch, LCOW included): env, args,
 * cwd and the user with its groups from the rootfs.
 */
import type { ImageConfigPart } from '@ocispec/core';
import { ensureProcess, peekArray, replaceOrAppendEnvValues } from '@ocispec/core';
import { defaultUnixEnv } from './default-spec.js';
import { withAdditionalGIDs, withUser } from './users.js';

/**
 * Sets `process.env` to the image's `Env` (the default unix PATH when it has none) overridden by the spec's own
 * env; `process.args` to `Entrypoint` followed by `args` (or `Cmd` when `args` is empty), removed when that is
 * empty (`commandLine` untouched); `process.cwd` to `WorkingDir` or `/`; then `withUser(User)` and
 * `withAdditionalGIDs(<uid>)` when the image names a user, else `withAdditionalGIDs("root")`.
 * On LCOW specs (`linux` and `windows`) the user is only recorded as `user.username` and no groups are read.
 * containerd: oci.WithImageConfigArgs (linux branch)
 */
export const imageConfigLinuxPart: ImageConfigPart = (spec, ctx, config, args) => {
  const process = ensureProcess(spec);
  const env = config.Env != null && config.Env.length > 0 ? config.Env : defaultUnixEnv;
  process.env = replaceOrAppendEnvValues(env, peekArray(process, 'env'));
  const cmd = args.length > 0 ? args : (config.Cmd ?? []);
  const full = [...(config.Entrypoint ?? []), ...cmd];
  if (full.length > 0) process.args = full;
  else delete process.args;
  process.cwd = config.WorkingDir !== undefined && config.WorkingDir !== '' ? config.WorkingDir : '/';
  const user = config.User ?? '';
  if (user !== '') {
    withUser(user)(spec, ctx);
    return withAdditionalGIDs(String(spec.process?.user?.uid ?? 0))(spec, ctx);
  }
  return withAdditionalGIDs('root')(spec, ctx);
};
