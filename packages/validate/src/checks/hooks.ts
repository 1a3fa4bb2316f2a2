/** `hooks`: every kind's paths absolute, env `KEY=VALUE`, timeouts positive; prestart deprecated. */
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, int, isAbsOn, obj, q, str } from '../util.js';
import { checkEnv } from './process.js';

export const HOOK_KINDS = [
  'prestart',
  'createRuntime',
  'createContainer',
  'startContainer',
  'poststart',
  'poststop',
] as const;

export function checkHooks(ctx: CheckContext, hooks: Obj): void {
  const windows = ctx.platform.os === 'windows';
  for (const kind of HOOK_KINDS) {
    const list = arr(hooks[kind]);
    if (list === undefined) continue;
    if (kind === 'prestart' && list.length > 0)
      emit(
        ctx,
        'hook-prestart-deprecated',
        '/hooks/prestart',
        'prestart hooks are deprecated; use createRuntime',
      );
    for (let i = 0; i < list.length; i++) {
      const hook = obj(list[i]);
      if (hook === undefined) continue;
      const base = `/hooks/${kind}/${i}`;
      const path = str(hook.path);
      if (hook.path === undefined || (path !== undefined && !isAbsOn(windows, path))) {
        emit(
          ctx,
          'hook-path-absolute',
          `${base}/path`,
          `${kind} hook path ${path === undefined ? 'is missing' : `${q(path)} is not absolute`}`,
        );
      }
      checkEnv(ctx, hook.env, `${base}/env`, 'hook-env-format');
      const timeout = int(hook.timeout);
      if (timeout !== undefined && timeout <= 0)
        emit(ctx, 'hook-timeout', `${base}/timeout`, `timeout ${q(timeout)} must be greater than zero`);
    }
  }
}
