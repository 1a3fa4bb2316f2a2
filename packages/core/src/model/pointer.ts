/** JSON pointers (RFC 6901) for error messages and unknown-field reports. */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns a path (e.g. a zod issue's `path`) into a JSON pointer: `[]` → `""`, `['mounts', 0]` → `/mounts/0`. */
export function toPointer(path: readonly PropertyKey[]): string {
  let pointer = '';
  for (const segment of path) {
    const token = typeof segment === 'symbol' ? (segment.description ?? '') : String(segment);
    pointer += `/${escapePointerToken(token)}`;
  }
  return pointer;
}
