/**
 * `withCDIDevices`: CDI devices injected into a spec, as containerd's `WithCDIDevices` does.
 */
import { defineOpt, type HostFS, type OptDefinition, type SpecOpt, specOpt, z } from '@ocispec/core';
import { CdiCache, type CdiCacheOptions } from './cache.js';
import { CdiError, UnresolvableDevicesError } from './errors.js';

/**
 * Where devices are looked up: a cache, or the options of the caches made on demand, one per host filesystem
 * (the composition's `ctx.host.fs` unless `fs` is given).
 */
export type CdiSource = CdiCache | CdiCacheOptions;

const DEFAULT_SOURCE: CdiCacheOptions = Object.freeze({});
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

/**
 * Injects the CDI devices named (`vendor.com/class=name`) from `source` (see {@link withCDIDevices}).
 */
export function cdiDevicesOpt(source: CdiSource, devices: readonly string[]): SpecOpt {
  const names = Object.freeze([...devices]);
  return specOpt('withCDIDevices', (spec, ctx) => {
    if (names.length === 0) return;
    const cache = cacheOf(source, ctx.host.fs);
    if (!cache.autoRefresh) cache.refresh();
    let problems: CdiError[];
    try {
      problems = cache.injectDevices(spec, names, { fs: ctx.host.fs, os: ctx.platform.os });
    } catch (error) {
      if (error instanceof UnresolvableDevicesError) {
        throw new UnresolvableDevicesError(error.devices, 'CDI device injection failed: ');
      }
      if (error instanceof CdiError) {
        throw new CdiError(error.code, `CDI device injection failed: ${error.reason}`, { cause: error });
      }
      throw error;
    }
    // Not fatal, as in containerd: a broken spec of one vendor must not block the devices of another.
    for (const problem of problems) ctx.warn(`CDI registry refresh failed: ${problem.message}`);
  });
}

/**
 * Injects the named CDI devices (`vendor.com/class=name`) found in the spec directories `/etc/cdi` and
 * `/var/run/cdi` (read through `ctx.host.fs`): for each device in order, its spec's `containerEdits` (once per
 * spec file) and its own, applied as {@link applyContainerEdits} describes (env, device nodes completed from the
 * host with their cgroup rules, network devices, mounts re-sorted by depth, hooks, Intel RDT, additional gids).
 * No name: no-op. A name no spec defines fails with {@link UnresolvableDevicesError}
 * (`CDI device injection failed: unresolvable CDI devices …`) and edits nothing; spec files that fail to load
 * are warnings. Use {@link cdiPlugin} for other spec directories. Any OS (a windows target fails on device
 * nodes, as containerd built for windows does).
 * containerd: `cdi.WithCDIDevices` (`pkg/cdi`)
 */
export function withCDIDevices(...devices: string[]): SpecOpt {
  return cdiDevicesOpt(DEFAULT_SOURCE, devices);
}

/** Any number of device names (zod's tuple types want one item before a rest; the schema takes none). */
const deviceNames = (z.tuple as unknown as (items: [], rest: z.ZodString) => z.ZodTuple<[], z.ZodString>)(
  [],
  z.string(),
);

/** The registry definition of `withCDIDevices`, looking devices up in `source` (default: the default dirs). */
export function withCDIDevicesDefinition(source: CdiSource = DEFAULT_SOURCE): OptDefinition {
  return defineOpt({
    name: 'withCDIDevices',
    args: deviceNames,
    factory: (...devices: string[]) => cdiDevicesOpt(source, devices),
    doc: 'Injects CDI devices (vendor.com/class=name): their container edits from the CDI spec directories.',
    containerd: 'cdi.WithCDIDevices',
  }) as OptDefinition;
}
