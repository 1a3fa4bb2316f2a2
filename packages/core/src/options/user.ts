/** `process.user`: numeric ids and umask (the rootfs-reading user options live in `@ocispec/linux`). */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { uint32 } from '../model/index.js';
import { ensureUser } from '../sections.js';

/**
 * Sets `process.user.uid` and `gid`, and `additionalGids` to `[gid]`. (containerd clears the list, then
 * `ensureAdditionalGids` prepends the primary GID.) `umask` and `username` are kept. Creates `process`. Any OS.
 * containerd: `oci.WithUIDGID`
 */
export const withUIDGID = defineOpt({
  name: 'withUIDGID',
  args: () => z.tuple([uint32, uint32]),
  doc: 'Sets `process.user.uid` and `gid`, and `additionalGids` to `[gid]`.',
  containerd: 'oci.WithUIDGID',
  apply(spec, _ctx, uid, gid) {
    const user = ensureUser(spec);
    user.uid = uid;
    user.gid = gid;
    user.additionalGids = [gid];
  },
});

/**
 * Sets `process.user.umask`. Creates `process`. Any OS.
 * containerd: `oci.WithUmask`
 */
export const withUmask = defineOpt({
  name: 'withUmask',
  args: () => z.tuple([uint32]),
  doc: 'Sets `process.user.umask`.',
  containerd: 'oci.WithUmask',
  apply(spec, _ctx, umask) {
    ensureUser(spec).umask = umask;
  },
});
