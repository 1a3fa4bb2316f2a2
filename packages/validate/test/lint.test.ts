import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corePlugin, decodeSpec, Pipeline, parseJson, withMounts, withProcessArgs } from '@ocispec/core';
import {
  linuxPlugin,
  withDefaultSeccompProfile,
  withPrivileged,
  withWriteableCgroupfs,
} from '@ocispec/linux';
import { describe, expect, it } from 'vitest';
import type { LintProfile, LintRuleId } from '../src/index.js';
import { lintRules, lintSpec } from '../src/index.js';

interface Case {
  readonly _expect: { profile: LintProfile; rule?: LintRuleId; pointer?: string; also?: LintRuleId[] };
  readonly spec: unknown;
}

const dir = path.join(import.meta.dirname, 'lint-corpus');
const load = (sub: string, file: string): Case => {
  const value = parseJson(readFileSync(path.join(dir, sub, file), 'utf8')) as unknown as Case & {
    text?: string;
  };
  // `text`: spec JSON read as Go reads it, for what only the text shows (repeated or case-folded keys).
  return value.text === undefined ? value : { ...value, spec: decodeSpec(value.text) };
};
const flagged = readdirSync(path.join(dir, 'flagged')).sort();
const clean = readdirSync(path.join(dir, 'clean')).sort();

describe('the lint corpus', () => {
  // Every rule also has flagged and clean cases in test/lint-rules.test.ts; the corpus holds whole specs as files.
  it('names a known rule in each flagged file', () => {
    const named = flagged.map((f) => load('flagged', f)._expect.rule);
    expect(named.filter((rule) => rule === undefined || !(rule in lintRules))).toEqual([]);
  });

  it.each(flagged)(
    '%s is flagged for the rule it names, and only for it (and the rules in `also`)',
    (file) => {
      const { _expect: want, spec } = load('flagged', file);
      const result = lintSpec(spec, { profile: want.profile });
      expect(result.ok).toBe(false);
      expect(result.findings.map((f) => `${f.pointer} ${f.rule}`)).toContain(`${want.pointer} ${want.rule}`);
      expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set([want.rule, ...(want.also ?? [])]));
    },
  );

  it.each(clean)('%s is clean', (file) => {
    const { _expect: want, spec } = load('clean', file);
    expect(lintSpec(spec, { profile: want.profile }).findings).toEqual([]);
  });
});

describe('lintSpec', () => {
  it("calibration: containerd's default (its 14 capabilities, CAP_NET_RAW included) is clean under baseline; restricted flags the capabilities, root and the missing seccomp profile", async () => {
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessArgs('sh')],
    });
    expect(lintSpec(spec, { profile: 'baseline' }).findings).toEqual([]);
    const restricted = lintSpec(spec, { profile: 'restricted' }).findings;
    expect(new Set(restricted.map((f) => f.rule))).toEqual(
      new Set(['run-as-root', 'capabilities-not-minimal', 'seccomp-missing']),
    );
    expect(
      restricted.filter((f) => f.rule === 'capabilities-not-minimal').map((f) => f.message),
    ).toContainEqual(expect.stringContaining('CAP_NET_RAW'));
    const { spec: secured } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessArgs('sh'), withDefaultSeccompProfile()],
    });
    expect(lintSpec(secured, { profile: 'restricted' }).findings.map((f) => f.rule)).not.toContain(
      'seccomp-missing',
    );
  });

  it.each(['baseline', 'restricted'] as const)(
    'calibration: a writable cgroupfs at /sys/fs/cgroup is flagged under %s (withWriteableCgroupfs, and a cgroup mount without ro)',
    async (profile) => {
      const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
      const cgroup = {
        destination: '/sys/fs/cgroup',
        type: 'cgroup',
        source: 'cgroup',
        options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'],
      };
      const { spec } = await pipeline.compose({
        platform: 'linux/amd64',
        namespace: 'k8s.io',
        id: 'a',
        opts: [withProcessArgs('sh'), withMounts([cgroup])],
      });
      expect(lintSpec(spec, { profile }).findings.map((f) => f.rule)).not.toContain('cgroupfs-writable');
      const { spec: writable } = await pipeline.compose({
        platform: 'linux/amd64',
        namespace: 'k8s.io',
        id: 'a',
        opts: [withProcessArgs('sh'), withMounts([cgroup]), withWriteableCgroupfs()],
      });
      expect(lintSpec(writable, { profile }).findings.map((f) => `${f.pointer} ${f.rule}`)).toContain(
        '/mounts/7 cgroupfs-writable',
      );
    },
  );

  it('resolves paths as the runtime does (`..`, repeated and trailing slashes; bundle-relative sources that climb out)', () => {
    const s = {
      ociVersion: '1.3.0',
      process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: 'proc/self/../self//fd/' },
      root: { path: 'rootfs' },
      mounts: [
        { destination: '/dev/../../dev//null', type: 'bind', source: '/x', options: ['rbind'] },
        { destination: '/data', type: 'none', source: '//etc/../etc/', options: ['bind'] },
        { destination: '/inside', type: 'none', source: 'var/lib/../../etc/', options: ['bind'] },
        { destination: '/outside', type: 'none', source: '../../../etc', options: ['bind'] },
      ],
      linux: {
        namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'network' }, { type: 'mount' }],
        maskedPaths: ['/x'],
        readonlyPaths: ['/y'],
      },
    };
    expect(lintSpec(s, { profile: 'baseline' }).findings.map((f) => `${f.pointer} ${f.rule}`)).toEqual([
      '/mounts/1/source host-sensitive-mount',
      '/mounts/3/source host-sensitive-mount',
      '/process/cwd cwd-proc-fd',
      '/mounts/0/destination mount-over-masked',
    ]);
  });

  it('rates withPrivileged critical', async () => {
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessArgs('sh'), withPrivileged()],
    });
    const result = lintSpec(spec, { profile: 'baseline' });
    expect(result.findings.filter((f) => f.severity === 'critical').map((f) => f.rule)).toContain(
      'privileged',
    );
  });

  it('suppresses a rule with a reason (optionally under a pointer) and reports it as suppressed', () => {
    const { spec } = load('flagged', 'hooks.json');
    const result = lintSpec(spec, {
      profile: 'baseline',
      suppress: [{ rule: 'hooks-present', reason: 'our NVIDIA hook' }],
    });
    expect(result.ok).toBe(true);
    expect(result.suppressed).toEqual([
      expect.objectContaining({
        rule: 'hooks-present',
        pointer: '/hooks/createRuntime',
        reason: 'our NVIDIA hook',
      }),
    ]);
    const scoped = lintSpec(spec, {
      profile: 'baseline',
      suppress: [{ rule: 'hooks-present', reason: 'x', pointer: '/hooks/poststop' }],
    });
    expect(scoped.ok).toBe(false);
  });

  it('refuses suppressions without a reason or for unknown rules, and unknown profiles', () => {
    expect(() =>
      lintSpec({}, { profile: 'baseline', suppress: [{ rule: 'hooks-present', reason: ' ' }] }),
    ).toThrow('suppressing hooks-present needs a reason');
    expect(() => lintSpec({}, { profile: 'baseline', suppress: [{ rule: 'nope', reason: 'x' }] })).toThrow(
      'unknown lint rule "nope"',
    );
    expect(() => lintSpec({}, { profile: 'strict' as LintProfile })).toThrow('unknown lint profile');
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s as a rule (an own rule only, not an inherited property)',
    (rule) => {
      expect(() => lintSpec({}, { profile: 'baseline', suppress: [{ rule, reason: 'x' }] })).toThrow(
        `unknown lint rule ${JSON.stringify(rule)}`,
      );
    },
  );
});
