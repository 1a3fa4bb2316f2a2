/**
 * Compares two strings by their UTF-8 bytes, i.e. by code point, as Go's `strings.Compare` orders map keys in
 * encoding/json. Differs from `<` on UTF-16 units only for supplementary characters against U+E000–U+FFFF.
 * A lone surrogate compares as U+FFFD, the character Go prints for it.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x - y;
    // Restart at a high surrogate both strings share: it may start a pair in one and be lone in the other.
    const at = i > 0 && isHigh(a.charCodeAt(i - 1)) ? i - 1 : i;
    return compareCodePoints(a, b, at);
  }
  return a.length - b.length;
}

function compareCodePoints(a: string, b: string, from: number): number {
  let i = from;
  let j = from;
  while (i < a.length && j < b.length) {
    const x = codePointAt(a, i);
    const y = codePointAt(b, j);
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** The code point at `i`, with a lone surrogate read as U+FFFD. */
function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (isHigh(c)) {
    const next = s.charCodeAt(i + 1);
    return isLow(next) ? (c - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000 : 0xfffd;
  }
  return isLow(c) ? 0xfffd : c;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
