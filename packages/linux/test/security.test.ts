import type { Spec } from '@ocispec/core';
import { createContext } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { knownCapabilities } from '../src/default-spec.js';
import {
  withApparmorProfile,
  withMaskedPaths,
  withPrivileged,
  withReadonlyPaths,
  withSeccompUnconfined,
  withSelinuxLabel,
} from '../src/security.js';
import { apply, fakeContext, procStatus } from './fixtures/fake-host.js';

const rootStatus = { '/proc/self/status': { kind: 'file' as const, data: procStatus('000001ffffffffff') } };

describe('paths and labels', () => {
  it('withMaskedPaths / withReadonlyPaths replace; null removes; linux created', () => {
    const out = apply({}, [withMaskedPaths(['/a']), withReadonlyPaths(['/b'])]);
    expect(out.linux).toEqual({ maskedPaths: ['/a'], readonlyPaths: ['/b'] });
    expect(apply(out, [withMaskedPaths(null), withReadonlyPaths(null)]).linux).toEqual({});
  });
  it('withSelinuxLabel / withApparmorProfile set process fields, creating process', () => {
    expect(
      apply({}, [withSelinuxLabel('system_u:r'), withApparmorProfile('docker-default')]).process,
    ).toEqual({
      selinuxLabel: 'system_u:r',
      apparmorProfile: 'docker-default',
    });
  });
  it('withSeccompUnconfined removes linux.seccomp, creating linux', () => {
    expect(
      apply({ linux: { seccomp: { defaultAction: 'SCMP_ACT_ERRNO' } } }, [withSeccompUnconfined()]),
    ).toEqual({
      linux: {},
    });
    expect(apply({}, [withSeccompUnconfined()])).toEqual({ linux: {} });
  });
});

describe('withPrivileged (TestWithPrivileged, §5.2 item 16)', () => {
  const base = (): Spec => ({
    process: {
      noNewPrivileges: true,
      capabilities: { bounding: ['CAP_CHOWN'], effective: ['CAP_CHOWN'], permitted: ['CAP_CHOWN'] },
      apparmorProfile: 'p',
      selinuxLabel: 'l',
    },
    mounts: [
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid'] },
    ],
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: [{ type: 'pid' }],
      maskedPaths: ['/proc/kcore'],
      readonlyPaths: ['/proc/sys'],
      seccomp: { defaultAction: 'SCMP_ACT_ERRNO' },
    },
  });

  it('root: all 41 caps in kernel order, writeable sysfs/cgroup, no paths, labels or seccomp', () => {
    const out = apply(base(), [withPrivileged()], fakeContext(rootStatus));
    expect(out.process?.capabilities?.bounding).toEqual([...knownCapabilities]);
    expect(out.process?.capabilities?.effective).toEqual([...knownCapabilities]);
    expect(out.mounts?.map((m) => m.options)).toEqual([
      ['nosuid', 'noexec', 'nodev', 'rw'],
      ['rw', 'nosuid'],
    ]);
    expect(out.linux).toEqual({
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      namespaces: [{ type: 'pid' }],
    });
    expect(out.process?.noNewPrivileges).toBe(true);
    expect(out.process?.selinuxLabel ?? '').toBe('');
    expect(out.process?.apparmorProfile ?? '').toBe('');
  });
  it('a non-root caller gets its own CapEff', () => {
    const ctx = fakeContext({ '/proc/self/status': { kind: 'file', data: procStatus('0000000000000001') } });
    expect(apply(base(), [withPrivileged()], ctx).process?.capabilities?.bounding).toEqual(['CAP_CHOWN']);
  });
  it('a non-linux target clears the caps', () => {
    const out = apply(base(), [withPrivileged()], createContext({ platform: 'darwin/arm64' }));
    expect(out.process?.capabilities).toEqual({});
  });
  for (const [name, sparse] of Object.entries(sparseSpecs())) {
    it(`sparse ${name}: no TypeError, process and linux created`, () => {
      const out = apply(sparse, [withPrivileged()], fakeContext(rootStatus));
      expect(out.process?.capabilities?.bounding).toHaveLength(41);
      expect(out.linux).toBeTypeOf('object');
      expect(out.linux?.maskedPaths).toBeUndefined();
    });
  }
});
