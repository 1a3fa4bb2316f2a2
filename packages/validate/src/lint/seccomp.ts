/**
 * Whether the seccomp filter enforces anything, as runc loads it: no default action (runc then loads no filter),
 * or a default that allows (ALLOW, LOG) with no rule that errors, kills, traps or notifies, is no confinement.
 * A rule whose syscall names are all unknown enforces nothing either: runc skips names libseccomp cannot resolve.
 */
import { allSyscalls } from '../data/syscalls.js';
import type { Obj } from '../util.js';
import { arr, obj, str, strings } from '../util.js';
import type { LintContext } from './context.js';

const PERMISSIVE: ReadonlySet<string> = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG']);

/** A rule that denies something: a restrictive action on at least one real syscall. */
function enforces(rule: unknown): boolean {
  const r = obj(rule);
  const action = str(r?.action) ?? '';
  if (action === '' || PERMISSIVE.has(action)) return false;
  return strings(r?.names).some(([name]) => allSyscalls.has(name));
}

export function lintSeccomp(ctx: LintContext, linux: Obj | undefined): void {
  const seccomp = obj(linux?.seccomp);
  if (seccomp === undefined) {
    if (ctx.restricted) ctx.add('seccomp-missing', '/linux/seccomp', 'no seccomp profile');
    return;
  }
  const defaultAction = str(seccomp.defaultAction) ?? '';
  if (defaultAction === '') {
    ctx.add('seccomp-unconfined', '/linux/seccomp', 'no defaultAction: runc loads no seccomp filter');
    return;
  }
  if (!PERMISSIVE.has(defaultAction)) return;
  if (!(arr(seccomp.syscalls) ?? []).some(enforces))
    ctx.add(
      'seccomp-unconfined',
      '/linux/seccomp/defaultAction',
      `${defaultAction} by default and no rule that denies a known syscall: the filter allows everything`,
    );
}
