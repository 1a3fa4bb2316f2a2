/**
 * The root and the command: containerd CRI's `WithRelativeRoot`, `WithoutRoot` and `WithProcessArgs`
 * (`internal/cri/opts/spec.go`, `spec_opts.go`).
 */
import type { ImageConfig } from '@ocispec/core';
import { defineOpt, ensureRoot, withProcessArgs as ociWithProcessArgs, SpecOptError } from '@ocispec/core';
import { ImageConfigSchema } from '@ocispec/core/schemas';
import { z } from 'zod';
import { ContainerConfigSchema } from '../messages.js';

/**
 * Sets `root.path` (relative to the bundle: containerd's CRI uses `rootfs`). Creates `root`.
 * containerd: `opts.WithRelativeRoot`
 */
export const withRelativeRoot = defineOpt({
  name: 'cri.withRelativeRoot',
  args: () => z.tuple([z.string()]),
  doc: "Sets `root.path` (relative to the bundle: containerd's CRI uses `rootfs`).",
  containerd: 'opts.WithRelativeRoot',
  apply(spec, _ctx, root) {
    ensureRoot(spec).path = root;
  },
});

/**
 * Removes `root` (hcsshim wants none on windows). No `root`: nothing.
 * containerd: `opts.WithoutRoot`
 */
export const withoutRoot = defineOpt({
  name: 'cri.withoutRoot',
  args: () => z.tuple([]),
  doc: 'Removes `root` (hcsshim wants none on windows).',
  containerd: 'opts.WithoutRoot',
  apply(spec) {
    delete spec.root;
  },
});

/**
 * containerd's command rules (from moby): with no CRI command, the CRI args (or the image's Cmd when there are none)
 * follow the image's Entrypoint, unless that entrypoint is exactly `[""]` (an explicit reset). An empty CRI command
 * counts as unset, as after protobuf decoding. Returns the argv, or `undefined` when nothing results.
 */
export function criArgs(
  command: readonly string[] | null | undefined,
  args: readonly string[] | null | undefined,
  image: ImageConfig | null | undefined,
): string[] | undefined {
  let cmd = command ?? [];
  let rest = args ?? [];
  if (cmd.length === 0) {
    if (rest.length === 0) rest = image?.Cmd ?? [];
    const entrypoint = image?.Entrypoint ?? [];
    if (!(entrypoint.length === 1 && entrypoint[0] === '')) cmd = entrypoint;
  }
  if (cmd.length === 0 && rest.length === 0) return undefined;
  return [...cmd, ...rest];
}

/**
 * Sets `process.args` from the CRI config's command and args and the image's Entrypoint and Cmd, and clears
 * `process.commandLine` (as core's `withProcessArgs`). containerd's rules (`criArgs`): the CRI command replaces
 * the entrypoint, the CRI args the Cmd, an entrypoint of exactly `[""]` is a reset; `no command specified` when
 * nothing results. Creates `process`.
 * containerd: `opts.WithProcessArgs`
 */
export const withProcessArgs = defineOpt({
  name: 'cri.withProcessArgs',
  args: () => z.tuple([ContainerConfigSchema, ImageConfigSchema.nullable()]),
  doc: "Sets `process.args` from the CRI config's command and args and the image's Entrypoint and Cmd, and clears `process.commandLine` (as core's `withProcessArgs`).",
  containerd: 'opts.WithProcessArgs',
  apply(spec, ctx, config, image) {
    const argv = criArgs(config.command, config.args, image);
    if (argv === undefined) throw new SpecOptError('no command specified');
    return ociWithProcessArgs.apply(spec, ctx, ...argv);
  },
});
