/**
 * Mounts as runc makes them (see `mount-view.ts`): the kernel filesystems a mount exposes, wherever it is mounted
 * and however it is spelled (a new instance, or a bind of the host's tree, with the submounts an `rbind` copies);
 * host block devices and disk filesystems; overlay layers and bind sources that are host paths; mounts over masked
 * paths.
 */
import { q } from '../util.js';
import type { LintContext } from './context.js';
import type { MountView } from './mount-view.js';
import type { Exposure, HostPath } from './paths.js';
import { describeHostPath, exposureOf, hostPathOf, under } from './paths.js';

/** Where the kernel's own filesystems live on a host (what a bind of that tree reaches). */
const KERNEL_FS_ROOTS: ReadonlyArray<readonly [string, string]> = [
  ['/proc', 'proc'],
  ['/proc/sys/fs/binfmt_misc', 'binfmt_misc'],
  ['/sys', 'sysfs'],
  ['/sys/fs/cgroup', 'cgroup'],
  ['/sys/fs/bpf', 'bpf'],
  ['/sys/fs/pstore', 'pstore'],
  ['/sys/kernel/debug', 'debugfs'],
  ['/sys/kernel/tracing', 'tracefs'],
  ['/sys/kernel/security', 'securityfs'],
  ['/sys/kernel/config', 'configfs'],
  ['/sys/firmware/efi/efivars', 'efivarfs'],
];
/** Host-global kernel interfaces no default spec mounts: any mount of them (read-only too) is a finding. */
const KERNEL_INTERFACES: ReadonlySet<string> = new Set([
  'debugfs',
  'tracefs',
  'securityfs',
  'bpf',
  'configfs',
  'efivarfs',
  'pstore',
  'binfmt_misc',
  'devtmpfs',
]);
const CGROUP_FS: ReadonlySet<string> = new Set(['cgroup', 'cgroup2']);
const CGROUP_ROOT = '/sys/fs/cgroup';
/** Filesystems that read a block device (their source). */
const DISK_FS: ReadonlySet<string> = new Set(
  'ext2 ext3 ext4 xfs btrfs vfat msdos exfat ntfs ntfs3 f2fs jfs reiserfs iso9660 udf hfs hfsplus squashfs erofs nilfs2 bcachefs zfs minix ufs'.split(
    ' ',
  ),
);
/** Filesystems whose source is a dummy name, never a device. */
const PSEUDO_FS: ReadonlySet<string> = new Set(
  'tmpfs proc sysfs devpts mqueue cgroup cgroup2 overlay shm ramfs hugetlbfs fuse fusectl nsfs'.split(' '),
);
const OVERLAY_DIRS: ReadonlySet<string> = new Set([
  'lowerdir',
  'upperdir',
  'workdir',
  'lowerdir+',
  'datadir+',
]);

/** A kernel filesystem a mount exposes, and whether it is writable there. */
interface Exposed {
  readonly fs: string;
  readonly writable: boolean;
  /** The host tree of a bind (`undefined`: a new instance). */
  readonly from?: string;
}

function fsOfHostPath(path: string): string | undefined {
  let found: string | undefined;
  let depth = -1;
  for (const [root, fs] of KERNEL_FS_ROOTS) {
    if (under(path, root) && root.length > depth) {
      found = fs;
      depth = root.length;
    }
  }
  return found;
}

/** The kernel filesystems a mount exposes: its own type, or the host trees a bind (with its submounts) reaches. */
function exposedBy(view: MountView, source: HostPath | undefined): Exposed[] {
  if (view.hidden) return [];
  if (!view.bind) return [{ fs: view.type, writable: !view.readonly }];
  if (source === undefined || !('path' in source)) return [];
  const out: Exposed[] = [];
  const own = fsOfHostPath(source.path);
  if (own !== undefined) out.push({ fs: own, writable: !view.readonly, from: source.path });
  if (view.recursive) {
    for (const [root, fs] of KERNEL_FS_ROOTS) {
      if (root !== source.path && under(root, source.path))
        out.push({ fs, writable: !view.submountsReadonly, from: root });
    }
    // cgroup v1 (and hybrid) hosts mount each hierarchy below /sys/fs/cgroup: an rbind there copies them.
    if (under(CGROUP_ROOT, source.path))
      out.push({ fs: 'cgroup', writable: !view.submountsReadonly, from: `${CGROUP_ROOT}/*` });
  }
  return out;
}

function where(view: MountView, e: Exposed): string {
  const at = q(view.destination);
  return e.from === undefined ? `${e.fs} at ${at}` : `the host's ${e.from} (${e.fs}) at ${at}`;
}

function lintKernelFs(ctx: LintContext, view: MountView, source: HostPath | undefined): void {
  const pointer = `/mounts/${view.index}`;
  const sourcePath = source !== undefined && 'path' in source ? source.path : undefined;
  const exposed = exposedBy(view, source);
  const sys = exposed.find((e) => e.fs === 'sysfs' && e.writable);
  if (sys !== undefined) ctx.add('sys-writable', pointer, `${where(view, sys)} is writable`);
  const cgroup = exposed.find((e) => CGROUP_FS.has(e.fs) && e.writable);
  if (cgroup !== undefined)
    ctx.add(
      'cgroupfs-writable',
      pointer,
      `${where(view, cgroup)} is writable: the container can change cgroup limits`,
    );
  // A read-only submount of a bind is reported with the bind (host-sensitive-mount).
  const interfaces = exposed.filter(
    (e) => KERNEL_INTERFACES.has(e.fs) && (e.from === undefined || e.from === sourcePath || e.writable),
  );
  if (interfaces.length > 0)
    ctx.add(
      'kernel-fs-mount',
      pointer,
      `${interfaces.map((e) => `${where(view, e)}${e.writable ? ' (writable)' : ''}`).join(', ')}: host-global kernel interfaces`,
    );
  if (!view.bind && view.type === 'proc' && view.destination !== '/proc' && !view.hidden)
    ctx.add(
      'procfs-unmasked',
      `${pointer}/destination`,
      `procfs at ${q(view.destination)}: linux.maskedPaths and readonlyPaths cover /proc only`,
    );
}

const EXPOSURE_RULE = {
  root: 'host-root-mount',
  socket: 'runtime-socket-mount',
  sensitive: 'host-sensitive-mount',
} as const satisfies Record<Exposure, string>;

function reportHostPath(
  ctx: LintContext,
  exposure: Exposure,
  pointer: string,
  path: HostPath,
  what: string,
): void {
  const rule = EXPOSURE_RULE[exposure];
  const text =
    exposure === 'root'
      ? `${what} of the host's /`
      : exposure === 'socket'
        ? `${what} of the container runtime's ${describeHostPath(path)}`
        : `${what} of the host's ${describeHostPath(path)}`;
  ctx.add(rule, pointer, text);
}

/** overlay's `lowerdir=a:b` paths (`\:` escapes a colon), and its other directories. */
function overlayPaths(view: MountView): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const token of view.data) {
    const eq = token.indexOf('=');
    const key = token.slice(0, eq);
    if (eq < 0 || !OVERLAY_DIRS.has(key)) continue;
    const value = token.slice(eq + 1);
    const parts = key.startsWith('lowerdir') ? value.split(/(?<!\\):/) : [value];
    for (const part of parts) if (part !== '') out.push([key, part.replace(/\\:/g, ':')]);
  }
  return out;
}

function lintOverlay(ctx: LintContext, view: MountView): void {
  for (const [key, raw] of overlayPaths(view)) {
    const path = hostPathOf(raw, ctx.host);
    if (path === undefined) continue;
    const pointer = `/mounts/${view.index}/options`;
    const exposure = exposureOf(path);
    if (exposure !== undefined) reportHostPath(ctx, exposure, pointer, path, `overlay ${key}`);
    else
      ctx.add(
        'overlay-host-path',
        pointer,
        `overlay ${key} ${describeHostPath(path)} is a host directory${key === 'upperdir' || key === 'workdir' ? ': writes land on the host' : ''}`,
      );
  }
}

export function lintMounts(ctx: LintContext, views: readonly MountView[], masked: readonly string[]): void {
  for (const view of views) {
    const source = view.bind ? hostPathOf(view.source, ctx.host) : undefined;
    lintKernelFs(ctx, view, source);
    if (view.destination === '/dev/null' || masked.some((m) => under(view.destination, m))) {
      ctx.add(
        'mount-over-masked',
        `/mounts/${view.index}/destination`,
        `mount over ${view.destination === '/dev/null' ? '/dev/null' : 'a masked path'} ${q(view.destination)} (CVE-2025-31133)`,
      );
    }
    if (view.bind) {
      const exposure = source === undefined ? undefined : exposureOf(source);
      if (source !== undefined && exposure !== undefined)
        reportHostPath(ctx, exposure, `/mounts/${view.index}/source`, source, 'bind mount');
      continue;
    }
    if (view.type === 'overlay') lintOverlay(ctx, view);
    const sourcePath = hostPathOf(view.source, undefined);
    const fromDevice =
      sourcePath !== undefined &&
      'path' in sourcePath &&
      under(sourcePath.path, '/dev') &&
      sourcePath.path !== '/dev';
    if (
      DISK_FS.has(view.type) ||
      (fromDevice && !PSEUDO_FS.has(view.type) && !KERNEL_INTERFACES.has(view.type))
    )
      ctx.add(
        'host-block-device-mount',
        `/mounts/${view.index}`,
        `${view.type === '' ? 'a' : view.type} filesystem from ${q(view.source)}: the container reads and writes a host disk`,
      );
  }
}
