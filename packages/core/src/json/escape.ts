/**
 * String quoting exactly as Go's encoding/json writes strings (Go ≥ 1.22, which containerd HEAD is built with):
 * `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`; other control characters as `\u00xx` (lowercase hex); with HTML
 * escaping `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`; U+2028 and U+2029 always as `\u2028`, `\u2029`; a lone
 * surrogate (invalid UTF-8 to Go) as `\ufffd`. Everything else is written as is.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

const HEX = '0123456789abcdef';

/** `s` as a quoted JSON string literal, escaped as Go's encoding/json escapes it. */
export function quoteJsonString(s: string, escapeHtml: boolean): string {
  if (!(escapeHtml ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE).test(s)) return `"${s}"`;
  let out = '"';
  let chunk = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let escaped: string;
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c < 0x2028) {
      if (!escapeHtml || (c !== 0x3c && c !== 0x3e && c !== 0x26)) continue;
      escaped = c === 0x3c ? '\\u003c' : c === 0x3e ? '\\u003e' : '\\u0026';
    } else if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = '\\\\';
    else if (c === 0x0a) escaped = '\\n';
    else if (c === 0x0d) escaped = '\\r';
    else if (c === 0x09) escaped = '\\t';
    else if (c === 0x08) escaped = '\\b';
    else if (c === 0x0c) escaped = '\\f';
    else if (c < 0x20) escaped = `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`;
    else if (c === 0x2028) escaped = '\\u2028';
    else if (c === 0x2029) escaped = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      escaped = '\\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) escaped = '\\ufffd';
    else continue;
    out += s.slice(chunk, i) + escaped;
    chunk = i + 1;
  }
  return `${out}${s.slice(chunk)}"`;
}
