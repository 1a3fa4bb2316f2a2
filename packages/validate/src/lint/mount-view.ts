/**
 * A mount as runc makes it (libcontainer/specconv `parseMountOptions`, rootfs_linux `mountToRootfs`): options are
 * applied in order, so `["ro", "rw"]` is read-write; `rro`/`rrw` set the recursive attribute through
 * mount_setattr(2) after the mount; an `rbind` that is only `ro` leaves the submounts it copied writable;
 * options runc does not know go to the filesystem as data, where the kernel still honours `ro`/`rw` for the
 * superblock of a new mount. Then linux.readonlyPaths remount a destination read-only and linux.maskedPaths hide
 * it (runc applies both after every mount).
 */
import type { Obj } from '../util.js';
import { arr, isBindMount, str, strings } from '../util.js';
import { cleanRooted, under } from './paths.js';

/** runc's flags that are not data (`mountFlags`, propagation, recursive attributes, extensions). */
const RUNC_FLAGS: ReadonlySet<string> = new Set(
  `acl async atime bind defaults dev diratime dirsync exec iversion lazytime loud mand noacl noatime nodev nodiratime
  noexec noiversion nolazytime nomand norelatime nostrictatime nosuid nosymfollow rbind relatime remount ro rw silent
  strictatime suid sync symfollow private rprivate shared rshared slave rslave unbindable runbindable rro rrw rnosuid
  rsuid rnodev rdev rnoexec rexec rnodiratime rdiratime rrelatime rnorelatime rnoatime ratime rstrictatime
  rnostrictatime rnosymfollow rsymfollow tmpcopyup idmap ridmap`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

export interface MountView {
  readonly index: number;
  readonly type: string;
  readonly source: string;
  /** The destination, cleaned from `/`. */
  readonly destination: string;
  readonly bind: boolean;
  /** `rbind`: submounts of the source come along. */
  readonly recursive: boolean;
  /** The mount at the destination is read-only, once every option, readonly path and mask is applied. */
  readonly readonly: boolean;
  /** Submounts copied by `rbind` are read-only too (`rro`). */
  readonly submountsReadonly: boolean;
  /** A masked path hides the destination (it or a parent is masked). */
  readonly hidden: boolean;
  /** Data options (what runc passes to the filesystem), split at commas as the kernel does. */
  readonly data: readonly string[];
}

/** The state of the read-only bits after runc applied `options` in order. */
function readOnlyBits(
  options: readonly string[],
  bind: boolean,
): { top: boolean; recursive: boolean | undefined; data: string[] } {
  let flag = false;
  let recursive: boolean | undefined;
  let superblock: boolean | undefined;
  const data: string[] = [];
  for (const option of options) {
    if (option === 'ro') flag = true;
    else if (option === 'rw') flag = false;
    else if (option === 'rro') recursive = true;
    else if (option === 'rrw') recursive = false;
    else if (!RUNC_FLAGS.has(option)) {
      for (const token of option.split(',')) {
        data.push(token);
        if (token === 'ro') superblock = true;
        else if (token === 'rw') superblock = false;
      }
    }
  }
  // mount_setattr(2) runs last: its read-only attribute decides; else the MS_RDONLY flag, or (for a new
  // superblock, never a bind) a data `ro` the filesystem's parser honours.
  const top = recursive ?? (flag || (!bind && superblock === true));
  return { top, recursive, data };
}

/** Every mount of the spec as runc makes it. */
export function mountViews(spec: Obj, linux: Obj | undefined): MountView[] {
  const readonlyPaths = new Set(strings(linux?.readonlyPaths).map(([p]) => cleanRooted(p)));
  const masked = strings(linux?.maskedPaths).map(([p]) => cleanRooted(p));
  const list = arr(spec.mounts) ?? [];
  const views: MountView[] = [];
  for (let index = 0; index < list.length; index++) {
    const mount = list[index];
    if (typeof mount !== 'object' || mount === null || Array.isArray(mount)) continue;
    const m = mount as Obj;
    const options = strings(m.options).map(([o]) => o);
    const type = str(m.type) ?? '';
    const bind = isBindMount(type, options);
    const destination = cleanRooted(str(m.destination) ?? '/');
    const bits = readOnlyBits(options, bind);
    views.push({
      index,
      type,
      source: str(m.source) ?? '',
      destination,
      bind,
      recursive: options.includes('rbind'),
      readonly: bits.top || readonlyPaths.has(destination),
      submountsReadonly: bits.recursive === true,
      hidden: masked.some((p) => under(destination, p)),
      data: bits.data,
    });
  }
  return views;
}
