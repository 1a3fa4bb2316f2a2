/**
 * `/etc/passwd` and `/etc/group` parsing as moby/sys/user does it (`ParsePasswdFilter`, `ParseGroupFilter`), which
 * containerd HEAD uses for user lookups, plus Go's integer parsing rules that the user options depend on.
 */
import type { Int64Value } from '@ocispec/core';
import { SpecOptError } from '@ocispec/core';
import { normalizeInt } from '@ocispec/core/internal';

/** One `/etc/passwd` entry (`name:pass:uid:gid:gecos:home:shell`). Missing fields are empty or 0. */
export interface PasswdEntry {
  readonly name: string;
  readonly pass: string;
  /** Go `int`: a non-numeric field is 0, an out-of-range one is clamped to the int64 range. */
  readonly uid: Int64Value;
  readonly gid: Int64Value;
  readonly gecos: string;
  readonly home: string;
  readonly shell: string;
}

/** One `/etc/group` entry (`name:pass:gid:member,member`). */
export interface GroupEntry {
  readonly name: string;
  readonly pass: string;
  readonly gid: Int64Value;
  /** The comma-separated member list; empty when the field is empty or absent. */
  readonly list: readonly string[];
}

/** bufio.Scanner's default maximum line length (passwd). */
const PASSWD_MAX_LINE = 64 * 1024;
/** moby/sys/user raises the maximum line length for group files to 1 MiB. */
const GROUP_MAX_LINE = 1024 * 1024;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^[+-]?[0-9]+$/;

/** The outcome of Go's `strconv.Atoi`: the value, or why it failed (`syntax`, or `range` with the clamped value). */
export type GoAtoiResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly reason: 'syntax' }
  | { readonly ok: false; readonly reason: 'range'; readonly value: bigint };

/** Go's `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits only (no underscores, no prefix). */
export function goAtoi(text: string): GoAtoiResult {
  if (!DECIMAL.test(text)) return { ok: false, reason: 'syntax' };
  const value = BigInt(text);
  if (value < INT64_MIN) return { ok: false, reason: 'range', value: INT64_MIN };
  if (value > INT64_MAX) return { ok: false, reason: 'range', value: INT64_MAX };
  return { ok: true, value };
}

/** Go's `strconv.ParseUint(text, 10, 32)` succeeding: digits only (no sign) and at most 4294967295. */
export function goParseUint32(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  return value <= 0xffffffffn ? Number(value) : undefined;
}

/** Go's `uint32(x)` of an `int`: two's-complement truncation to 32 bits. */
export function toUint32(value: Int64Value): number {
  return typeof value === 'number' ? value >>> 0 : Number(BigInt.asUintN(32, value));
}

/** A numeric field as moby's `parseParts` reads it: `strconv.Atoi` with the error ignored. */
function numericField(text: string): Int64Value {
  const result = goAtoi(text);
  if (result.ok) return normalizeInt(result.value);
  return result.reason === 'range' ? normalizeInt(result.value) : 0;
}

// Go's bytes.TrimSpace: ASCII white space plus Unicode White_Space (U+0085 and U+00A0 included, U+FEFF not).
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

const decoder = new TextDecoder();

/**
 * The lines of a file as bufio.Scanner's `ScanLines` yields them (split on `\n`, one trailing `\r` dropped, a last
 * line without newline kept), trimmed as `bytes.TrimSpace`. A line of `maxLine` bytes or more fails as the scanner
 * does (`bufio.Scanner: token too long`).
 */
function* scanLines(data: Uint8Array, maxLine: number): Generator<string> {
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    const last = end < 0;
    if (last) end = data.length;
    if (end - start >= maxLine) throw new SpecOptError('bufio.Scanner: token too long');
    yield decoder.decode(data.subarray(start, end)).replace(TRIM, '');
    start = end + 1;
  }
}

function field(parts: readonly string[], index: number): string {
  return parts[index] ?? '';
}

/**
 * Parses `/etc/passwd` content (moby/sys/user `ParsePasswdFilter`): fields split on `:`, blank lines skipped (`#`
 * lines are NOT skipped), non-numeric ids read as 0; returns the entries `filter` accepts, in file order.
 */
export function parsePasswd(data: Uint8Array, filter?: (entry: PasswdEntry) => boolean): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  for (const line of scanLines(data, PASSWD_MAX_LINE)) {
    if (line === '') continue;
    const parts = line.split(':');
    const entry: PasswdEntry = {
      name: field(parts, 0),
      pass: field(parts, 1),
      uid: numericField(field(parts, 2)),
      gid: numericField(field(parts, 3)),
      gecos: field(parts, 4),
      home: field(parts, 5),
      shell: field(parts, 6),
    };
    if (filter === undefined || filter(entry)) out.push(entry);
  }
  return out;
}

/**
 * Parses `/etc/group` content (moby/sys/user `ParseGroupFilter`): fields split on `:`, blank and `#` lines skipped,
 * a non-numeric gid read as 0, members split on `,`; returns the entries `filter` accepts, in file order.
 */
export function parseGroup(data: Uint8Array, filter?: (entry: GroupEntry) => boolean): GroupEntry[] {
  const out: GroupEntry[] = [];
  for (const line of scanLines(data, GROUP_MAX_LINE)) {
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(':');
    const members = field(parts, 3);
    const entry: GroupEntry = {
      name: field(parts, 0),
      pass: field(parts, 1),
      gid: numericField(field(parts, 2)),
      list: members === '' ? [] : members.split(','),
    };
    if (filter === undefined || filter(entry)) out.push(entry);
  }
  return out;
}
