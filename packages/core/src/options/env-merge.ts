/** containerd's environment merge, shared by `withEnv`, `withDefaultPathEnv`, `withEnvFile` and image configs. */

/** containerd's `defaultUnixEnv`: the PATH every unix process gets when nothing else sets one. */
export const defaultUnixEnv: readonly string[] = Object.freeze([
  'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
]);

/**
 * Merges `overrides` into `defaults` exactly as containerd's `replaceOrAppendEnvValues`, returning a new array
 * (neither input is changed):
 * 1. the key of an entry is the text before its first `=` (or the whole entry); among `defaults` with the same
 *    key the last one is the one overrides address;
 * 2. an override without `=` unsets that one entry, if its key is known; an override `K=v` replaces the entry of
 *    a known key in place, otherwise it is appended (appended entries are not indexed: `["b=1","b=2"]` over `[]`
 *    gives both);
 * 3. finally every entry equal to `""` is removed, including empty strings that were in `defaults`.
 *
 * containerd: `oci.replaceOrAppendEnvValues`
 */
export function replaceOrAppendEnvValues(
  defaults: readonly string[],
  overrides: readonly string[],
): string[] {
  const results = [...defaults];
  // Short lists (the usual environment) are searched directly; long ones through an index of keys.
  const find = defaults.length <= SCAN_LIMIT ? scanner(defaults) : indexer(defaults);
  let unset = false;
  for (let o = 0; o < overrides.length; o++) {
    const value = overrides[o]!;
    const eq = value.indexOf('=');
    const at = find(eq < 0 ? value : value.slice(0, eq));
    if (eq < 0) {
      if (at >= 0) {
        results[at] = '';
        unset = true;
      }
    } else if (at >= 0) {
      results[at] = value;
    } else {
      results.push(value);
    }
  }
  if (!unset && !defaults.includes('')) return results;
  return results.filter((entry) => entry !== '');
}

/** Up to this many defaults, a key is looked up by scanning them (no map to build). */
const SCAN_LIMIT = 32;

/** The index of the last entry of `defaults` whose key is `key`, or -1: a backward scan. */
function scanner(defaults: readonly string[]): (key: string) => number {
  return (key) => {
    const n = key.length;
    for (let i = defaults.length - 1; i >= 0; i--) {
      const entry = defaults[i]!;
      if ((entry.length === n || entry.charCodeAt(n) === EQUALS) && entry.startsWith(key)) return i;
    }
    return -1;
  };
}

/** The same lookup through a map from key to the index of its last entry. */
function indexer(defaults: readonly string[]): (key: string) => number {
  const index = new Map<string, number>();
  for (let i = 0; i < defaults.length; i++) {
    const entry = defaults[i]!;
    const eq = entry.indexOf('=');
    index.set(eq < 0 ? entry : entry.slice(0, eq), i);
  }
  return (key) => index.get(key) ?? -1;
}

const EQUALS = 0x3d;
