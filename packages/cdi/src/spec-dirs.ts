/**
 * CDI spec directories: which files of them are specs and in what order they are read.
 * container-device-interface: `pkg/cdi/spec-dirs.go`.
 */
import type { HostDirent, HostFS } from '@ocispec/core';
import { cleanPath, compareUtf8, errnoText, joinPath } from '@ocispec/core/internal';
import { CdiError } from './errors.js';

/** Where static specs live (written by installers). */
export const DEFAULT_STATIC_DIR = '/etc/cdi';
/** Where generated specs live (written at run time by device plugins and drivers). */
export const DEFAULT_DYNAMIC_DIR = '/var/run/cdi';
/** The default spec directories, lowest priority first: a device in `/var/run/cdi` overrides `/etc/cdi`'s. */
export const DEFAULT_SPEC_DIRS: readonly string[] = Object.freeze([DEFAULT_STATIC_DIR, DEFAULT_DYNAMIC_DIR]);

/** A spec file found in a spec directory. */
export interface SpecFileEntry {
  /** `dir/name`, cleaned. */
  readonly path: string;
  /** The index of its directory in the list (higher overrides lower). */
  readonly priority: number;
}

/** What a scan found: the spec files in read order, and the directory that stopped it, if any. */
export interface SpecDirsScan {
  readonly files: readonly SpecFileEntry[];
  /** A directory that exists but could not be listed. The reference library stops scanning there. */
  readonly dirError?: CdiError;
}

/** The directories as the reference cleans them; none given means {@link DEFAULT_SPEC_DIRS}. */
export function normalizeSpecDirs(dirs: readonly string[] | undefined): readonly string[] {
  const list = dirs === undefined || dirs.length === 0 ? DEFAULT_SPEC_DIRS : dirs;
  return Object.freeze(list.map((dir) => cleanPath(dir)));
}

/** Whether a file name is a spec file's: `.json` or `.yaml` (not `.yml`), as Go's `filepath.Ext` reads it. */
export function isSpecFileName(name: string): boolean {
  return name.endsWith('.json') || name.endsWith('.yaml');
}

/**
 * Lists the spec files of `dirs` in read order: directory by directory, each one's entries by name (bytewise),
 * skipping subdirectories (not followed) and names not ending in `.json` or `.yaml`. A directory that does not
 * exist is skipped; one that cannot be listed (permission, not a directory) ends the scan there, as in the
 * reference library, and is reported. container-device-interface: `scanSpecDirs`.
 */
export function scanSpecDirs(dirs: readonly string[], fs: HostFS): SpecDirsScan {
  const files: SpecFileEntry[] = [];
  for (const [priority, dir] of dirs.entries()) {
    let entries: HostDirent[];
    try {
      entries = [...fs.readdir(dir)];
    } catch (error) {
      if ((error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
      const dirError = new CdiError('CDI_FILE', `cannot list the spec directory: ${errnoText(error)}`, {
        file: dir,
        cause: error,
      });
      return { files, dirError };
    }
    entries.sort((a, b) => compareUtf8(a.name, b.name));
    for (const entry of entries) {
      if (entry.isDirectory() || !isSpecFileName(entry.name)) continue;
      files.push({ path: cleanPath(joinPath(dir, entry.name)), priority });
    }
  }
  return { files };
}
