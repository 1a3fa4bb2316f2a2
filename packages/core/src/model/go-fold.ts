/** Go's case folding of JSON object keys against struct field names. */

/**
 * Folds a key as Go's encoding/json compares keys with (ASCII) field names: ASCII letters to upper case, `ſ`
 * (U+017F) to `S` and the Kelvin sign (U+212A) to `K`, the only non-ASCII runes whose simple fold orbit holds an
 * ASCII letter; everything else unchanged. `goFoldKey(a) === goFoldKey(b)` for an ASCII field name `b` is exactly
 * Go 1.19's `equalFold` and Go 1.21+'s `foldName` comparison.
 */
export function goFoldKey(key: string): string {
  let out = '';
  let chunk = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    let folded: string;
    if (c >= 0x61 && c <= 0x7a) folded = String.fromCharCode(c - 0x20);
    else if (c === 0x17f) folded = 'S';
    else if (c === 0x212a) folded = 'K';
    else continue;
    out += key.slice(chunk, i) + folded;
    chunk = i + 1;
  }
  return chunk === 0 ? key : out + key.slice(chunk);
}
