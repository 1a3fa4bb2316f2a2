/**
 * `withImageConfig` / `withImageConfigArgs`: process settings from an image config, containerd's one function with
 * its two branches (`s.Linux != nil`, then `s.Windows != nil`). The linux branch runs the linux plugin's `withUser`
 * and `withAdditionalGIDs` (they read the rootfs) by name through `ctx.option`, so core imports no platform package.
 */
import type { Draft } from 'immer';
import { z } from 'zod';
import type { SpecContext } from '../contract.js';
import { defineOpt } from '../define.js';
import { isOcispecError, OcispecError, SpecOptError } from '../errors.js';
import type { Mount, Spec } from '../model/index.js';
import { current, ensureProcess, peekArray } from '../sections.js';
import { isThenable } from '../thenable.js';
import { defaultUnixEnv, replaceOrAppendEnvValues } from './env-merge.js';
import { escapeAndCombineArgs } from './escape-arg.js';
import type { ImageConfig, OCIImage } from './image-config.js';
import { imageConfigOf, OCIImageSchema } from './image-config.js';

/** containerd's FreeBSD `appendOSMounts`: Linux-emulation filesystems prepended for a Linux image. */
function freebsdLinuxMounts(): Mount[] {
  return [
    { destination: '/proc', type: 'linprocfs', source: 'linprocfs', options: ['nosuid', 'noexec'] },
    { destination: '/sys', type: 'linsysfs', source: 'linsysfs', options: ['nosuid', 'noexec', 'nodev'] },
  ];
}

/** Runs an option of another plugin by name; a missing one names the plugin that registers it. */
function runRegistered(
  spec: Draft<Spec>,
  ctx: SpecContext,
  option: string,
  arg: string,
): void | Promise<void> {
  let opt: ReturnType<SpecContext['option']>;
  try {
    opt = ctx.option(option, arg);
  } catch (error) {
    if (!isOcispecError(error, 'UNKNOWN_OPTION')) throw error;
    throw new OcispecError(
      'UNKNOWN_OPTION',
      `the linux branch runs ${option}, which no plugin registered (@ocispec/linux's linuxPlugin does)`,
      { option, cause: error },
    );
  }
  return opt(spec, ctx);
}

/**
 * containerd's `s.Linux != nil` branch (LCOW included): env (the image's, or the default PATH, then the spec's own
 * over it), args (Entrypoint, then the arguments or Cmd; removed when empty, `commandLine` untouched), cwd (`/` by
 * default), then `withUser(User)` and `withAdditionalGIDs(<uid>)`, or `withAdditionalGIDs("root")` without a User.
 */
function linuxBranch(spec: Draft<Spec>, ctx: SpecContext, config: ImageConfig, args: readonly string[]) {
  const process = ensureProcess(spec);
  const env = config.Env != null && config.Env.length > 0 ? config.Env : defaultUnixEnv;
  process.env = replaceOrAppendEnvValues(env, peekArray(process, 'env'));
  const cmd = args.length > 0 ? args : (config.Cmd ?? []);
  const full = [...(config.Entrypoint ?? []), ...cmd];
  if (full.length > 0) process.args = full;
  else delete process.args;
  process.cwd = config.WorkingDir !== undefined && config.WorkingDir !== '' ? config.WorkingDir : '/';
  const user = config.User ?? '';
  if (user === '') return runRegistered(spec, ctx, 'withAdditionalGIDs', 'root');
  const done = runRegistered(spec, ctx, 'withUser', user);
  const groups = () => {
    const uid = current(ensureProcess(spec), 'user')?.uid ?? 0;
    return runRegistered(spec, ctx, 'withAdditionalGIDs', String(uid));
  };
  // An option returns a promise or nothing (runOpts' rule): anything else is taken as nothing.
  return isThenable(done) ? Promise.resolve(done).then(groups) : groups();
}

/**
 * containerd's `s.Windows != nil` branch: env (the image's with the spec's own over it, no default PATH), the
 * command (Entrypoint, then the arguments or Cmd; `no arguments specified` when empty) as `args`, or as an escaped
 * `commandLine` when the image says `ArgsEscaped` and the command comes from the image; cwd as given; the user
 * replaced by `{username: User}`.
 */
function windowsBranch(spec: Draft<Spec>, config: ImageConfig, args: readonly string[]): void {
  const process = ensureProcess(spec);
  const env = replaceOrAppendEnvValues(config.Env ?? [], peekArray(process, 'env'));
  if (env.length > 0) process.env = env;
  else if (process.env !== undefined) delete process.env;

  const cmdFromImage = args.length === 0;
  const entrypoint = config.Entrypoint ?? [];
  const command = [...entrypoint, ...(cmdFromImage ? (config.Cmd ?? []) : args)];
  if (command.length === 0) throw new SpecOptError('no arguments specified');

  if (config.ArgsEscaped === true && (entrypoint.length > 0 || cmdFromImage)) {
    if (process.args !== undefined) delete process.args;
    const [first, ...rest] = command;
    const commandLine = rest.length > 0 ? `${first} ${escapeAndCombineArgs(rest)}` : first!;
    if (commandLine !== '') process.commandLine = commandLine;
    else if (process.commandLine !== undefined) delete process.commandLine;
  } else {
    process.args = command;
    if (process.commandLine !== undefined) delete process.commandLine;
  }

  process.cwd = config.WorkingDir ?? '';
  const username = config.User ?? '';
  process.user = username === '' ? { uid: 0, gid: 0 } : { uid: 0, gid: 0, username };
}

function applyImageConfig(
  spec: Draft<Spec>,
  ctx: SpecContext,
  image: OCIImage,
  args: readonly string[] | null | undefined,
): void | Promise<void> {
  if (ctx.platform.os === 'freebsd' && image.os === 'linux') {
    spec.mounts = [...freebsdLinuxMounts(), ...peekArray(spec, 'mounts')];
  }
  ensureProcess(spec);
  const config = imageConfigOf(image);
  if (current(spec, 'linux') != null) return linuxBranch(spec, ctx, config, args ?? []);
  if (current(spec, 'windows') != null) return windowsBranch(spec, config, args ?? []);
  throw new SpecOptError('spec does not contain Linux or Windows section');
}

/**
 * Sets `process.env`, `args` (or `commandLine`), `cwd` and `user` from an image config, the arguments replacing its
 * `Cmd` when non-empty. Creates `process`; then a spec with `linux` (LCOW included) takes the linux branch (user and
 * groups read from the rootfs by the linux plugin's `withUser`/`withAdditionalGIDs`), else one with `windows` the
 * windows branch (Go's `EscapeArg` for `ArgsEscaped` images), else it fails with `spec does not contain Linux or
 * Windows section`. A FreeBSD target prepends Linux-emulation mounts for a `linux` image.
 * containerd: `oci.WithImageConfigArgs`
 */
export const withImageConfigArgs = defineOpt({
  name: 'withImageConfigArgs',
  args: () => z.tuple([OCIImageSchema, z.array(z.string()).nullable()]),
  doc: 'Sets `process.env`, `args` (or `commandLine`), `cwd` and `user` from an image config, the arguments replacing its `Cmd` when non-empty.',
  containerd: 'oci.WithImageConfigArgs',
  apply(spec, ctx, image, args) {
    return applyImageConfig(spec, ctx, image, args);
  },
});

/**
 * Sets `process.env`, `args` (or `commandLine`), `cwd` and `user` from an image config, as `withImageConfigArgs`
 * does without arguments (same branches, same errors).
 * containerd: `oci.WithImageConfig`
 */
export const withImageConfig = defineOpt({
  name: 'withImageConfig',
  args: () => z.tuple([OCIImageSchema]),
  doc: 'Sets `process.env`, `args` (or `commandLine`), `cwd` and `user` from an image config, as `withImageConfigArgs` does without arguments (same branches, same errors).',
  containerd: 'oci.WithImageConfig',
  apply(spec, ctx, image) {
    return applyImageConfig(spec, ctx, image, null);
  },
});
