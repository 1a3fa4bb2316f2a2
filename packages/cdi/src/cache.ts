/**
 * The CDI registry of a host: every spec of the spec directories, the devices they define by qualified name, and
 * the errors met reading them. container-device-interface: `pkg/cdi/cache.go`.
 */
import type { HostFS } from '@ocispec/core';
import { goQuote, nodeHostFS } from '@ocispec/core/internal';
import {
  type ApplyOptions,
  applyContainerEdits,
  type EditableSpec,
  mergeContainerEdits,
} from './container-edits.js';
import { CdiError, UnresolvableDevicesError } from './errors.js';
import { qualifiedName } from './qualified-name.js';
import { type CdiSpecFile, parseSpec, readSpecBytes } from './spec.js';
import { normalizeSpecDirs, scanSpecDirs } from './spec-dirs.js';
import type { CdiDevice, ContainerEdits } from './types.js';

/** How a {@link CdiCache} finds specs. */
export interface CdiCacheOptions {
  /** The spec directories, lowest priority first (none, or an empty list: `/etc/cdi`, `/var/run/cdi`). */
  readonly specDirs?: readonly string[];
  /**
   * `true` (the default): every lookup sees the directories as they are now (they are rescanned; files whose bytes
   * did not change are not parsed again). `false`: the cache changes only on {@link CdiCache.refresh}.
   */
  readonly autoRefresh?: boolean;
  /** Where directories and files are read (default: the real host). */
  readonly fs?: HostFS;
}

/** A device the cache resolved: its qualified name, its definition and the spec file holding it. */
export interface ResolvedDevice {
  readonly name: string;
  readonly device: CdiDevice;
  readonly spec: CdiSpecFile;
}

/** One parsed file, kept while its bytes and priority stay the same. */
interface ParsedFile {
  readonly priority: number;
  readonly bytes: Uint8Array;
  readonly result: CdiSpecFile | CdiError;
}

/** What one scan produced. */
interface Snapshot {
  readonly specs: readonly CdiSpecFile[];
  readonly devices: ReadonlyMap<string, ResolvedDevice>;
  /** Errors by file path (load errors and conflicts), in scan order. */
  readonly errors: ReadonlyMap<string, readonly CdiError[]>;
  readonly dirErrors: ReadonlyMap<string, CdiError>;
}

/**
 * Specs and devices of a set of spec directories, with the reference's rules: files are read directory by
 * directory in name order; a device defined in a later (higher-priority) directory replaces the earlier one; a
 * device defined twice in one directory is a conflict: an error on both files, and the device is dropped
 * altogether (even if another directory defines it too, as the reference does); a file that fails to load is an
 * error of its own and hides none of the others.
 */
export class CdiCache {
  /** The spec directories in use (cleaned), lowest priority first. */
  readonly specDirs: readonly string[];
  readonly autoRefresh: boolean;
  readonly #fs: HostFS;
  readonly #parsed = new Map<string, ParsedFile>();
  #snapshot: Snapshot;

  constructor(options: CdiCacheOptions = {}) {
    this.specDirs = normalizeSpecDirs(options.specDirs);
    this.autoRefresh = options.autoRefresh ?? true;
    this.#fs = options.fs ?? nodeHostFS;
    this.#snapshot = this.#scan();
  }

  /**
   * Rescans the spec directories now and returns every error met (spec files that failed to load, conflicts,
   * an unlistable directory), in scan order. A failure of one file does not stop the others from loading.
   */
  refresh(): CdiError[] {
    this.#snapshot = this.#scan();
    return this.#allErrors();
  }

  /** The device with this qualified name, if a spec defines it. */
  getDevice(name: string): ResolvedDevice | undefined {
    return this.#current().devices.get(name);
  }

  /** The qualified names of all devices, sorted. */
  listDevices(): string[] {
    return [...this.#current().devices.keys()].sort();
  }

  /** All devices with the spec file each comes from, sorted by name. */
  devices(): ResolvedDevice[] {
    const devices = this.#current().devices;
    return [...devices.keys()].sort().map((name) => devices.get(name)!);
  }

  /** The vendors of all loaded specs, sorted. */
  listVendors(): string[] {
    return [...new Set(this.#current().specs.map((s) => s.vendor))].sort();
  }

  /** The device classes of all loaded specs, sorted. */
  listClasses(): string[] {
    return [...new Set(this.#current().specs.map((s) => s.class))].sort();
  }

  /** The loaded specs of a vendor, in scan order. */
  getVendorSpecs(vendor: string): CdiSpecFile[] {
    return this.#current().specs.filter((s) => s.vendor === vendor);
  }

  /** The loaded specs, in scan order. */
  specs(): readonly CdiSpecFile[] {
    return this.#current().specs;
  }

  /** The errors of the last scan for one spec file (load errors, conflicts). */
  getSpecErrors(spec: CdiSpecFile | string): CdiError[] {
    return [...(this.#snapshot.errors.get(typeof spec === 'string' ? spec : spec.path) ?? [])];
  }

  /** The errors of the last scan, by file or directory. */
  getErrors(): Map<string, CdiError[]> {
    const out = new Map<string, CdiError[]>();
    for (const [path, errors] of this.#snapshot.errors) out.set(path, [...errors]);
    for (const [dir, error] of this.#snapshot.dirErrors) out.set(dir, [error]);
    return out;
  }

  /**
   * Resolves qualified names to devices, in request order. Throws {@link UnresolvableDevicesError} naming every
   * name no spec defines.
   */
  resolve(names: readonly string[]): ResolvedDevice[] {
    const devices = this.#current().devices;
    const unresolved = names.filter((name) => !devices.has(name));
    if (unresolved.length > 0) throw new UnresolvableDevicesError(unresolved);
    return names.map((name) => devices.get(name)!);
  }

  /**
   * Injects the named devices into `spec`: resolves all of them first (nothing is edited when one is missing:
   * {@link UnresolvableDevicesError}), then applies, in request order, each device's spec edits (once per spec
   * file) and the device's own edits, merged into one set ({@link applyContainerEdits}). A name given twice
   * applies its device's edits twice, as the reference does. Returns the errors of the scan the devices were
   * resolved in (files that failed to load, conflicts), which concern other devices than the injected ones.
   * container-device-interface: `Cache.InjectDevices`.
   */
  injectDevices(spec: EditableSpec, names: readonly string[], options: ApplyOptions = {}): CdiError[] {
    const edits = devicesEdits(this.resolve(names));
    try {
      applyContainerEdits(spec, edits, options);
    } catch (error) {
      if (!(error instanceof CdiError)) throw error;
      throw new CdiError(error.code, `failed to inject devices: ${error.reason}`, { cause: error });
    }
    return this.#allErrors();
  }

  #current(): Snapshot {
    if (this.autoRefresh) this.#snapshot = this.#scan();
    return this.#snapshot;
  }

  #allErrors(): CdiError[] {
    const { errors, dirErrors } = this.#snapshot;
    return [...[...errors.values()].flat(), ...dirErrors.values()];
  }

  #scan(): Snapshot {
    const scan = scanSpecDirs(this.specDirs, this.#fs);
    const specs: CdiSpecFile[] = [];
    const devices = new Map<string, ResolvedDevice>();
    const conflicts = new Set<string>();
    const errors = new Map<string, CdiError[]>();
    const record = (error: CdiError, ...paths: string[]) => {
      for (const path of paths) errors.set(path, [...(errors.get(path) ?? []), error]);
    };
    const seen = new Set<string>();
    for (const file of scan.files) {
      seen.add(file.path);
      const loaded = this.#load(file.path, file.priority);
      if (loaded instanceof CdiError) {
        record(loaded, file.path);
        continue;
      }
      specs.push(loaded);
      for (const [name, device] of loaded.devices) {
        const qualified = qualifiedName(loaded.vendor, loaded.class, name);
        const other = devices.get(qualified);
        if (other !== undefined && other.spec.priority >= loaded.priority) {
          const conflict = new CdiError(
            'CDI_CONFLICT',
            `conflicting device ${goQuote(qualified)} (specs ${goQuote(loaded.path)}, ${goQuote(other.spec.path)})`,
          );
          record(conflict, loaded.path, other.spec.path);
          conflicts.add(qualified);
          continue;
        }
        devices.set(qualified, { name: qualified, device, spec: loaded });
      }
    }
    for (const name of conflicts) devices.delete(name);
    for (const path of this.#parsed.keys()) if (!seen.has(path)) this.#parsed.delete(path);
    const dirErrors = new Map<string, CdiError>();
    if (scan.dirError !== undefined) dirErrors.set(scan.dirError.file!, scan.dirError);
    return { specs, devices, errors, dirErrors };
  }

  /** A spec file, parsed again only when its bytes changed. A failure is returned, not thrown. */
  #load(path: string, priority: number): CdiSpecFile | CdiError {
    let bytes: Uint8Array;
    try {
      bytes = readSpecBytes(path, this.#fs);
    } catch (error) {
      this.#parsed.delete(path);
      if (error instanceof CdiError) return error;
      throw error;
    }
    const known = this.#parsed.get(path);
    if (known?.priority === priority && Buffer.from(known.bytes).equals(bytes)) return known.result;
    let result: CdiSpecFile | CdiError;
    try {
      result = parseSpec(bytes, { file: path, priority });
    } catch (error) {
      if (!(error instanceof CdiError)) throw error;
      result = error;
    }
    this.#parsed.set(path, { priority, bytes, result });
    return result;
  }
}

/** The edits of resolved devices, merged: each spec's own edits once (before its first device), each device's. */
function devicesEdits(devices: readonly ResolvedDevice[]): ContainerEdits {
  const seenSpecs = new Set<CdiSpecFile>();
  const edits: (ContainerEdits | undefined)[] = [];
  for (const { device, spec } of devices) {
    if (!seenSpecs.has(spec)) {
      seenSpecs.add(spec);
      edits.push(spec.containerEdits);
    }
    edits.push(device.containerEdits);
  }
  return mergeContainerEdits(...edits);
}
