/** Shared fixtures: pipelines with the core and windows plugins, and containerd's `emptySpecs`. */
import type { FrozenSpec, OCIImage, Spec, SpecOpt } from '@ocispec/core';
import { corePlugin, Pipeline } from '@ocispec/core';
import { windowsPlugin } from '../src/index.js';

/** A fresh pipeline with the core and windows plugins. */
export function windowsPipeline(): Pipeline {
  return new Pipeline({ plugins: [corePlugin(), windowsPlugin()] });
}

/** containerd's `emptySpecs` (spec_opts_test.go): an empty spec, a linux-only one and a windows-only one. */
export const emptySpecs: Readonly<Record<'empty' | 'linux' | 'windows', Spec>> = {
  empty: {},
  linux: { linux: {} },
  windows: { windows: {} },
};

/** The spec containerd's windows image tests start from: `{Version, Root: {}, Windows: {}}`. */
export function windowsTestSpec(): Spec {
  return { ociVersion: '1.3.0', root: {}, windows: {} };
}

/** An LCOW spec: a linux spec that also has a windows section. */
export function lcowSpec(): Spec {
  return {
    ociVersion: '1.3.0',
    process: { user: { uid: 0, gid: 0 }, cwd: '/' },
    root: { path: 'rootfs' },
    linux: {},
    windows: {},
  };
}

/** An image config blob holding `config` (containerd's `newFakeImage`). */
export function image(config: NonNullable<OCIImage['config']>): OCIImage {
  return { config };
}

/** Composes `opts` over `base` for `platform` (default `windows/amd64`) and returns the spec. */
export async function apply(
  base: Spec | null,
  opts: readonly SpecOpt[],
  platform = 'windows/amd64',
): Promise<FrozenSpec> {
  const { spec } = await windowsPipeline().compose({ platform, base, opts });
  return spec;
}
