import { describe, expect, it } from 'vitest';
import { escapeAndCombineArgs, escapeArg } from '../../src/options/escape-arg.js';

describe('escapeArg (Go windows.EscapeArg)', () => {
  it.each([
    ['empty: two quotes', '', '""'],
    ['plain', 'abc', 'abc'],
    ['plain with dots and slashes', 'C:/x/y.exe', 'C:/x/y.exe'],
    ['space: quoted', 'a b', '"a b"'],
    ['tab: quoted', 'a\tb', '"a\tb"'],
    ['only a space', ' ', '" "'],
    ['quote: escaped, not wrapped', 'a"b', 'a\\"b'],
    ['lone quote', '"', '\\"'],
    ['backslash alone is kept', 'a\\b', 'a\\b'],
    ['trailing backslash without space is kept', 'C:\\dir\\', 'C:\\dir\\'],
    ['two backslashes are kept', '\\\\', '\\\\'],
    ['backslash before quote is doubled', 'a\\"b', 'a\\\\\\"b'],
    ['two backslashes before quote', 'a\\\\"b', 'a\\\\\\\\\\"b'],
    ['backslashes before a later quote only', 'a\\b"c', 'a\\b\\"c'],
    ['space and quote', 'a b"c', '"a b\\"c"'],
    ['trailing backslash with space is doubled', 'C:\\Program Files\\', '"C:\\Program Files\\\\"'],
    ['two trailing backslashes with space', 'a b\\\\', '"a b\\\\\\\\"'],
    ['backslash then quote at the end with space', 'a b\\"', '"a b\\\\\\""'],
    ['quoted path', '"C:\\My Folder\\x.exe"', '"\\"C:\\My Folder\\x.exe\\""'],
    ['non-ASCII kept', 'héllo wörld', '"héllo wörld"'],
    ['newline is not a space', 'a\nb', 'a\nb'],
    [
      "containerd's escaped Cmd",
      'cmd.exe /S /C "C:\\test path\\test.exe"',
      '"cmd.exe /S /C \\"C:\\test path\\test.exe\\""',
    ],
  ])('%s', (_name, input, expected) => {
    expect(escapeArg(input)).toBe(expected);
  });
});

describe('escapeAndCombineArgs', () => {
  it('escapes each argument and joins with one space', () => {
    expect(escapeAndCombineArgs(['additional', 'args with spaces', '', 'q"'])).toBe(
      'additional "args with spaces" "" q\\"',
    );
    expect(escapeAndCombineArgs([])).toBe('');
  });
});
