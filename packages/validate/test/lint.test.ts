import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corePlugin, decodeSpec, Pipeline, parseJson, withProcessArgs } from '@ocispec/core';
import { linuxPlugin, withDefaultSeccompProfile, withPrivileged } from '@ocispec/linux';
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
  it('covers every lint rule', () => {
    const covered = new Set(flagged.map((f) => load('flagged', f)._expect.rule));
    expect(Object.keys(lintRules).filter((r) => !covered.has(r as LintRuleId))).toEqual([]);
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
  it("flags containerd's default for CAP_NET_RAW only (baseline); restricted adds root, seccomp and capabilities", async () => {
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'a',
      opts: [withProcessArgs('sh')],
    });
    expect(lintSpec(spec, { profile: 'baseline' }).findings.map((f) => f.rule)).toEqual(['capability-added']);
    const restricted = lintSpec(spec, { profile: 'restricted' }).findings.map((f) => f.rule);
    expect(new Set(restricted)).toEqual(
      new Set(['capability-added', 'run-as-root', 'capabilities-not-minimal', 'seccomp-missing']),
    );
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

  it('resolves paths from / before matching them (relative, `..`, repeated and trailing slashes)', () => {
    const s = {
      ociVersion: '1.3.0',
      process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: 'proc/self/../self//fd/' },
      root: { path: 'rootfs' },
      mounts: [
        { destination: '/dev/../../dev//null', type: 'bind', source: '/x', options: ['rbind'] },
        { destination: '/data', type: 'none', source: 'var/lib/../../etc/', options: ['bind'] },
      ],
      linux: {
        namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'network' }],
        maskedPaths: ['/x'],
        readonlyPaths: ['/y'],
      },
    };
    expect(lintSpec(s, { profile: 'baseline' }).findings.map((f) => `${f.pointer} ${f.rule}`)).toEqual([
      '/mounts/1/source host-sensitive-mount',
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
