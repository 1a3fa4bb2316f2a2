/**
 * `withCDIDevices`: CDI devices injected into a spec, as containerd's `WithCDIDevices` does, from the default spec
 * directories or, registered by `cdiPlugin`, from the plugin's source.
 */
import type { HostAccess, HostFS, OptionTypesOf, SpecContext, SpecOpt } from '@ocispec/core';
import { defineOpt } from '@ocispec/core';
import { namedFilesFS } from '@ocispec/core/internal';
import { z } from 'zod';
import { CdiCache, type CdiCacheOptions } from './cache.js';
import { CdiError, UnresolvableDevicesError } from './errors.js';

/**
 * Where devices are looked up: a cache, or the options of the caches made on demand, one per host filesystem
 * (the composition's `ctx.host.fs` unless `fs` is given).
 */
export type CdiSource = CdiCache | CdiCacheOptions;

/** The default spec directories (`/etc/cdi`, `/var/run/cdi`), read through the composition's host. */
export const DEFAULT_SOURCE: CdiCacheOptions = Object.freeze({});
const caches = new WeakMap<CdiCacheOptions, WeakMap<HostFS, CdiCache>>();

/** The cache of `source` for a host filesystem (made once per options object and filesystem). */
export function cacheOf(source: CdiSource, hostFS: HostFS): CdiCache {
  if (source instanceof CdiCache) return source;
  const fs = source.fs ?? hostFS;
  let byFS = caches.get(source);
  if (byFS === undefined) {
    byFS = new WeakMap();
    caches.set(source, byFS);
  }
  let cache = byFS.get(fs);
  if (cache === undefined) {
    cache = new CdiCache({ ...source, fs });
    byFS.set(fs, cache);
  }
  return cache;
}

/** Whether a source names its spec directories: a cache, or options with a non-empty `specDirs`. */
function namesDirs(source: CdiSource): boolean {
  return source instanceof CdiCache || (source.specDirs?.length ?? 0) > 0;
}

/** The caches of pipelines' `cdiSpecDirs`: by host, base file system, refresh mode and directories. */
const pipelineCaches = new WeakMap<HostAccess, WeakMap<HostFS, Map<string, CdiCache>>>();

/**
 * The cache of the directories a pipeline names (`ctx.settings.cdiSpecDirs`), read as files the pipeline names
 * (`namedFilesFS`: beneath the files root, bounded), through `source.fs` when given.
 */
function pipelineCache(source: CdiCacheOptions, ctx: SpecContext, specDirs: readonly string[]): CdiCache {
  const base = source.fs ?? ctx.host.fs;
  let byFS = pipelineCaches.get(ctx.host);
  if (byFS === undefined) {
    byFS = new WeakMap();
    pipelineCaches.set(ctx.host, byFS);
  }
  let byDirs = byFS.get(base);
  if (byDirs === undefined) {
    byDirs = new Map();
    byFS.set(base, byDirs);
  }
  const autoRefresh = source.autoRefresh ?? true;
  const key = `${autoRefresh}\0${specDirs.join('\0')}`;
  let cache = byDirs.get(key);
  if (cache === undefined) {
    const fs = namedFilesFS(base === ctx.host.fs ? ctx.host : { ...ctx.host, fs: base });
    cache = new CdiCache({ specDirs, autoRefresh, fs });
    byDirs.set(key, cache);
  }
  return cache;
}

/**
 * The cache an injection looks devices up in: `source`'s when it names directories (the caller's choice wins, and
 * a pipeline's `cdiSpecDirs` is then reported as not used), else the pipeline's `cdiSpecDirs` when it names some,
 * else `source`'s defaults.
 */
function injectionCache(source: CdiSource, ctx: SpecContext): CdiCache {
  const fromPipeline = ctx.settings.cdiSpecDirs ?? [];
  if (fromPipeline.length === 0) return cacheOf(source, ctx.host.fs);
  if (namesDirs(source)) {
    ctx.warn(
      "the pipeline's cdiSpecDirs are not used: the cdi plugin was given its spec directories (the CLI: --cdi-spec-dir)",
    );
    return cacheOf(source, ctx.host.fs);
  }
  return pipelineCache(source as CdiCacheOptions, ctx, fromPipeline);
}

/**
 * Injects the devices named into the draft from `source` (see {@link withCDIDevices}): resolves every name first,
 * then applies the container edits; spec files that fail to load are warnings.
 */
export function injectCDIDevices(
  spec: Parameters<SpecOpt>[0],
  ctx: SpecContext,
  source: CdiSource,
  names: readonly string[],
): void {
  if (names.length === 0) return;
  const cache = injectionCache(source, ctx);
  if (!cache.autoRefresh) cache.refresh();
  let problems: CdiError[];
  try {
    problems = cache.injectDevices(spec, names, { fs: ctx.host.fs, os: ctx.platform.os });
  } catch (error) {
    if (error instanceof UnresolvableDevicesError) {
      throw new UnresolvableDevicesError(
        error.devices,
        'CDI device injection failed: ',
        registryErrors(cache),
      );
    }
    if (error instanceof CdiError) {
      throw new CdiError(error.code, `CDI device injection failed: ${error.reason}`, { cause: error });
    }
    throw error;
  }
  // Not fatal, as in containerd: a broken spec of one vendor must not block the devices of another.
  for (const problem of problems) ctx.warn(`CDI registry refresh failed: ${problem.message}`);
}

/**
 * What an unresolvable-devices error adds when spec files failed to load (the warnings a failed composition does
 * not return): ` (CDI registry refresh failed: <the first error>; and N more)`, or nothing.
 */
function registryErrors(cache: CdiCache): string {
  const errors = [...cache.getErrors().values()].flat();
  const [first] = errors;
  if (first === undefined) return '';
  const more = errors.length > 1 ? `; and ${errors.length - 1} more` : '';
  return ` (CDI registry refresh failed: ${first.message}${more})`;
}

/**
 * Injects the named CDI devices (`vendor.com/class=name`) found in the spec directories: the pipeline's
 * `cdiSpecDirs` (`ctx.settings`, read beneath the files root when there is one), else `/etc/cdi` and
 * `/var/run/cdi` (read through `ctx.host.fs`; `cdiPlugin` registers it over other directories or a cache, which
 * then win over the pipeline's). For
 * each device in order, its spec's `containerEdits` (once per spec file) and its own are applied as
 * {@link applyContainerEdits} describes (env, device nodes completed from the host with their cgroup rules,
 * network devices, mounts re-sorted by depth, hooks, Intel RDT, additional gids). No name: no-op. A name no spec
 * defines fails with {@link UnresolvableDevicesError} (`CDI device injection failed: unresolvable CDI devices …`)
 * and edits nothing; spec files that fail to load are warnings. Any OS (a windows target fails on device nodes, as
 * containerd built for windows does).
 * containerd: `cdi.WithCDIDevices` (`pkg/cdi`)
 */
export const withCDIDevices = defineOpt({
  name: 'withCDIDevices',
  args: () => z.tuple([]).rest(z.string()),
  doc: "Injects the named CDI devices (`vendor.com/class=name`) found in the spec directories: the pipeline's `cdiSpecDirs` (`ctx.settings`, read beneath the files root when there is one), else `/etc/cdi` and `/var/run/cdi` (read through `ctx.host.fs`; `cdiPlugin` registers it over other directories or a cache, which then win over the pipeline's).",
  containerd: 'cdi.WithCDIDevices',
  apply(spec, ctx, ...devices) {
    injectCDIDevices(spec, ctx, DEFAULT_SOURCE, devices);
  },
});

/** The options of `@ocispec/cdi`. */
export const cdiOptions = [withCDIDevices] as const;

declare module '@ocispec/core' {
  /** `["withCDIDevices", ...names]`, a typed `OptCall`. */
  interface OptionTypes extends OptionTypesOf<typeof cdiOptions> {}
}
