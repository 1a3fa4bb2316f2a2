/**
 * Mount options by filesystem type: the mount(2) flags every runtime understands on any mount (runc's and crun's
 * option tables, recursive `r*` variants and propagation included), and each known filesystem's own data options.
 * Filesystems not listed here (ext4, xfs, nfs, fuse.*) are not checked: only their driver knows their options.
 */

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((w) => w !== ''));
}

/** Flags valid on every mount (`mount(2)` flags, propagation, runc/crun extensions). */
export const genericMountFlags: ReadonlySet<string> = set(`
  async atime bind defaults dev diratime dirsync exec iversion lazytime loud mand noatime nodev nodiratime noexec
  noiversion nolazytime nomand norelatime nostrictatime nosuid nosymfollow rbind relatime remount ro rw silent
  strictatime suid sync private rprivate shared rshared slave rslave unbindable runbindable tmpcopyup idmap ridmap
  copy-symlink src-nofollow dst-nofollow rro rrw rnosuid rsuid rnodev rdev rnoexec rexec rnodiratime rdiratime
  rrelatime rnorelatime rnoatime ratime rstrictatime rnostrictatime rnosymfollow rsymfollow seclabel
`);

/** `key=value` options valid on every mount (SELinux contexts). */
export const genericMountKeys: ReadonlySet<string> = set('context fscontext defcontext rootcontext');

/** Data options (`key` or `key=value`) by filesystem type; an empty set: the filesystem takes none. */
export const fsMountOptions: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  [
    'tmpfs',
    set(`size nr_blocks nr_inodes mode uid gid huge mpol inode32 inode64 noswap quota usrquota grpquota
      usrquota_block_hardlimit usrquota_inode_hardlimit grpquota_block_hardlimit grpquota_inode_hardlimit`),
  ],
  ['proc', set('hidepid gid subset pidns')],
  ['sysfs', set('')],
  ['devpts', set('uid gid mode ptmxmode newinstance max')],
  ['mqueue', set('')],
  [
    'cgroup',
    set(`cpu cpuacct cpuset memory devices freezer net_cls net_prio blkio perf_event hugetlb pids rdma misc none
      name all noprefix release_agent clone_children xattr cpuset_v2_mode favordynmods`),
  ],
  [
    'cgroup2',
    set(
      'nsdelegate memory_recursiveprot memory_localevents memory_hugetlb_accounting favordynmods pids_localevents',
    ),
  ],
  [
    'overlay',
    set(`lowerdir upperdir workdir index redirect_dir metacopy xino userxattr volatile nfs_export uuid
      default_permissions datadir verity lowerdir+ datadir+`),
  ],
  ['devtmpfs', set('size nr_inodes mode')],
  ['bind', set('')],
  ['none', set('')],
]);

/** Options whose value must be an octal mode. */
export const octalValued: ReadonlySet<string> = set('mode ptmxmode');
/** Options whose value must be a decimal id. */
export const idValued: ReadonlySet<string> = set('uid gid');
/** Flags that contradict each other, both ways (`ro` → `rw`, `rw` → `ro`, ...). */
export const conflictingFlags: ReadonlyMap<string, string> = new Map(
  [
    ['ro', 'rw'],
    ['suid', 'nosuid'],
    ['dev', 'nodev'],
    ['exec', 'noexec'],
    ['atime', 'noatime'],
    ['sync', 'async'],
  ].flatMap(([a, b]) => [
    [a, b],
    [b, a],
  ]) as Array<[string, string]>,
);
