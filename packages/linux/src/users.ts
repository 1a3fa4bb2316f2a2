/**
 * Users and groups from the container's rootfs (`etc/passwd`, `etc/group`): containerd HEAD's `WithUser`,
 * `WithUserID`, `WithUsername`, `WithAdditionalGIDs` and `WithAppendAdditionalGroups`, and the lookups they use
 * (`UserFromFS`, `GIDFromFS`). Files are read through `ctx.host.fs` only.
 */
import type { Spec, SpecDraft } from '@ocispec/core';
import { current, defineOpt, ensureAdditionalGids, ensureUser, SpecOptError, uint32 } from '@ocispec/core';
import { goQuote } from '@ocispec/core/internal';
import { z } from 'zod';
import type { GroupEntry, PasswdEntry } from './passwd.js';
import { goAtoi, goParseUint32, parseGroup, parsePasswd, toUint32 } from './passwd.js';
import type { RootFS } from './rootfs.js';
import { isNotExist, openRootFS, openUserFile } from './rootfs.js';

type DraftSpec = SpecDraft<Spec>;

/** runc's (and so containerd's) largest accepted uid and gid: MaxInt32. */
const MAX_ID = 2147483647n;

/** containerd's `ErrNoUsersFound`: no passwd entry matched. */
export class NoUsersFoundError extends SpecOptError {
  constructor() {
    super('no users found');
  }
}

/** containerd's `ErrNoGroupsFound`: no group entry matched. */
export class NoGroupsFoundError extends SpecOptError {
  constructor() {
    super('no groups found');
  }
}

/**
 * The first `etc/passwd` entry of the root that `filter` accepts (all entries when absent). Fails with
 * {@link NoUsersFoundError} when none does, or with the file error (missing file: `isNotExist`).
 * containerd: `oci.UserFromFS`
 */
export function userFromRootFS(root: RootFS, filter?: (entry: PasswdEntry) => boolean): PasswdEntry {
  const users = parsePasswd(openUserFile(root, 'etc/passwd'), filter);
  const first = users[0];
  if (first === undefined) throw new NoUsersFoundError();
  return first;
}

/**
 * The gid (as uint32) of the first `etc/group` entry of the root that `filter` accepts. Fails with
 * {@link NoGroupsFoundError} when none does, or with the file error. containerd: `oci.GIDFromFS`
 */
export function gidFromRootFS(root: RootFS, filter?: (entry: GroupEntry) => boolean): number {
  const groups = parseGroup(openUserFile(root, 'etc/group'), filter);
  const first = groups[0];
  if (first === undefined) throw new NoGroupsFoundError();
  return toUint32(first.gid);
}

/** The gids (as uint32) of every `etc/group` entry `filter` accepts, in file order. containerd: `getSupplementalGroupsFromFS` */
export function supplementalGroupsFromRootFS(
  root: RootFS,
  filter?: (entry: GroupEntry) => boolean,
): number[] {
  return parseGroup(openUserFile(root, 'etc/group'), filter).map((group) => toUint32(group.gid));
}

function resetAdditionalGids(spec: DraftSpec): void {
  const user = ensureUser(spec);
  if (user.additionalGids !== undefined) delete user.additionalGids;
}

function setIds(spec: DraftSpec, uid: number, gid: number): void {
  const user = ensureUser(spec);
  user.uid = uid;
  user.gid = gid;
}

/** An id part of a USER string: a number in range, a name, or out of range. */
function parseIdPart(part: string): { id: number } | { name: string } | 'range' {
  const parsed = goAtoi(part);
  if (!parsed.ok) return parsed.reason === 'range' ? 'range' : { name: part };
  if (parsed.value < 0n || parsed.value > MAX_ID) return 'range';
  return { id: Number(parsed.value) };
}

/**
 * Sets `process.user.uid` and `gid` from an OCI image USER string: `uid`, `name`, `uid:gid`, `name:group`,
 * `uid:group` or `name:gid`, looking names (and a lone uid) up in the rootfs's `etc/passwd` and `etc/group`.
 * Creates `process`; clears `additionalGids` and, on every outcome (errors included), leaves the gid in it. Ids
 * above 2147483647 or negative fail (`invalid USER value "<s>": uid out of range` / `gid out of range`); three
 * parts fail (`invalid USER value <s>`). `uid:gid` forms with no name never read the rootfs; an empty part is 0.
 * With both `linux` and `windows` (LCOW) only `user.username` is set, nothing is parsed.
 * containerd: `oci.WithUser`
 */
export const withUser = defineOpt({
  name: 'withUser',
  args: () => z.tuple([z.string()]),
  doc: "Sets `process.user.uid` and `gid` from an OCI image USER string: `uid`, `name`, `uid:gid`, `name:group`, `uid:group` or `name:gid`, looking names (and a lone uid) up in the rootfs's `etc/passwd` and `etc/group`.",
  containerd: 'oci.WithUser',
  apply(spec, ctx, userstr) {
    try {
      resetAdditionalGids(spec);
      if (current(spec, 'windows') != null && current(spec, 'linux') != null) {
        ensureUser(spec).username = userstr;
        return;
      }
      const parts = userstr.split(':');
      if (parts.length === 1) {
        const user = parseIdPart(userstr);
        if (user === 'range')
          throw new SpecOptError(`invalid USER value ${goQuote(userstr)}: uid out of range`);
        if ('name' in user) return withUsername.apply(spec, ctx, userstr);
        return withUserID.apply(spec, ctx, user.id);
      }
      if (parts.length !== 2) throw new SpecOptError(`invalid USER value ${userstr}`);
      const user = parseIdPart(parts[0]!);
      if (user === 'range')
        throw new SpecOptError(`invalid USER value ${goQuote(userstr)}: uid out of range`);
      const group = parseIdPart(parts[1]!);
      if (group === 'range')
        throw new SpecOptError(`invalid USER value ${goQuote(userstr)}: gid out of range`);
      const username = 'name' in user ? user.name : '';
      const groupname = 'name' in group ? group.name : '';
      let uid = 'id' in user ? user.id : 0;
      let gid = 'id' in group ? group.id : 0;
      if (username === '' && groupname === '') {
        setIds(spec, uid, gid);
        return;
      }
      const root = openRootFS(spec, ctx);
      if (username !== '') uid = toUint32(userFromRootFS(root, (u) => u.name === username).uid);
      if (groupname !== '') gid = gidFromRootFS(root, (g) => g.name === groupname);
      setIds(spec, uid, gid);
    } finally {
      ensureAdditionalGids(spec);
    }
  },
});

/**
 * Sets `process.user.uid` and `gid` from the rootfs's `etc/passwd` entry of that uid; with no such entry or no
 * passwd file, uid = `uid` and gid = 0 (no error).
 * Creates `process`; clears `additionalGids`, then (errors included) leaves the gid in it. Needs the rootfs on every
 * target OS.
 * containerd: `oci.WithUserID`
 */
export const withUserID = defineOpt({
  name: 'withUserID',
  args: () => z.tuple([uint32]),
  doc: "Sets `process.user.uid` and `gid` from the rootfs's `etc/passwd` entry of that uid; with no such entry or no passwd file, uid = `uid` and gid = 0 (no error).",
  containerd: 'oci.WithUserID',
  apply(spec, ctx, uid) {
    try {
      resetAdditionalGids(spec);
      const root = openRootFS(spec, ctx);
      let entry: PasswdEntry;
      try {
        entry = userFromRootFS(root, (u) => u.uid === uid);
      } catch (error) {
        if (isNotExist(error) || error instanceof NoUsersFoundError) {
          setIds(spec, uid, 0);
          return;
        }
        throw error;
      }
      setIds(spec, toUint32(entry.uid), toUint32(entry.gid));
    } finally {
      ensureAdditionalGids(spec);
    }
  },
});

/**
 * Sets `process.user.uid` and `gid` from the rootfs's `etc/passwd` entry of that name; a missing passwd file or no
 * match fails (`no users found`).
 * Creates `process`; clears `additionalGids`, then (errors included) leaves the gid in it. Without `linux` but with
 * `windows` it only sets `user.username`; with neither it fails (`spec does not contain Linux or Windows section`).
 * containerd: `oci.WithUsername`
 */
export const withUsername = defineOpt({
  name: 'withUsername',
  args: () => z.tuple([z.string()]),
  doc: "Sets `process.user.uid` and `gid` from the rootfs's `etc/passwd` entry of that name; a missing passwd file or no match fails (`no users found`).",
  containerd: 'oci.WithUsername',
  apply(spec, ctx, username) {
    try {
      resetAdditionalGids(spec);
      if (current(spec, 'linux') != null) {
        const root = openRootFS(spec, ctx);
        const entry = userFromRootFS(root, (u) => u.name === username);
        setIds(spec, toUint32(entry.uid), toUint32(entry.gid));
      } else if (current(spec, 'windows') != null) {
        ensureUser(spec).username = username;
      } else {
        throw new SpecOptError('spec does not contain Linux or Windows section');
      }
    } finally {
      ensureAdditionalGids(spec);
    }
  },
});

/**
 * Replaces `process.user.additionalGids` with the gids of the rootfs's groups listing the user as a member, then
 * prepends the gid. The user's own same-named group is excluded; file order is kept. `userstr` is a uid (looked up in `etc/passwd`;
 * unknown or no passwd: just the gid) or a name taken literally. A missing `etc/group` gives just the gid.
 * No-op when `windows` exists (LCOW included). Creates `process`; a rootfs error leaves `additionalGids` unset.
 * containerd: `oci.WithAdditionalGIDs`
 */
export const withAdditionalGIDs = defineOpt({
  name: 'withAdditionalGIDs',
  args: () => z.tuple([z.string()]),
  doc: "Replaces `process.user.additionalGids` with the gids of the rootfs's groups listing the user as a member, then prepends the gid.",
  containerd: 'oci.WithAdditionalGIDs',
  apply(spec, ctx, userstr) {
    if (current(spec, 'windows') != null) return;
    resetAdditionalGids(spec);
    const root = openRootFS(spec, ctx);
    try {
      let username = userstr;
      const uid = goAtoi(userstr);
      if (uid.ok) {
        try {
          username = userFromRootFS(root, (u) => BigInt(u.uid) === uid.value).name;
        } catch (error) {
          if (isNotExist(error) || error instanceof NoUsersFoundError) return;
          throw error;
        }
      }
      let gids: number[];
      try {
        gids = supplementalGroupsFromRootFS(root, (g) => g.name !== username && g.list.includes(username));
      } catch (error) {
        if (isNotExist(error)) return;
        throw error;
      }
      ensureUser(spec).additionalGids = gids;
    } finally {
      ensureAdditionalGids(spec);
    }
  },
});

/**
 * Appends each group to `process.user.additionalGids`, given as a gid (decimal uint32, taken as is) or a name (looked
 * up in the rootfs's `etc/group`; unknown: `unable to find group <name>`), then prepends the gid if absent. No
 * deduplication. A missing `etc/group` only fails for names.
 * No-op when `windows` exists (LCOW included). Creates `process`.
 * containerd: `oci.WithAppendAdditionalGroups`
 */
export const withAppendAdditionalGroups = defineOpt({
  name: 'withAppendAdditionalGroups',
  args: () => z.tuple([]).rest(z.string()),
  doc: "Appends each group to `process.user.additionalGids`, given as a gid (decimal uint32, taken as is) or a name (looked up in the rootfs's `etc/group`; unknown: `unable to find group <name>`), then prepends the gid if absent.",
  containerd: 'oci.WithAppendAdditionalGroups',
  apply(spec, ctx, ...groups) {
    if (current(spec, 'windows') != null) return;
    ensureUser(spec);
    const root = openRootFS(spec, ctx);
    try {
      let entries: GroupEntry[] = [];
      let groupError: unknown;
      try {
        entries = parseGroup(openUserFile(root, 'etc/group'));
      } catch (error) {
        if (!isNotExist(error)) throw error;
        groupError = error;
      }
      // containerd fills a map by name, so the last entry of a name wins.
      const byName = new Map<string, GroupEntry>();
      for (const entry of entries) byName.set(entry.name, entry);
      const gids: number[] = [];
      for (const group of groups) {
        const gid = goParseUint32(group);
        if (gid !== undefined) {
          gids.push(gid);
          continue;
        }
        const entry = byName.get(group);
        if (entry === undefined) {
          const cause = groupError instanceof Error ? `: ${groupError.message}` : '';
          throw new SpecOptError(`unable to find group ${group}${cause}`, { cause: groupError });
        }
        gids.push(toUint32(entry.gid));
      }
      const user = ensureUser(spec);
      user.additionalGids = [...(current(user, 'additionalGids') ?? []), ...gids];
    } finally {
      ensureAdditionalGids(spec);
    }
  },
});

/** The options of this file, in containerd's order. */
export const userOptions = [
  withUser,
  withUserID,
  withUsername,
  withAdditionalGIDs,
  withAppendAdditionalGroups,
] as const;
