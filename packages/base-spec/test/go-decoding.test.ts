/**
 * A base spec is read as containerd's CRI plugin reads `base_runtime_spec` (Go's encoding/json): repeated and
 * case-folded keys decode as Go decodes them, each a warning (refused in strict mode), and what is composed from
 * the base is what containerd would compose.
 */
import { printSpec, withHostname } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { BaseSpecLoader, BaseSpecStore, isBaseSpecError, loadBaseSpec } from '../src/index.js';
import { linuxPipeline, tempDir, write } from './helpers.js';

const TEXT = `{
  "ociVersion": "1.0.2",
  "process": {"cwd": "/", "user": {"uid": 1000, "gid": 1000}, "args": ["sh"],
              "capabilities": {"bounding": ["CAP_CHOWN"], "effective": ["CAP_CHOWN"]}},
  "Process": {"user": {"uid": 0}, "capabilities": {"effective": ["CAP_SYS_ADMIN"]}},
  "root": {"path": "rootfs"}
}`;

describe('a base with repeated and case-folded keys', () => {
  it('loads as Go decodes it, with a warning naming every key', () => {
    const file = write(tempDir(), 'base.json', TEXT);
    const base = loadBaseSpec(file);
    expect(base.spec.process).toEqual({
      cwd: '/',
      user: { uid: 0, gid: 1000 },
      args: ['sh'],
      capabilities: { bounding: ['CAP_CHOWN'], effective: ['CAP_SYS_ADMIN'] },
    });
    expect(base.warnings).toEqual([
      {
        severity: 'warning',
        pointer: '/process',
        rule: 'ambiguous-key',
        message: expect.stringMatching(
          /^keys "process", "Process" \(at \/process 3:3, \/Process 5:3\) all name \/process for Go/,
        ),
        source: file,
      },
    ]);
  });

  it('composes what containerd would compose from it', async () => {
    const file = write(tempDir(), 'base.json', TEXT);
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const { spec } = await store.compose('c1', file, [withHostname('h')], { namespace: 'k8s.io' });
    expect(printSpec(spec)).toBe(
      '{"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":1000},"args":["sh"],"cwd":"/","capabilities":{"bounding":["CAP_CHOWN"],"effective":["CAP_SYS_ADMIN"]}},"root":{"path":"rootfs"},"hostname":"h","linux":{"cgroupsPath":"/k8s.io/c1"}}',
    );
  });

  it('is refused by a strict loader', () => {
    const file = write(tempDir(), 'base.json', TEXT);
    let error: unknown;
    try {
      new BaseSpecLoader({ strict: true }).load(file);
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, 'ambiguous-key')).toBe(true);
    expect((error as Error).message).toMatch(/: \/process: keys "process", "Process" .* \(strict mode\)$/);
  });

  it('refuses an integer Go refuses', () => {
    const file = write(
      tempDir(),
      'base.json',
      '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","hard":1e3}]}}',
    );
    let error: unknown;
    try {
      loadBaseSpec(file);
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, 'wrong-type')).toBe(true);
    expect((error as Error).message).toBe(
      `${file}: /process/rlimits/0/hard: expected uint64 (0..18446744073709551615), got 1e3: Go's strconv.ParseUint takes no fraction or exponent in an integer field`,
    );
  });
});
