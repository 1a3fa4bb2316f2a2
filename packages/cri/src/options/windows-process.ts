/**
 * The windows process: containerd CRI's `WithProcessCommandLineOrArgsForWindows` (`spec_windows.go`, real only in
 * a windows build, which ocispec takes as a `windows/*` target) and `WithWindowsCredentialSpec`
 * (`spec_windows_opts.go`).
 */
import { defineOpt, ensureWindows, withProcessArgs as ociWithProcessArgs, SpecOptError } from '@ocispec/core';
import { ImageConfigSchema } from '@ocispec/core/schemas';
import { escapeArg, withProcessCommandLine } from '@ocispec/windows';
import { z } from 'zod';
import { ContainerConfigSchema } from '../messages.js';

/**
 * containerd's windows `getArgs`: the CRI command rules without the `[""]` entrypoint exception, and whether the
 * first argument came from the image.
 */
export function getArgs(
  imgEntrypoint: readonly string[] | null | undefined,
  imgCmd: readonly string[] | null | undefined,
  ctrEntrypoint: readonly string[] | null | undefined,
  ctrCmd: readonly string[] | null | undefined,
): { args: string[]; firstArgFromImg: boolean } {
  let firstArgFromImg = false;
  let entrypoint = ctrEntrypoint ?? [];
  let cmd = ctrCmd ?? [];
  if (entrypoint.length === 0) {
    if (cmd.length === 0) {
      cmd = imgCmd ?? [];
      if ((imgCmd ?? []).length > 0) firstArgFromImg = true;
    }
    entrypoint = imgEntrypoint ?? [];
    if ((imgEntrypoint ?? []).length > 0 || (ctrCmd ?? []).length === 0) firstArgFromImg = true;
  }
  if (entrypoint.length === 0 && cmd.length === 0) throw new SpecOptError('no command specified');
  return { args: [...entrypoint, ...cmd], firstArgFromImg };
}

/** The command line of an `ArgsEscaped` image: the image's first argument as is, every other one escaped. */
function commandLineOf(args: readonly string[], firstArgFromImg: boolean): string {
  if (!firstArgFromImg) return args.map(escapeArg).join(' ');
  return args.length > 1 ? `${args[0]} ${args.slice(1).map(escapeArg).join(' ')}` : args[0]!;
}

/**
 * Sets `process.commandLine` (an image whose `ArgsEscaped` is set: its first argument as is when it comes from the
 * image, every other argument escaped) or else `process.args`, from the CRI command and args and the image's
 * Entrypoint and Cmd. Only for a windows target (containerd's other builds return `not implemented`).
 * containerd: `opts.WithProcessCommandLineOrArgsForWindows`
 */
export const withProcessCommandLineOrArgsForWindows = defineOpt({
  name: 'cri.withProcessCommandLineOrArgsForWindows',
  args: () => z.tuple([ContainerConfigSchema, ImageConfigSchema.nullable()]),
  doc: "Sets `process.commandLine` (an image whose `ArgsEscaped` is set: its first argument as is when it comes from the image, every other argument escaped) or else `process.args`, from the CRI command and args and the image's Entrypoint and Cmd.",
  containerd: 'opts.WithProcessCommandLineOrArgsForWindows',
  apply(spec, ctx, config, image) {
    if (ctx.platform.os !== 'windows') throw new SpecOptError('not implemented');
    const { args, firstArgFromImg } = getArgs(image?.Entrypoint, image?.Cmd, config.command, config.args);
    if (image?.ArgsEscaped === true)
      return withProcessCommandLine(commandLineOf(args, firstArgFromImg))(spec, ctx);
    return ociWithProcessArgs.apply(spec, ctx, ...args);
  },
});

/**
 * Sets `windows.credentialSpec`. Creates `windows`.
 * containerd: `opts.WithWindowsCredentialSpec`
 */
export const withWindowsCredentialSpec = defineOpt({
  name: 'cri.withWindowsCredentialSpec',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `windows.credentialSpec`.',
  containerd: 'opts.WithWindowsCredentialSpec',
  apply(spec, _ctx, credentialSpec) {
    ensureWindows(spec).credentialSpec = credentialSpec;
  },
});
