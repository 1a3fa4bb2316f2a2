/** User namespaces: containerd CRI's mapping checks (`internal/cri/server/helpers.go`). */
import { type LinuxIDMapping, SpecOptError } from '@ocispec/core';
import type { IDMapping, UserNamespace } from '../messages.js';

function parseUsernsIDMap(mappings: readonly (IDMapping | null)[] | null | undefined): LinuxIDMapping[] {
  if (mappings == null || mappings.length === 0) return [];
  if (mappings.length > 1) {
    throw new SpecOptError(`only one mapping line supported, got ${mappings.length} mapping lines`);
  }
  const m = mappings[0];
  if (m == null) return [];
  const length = m.length ?? 0;
  if (length < 1) throw new SpecOptError(`invalid mapping length: ${length}`);
  return [{ containerID: m.containerId ?? 0, hostID: m.hostId ?? 0, size: length }];
}

/**
 * The uid and gid mappings of a user-namespace option, checked as containerd checks them: one line each at most, a
 * positive length, none in mode `NODE`, both in mode `POD`, and no other mode. containerd: `parseUsernsIDs`.
 */
export function parseUsernsIDs(userns: UserNamespace | null | undefined): {
  uids: LinuxIDMapping[];
  gids: LinuxIDMapping[];
} {
  if (userns == null) return { uids: [], gids: [] };
  let uids: LinuxIDMapping[];
  let gids: LinuxIDMapping[];
  try {
    uids = parseUsernsIDMap(userns.uids);
  } catch (error) {
    throw new SpecOptError(`UID mapping: ${(error as Error).message}`);
  }
  try {
    gids = parseUsernsIDMap(userns.gids);
  } catch (error) {
    throw new SpecOptError(`GID mapping: ${(error as Error).message}`);
  }
  const mode = userns.mode ?? 'POD';
  if (mode === 'NODE') {
    if (uids.length !== 0 || gids.length !== 0) {
      throw new SpecOptError(
        `can't use user namespace mode "${mode}" with mappings. Got ${uids.length} UID mappings and ${gids.length} GID mappings`,
      );
    }
  } else if (mode === 'POD') {
    if (uids.length === 0 || gids.length === 0) {
      throw new SpecOptError(`can't use user namespace mode "${mode}" without UID and GID mappings`);
    }
  } else {
    throw new SpecOptError(`unsupported user namespace mode: "${mode}"`);
  }
  return { uids, gids };
}

function sameMapping(a: readonly LinuxIDMapping[], b: readonly LinuxIDMapping[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (m, i) => m.containerID === b[i]!.containerID && m.hostID === b[i]!.hostID && m.size === b[i]!.size,
    )
  );
}

/** The two user-namespace options are the same (mode and mappings, in order). containerd: `sameUsernsConfig`. */
export function sameUsernsConfig(
  a: UserNamespace | null | undefined,
  b: UserNamespace | null | undefined,
): boolean {
  if (a == null && b == null) return true;
  if (a == null || b == null) return false;
  if ((a.mode ?? 'POD') !== (b.mode ?? 'POD')) return false;
  try {
    const x = parseUsernsIDs(a);
    const y = parseUsernsIDs(b);
    return sameMapping(x.uids, y.uids) && sameMapping(x.gids, y.gids);
  } catch {
    return false;
  }
}
