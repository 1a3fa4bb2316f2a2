/** Reads of the host for host-specific checks: every failure (missing file, permission) reads as `undefined`. */
import type { HostAccess, HostStat } from '@ocispec/core';

const decoder = new TextDecoder();

export function readText(host: HostAccess, path: string): string | undefined {
  try {
    return decoder.decode(host.fs.readFile(path));
  } catch {
    return undefined;
  }
}

export function lstat(host: HostAccess, path: string): HostStat | undefined {
  try {
    return host.fs.lstat(path);
  } catch {
    return undefined;
  }
}

export function stat(host: HostAccess, path: string): HostStat | undefined {
  try {
    return host.fs.stat(path);
  } catch {
    return undefined;
  }
}
