/** passwd/group parsing as moby/sys/user, and Go's integer rules. */
import { describe, expect, it } from 'vitest';
import { goAtoi, goParseUint32, parseGroup, parsePasswd, toUint32 } from '../src/internal.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parsePasswd', () => {
  it('splits on :, skips blank lines only, non-numeric ids are 0, missing fields empty', () => {
    const users = parsePasswd(
      bytes('root:x:0:0:root:/root:/bin/sh\n\n   \n# c:x:5:6\nshort:x:abc\r\n  pad:x:7:8  \nlast:x:9:9'),
    );
    expect(users.map((u) => [u.name, u.uid, u.gid, u.shell])).toEqual([
      ['root', 0, 0, '/bin/sh'],
      ['# c', 5, 6, ''],
      ['short', 0, 0, ''],
      ['pad', 7, 8, ''],
      ['last', 9, 9, ''],
    ]);
  });

  it('first match wins with a filter; out-of-range ids clamp like strconv.Atoi', () => {
    const data = bytes('a:x:1:1\na:x:2:2\nbig:x:99999999999999999999:-99999999999999999999\n');
    expect(parsePasswd(data, (u) => u.name === 'a')[0]?.uid).toBe(1);
    const big = parsePasswd(data, (u) => u.name === 'big')[0]!;
    expect(big.uid).toBe(2n ** 63n - 1n);
    expect(big.gid).toBe(-(2n ** 63n));
    expect(toUint32(big.uid)).toBe(4294967295);
    expect(toUint32(big.gid)).toBe(0);
    expect(toUint32(-1)).toBe(4294967295);
  });

  it('a line of 64 KiB or more fails like bufio.Scanner', () => {
    expect(parsePasswd(bytes(`${'a'.repeat(65535)}\n`))).toHaveLength(1);
    expect(() => parsePasswd(bytes(`x:x:1:1\n${'a'.repeat(65536)}`))).toThrow(
      'bufio.Scanner: token too long',
    );
  });
});

describe('parseGroup', () => {
  it('skips blank and # lines, splits members on commas', () => {
    const groups = parseGroup(
      bytes('# comment\n\nroot:x:0:root\nbin:x:1:root,bin,daemon\nempty:x:2:\nnone:x:3\n  #indented\n'),
    );
    expect(groups.map((g) => [g.name, g.gid, g.list])).toEqual([
      ['root', 0, ['root']],
      ['bin', 1, ['root', 'bin', 'daemon']],
      ['empty', 2, []],
      ['none', 3, []],
    ]);
  });

  it('allows lines up to 1 MiB', () => {
    const members = 'm,'.repeat(300_000);
    expect(parseGroup(bytes(`g:x:1:${members}\n`))[0]?.list.length).toBe(300_001);
    expect(() => parseGroup(bytes(`g:x:1:${'m'.repeat(1024 * 1024)}\n`))).toThrow('token too long');
  });
});

describe('Go integer parsing', () => {
  it('goAtoi', () => {
    expect(goAtoi('+405')).toEqual({ ok: true, value: 405n });
    expect(goAtoi('-0')).toEqual({ ok: true, value: 0n });
    expect(goAtoi('00405')).toEqual({ ok: true, value: 405n });
    for (const bad of ['', '+', '0x10', '1_000', ' 1', '1.0'])
      expect(goAtoi(bad)).toEqual({ ok: false, reason: 'syntax' });
    expect(goAtoi('9223372036854775808')).toMatchObject({ ok: false, reason: 'range' });
  });

  it('goParseUint32', () => {
    expect(goParseUint32('999')).toBe(999);
    expect(goParseUint32('4294967295')).toBe(4294967295);
    for (const bad of ['4294967296', '+5', '-1', '', 'abc']) expect(goParseUint32(bad)).toBeUndefined();
  });
});
