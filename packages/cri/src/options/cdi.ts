/** CDI devices: containerd CRI's `WithCDI` (`internal/cri/opts/spec_linux.go`) over `@ocispec/cdi`. */
import type { CdiCacheOptions } from '@ocispec/cdi';
import { injectCDIDevices, requestedDevices } from '@ocispec/cdi';
import { defineOpt } from '@ocispec/core';
import { z } from 'zod';
import { CDIDeviceSchema } from '../messages.js';

/** One cache source per list of spec directories, so that a spec file is parsed again only when it changes. */
const sources = new Map<string, CdiCacheOptions>();

function sourceOf(specDirs: readonly string[] | null | undefined): CdiCacheOptions {
  const dirs = specDirs ?? [];
  const key = JSON.stringify(dirs);
  let source = sources.get(key);
  if (source === undefined) {
    source = Object.freeze({ specDirs: Object.freeze([...dirs]) });
    sources.set(key, source);
  }
  return source;
}

/**
 * Injects the CDI devices a container requests, found in the CRI config's spec directories. The names are those
 * of `cdiDevices` (the CRI `ContainerConfig.CDIDevices`), then those of the `cdi.k8s.io/*` annotations, each name
 * once, first request first; they are resolved in `specDirs` (`cdi_spec_dirs`, lowest priority first; absent, `null`
 * or empty: `/etc/cdi`, `/var/run/cdi`), read through `ctx.host`, and injected as `@ocispec/cdi`'s `withCDIDevices`
 * injects them (env, device nodes with their cgroup rules, mounts, hooks, additional gids …). A bad annotation
 * fails with `failed to parse CDI device annotations: …`, a device no spec defines with `CDI device injection
 * failed: unresolvable CDI devices …` (nothing injected); spec files that fail to load are warnings. No device:
 * nothing is read. A non-linux target: nothing (containerd's non-linux `WithCDI`).
 * containerd: `opts.WithCDI`
 */
export const withCDI = defineOpt({
  name: 'cri.withCDI',
  args: () =>
    z.tuple([
      z.record(z.string(), z.string()).nullable(),
      z.array(CDIDeviceSchema).nullable(),
      z.array(z.string()).nullable().optional(),
    ]),
  doc: "Injects the CDI devices a container requests, found in the CRI config's spec directories.",
  containerd: 'opts.WithCDI',
  apply(spec, ctx, annotations, cdiDevices, specDirs) {
    if (ctx.platform.os !== 'linux') return;
    injectCDIDevices(spec, ctx, sourceOf(specDirs), requestedDevices(cdiDevices, annotations));
  },
});
