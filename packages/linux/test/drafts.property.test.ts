/**
 * Property: linux options give through a copy-on-write draft exactly what they give on a plain, mutable copy of the
 * same spec (the reference: no draft, no sharing), and never change the frozen base. Covers the options that write
 * through writable paths (sections, lists rebuilt from their current value, shared frozen lists).
 */

import type { FrozenSpec, LinuxDevice, LinuxIDMapping, Spec, SpecDraft, SpecOpt } from '@ocispec/core';
import { applyOptsSync, createContext, freezeSpec, printSpec } from '@ocispec/core';
import { runOpts } from '@ocispec/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultUnixSpec,
  withAddedCapabilities,
  withAmbientCapabilities,
  withCapabilities,
  withCgroup,
  withCPUCFS,
  withCPUShares,
  withDefaultUnixDevices,
  withDevShmSize,
  withDroppedCapabilities,
  withHostNamespace,
  withLinuxDevices,
  withLinuxNamespace,
  withMaskedPaths,
  withMemorySwap,
  withoutRunMount,
  withPidsLimit,
  withReadonlyPaths,
  withUserNamespace,
  withWriteableCgroupfs,
  withWriteableSysfs,
} from '../src/index.js';

const cap = fc.constantFrom('CAP_CHOWN', 'CAP_KILL', 'CAP_NET_RAW', 'CAP_SYS_ADMIN', 'ALL', 'CAP_BOGUS');
const caps = fc.oneof(fc.constant(null), fc.array(cap, { maxLength: 4 }));
const nsType = fc.constantFrom('pid', 'network', 'ipc', 'uts', 'mount', 'user', 'cgroup');
const idMap: fc.Arbitrary<LinuxIDMapping> = fc.record({
  containerID: fc.nat(1000),
  hostID: fc.nat(100000),
  size: fc.nat(65536),
});
const device: fc.Arbitrary<LinuxDevice> = fc.record(
  {
    path: fc.constantFrom('/dev/fuse', '/dev/x'),
    type: fc.constantFrom('c', 'b'),
    major: fc.nat(255),
    minor: fc.nat(255),
  },
  { requiredKeys: ['path', 'type'] },
);
const paths = fc.oneof(
  fc.constant(null),
  fc.array(fc.constantFrom('/proc/kcore', '/proc/acpi', '/sys/x'), { maxLength: 3 }),
);
const int = fc.oneof(fc.integer({ min: -5, max: 1_000_000 }), fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }));
/** Go uint64 arguments: what the typed factories accept (a negative value is refused there, as in a file). */
const uint = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));

const option: fc.Arbitrary<SpecOpt> = fc.oneof(
  caps.map(withCapabilities),
  caps.map(withAddedCapabilities),
  caps.map(withDroppedCapabilities),
  caps.map(withAmbientCapabilities),
  nsType.map(withHostNamespace),
  fc.record({ type: nsType, path: fc.constantFrom('', '/proc/1/ns/net') }).map(withLinuxNamespace),
  fc
    .tuple(
      fc.oneof(fc.constant(null), fc.array(idMap, { maxLength: 2 })),
      fc.oneof(fc.constant(null), fc.array(idMap, { maxLength: 2 })),
    )
    .map(([u, g]) => withUserNamespace(u, g)),
  fc.oneof(fc.constant(null), fc.array(device, { maxLength: 2 })).map(withLinuxDevices),
  fc.constant(withDefaultUnixDevices()),
  int.map(withDevShmSize),
  fc.constant(withoutRunMount()),
  fc.constant(withWriteableSysfs()),
  fc.constant(withWriteableCgroupfs()),
  int.map(withMemorySwap),
  uint.map(withCPUShares),
  fc.tuple(int, uint).map(([q, p]) => withCPUCFS(q, p)),
  int.map(withPidsLimit),
  fc.constantFrom('/a/b', '', 'rel').map(withCgroup),
  paths.map(withMaskedPaths),
  paths.map(withReadonlyPaths),
);

/** Bases: the unix default (frozen template subtrees), sparse specs, and specs whose sections are null or empty. */
const base: fc.Arbitrary<Spec | FrozenSpec> = fc.oneof(
  fc.constant(defaultUnixSpec('default', 'c1')),
  fc
    .record(
      {
        ociVersion: fc.constant('1.3.0'),
        process: fc.oneof(
          fc.constant(null),
          fc.constant({}),
          fc.record({
            capabilities: fc.record(
              { bounding: fc.array(cap), inheritable: fc.array(cap) },
              { requiredKeys: [] },
            ),
          }),
        ),
        mounts: fc.oneof(
          fc.constant(null),
          fc.constant([
            { destination: '/run', type: 'tmpfs', source: 'tmpfs' },
            { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['size=1k', 'ro'] },
            { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['ro'] },
          ]),
        ),
        linux: fc.oneof(
          fc.constant(null),
          fc.constant({}),
          fc.constant({ namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'pid' }], resources: {} }),
        ),
      },
      { requiredKeys: ['ociVersion'] },
    )
    .map((spec): Spec => spec as Spec),
);

function outcome(run: () => Spec | FrozenSpec): string {
  try {
    return printSpec(run());
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('linux options: drafts against plain objects (property)', () => {
  it('give through a draft what they give on a plain mutable copy, leaving the frozen base as it was', () => {
    fc.assert(
      fc.property(base, fc.array(option, { maxLength: 10 }), (spec, opts) => {
        const ctx = createContext({ platform: 'linux/amd64' });
        const frozen = freezeSpec(structuredClone(spec));
        const before = printSpec(frozen);
        const drafted = outcome(() => applyOptsSync(frozen, opts, ctx));
        const plain = outcome(() => {
          const copy = structuredClone(spec) as SpecDraft<Spec>;
          runOpts(copy, opts, ctx);
          return copy as Spec;
        });
        expect(drafted).toBe(plain);
        expect(printSpec(frozen)).toBe(before);
      }),
      { numRuns: 1500 },
    );
  });
});
