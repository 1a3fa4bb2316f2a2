/** The windows part of `withImageConfigArgs`: process settings from an image config on a Windows spec. */
import type { ImageConfigPart } from '@ocispec/core';
import { ensureProcess, peekArray, replaceOrAppendEnvValues, SpecOptError } from '@ocispec/core';
import { escapeAndCombineArgs } from './escape.js';

/**
 * `withImageConfigArgs` on a spec with `windows` and no `linux` (core dispatches here, `process` already created):
 * - `process.env` = the image's `Env` with the spec's own env merged over it (no default PATH);
 * - the command is `Entrypoint` followed by `args` when given, else by the image's `Cmd`; an empty command fails
 *   with `no arguments specified`;
 * - when the image says `ArgsEscaped` and the command comes from the image (an `Entrypoint`, or `Cmd` not replaced
 *   by `args`), `process.commandLine` = the first element verbatim, then the rest escaped with Go's `EscapeArg`,
 *   and `process.args` is removed; otherwise `process.args` = the command and `process.commandLine` is removed;
 * - `process.cwd` = `WorkingDir` (possibly `""`);
 * - `process.user` is replaced whole by `{username: User}` (uid, gid, additional gids and umask are dropped).
 * containerd: the `s.Windows != nil` branch of `oci.WithImageConfigArgs`
 */
export const withImageConfigArgsWindows: ImageConfigPart = (spec, _ctx, imageConfig, args) => {
  const process = ensureProcess(spec);
  const env = replaceOrAppendEnvValues(imageConfig.Env ?? [], peekArray(process, 'env'));
  if (env.length > 0) process.env = env;
  else if (process.env !== undefined) delete process.env;

  const cmdFromImage = args.length === 0;
  const entrypoint = imageConfig.Entrypoint ?? [];
  const command = [...entrypoint, ...(cmdFromImage ? (imageConfig.Cmd ?? []) : args)];
  if (command.length === 0) throw new SpecOptError('no arguments specified');

  if (imageConfig.ArgsEscaped === true && (entrypoint.length > 0 || cmdFromImage)) {
    if (process.args !== undefined) delete process.args;
    const [first, ...rest] = command;
    const commandLine = rest.length > 0 ? `${first} ${escapeAndCombineArgs(rest)}` : first!;
    if (commandLine !== '') process.commandLine = commandLine;
    else if (process.commandLine !== undefined) delete process.commandLine;
  } else {
    process.args = command;
    if (process.commandLine !== undefined) delete process.commandLine;
  }

  process.cwd = imageConfig.WorkingDir ?? '';
  const username = imageConfig.User ?? '';
  process.user = username === '' ? { uid: 0, gid: 0 } : { uid: 0, gid: 0, username };
};
