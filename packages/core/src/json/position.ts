/**
 * Line, column and byte-offset arithmetic for error reports. Only runs when an error is thrown, so it favours
 * clarity over speed.
 */

/** 1-based line and column (in code points) of the UTF-16 `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  return advance(text, { offset: 0, line: 1, column: 1 }, offset);
}

interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The position of `offset` (≥ `from.offset`), counted on from `from`. */
function advance(text: string, from: Position, offset: number): Position {
  let { line, column } = from;
  const end = Math.min(offset, text.length);
  for (let i = from.offset; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      column = 1;
    } else if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) {
      column++;
    }
  }
  return { offset: Math.max(from.offset, end), line, column };
}

/**
 * {@link lineAndColumn} for many offsets of one text: each count goes on from the last offset asked when it is not
 * past it (the errors of a batch come in order), so locating an error in each of N pipelines of a text is linear
 * in the text, not N times it.
 */
export function positionCursor(text: string): (offset: number) => { line: number; column: number } {
  let last: Position = { offset: 0, line: 1, column: 1 };
  return (offset) => {
    const from = offset >= last.offset ? last : { offset: 0, line: 1, column: 1 };
    last = advance(text, from, offset);
    return { line: last.line, column: last.column };
  };
}

/** Number of UTF-8 bytes encoding `text.slice(0, offset)` (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(text: string, offset: number): number {
  let bytes = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (isHighSurrogate(c) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Offset of the first byte at or after `from` that starts an invalid UTF-8 sequence (overlong, surrogate, beyond
 * U+10FFFF, truncated or a stray continuation byte), or -1 when the rest of `bytes` is valid UTF-8. These are
 * exactly the positions where Go's `utf8.DecodeRune` returns `(RuneError, 1)`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): number {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + need >= n) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const cont = bytes[i + k]!;
      if (cont < 0x80 || cont > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `'x'` for a printable character, `U+000A` for control and space characters, else both. */
export function describeChar(text: string, offset: number): string {
  const cp = text.codePointAt(offset);
  if (cp === undefined) return 'end of input';
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp > 0x20 && cp < 0x7f) return `'${String.fromCodePoint(cp)}'`;
  if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfeff) return hex;
  return `'${String.fromCodePoint(cp)}' (${hex})`;
}
