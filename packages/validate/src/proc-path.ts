/**
 * Resolving `/proc` paths the way the kernel does, for the runtime's view: `/proc/self` and `/proc/thread-self` are
 * symlinks (to the runtime's own process and thread), so a `..` after them climbs from `/proc/<pid>` or
 * `/proc/<pid>/task/<tid>`, not from `/proc`; `/proc/<pid>/root` is a magic link to that process's root (the
 * host's `/` for PID 1, kthreadd and the runtime). Lexical cleaning gets both wrong.
 */

/** The runtime's own process and thread, as path components. */
export const SELF = '<self>';
export const THREAD = '<thread>';

/** Processes whose root and namespaces are the host's: PID 1, kthreadd (2), the runtime itself. */
export function isHostProcess(component: string): boolean {
  return component === '1' || component === '2' || component === SELF;
}

/** The components of `path` resolved from `/` as the kernel resolves them (another process's root link is kept). */
export function resolveProcPath(path: string): string[] {
  let stack: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      stack.pop();
      continue;
    }
    stack.push(part);
    if (stack.length === 2 && stack[0] === 'proc') {
      if (part === 'self') stack = ['proc', SELF];
      else if (part === 'thread-self') stack = ['proc', SELF, 'task', THREAD];
    }
    const last = stack.length - 1;
    const rootLink =
      stack[0] === 'proc' &&
      stack[last] === 'root' &&
      isHostProcess(stack[1] ?? '') &&
      (last === 2 || (last === 4 && stack[2] === 'task'));
    if (rootLink) stack = [];
  }
  return stack;
}

/** `/proc/<pid>[/task/<tid>]/ns/<file>`: the pid component and the file, once resolved; `undefined` otherwise. */
export function procNamespaceFile(path: string): { readonly pid: string; readonly file: string } | undefined {
  const parts = resolveProcPath(path);
  if (parts[0] !== 'proc') return undefined;
  const pid = parts[1];
  const rest = parts[2] === 'task' ? parts.slice(4) : parts.slice(2);
  if (pid === undefined || !/^(?:\d+|<self>)$/.test(pid) || rest.length !== 2 || rest[0] !== 'ns')
    return undefined;
  if (parts[2] === 'task' && !/^(?:\d+|<thread>)$/.test(parts[3] ?? '')) return undefined;
  return { pid, file: rest[1] as string };
}
