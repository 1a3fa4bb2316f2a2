/**
 * `withImageConfig` / `withImageConfigArgs`: process settings from an image config. Core creates `process` and
 * dispatches on the spec's sections; the section-specific work (user lookup in the rootfs, Windows argument
 * escaping) is a part provided by a platform plugin through `ctx.parts`.
 */
import type { Draft } from 'immer';
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import type { SpecContext } from '../context.js';
import { OcispecError, SpecOptError } from '../errors.js';
import type { Mount, Spec } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { ensureProcess } from '../sections.js';
import { cloneJson } from './draft-values.js';
import type { ImageConfig, OCIImage } from './image-config.js';
import { imageConfigOf, OCIImageSchema } from './image-config.js';

/**
 * The signature of `withImageConfigArgs`'s platform parts (`ctx.parts.get('withImageConfigArgs', 'linux' |
 * 'windows')`): they get the draft (with `process` already created), the context, the image's `config` and the
 * user's arguments (`[]` for none), and do containerd's branch for their section (§4.6 steps 5 and 6).
 */
export type ImageConfigPart = (
  spec: Draft<Spec>,
  ctx: SpecContext,
  imageConfig: ImageConfig,
  args: string[],
) => void | Promise<void>;

const PART_PROVIDERS = {
  linux: "@ocispec/linux's linuxPlugin",
  windows: "@ocispec/windows's windowsPlugin",
} as const;

/** containerd's FreeBSD `appendOSMounts`: Linux-emulation filesystems prepended for a Linux image. */
function freebsdLinuxMounts(): Mount[] {
  return [
    { destination: '/proc', type: 'linprocfs', source: 'linprocfs', options: ['nosuid', 'noexec'] },
    { destination: '/sys', type: 'linsysfs', source: 'linsysfs', options: ['nosuid', 'noexec', 'nodev'] },
  ];
}

function applyImageConfig(
  spec: Draft<Spec>,
  ctx: SpecContext,
  image: OCIImage,
  args: readonly string[] | null,
): void | Promise<void> {
  if (ctx.platform.os === 'freebsd' && image.os === 'linux') {
    // Spreading the draft keeps existing mounts as drafts (editable by later options).
    spec.mounts = [...freebsdLinuxMounts(), ...(spec.mounts ?? [])];
  }
  ensureProcess(spec);
  const section = spec.linux != null ? 'linux' : spec.windows != null ? 'windows' : undefined;
  if (section === undefined) throw new SpecOptError('spec does not contain Linux or Windows section');
  const part = ctx.parts.get('withImageConfigArgs', section);
  if (part === undefined) {
    throw new OcispecError(
      'MISSING_PART',
      `withImageConfigArgs: the spec has a ${section} section but no ${section} part is registered (provided by ${PART_PROVIDERS[section]})`,
      { option: 'withImageConfigArgs', plugin: PART_PROVIDERS[section] },
    );
  }
  // Copies: a part may put the config's arrays into the draft, where a frozen or shared array would be a trap.
  return (part as ImageConfigPart)(
    spec,
    ctx,
    cloneJson(imageConfigOf(image)),
    args == null ? [] : args.slice(),
  );
}

/**
 * Sets `process.env`, `args`/`commandLine`, `cwd` and `user` from `image`'s config, with `args` replacing its
 * `Cmd` when non-empty. Creates `process`; then a spec with `linux` (LCOW included) takes the linux part, else one
 * with `windows` the windows part, else it fails with `spec does not contain Linux or Windows section`. A FreeBSD
 * target prepends Linux-emulation mounts for a `linux` image. A missing part is `MISSING_PART`.
 * containerd: `oci.WithImageConfigArgs`
 */
export function withImageConfigArgs(image: OCIImage, args: readonly string[] | null = null): SpecOpt {
  return specOpt('withImageConfigArgs', (spec, ctx) => applyImageConfig(spec, ctx, image, args));
}

export const withImageConfigArgsDefinition = defineOpt({
  name: 'withImageConfigArgs',
  args: z.tuple([OCIImageSchema, z.array(z.string()).nullable()]),
  factory: withImageConfigArgs,
  doc: "Sets process env, args, cwd and user from an image config, the arguments replacing the image's Cmd.",
  containerd: 'oci.WithImageConfigArgs',
});

/**
 * {@link withImageConfigArgs} without arguments: `process` from the image config alone (same section rules, same
 * parts).
 * containerd: `oci.WithImageConfig`
 */
export function withImageConfig(image: OCIImage): SpecOpt {
  return specOpt('withImageConfig', (spec, ctx) => applyImageConfig(spec, ctx, image, null));
}

export const withImageConfigDefinition = defineOpt({
  name: 'withImageConfig',
  args: z.tuple([OCIImageSchema]),
  factory: withImageConfig,
  doc: 'Sets process env, args, cwd and user from an image config.',
  containerd: 'oci.WithImageConfig',
});
