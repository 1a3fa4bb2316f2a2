/** `process.user`: numeric ids and umask (the rootfs-reading user options live in `@ocispec/linux`). */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { uint32 } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { ensureUser } from '../sections.js';

/**
 * Sets `process.user.uid` and `gid` and replaces `additionalGids` with `[gid]` (containerd clears the list, then
 * `ensureAdditionalGids` prepends the primary GID). `umask` and `username` are kept. Creates `process`. Any OS.
 * containerd: `oci.WithUIDGID`
 */
export function withUIDGID(uid: number, gid: number): SpecOpt {
  return specOpt('withUIDGID', (spec) => {
    const user = ensureUser(spec);
    user.uid = uid;
    user.gid = gid;
    user.additionalGids = [gid];
  });
}

export const withUIDGIDDefinition = defineOpt({
  name: 'withUIDGID',
  args: z.tuple([uint32, uint32]),
  factory: withUIDGID,
  doc: 'Sets process.user.uid and gid; additionalGids becomes [gid].',
  containerd: 'oci.WithUIDGID',
});

/**
 * Sets `process.user.umask`. Creates `process`. Any OS.
 * containerd: `oci.WithUmask`
 */
export function withUmask(umask: number): SpecOpt {
  return specOpt('withUmask', (spec) => {
    ensureUser(spec).umask = umask;
  });
}

export const withUmaskDefinition = defineOpt({
  name: 'withUmask',
  args: z.tuple([uint32]),
  factory: withUmask,
  doc: 'Sets process.user.umask.',
  containerd: 'oci.WithUmask',
});
