import { describe, expect, it } from 'vitest';
import { formatPlatform, normalizeArch, parsePlatform } from '../../src/platform.js';

const host = { os: 'linux', architecture: 'amd64' };

describe('parsePlatform (containerd platforms.Parse)', () => {
  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/x86_64', { os: 'linux', architecture: 'amd64' }],
    ['Linux/AARCH64', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64', variant: 'v8' }],
    ['linux/arm', { os: 'linux', architecture: 'arm' }],
    ['linux/arm/7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/armel', { os: 'linux', architecture: 'arm', variant: 'v6' }],
    ['linux/i386', { os: 'linux', architecture: '386' }],
    ['macos/arm64', { os: 'darwin', architecture: 'arm64' }],
    ['windows/amd64', { os: 'windows', architecture: 'amd64' }],
    ['windows(10.0.17763)/amd64', { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763' }],
    [
      'windows(10.0.17763+win32k)/amd64',
      { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763', osFeatures: ['win32k'] },
    ],
    ['plan9/amd64', { os: 'plan9', architecture: 'amd64' }],
    ['whatever/riscv64', { os: 'whatever', architecture: 'riscv64' }],
    ['linux', { os: 'linux', architecture: 'amd64' }],
    ['windows', { os: 'windows', architecture: 'amd64' }],
    ['arm64', { os: 'linux', architecture: 'arm64' }],
    ['aarch64', { os: 'linux', architecture: 'arm64' }],
  ])('%s', (specifier, expected) => {
    expect(parsePlatform(specifier, host)).toEqual(expected);
  });

  it('completes a one-component specifier from the given defaults, not the running machine', () => {
    expect(parsePlatform('linux', { os: 'darwin', architecture: 's390x' })).toEqual({
      os: 'linux',
      architecture: 's390x',
    });
    expect(parsePlatform('ppc64le', { os: 'freebsd', architecture: 'amd64' })).toEqual({
      os: 'freebsd',
      architecture: 'ppc64le',
    });
  });

  it.each([
    ['', '"" is an invalid OS component of "": OSAndVersion specifier component must match'],
    ['linux/*', '"linux/*": wildcards not yet supported: invalid argument'],
    ['bogus!', '"bogus!" is an invalid OS component of "bogus!"'],
    [
      'linux/am d64',
      '"am d64" is an invalid component of "linux/am d64": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument',
    ],
    ['linux/amd64/v1/x', '"linux/amd64/v1/x": cannot parse platform specifier: invalid argument'],
    ['linux/amd64/v1/x/y', '"x/y" is an invalid component of "linux/amd64/v1/x/y"'],
    ['nonsense', '"nonsense": unknown operating system or architecture: invalid argument'],
  ])('rejects %j', (specifier, message) => {
    expect(() => parsePlatform(specifier, host)).toThrow(message);
  });

  it('errors carry the BAD_PLATFORM code', () => {
    expect(() => parsePlatform('', host)).toThrowError(expect.objectContaining({ code: 'BAD_PLATFORM' }));
  });

  it('normalizes architectures as containerd does', () => {
    expect(normalizeArch('x86-64', 'v1')).toEqual(['amd64', '']);
    expect(normalizeArch('armhf', '')).toEqual(['arm', 'v7']);
    expect(normalizeArch('arm', '5')).toEqual(['arm', 'v5']);
  });

  it('formats os/arch[/variant]', () => {
    expect(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' })).toBe('linux/arm/v7');
    expect(formatPlatform({ os: 'windows', architecture: 'amd64' })).toBe('windows/amd64');
  });
});
