import { describe, expect, it } from 'vitest';
import {
  int32,
  int64,
  LinuxCPUSchema,
  POSIXRlimitSchema,
  SpecSchema,
  uint8,
  uint16,
  uint32,
  uint64,
} from '../../src/model/index.js';

function messages(result: { error?: { issues: { message: string }[] } | undefined }): string[] {
  return result.error?.issues.map((issue) => issue.message) ?? [];
}

describe('64-bit integers', () => {
  it('accept the full uint64 range as bigint', () => {
    expect(uint64.safeParse(18446744073709551615n).success).toBe(true);
    expect(uint64.safeParse(0n).success).toBe(true);
    expect(uint64.safeParse(0).success).toBe(true);
    expect(uint64.safeParse(Number.MAX_SAFE_INTEGER).success).toBe(true);
  });

  it('reject values past uint64', () => {
    expect(messages(uint64.safeParse(18446744073709551616n))).toEqual([
      'expected uint64 (0..18446744073709551615), got 18446744073709551616',
    ]);
    expect(uint64.safeParse(-1n).success).toBe(false);
    expect(uint64.safeParse(-1).success).toBe(false);
  });

  it('accept the full int64 range', () => {
    expect(int64.safeParse(-9223372036854775808n).success).toBe(true);
    expect(int64.safeParse(9223372036854775807n).success).toBe(true);
    expect(int64.safeParse(-1).success).toBe(true);
    expect(int64.safeParse(-9223372036854775809n).success).toBe(false);
    expect(int64.safeParse(9223372036854775808n).success).toBe(false);
  });

  it('reject unsafe JS numbers, telling to use a bigint', () => {
    const [message] = messages(uint64.safeParse(2 ** 60));
    expect(message).toContain('expected uint64 (0..18446744073709551615)');
    expect(message).toContain('use a bigint');
    expect(messages(int64.safeParse(-(2 ** 60)))[0]).toContain('use a bigint');
  });

  it('reject fractions, NaN and non-numbers', () => {
    expect(int64.safeParse(1.5).success).toBe(false);
    expect(int64.safeParse(Number.NaN).success).toBe(false);
    expect(int64.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(messages(uint64.safeParse('1'))).toEqual(['expected uint64 (0..18446744073709551615)']);
  });

  it('apply to the spec fields that are 64-bit in Go', () => {
    const max = 18446744073709551615n;
    expect(POSIXRlimitSchema.safeParse({ type: 'RLIMIT_NOFILE', hard: max, soft: max }).success).toBe(true);
    expect(POSIXRlimitSchema.safeParse({ type: 'RLIMIT_NOFILE', hard: max + 1n, soft: 1 }).success).toBe(
      false,
    );
    expect(LinuxCPUSchema.safeParse({ quota: -9223372036854775808n, period: max, shares: max }).success).toBe(
      true,
    );
    expect(LinuxCPUSchema.safeParse({ quota: max }).success).toBe(false);
    const spec = {
      process: { oomScoreAdj: -9223372036854775808n, consoleSize: { height: max, width: 0 } },
      linux: {
        resources: {
          memory: { limit: 9223372036854775807n, swap: -1, swappiness: max },
          pids: { limit: -9223372036854775808n },
          hugepageLimits: [{ pageSize: '1GB', limit: max }],
          blockIO: { throttleReadBpsDevice: [{ major: 8n, minor: 0, rate: max }] },
        },
        seccomp: {
          defaultAction: 'SCMP_ACT_ALLOW',
          syscalls: [{ names: ['x'], action: 'a', args: [{ index: 0, value: max, op: 'SCMP_CMP_EQ' }] }],
        },
        timeOffsets: { boottime: { secs: -9223372036854775808n } },
      },
      windows: { layerFolders: null, resources: { memory: { limit: max }, storage: { sandboxSize: max } } },
      vm: { kernel: { path: '/k' }, hwconfig: { memory: max, iomems: [{ firstMFN: max, nrMFNs: max }] } },
    };
    expect(SpecSchema.safeParse(spec).error?.issues ?? []).toEqual([]);
    const tooBig = { linux: { resources: { memory: { limit: 9223372036854775808n } } } };
    expect(SpecSchema.safeParse(tooBig).error?.issues.map((issue) => issue.path)).toEqual([
      ['linux', 'resources', 'memory', 'limit'],
    ]);
  });
});

describe('narrow integers', () => {
  it.each([
    [uint32, 'uint32', 0, 4294967295],
    [int32, 'int32', -2147483648, 2147483647],
    [uint16, 'uint16', 0, 65535],
    [uint8, 'uint8', 0, 255],
  ] as const)('%#: %s range', (schema, name, min, max) => {
    expect(schema.safeParse(min).success).toBe(true);
    expect(schema.safeParse(max).success).toBe(true);
    expect(messages(schema.safeParse(max + 1))).toEqual([
      `expected ${name} (${min}..${max}), got ${max + 1}`,
    ]);
    expect(messages(schema.safeParse(min - 1))).toEqual([
      `expected ${name} (${min}..${max}), got ${min - 1}`,
    ]);
    expect(schema.safeParse(1.5).success).toBe(false);
    expect(schema.safeParse(1n).success).toBe(false);
    expect(messages(schema.safeParse('1'))).toEqual([`expected ${name} (${min}..${max})`]);
  });

  it('apply to uid/gid, id mappings and blkio weights', () => {
    expect(SpecSchema.safeParse({ process: { user: { uid: 4294967296, gid: 0 } } }).success).toBe(false);
    expect(
      SpecSchema.safeParse({ linux: { uidMappings: [{ containerID: 0, hostID: -1, size: 1 }] } }).success,
    ).toBe(false);
    expect(SpecSchema.safeParse({ linux: { resources: { blockIO: { weight: 65536 } } } }).success).toBe(
      false,
    );
  });
});
