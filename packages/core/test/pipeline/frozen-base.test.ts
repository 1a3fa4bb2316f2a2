import { describe, expect, it } from 'vitest';
import type { OptCall } from '../../src/index.js';
import { corePlugin, isOcispecError, Pipeline, parseSpec } from '../../src/index.js';

/** A realistic base with 64-bit values and an unknown field, parsed losslessly as a base file would be. */
const BASE_TEXT = `{
  "ociVersion": "1.0.2",
  "process": {
    "user": {"uid": 0, "gid": 0, "additionalGids": [9999]},
    "env": ["PATH=/bin", "A=1"],
    "cwd": "/",
    "capabilities": {"permitted": ["CAP_SETUID"]},
    "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 18446744073709551615, "soft": 18446744073709551615}]
  },
  "root": {"path": "rootfs"},
  "hostname": "old",
  "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
  "linux": {"resources": {"memory": {"limit": 9223372036854775807}}, "x-vendor": {"keep": true}}
}`;

function deepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(deepFrozen);
}

describe('a base spec is shared, never mutated', () => {
  it('stays deep-frozen and unchanged after 10,000 compositions, failing ones included', {
    timeout: 60_000,
  }, async () => {
    const { spec: base } = parseSpec(BASE_TEXT);
    const pipeline = new Pipeline({ plugins: [corePlugin()] });
    const snapshot = structuredClone(base);
    const good: OptCall[] = [
      ['withHostname', 'new'],
      ['withEnv', ['A=2', 'B=3']],
      ['withMounts', [{ destination: '/data', type: 'bind', source: '/srv', options: ['rbind'] }]],
      ['withRlimit', { type: 'RLIMIT_NOFILE', hard: 4096, soft: 4096 }],
      ['withMemoryLimit', 1024],
      ['withUIDGID', 1000, 1000],
    ];
    const failing: OptCall[] = [
      ['withHostname', 'half-built'],
      ['withEnvFile', '/definitely/missing/env-file'],
    ];
    let failures = 0;
    for (let i = 0; i < 10_000; i++) {
      if (i % 10 === 9) {
        const error = await pipeline.compose({ base, opts: failing }).catch((e: unknown) => e);
        expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
        failures++;
      } else {
        const { spec } = await pipeline.compose({ base, opts: good });
        if (i === 0) {
          expect(spec.hostname).toBe('new');
          expect(spec.process?.env).toEqual(['PATH=/bin', 'A=2', 'B=3']);
          expect(spec.linux?.resources?.memory?.limit).toBe(1024);
          // untouched subtrees are the base's own objects, not copies
          expect(spec.root).toBe(base.root);
          expect(spec.mounts?.[0]).toBe(base.mounts?.[0]);
        }
      }
    }
    expect(failures).toBe(1000);
    expect(deepFrozen(base)).toBe(true);
    expect(base).toEqual(snapshot);
    expect(base.process?.rlimits?.[0]?.hard).toBe(18446744073709551615n);
    expect(base.hostname).toBe('old');
  });
});
