/**
 * Hostnames that cannot reach the kernel: longer than its 64 bytes. (NUL bytes, which end every C string a system
 * call takes, are found by the schema walk: `string-nul` in schema.ts.)
 */
import type { CheckContext, Obj } from '../util.js';
import { emit, str } from '../util.js';

/** The kernel's `__NEW_UTS_LEN`: the longest hostname and domainname, in bytes. */
const UTS_LEN = 64;
const encoder = new TextEncoder();

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
