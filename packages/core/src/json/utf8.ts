/**
 * UTF-8 decoding as Go's encoding/json reads strings: every byte that does not start a valid sequence becomes one
 * U+FFFD (Go's `utf8.DecodeRune` returns `(RuneError, 1)` there and `unquoteBytes` writes the replacement rune).
 * The WHATWG decoder (`TextDecoder` without `fatal`) differs: it replaces a truncated sequence's maximal subpart
 * with a single U+FFFD (`E2 82 41` is one U+FFFD and `A` for it, two U+FFFD and `A` for Go).
 */
import { firstInvalidUtf8 } from './position.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decoded text, and the UTF-16 offsets of the U+FFFD written for invalid bytes (ascending; empty when valid). */
export interface GoUtf8Text {
  readonly text: string;
  readonly replaced: readonly number[];
}

/** Decodes `bytes` as Go does (see the module comment); valid input takes the native decoder's fast path. */
export function decodeUtf8AsGo(bytes: Uint8Array): GoUtf8Text {
  try {
    return { text: strict.decode(bytes), replaced: [] };
  } catch {
    // Invalid somewhere: rebuild with Go's replacements below.
  }
  let bad = firstInvalidUtf8(bytes);
  const replaced: number[] = [];
  let text = '';
  let from = 0;
  while (bad >= 0) {
    text += strict.decode(bytes.subarray(from, bad));
    replaced.push(text.length);
    text += '\ufffd';
    from = bad + 1;
    bad = firstInvalidUtf8(bytes, from);
  }
  return { text: text + strict.decode(bytes.subarray(from)), replaced };
}
