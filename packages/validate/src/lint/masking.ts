/**
 * Masked and readonly paths checked against what containerd's default spec masks and makes read-only, for the
 * filesystems the spec mounts where those paths live (a procfs at /proc, a sysfs or the host's /sys at /sys).
 * A path is covered by itself or a parent; a readonly one also by a mask, or by the whole filesystem being
 * read-only.
 */
import { defaultMaskedPaths, defaultReadonlyPaths } from '@ocispec/linux';
import type { Obj } from '../util.js';
import { strings } from '../util.js';
import type { LintContext } from './context.js';
import type { MountView } from './mount-view.js';
import { cleanRooted, under } from './paths.js';

/** The mount that serves `/proc` or `/sys` (the last one there wins, as it hides the others). */
function mountAt(views: readonly MountView[], destination: '/proc' | '/sys'): MountView | undefined {
  const fs = destination === '/proc' ? 'proc' : 'sysfs';
  let found: MountView | undefined;
  for (const view of views) {
    if (view.destination !== destination) continue;
    const source = cleanRooted(view.source);
    found = (view.bind ? under(source, destination) : view.type === fs) ? view : undefined;
  }
  return found;
}

export function lintMasking(ctx: LintContext, linux: Obj | undefined, views: readonly MountView[]): void {
  const masked = strings(linux?.maskedPaths).map(([p]) => cleanRooted(p));
  const readonly = strings(linux?.readonlyPaths).map(([p]) => cleanRooted(p));
  const mounted = { '/proc': mountAt(views, '/proc'), '/sys': mountAt(views, '/sys') };
  const relevant = (path: string): MountView | undefined =>
    under(path, '/proc') ? mounted['/proc'] : under(path, '/sys') ? mounted['/sys'] : undefined;
  const unmasked = defaultMaskedPaths.filter(
    (p) => relevant(p) !== undefined && !masked.some((m) => under(p, m)),
  );
  if (unmasked.length > 0)
    ctx.add(
      'masked-paths-missing',
      '/linux/maskedPaths',
      `not masked, as containerd's default masks them: ${unmasked.join(', ')}`,
    );
  const writable = defaultReadonlyPaths.filter((p) => {
    const view = relevant(p);
    return (
      view !== undefined &&
      !view.readonly &&
      !readonly.some((r) => under(p, r)) &&
      !masked.some((m) => under(p, m))
    );
  });
  if (writable.length > 0)
    ctx.add(
      'readonly-paths-missing',
      '/linux/readonlyPaths',
      `writable, while containerd's default makes them read-only: ${writable.join(', ')}`,
    );
}
