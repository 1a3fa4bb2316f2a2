import type { Frozen, LinuxSeccomp, Spec } from '@ocispec/core';
import { createContext, printSpec } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import {
  hostKernelVersion,
  KERNEL_RELEASE_PATH,
  withDefaultSeccompProfile,
  withSeccompProfile,
} from '../src/seccomp.js';
import {
  capabilitySyscalls,
  defaultAllowedSyscalls,
  defaultSeccompProfile,
  parseKernelRelease,
} from '../src/seccomp-default-profile.js';
import { apply, type FakeNode, failure, fakeContext } from './fixtures/fake-host.js';

const kernel = (release: string): Record<string, FakeNode> => ({
  [KERNEL_RELEASE_PATH]: { kind: 'file', data: `${release}\n` },
});
const withCaps = (bounding: string[]): Spec => ({ process: { capabilities: { bounding } }, linux: {} });

function profile(spec: Spec, platform = 'linux/amd64', release = '6.8.0-45-generic'): Frozen<LinuxSeccomp> {
  const out = apply(spec, [withDefaultSeccompProfile()], fakeContext(kernel(release), { platform }));
  return out.linux!.seccomp!;
}

const allowed = (p: Frozen<LinuxSeccomp>): string[] =>
  (p.syscalls ?? [])
    .filter((s) => s.action === 'SCMP_ACT_ALLOW' && (s.args ?? []).length === 0)
    .flatMap((s) => s.names ?? []);

describe('default profile shape', () => {
  it('amd64: x86 architectures, arch_prctl and modify_ldt', () => {
    const p = profile(withCaps([]));
    expect(p.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(p.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(allowed(p)).toEqual(expect.arrayContaining(['arch_prctl', 'modify_ldt']));
    expect(allowed(p)).not.toContain('set_tls');
  });
  it('arm64: ARM architectures and the arm syscalls', () => {
    const p = profile(withCaps([]), 'linux/arm64');
    expect(p.architectures).toEqual(['SCMP_ARCH_ARM', 'SCMP_ARCH_AARCH64']);
    expect(allowed(p)).toEqual(expect.arrayContaining(['arm_fadvise64_64', 'set_tls', 'cacheflush']));
    expect(allowed(p)).not.toContain('arch_prctl');
  });
  it.each([
    ['linux/s390x', ['SCMP_ARCH_S390', 'SCMP_ARCH_S390X']],
    ['linux/riscv64', ['SCMP_ARCH_RISCV64']],
    ['linux/loong64', ['SCMP_ARCH_LOONGARCH64']],
    ['linux/ppc64le', []],
    ['linux/386', []],
  ])('%s architectures', (platform, arches) => {
    expect(profile(withCaps([]), platform).architectures).toEqual(arches);
  });
  it("the unconditional allow list is containerd HEAD's 363 names, then socket and personality rules", () => {
    const p = profile(withCaps([]));
    expect(defaultAllowedSyscalls).toHaveLength(363);
    expect(new Set(defaultAllowedSyscalls).size).toBe(363);
    expect(p.syscalls?.[0]).toEqual({ names: [...defaultAllowedSyscalls], action: 'SCMP_ACT_ALLOW' });
    expect(p.syscalls?.slice(1, 4)).toEqual([
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 38, op: 'SCMP_CMP_LT' }] },
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 39, op: 'SCMP_CMP_EQ' }] },
      { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 40, op: 'SCMP_CMP_GT' }] },
    ]);
    expect(p.syscalls?.slice(4, 9).map((s) => s.args?.[0]?.value)).toEqual([
      0, 8, 0x20000, 0x20008, 0xffffffff,
    ]);
  });
  it('TestIOUringIsNotAllowed', () => {
    const names = allowed(profile(withCaps([])));
    for (const n of ['io_uring_enter', 'io_uring_register', 'io_uring_setup']) expect(names).not.toContain(n);
  });
  it('without CAP_SYS_ADMIN: a namespace-less clone and clone3 → ENOSYS, last', () => {
    const p = profile(withCaps(['CAP_CHOWN']));
    expect(p.syscalls?.slice(-2)).toEqual([
      {
        names: ['clone'],
        action: 'SCMP_ACT_ALLOW',
        args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }],
      },
      { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
    ]);
  });
  it('s390x: the clone flags are argument 1; mips: ENOSYS is 89', () => {
    expect(profile(withCaps([]), 'linux/s390x').syscalls?.at(-2)?.args?.[0]?.index).toBe(1);
    expect(profile(withCaps([]), 'linux/mips64le').syscalls?.at(-1)?.errnoRet).toBe(89);
  });
  it('CAP_SYS_ADMIN adds its syscalls and drops the clone restrictions', () => {
    const p = profile(withCaps(['CAP_SYS_ADMIN']));
    expect(allowed(p)).toEqual(
      expect.arrayContaining(['mount', 'umount2', 'unshare', 'setns', 'clone', 'clone3']),
    );
    expect(p.syscalls?.some((s) => s.action === 'SCMP_ACT_ERRNO')).toBe(false);
    expect(p.syscalls?.at(-1)).toEqual({
      names: [...capabilitySyscalls.CAP_SYS_ADMIN!],
      action: 'SCMP_ACT_ALLOW',
    });
  });
  it('capabilities add rules in bounding order, one per occurrence; other caps add nothing', () => {
    const p = profile(withCaps(['CAP_SYS_TIME', 'CAP_CHOWN', 'CAP_SYS_PTRACE', 'CAP_SYS_TIME']));
    const names = (p.syscalls ?? []).map((s) => s.names?.[0]);
    const at = names.indexOf('settimeofday');
    expect(names.slice(at, at + 3)).toEqual(['settimeofday', 'kcmp', 'settimeofday']);
  });
  it('uses the bounding set only', () => {
    const spec: Spec = { process: { capabilities: { effective: ['CAP_SYS_BOOT'] } }, linux: {} };
    expect(allowed(profile(spec))).not.toContain('reboot');
    expect(allowed(profile(withCaps(['CAP_SYS_BOOT'])))).toContain('reboot');
  });
});

describe('kernel version', () => {
  const ptrace = (p: Frozen<LinuxSeccomp>) =>
    (p.syscalls ?? []).some((s) => s.names?.join() === 'process_vm_readv,process_vm_writev,ptrace');
  it.each([
    ['4.8.0', true],
    ['4.7.10', false],
    ['3.12-1-amd64', false],
    ['5.0', true],
    ['6.8.0-45-generic', true],
  ])('release %s → ptrace rule %s', (release, expected) => {
    expect(ptrace(profile(withCaps([]), 'linux/amd64', release))).toBe(expected);
  });
  it('an unreadable kernel release leaves the rule out (containerd on a failed query)', () => {
    const out = apply(withCaps([]), [withDefaultSeccompProfile()], fakeContext({}));
    expect(ptrace(out.linux!.seccomp!)).toBe(false);
  });
  it('parseKernelRelease', () => {
    expect(parseKernelRelease('6.8.0-45-generic')).toEqual({ kernel: 6, major: 8 });
    expect(parseKernelRelease('3.12-1-amd64')).toEqual({ kernel: 3, major: 12 });
    expect(parseKernelRelease('garbage')).toBeUndefined();
    expect(parseKernelRelease('6')).toBeUndefined();
  });
  it('hostKernelVersion reads the real host on Linux', () => {
    if (process.platform === 'linux') expect(hostKernelVersion(createContext())).toBeDefined();
  });
});

describe('withDefaultSeccompProfile on sparse specs and other targets', () => {
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it(`sparse ${name}: the profile, or MISSING_SECTION where HEAD panics (capabilities first, then linux)`, () => {
      const missing =
        base.process == null
          ? '/process'
          : base.process.capabilities == null
            ? '/process/capabilities'
            : base.linux == null
              ? '/linux'
              : undefined;
      if (missing === undefined) {
        expect(profile(base).defaultAction).toBe('SCMP_ACT_ERRNO');
        return;
      }
      const error = failure(base, [withDefaultSeccompProfile()], fakeContext(kernel('6.8.0')));
      expect(error).toMatchObject({
        code: 'MISSING_SECTION',
        option: 'withDefaultSeccompProfile',
        pointer: missing,
      });
    });
  }
  it('a non-linux target needs only linux (its build reads no capabilities)', () => {
    expect(profile({ linux: {} }, 'darwin/arm64')).toEqual({});
    const error = failure(
      { process: {} },
      [withDefaultSeccompProfile()],
      fakeContext({}, { platform: 'darwin/arm64' }),
    );
    expect(error).toMatchObject({ code: 'MISSING_SECTION', pointer: '/linux' });
  });
  it.each(['windows/amd64', 'darwin/arm64'])(
    '%s target: an empty profile ({}), as the !linux build',
    (platform) => {
      expect(profile(withCaps(['CAP_SYS_ADMIN']), platform)).toEqual({});
    },
  );
  it('prints as containerd: empty args and a zero valueTwo omitted, errnoRet printed', () => {
    const text = printSpec({ linux: { seccomp: profile(withCaps([])) } });
    expect(text).toContain(
      '{"names":["clone"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":2114060288,"op":"SCMP_CMP_MASKED_EQ"}]}',
    );
    expect(text).toContain('{"names":["clone3"],"action":"SCMP_ACT_ERRNO","errnoRet":38}');
    expect(text).toContain('{"names":["arch_prctl","modify_ldt"],"action":"SCMP_ACT_ALLOW"}');
  });
  it('a fresh profile each time', () => {
    const spec = withCaps([]);
    const a = defaultSeccompProfile(spec, { architecture: 'amd64', kernel: undefined });
    const b = defaultSeccompProfile(spec, { architecture: 'amd64', kernel: undefined });
    expect(a).toEqual(b);
    expect(a.syscalls?.[0]?.names).not.toBe(b.syscalls?.[0]?.names);
  });
});

describe('withSeccompProfile', () => {
  const file = (data: string): Record<string, FakeNode> => ({ '/etc/seccomp.json': { kind: 'file', data } });
  it('reads the profile losslessly, keeping unknown fields with a warning', () => {
    const warnings: string[] = [];
    const text =
      '{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,"syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":18446744073709551615,"op":"SCMP_CMP_EQ"}]}],"x-extra":{"a":1}}';
    const ctx = fakeContext(file(text), { warn: (m) => warnings.push(m) });
    const out = apply({ linux: {} }, [withSeccompProfile('/etc/seccomp.json')], ctx);
    const seccomp = out.linux?.seccomp as LinuxSeccomp & { 'x-extra'?: unknown };
    expect(seccomp.syscalls?.[0]?.args?.[0]?.value).toBe(18446744073709551615n);
    expect(seccomp['x-extra']).toEqual({ a: 1 });
    expect(warnings).toEqual([
      'seccomp profile "/etc/seccomp.json": unknown field /x-extra, kept as is (containerd would drop it)',
    ]);
  });
  it('replaces an existing profile', () => {
    const out = apply(
      { linux: { seccomp: { defaultAction: 'SCMP_ACT_KILL', flags: ['x'] } } },
      [withSeccompProfile('/etc/seccomp.json')],
      fakeContext(file('{"defaultAction":"SCMP_ACT_LOG"}')),
    );
    expect(out.linux?.seccomp).toEqual({ defaultAction: 'SCMP_ACT_LOG' });
  });
  it('null gives an empty profile', () => {
    expect(
      apply({ linux: {} }, [withSeccompProfile('/etc/seccomp.json')], fakeContext(file('null'))).linux,
    ).toEqual({
      seccomp: {},
    });
  });
  it('a missing file: cannot load seccomp profile', () => {
    const error = failure({ linux: {} }, [withSeccompProfile('/nope.json')], fakeContext({}));
    expect(error.message).toBe(
      'cannot load seccomp profile "/nope.json": open /nope.json: no such file or directory',
    );
  });
  it('bad JSON: decoding seccomp profile failed', () => {
    const error = failure(
      { linux: {} },
      [withSeccompProfile('/etc/seccomp.json')],
      fakeContext(file('{"defaultAction":')),
    );
    expect(error.message).toMatch(
      /^decoding seccomp profile failed "\/etc\/seccomp\.json": invalid JSON at line 1/,
    );
  });
  it("a non-object is Go's unmarshal type error", () => {
    const error = failure({ linux: {} }, [withSeccompProfile('/etc/seccomp.json')], fakeContext(file('[1]')));
    expect(error.message).toBe(
      'decoding seccomp profile failed "/etc/seccomp.json": json: cannot unmarshal array into Go value of type specs.LinuxSeccomp',
    );
  });
  it('a field of the wrong type names its pointer', () => {
    const error = failure(
      { linux: {} },
      [withSeccompProfile('/etc/seccomp.json')],
      fakeContext(file('{"syscalls":[{"names":"read"}]}')),
    );
    expect(error.message).toMatch(
      /^decoding seccomp profile failed "\/etc\/seccomp\.json": \/syscalls\/0\/names: /,
    );
  });
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it(`sparse ${name}: the profile, or MISSING_SECTION without linux (HEAD panics), before the file is read`, () => {
      const ctx = fakeContext(file('{"defaultAction":"SCMP_ACT_ALLOW"}'));
      if (base.linux == null) {
        expect(failure(base, [withSeccompProfile('/nope.json')], ctx)).toMatchObject({
          code: 'MISSING_SECTION',
          option: 'withSeccompProfile',
          pointer: '/linux',
        });
        return;
      }
      const out = apply(base, [withSeccompProfile('/etc/seccomp.json')], ctx);
      expect(out.linux?.seccomp).toEqual({ defaultAction: 'SCMP_ACT_ALLOW' });
    });
  }
});
