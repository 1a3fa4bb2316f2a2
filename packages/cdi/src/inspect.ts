/**
 * Reports for tools (`ocispec cdi list`, `ocispec cdi validate`): the devices of spec directories with the file
 * each comes from, and every problem of a spec file or directory, without throwing for bad specs.
 */
import type { HostFS } from '@ocispec/core';
import { compareUtf8, errnoText, nodeHostFS } from '@ocispec/core/internal';
import { CdiCache } from './cache.js';
import { CdiError } from './errors.js';
import { type CdiSpecFile, parseSpec, readSpecFile } from './spec.js';

/** A device found in the spec directories. */
export interface ListedDevice {
  /** Its qualified name. */
  readonly name: string;
  /** The spec file defining it (the one that won, when several directories define it). */
  readonly path: string;
  /** The index of that file's directory. */
  readonly priority: number;
}

/** What {@link listDevices} found. */
export interface DeviceList {
  /** The usable devices, sorted by name. */
  readonly devices: readonly ListedDevice[];
  /**
   * Files that failed to load, conflicts (once for each of the two files), an unlistable directory: each naming
   * its file or directory (`error.file`), in scan order.
   */
  readonly errors: readonly CdiError[];
}

/** One spec file checked: the spec when it loaded, and its problems. */
export interface SpecFileReport {
  readonly path: string;
  readonly spec?: CdiSpecFile;
  readonly errors: readonly CdiError[];
}

/**
 * The devices of the spec directories (lowest priority first; none given: `/etc/cdi`, `/var/run/cdi`), resolved
 * with the cache's rules ({@link CdiCache}).
 */
export function listDevices(specDirs?: readonly string[], fs: HostFS = nodeHostFS): DeviceList {
  const cache = new CdiCache({ specDirs, autoRefresh: false, fs });
  const devices = cache
    .devices()
    .map((d) => ({ name: d.name, path: d.spec.path, priority: d.spec.priority }));
  return { devices, errors: namedErrors(cache.getErrors()) };
}

/**
 * The errors of a scan, each naming the file (or directory) it is about: the cache records a conflict once, for
 * both files, naming neither (its text names them), so each file gets its own copy.
 */
function namedErrors(byPath: ReadonlyMap<string, readonly CdiError[]>): CdiError[] {
  return [...byPath].flatMap(([path, errors]) => errors.map((error) => naming(error, path)));
}

/** `error`, or a copy of it naming `file` when it names no file. */
function naming(error: CdiError, file: string): CdiError {
  if (error.file !== undefined) return error;
  return new CdiError(error.code, error.reason, { file, cause: error });
}

/** Reads and checks one spec file; a file that cannot be read or is not a valid spec gives its error. */
export function validateSpecFile(path: string, fs: HostFS = nodeHostFS): SpecFileReport {
  try {
    const spec = readSpecFile(path, { fs });
    return { path: spec.path, spec, errors: [] };
  } catch (error) {
    if (!(error instanceof CdiError)) throw error;
    return { path, errors: [error] };
  }
}

/**
 * Checks spec text that is no file on disk (standard input, a buffer) as the spec file `file` would be checked:
 * its problems name `file`.
 */
export function validateSpecText(input: string | Uint8Array, file: string): SpecFileReport {
  try {
    const spec = parseSpec(input, { file });
    return { path: file, spec, errors: [] };
  } catch (error) {
    if (!(error instanceof CdiError)) throw error;
    return { path: file, errors: [error] };
  }
}

/**
 * Checks every spec file of a directory (as the cache reads it: `*.json` and `*.yaml`, subdirectories skipped),
 * devices defined twice included (a conflict on each of its two files, naming it), file by file in name order. A directory that is missing or cannot be listed
 * gives one report for the directory itself.
 */
export function validateSpecDir(dir: string, fs: HostFS = nodeHostFS): SpecFileReport[] {
  try {
    if (!fs.stat(dir).isDirectory()) {
      return [{ path: dir, errors: [new CdiError('CDI_FILE', 'not a directory', { file: dir })] }];
    }
  } catch (error) {
    return [{ path: dir, errors: [new CdiError('CDI_FILE', errnoText(error), { file: dir, cause: error })] }];
  }
  const cache = new CdiCache({ specDirs: [dir], autoRefresh: false, fs });
  const errors = cache.getErrors();
  const errorsOf = (path: string) => (errors.get(path) ?? []).map((error) => naming(error, path));
  const reports = new Map<string, SpecFileReport>();
  for (const spec of cache.specs())
    reports.set(spec.path, { path: spec.path, spec, errors: errorsOf(spec.path) });
  for (const path of errors.keys())
    if (!reports.has(path)) reports.set(path, { path, errors: errorsOf(path) });
  return [...reports.values()].sort((a, b) => compareUtf8(a.path, b.path));
}

/** Whether every report is free of errors. */
export function allValid(reports: readonly SpecFileReport[]): boolean {
  return reports.every((r) => r.errors.length === 0);
}
