/** `linux.seccomp`: actions, architectures, flags, syscall names per architecture, arguments, errnoRet, listener. */
import {
  allSyscalls,
  nativeSeccompArch,
  seccompActions,
  seccompArchitectures,
  seccompFlags,
  seccompOperators,
  syscallsByArch,
} from '../data/syscalls.js';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, isAbs, obj, q, str, strings } from '../util.js';

const ERRNO_ACTIONS: ReadonlySet<string> = new Set(['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE']);
/** Actions that let a syscall run (NOTIFY: if the agent says so). */
const LETS_THROUGH: ReadonlySet<string> = new Set(['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG', 'SCMP_ACT_NOTIFY']);

/**
 * The syscall tables of the filter's architectures (the platform's native one when none is listed), or `undefined`
 * when one of them has no table.
 */
function tablesOf(
  ctx: CheckContext,
  architectures: ReadonlyArray<[string, number]>,
): Array<ReadonlySet<string>> | undefined {
  const arches = architectures.map(([a]) => a);
  if (arches.length === 0) {
    const native = nativeSeccompArch[ctx.platform.architecture];
    if (native === undefined) return undefined;
    arches.push(native);
  }
  const tables: Array<ReadonlySet<string>> = [];
  for (const arch of arches) {
    const table = syscallsByArch.get(arch);
    if (table === undefined) return undefined;
    tables.push(table);
  }
  return tables;
}

export function checkSeccomp(ctx: CheckContext, seccomp: Obj): void {
  const base = '/linux/seccomp';
  const defaultAction = str(seccomp.defaultAction);
  if (
    seccomp.defaultAction === undefined ||
    defaultAction === '' ||
    (defaultAction !== undefined && !seccompActions.has(defaultAction))
  ) {
    emit(
      ctx,
      'seccomp-default-action',
      `${base}/defaultAction`,
      defaultAction ? `unknown action ${q(defaultAction)}` : 'defaultAction is required',
    );
  }
  if (defaultAction === 'SCMP_ACT_NOTIFY')
    emit(ctx, 'seccomp-listener', `${base}/defaultAction`, 'SCMP_ACT_NOTIFY cannot be the default action');
  if (seccomp.defaultErrnoRet != null && defaultAction !== undefined && !ERRNO_ACTIONS.has(defaultAction)) {
    emit(
      ctx,
      'seccomp-errno-ret',
      `${base}/defaultErrnoRet`,
      `defaultErrnoRet is set but ${defaultAction} takes no errno`,
    );
  }
  const architectures = strings(seccomp.architectures);
  for (const [arch, i] of architectures) {
    if (!seccompArchitectures.has(arch))
      emit(ctx, 'seccomp-architecture', `${base}/architectures/${i}`, `unknown architecture ${q(arch)}`);
  }
  for (const [flag, i] of strings(seccomp.flags)) {
    if (!seccompFlags.has(flag)) emit(ctx, 'seccomp-flag', `${base}/flags/${i}`, `unknown flag ${q(flag)}`);
  }
  const listenerPath = str(seccomp.listenerPath) ?? '';
  if (listenerPath !== '' && !isAbs(listenerPath))
    emit(ctx, 'seccomp-listener', `${base}/listenerPath`, `listenerPath ${q(listenerPath)} is not absolute`);
  if ((str(seccomp.listenerMetadata) ?? '') !== '' && listenerPath === '')
    emit(
      ctx,
      'seccomp-listener-metadata',
      `${base}/listenerMetadata`,
      'listenerMetadata needs a listenerPath',
    );
  const syscalls = arr(seccomp.syscalls);
  if (
    defaultAction !== undefined &&
    seccompActions.has(defaultAction) &&
    !LETS_THROUGH.has(defaultAction) &&
    !(syscalls ?? []).some((rule) => LETS_THROUGH.has(str(obj(rule)?.action) ?? ''))
  ) {
    emit(
      ctx,
      'seccomp-allows-nothing',
      `${base}/defaultAction`,
      `${defaultAction} by default and no rule allows a syscall: the process cannot even exec`,
    );
  }
  if (syscalls === undefined) return;
  const tables = tablesOf(ctx, architectures);
  for (let i = 0; i < syscalls.length; i++) {
    const rule = obj(syscalls[i]);
    if (rule === undefined) continue;
    const at = `${base}/syscalls/${i}`;
    const names = arr(rule.names);
    if (names === undefined || names.length === 0)
      emit(ctx, 'seccomp-syscall-names', `${at}/names`, 'a syscall rule needs at least one name');
    let effective = false;
    let known = 0;
    for (const [name, j] of strings(rule.names)) {
      if (!allSyscalls.has(name)) {
        emit(ctx, 'seccomp-syscall-unknown', `${at}/names/${j}`, `${q(name)} is not a Linux syscall`);
        continue;
      }
      known++;
      if (!effective && (tables === undefined || tables.some((t) => t.has(name)))) effective = true;
    }
    if (known > 0 && !effective) {
      emit(
        ctx,
        'seccomp-syscall-arch',
        `${at}/names`,
        "none of these syscalls exists on the filter's architectures: the rule has no effect",
      );
    }
    const action = str(rule.action);
    if (action !== undefined && !seccompActions.has(action))
      emit(ctx, 'seccomp-action', `${at}/action`, `unknown action ${q(action)}`);
    if (action === 'SCMP_ACT_NOTIFY' && listenerPath === '')
      emit(ctx, 'seccomp-listener', `${at}/action`, 'SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath');
    if (rule.errnoRet != null && action !== undefined && !ERRNO_ACTIONS.has(action)) {
      emit(ctx, 'seccomp-errno-ret', `${at}/errnoRet`, `errnoRet is set but ${action} takes no errno`);
    }
    const args = arr(rule.args) ?? [];
    for (let k = 0; k < args.length; k++) {
      const arg = obj(args[k]);
      if (arg === undefined) continue;
      const op = str(arg.op);
      if (op !== undefined && !seccompOperators.has(op))
        emit(ctx, 'seccomp-arg', `${at}/args/${k}/op`, `unknown operator ${q(op)}`);
      const index = int(arg.index);
      if (index !== undefined && index > 5)
        emit(ctx, 'seccomp-arg', `${at}/args/${k}/index`, `argument index ${q(index)} is above 5`);
    }
  }
}
