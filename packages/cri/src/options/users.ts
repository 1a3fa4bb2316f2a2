/**
 * The user and its groups: containerd CRI's `WithAdditionalGIDs` and `WithSupplementalGroups`
 * (`internal/cri/opts/spec_linux_opts.go`), and `cri.inRootfs`, which runs a user option against the image's rootfs
 * as containerd's `platformSpecOpts` reads users from the container's snapshot.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SpecContext, SpecOpt } from '@ocispec/core';
import {
  defineOpt,
  ensureProcess,
  ensureRoot,
  ensureUser,
  messageOf,
  peekArray,
  SpecOptError,
} from '@ocispec/core';
import { goQuote } from '@ocispec/core/internal';
import { withAdditionalGIDs as ociWithAdditionalGIDs } from '@ocispec/linux';
import { toUint32 } from '@ocispec/linux/internal';
import { z } from 'zod';
import { int64 } from '../messages.js';

type Draft = Parameters<SpecOpt>[0];

/** Sorted, unique union of two gid lists (`undefined` when both are empty). containerd: `mergeGids`. */
export function mergeGids(
  a: readonly number[] | null | undefined,
  b: readonly number[] | null | undefined,
): number[] | undefined {
  const merged = [...new Set([...(a ?? []), ...(b ?? [])])].sort((x, y) => x - y);
  return merged.length === 0 ? undefined : merged;
}

/** Sets `process.user.additionalGids` to its merge with `gids` ({@link mergeGids}; none: removed). */
function setMergedGids(spec: Draft, gids: readonly number[] | undefined): void {
  const user = ensureUser(spec);
  const merged = mergeGids(peekArray(user, 'additionalGids'), gids);
  if (merged === undefined) delete user.additionalGids;
  else user.additionalGids = merged;
}

/**
 * Runs linux's `withAdditionalGIDs(userstr)` (the gids of the rootfs's groups listing the user, the user's gid
 * first), then merges back the gids `process.user.additionalGids` held before, sorted and unique. Creates
 * `process`. The rootfs is read as linux's option reads it (`root.path`; see {@link inRootfs}).
 * containerd: `opts.WithAdditionalGIDs`
 */
export const withAdditionalGIDs = defineOpt({
  name: 'cri.withAdditionalGIDs',
  args: () => z.tuple([z.string()]),
  doc: "Runs linux's `withAdditionalGIDs(userstr)` (the gids of the rootfs's groups listing the user, the user's gid first), then merges back the gids `process.user.additionalGids` held before, sorted and unique.",
  containerd: 'opts.WithAdditionalGIDs',
  apply(spec, ctx, userstr) {
    const user = ensureProcess(spec).user;
    const saved = user?.additionalGids == null ? undefined : [...user.additionalGids];
    const merge = (): void => setMergedGids(spec, saved);
    const result = ociWithAdditionalGIDs.apply(spec, ctx, userstr);
    if (result instanceof Promise) return result.then(merge);
    merge();
  },
});

/**
 * Merges the groups (as uint32: negatives wrap) into `process.user.additionalGids`, sorted and unique; none: the
 * list is only sorted and deduplicated (removed when empty). Creates `process`.
 * containerd: `opts.WithSupplementalGroups`
 */
export const withSupplementalGroups = defineOpt({
  name: 'cri.withSupplementalGroups',
  args: () => z.tuple([z.array(int64).nullable()]),
  doc: 'Merges the groups (as uint32: negatives wrap) into `process.user.additionalGids`, sorted and unique; none: the list is only sorted and deduplicated (removed when empty).',
  containerd: 'opts.WithSupplementalGroups',
  apply(spec, _ctx, groups) {
    setMergedGids(spec, (groups ?? []).map(toUint32));
  },
});

const OptCallSchema = z.tuple([z.string()], z.unknown());

/**
 * Runs the option call with `root.path` set to the image's unpacked rootfs, then puts the spec's own root back
 * (absent, or its path, `rootfs` in a CRI spec): how the user options (`withUser`, `cri.withAdditionalGIDs`) read
 * `etc/passwd` and `etc/group` from the image while the spec keeps its relative root. `null` (no rootfs given): an
 * empty rootfs, as a scratch image has (the uid and gid as given, gid 0 for a bare uid, no groups from the image),
 * with a warning. The call is resolved by name, as any pipeline call; its failure is reported as
 * `in rootfs "<rootfs>" (<option>): <its message>`.
 * containerd has no such option: its `platformSpecOpts` run `WithUser` and `WithAdditionalGIDs` over the container's
 * snapshot, mounted.
 */
export const inRootfs = defineOpt({
  name: 'cri.inRootfs',
  args: () => z.tuple([z.string().nullable(), OptCallSchema]),
  doc: "Runs the option call with `root.path` set to the image's unpacked rootfs, then puts the spec's own root back (absent, or its path, `rootfs` in a CRI spec): how the user options (`withUser`, `cri.withAdditionalGIDs`) read `etc/passwd` and `etc/group` from the image while the spec keeps its relative root.",
  apply(spec, ctx, rootfs, call) {
    const [name, ...args] = call;
    if (rootfs === null || rootfs === '') {
      ctx.warn(
        `${name}: no rootfs given; users and groups are resolved as in an image without etc/passwd and etc/group`,
      );
    }
    const given = rootfs !== null && rootfs !== '';
    const where = given ? `in rootfs ${goQuote(rootfs)} (${name})` : `in an empty rootfs (${name})`;
    const named = (error: unknown): SpecOptError =>
      new SpecOptError(`${where}: ${messageOf(error)}`, { cause: error });
    let result: void | Promise<void>;
    try {
      result = runInRoot(spec, ctx, given ? rootfs : emptyRootfs(), ctx.option(name, ...args));
    } catch (error) {
      throw named(error);
    }
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        throw named(error);
      });
    }
  },
});

/** Runs `opt` with `root.path` set to `lookupRoot`, restoring the spec's root afterwards (also on failure). */
function runInRoot(spec: Draft, ctx: SpecContext, lookupRoot: string, opt: SpecOpt): void | Promise<void> {
  const hadRoot = spec.root != null;
  const previous = spec.root?.path;
  ensureRoot(spec).path = lookupRoot;
  const restore = (): void => {
    if (!hadRoot) delete spec.root;
    else if (previous === undefined) delete ensureRoot(spec).path;
    else ensureRoot(spec).path = previous;
  };
  let result: void | Promise<void>;
  try {
    result = opt(spec, ctx);
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore);
  restore();
}

let empty: string | undefined;

/** An empty directory standing for a rootfs without `etc/passwd` and `etc/group` (created once per process). */
function emptyRootfs(): string {
  empty ??= fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-empty-rootfs-'));
  return empty;
}
