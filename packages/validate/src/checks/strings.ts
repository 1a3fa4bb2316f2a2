/**
 * Strings that cannot reach the kernel as written: a NUL byte anywhere (every system call takes C strings, which end
 * at the first NUL), and hostnames longer than the kernel's 64 bytes.
 */
import type { CheckContext, Obj } from '../util.js';
import { emit, ptr, q, str } from '../util.js';

/**
 * Values that never become C strings: annotations and `listenerMetadata` travel to hooks and agents as JSON, and a
 * Windows credential spec is an opaque JSON object handed to HCS as JSON.
 */
const OPAQUE: ReadonlySet<string> = new Set([
  '/annotations',
  '/linux/seccomp/listenerMetadata',
  '/windows/credentialSpec',
]);

/** The kernel's `__NEW_UTS_LEN`: the longest hostname and domainname, in bytes. */
const UTS_LEN = 64;
const encoder = new TextEncoder();

/** Reports every string value and object key holding a NUL byte (iteratively: nesting depth is the input's). */
export function checkNulBytes(ctx: CheckContext, spec: Obj): void {
  const stack: Array<[unknown, string]> = [[spec, '']];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, pointer] = item;
    if (typeof value === 'string') {
      if (value.includes('\0'))
        emit(
          ctx,
          'string-nul',
          pointer,
          `${q(value)} holds a NUL byte: the kernel would see only ${q(value.slice(0, value.indexOf('\0')))}`,
        );
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const at = ptr(pointer, key);
        if (OPAQUE.has(at)) continue;
        if (key.includes('\0')) emit(ctx, 'string-nul', at, `key ${q(key)} holds a NUL byte`);
        stack.push([child, at]);
      }
    }
  }
}

/** `hostname` and `domainname` fit the kernel's UTS fields (64 bytes, UTF-8). */
export function checkHostnames(ctx: CheckContext, spec: Obj): void {
  for (const key of ['hostname', 'domainname'] as const) {
    const name = str(spec[key]);
    if (name === undefined || name.length * 3 <= UTS_LEN) continue;
    const bytes = encoder.encode(name).length;
    if (bytes > UTS_LEN)
      emit(
        ctx,
        'hostname-length',
        `/${key}`,
        `${key} is ${bytes} bytes: the kernel takes at most ${UTS_LEN}`,
      );
  }
}
