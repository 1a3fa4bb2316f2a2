/** Small helpers that reproduce Go's formatting where containerd's messages depend on it. */

/** Go's `%q` of a string (strconv.Quote): double-quoted with Go escapes for quotes, backslashes and non-printables. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Whether `p` is already in Go's `path.Clean` form: no empty, `.` or `..` element and no trailing slash (except
 * the root itself). Most paths are, and checking is far cheaper than splitting.
 */
function isClean(p: string): boolean {
  const n = p.length;
  if (p === '/') return true;
  if (p.charCodeAt(n - 1) === 0x2f) return false;
  let start = 0; // start of the current element
  for (let i = 0; i <= n; i++) {
    if (i < n && p.charCodeAt(i) !== 0x2f) continue;
    const len = i - start;
    if (len === 0) {
      if (i !== 0) return false; // an empty element: `//`
    } else if (
      p.charCodeAt(start) === 0x2e &&
      (len === 1 || (len === 2 && p.charCodeAt(start + 1) === 0x2e))
    ) {
      return false; // `.` or `..`
    }
    start = i + 1;
  }
  return true;
}

/**
 * Go's `path.Clean` (slash-separated): the shortest equivalent path, resolving `.` and `..` lexically.
 * An empty result is `.`.
 */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  if (isClean(p)) return p;
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's `path.Join`: joins the non-empty elements with `/` and cleans the result; all empty gives `""`. */
export function joinPath(...elements: string[]): string {
  let joined = '';
  let any = false;
  for (const element of elements) {
    if (element === '') continue;
    // No separator after a trailing `/` (`"/"` + `"a"` is `/a`, not `//a`): cleaning would collapse it anyway, and
    // a joined path without `//` is often clean already, which cleanPath recognises without splitting.
    if (any && joined.charCodeAt(joined.length - 1) !== 0x2f) joined += '/';
    joined += element;
    any = true;
  }
  return any ? cleanPath(joined) : '';
}

/**
 * Go's name of a JSON value's type in encoding/json's `cannot unmarshal <kind> into Go value of type …`:
 * `object`, `array`, `string`, `bool`, `number`.
 */
export function goJsonKindName(kind: string | undefined): string {
  return kind === 'boolean' ? 'bool' : (kind ?? 'value');
}
