import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { corePlugin, decodeSpec, Pipeline, parseJson, withProcessArgs } from '@ocispec/core';
import { linuxPlugin, withDefaultSeccompProfile } from '@ocispec/linux';
import { schemaVectorsDir } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import type { ValidationRuleId } from '../src/index.js';
import { validateSpec, validationRules } from '../src/index.js';

interface Expect {
  readonly rule?: ValidationRuleId;
  readonly pointer?: string;
  readonly platform?: string;
}

/** A corpus file: a spec, or `{ _expect, spec }` (the expectation is outside the spec). */
function load(file: string): { spec: unknown; expect: Expect } {
  const value = parseJson(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // `text` (or `base64`): spec JSON read as Go reads it, for what only the text shows (repeated keys, bad UTF-8).
  const text = typeof value.base64 === 'string' ? Buffer.from(value.base64, 'base64') : value.text;
  if (typeof text === 'string' || text instanceof Uint8Array)
    return { spec: decodeSpec(text), expect: value._expect as Expect };
  if ('_expect' in value) return { spec: value.spec, expect: value._expect as Expect };
  return { spec: value, expect: {} };
}

const corpus = path.join(import.meta.dirname, 'corpus');
const files = (dir: string): string[] =>
  readdirSync(path.join(corpus, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
const invalid = files('invalid');
const valid = files('valid');

describe('the broken corpus', () => {
  // Every rule also has failing and passing cases in test/rules.test.ts; the corpus holds whole specs as files.
  it('holds at least 60 specs, each naming an error rule', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(60);
    const named = invalid.map((f) => load(path.join(corpus, 'invalid', f)).expect.rule);
    expect(named.filter((id) => id === undefined || validationRules[id].severity !== 'error')).toEqual([]);
  });

  it.each(invalid)('%s is rejected for the rule it names, and only for it', (name) => {
    const { spec, expect: want } = load(path.join(corpus, 'invalid', name));
    expect(want.rule).toBeDefined();
    const report = validateSpec(spec, { platform: want.platform ?? 'linux/amd64' });
    expect(report.ok).toBe(false);
    expect(report.errors.map((f) => `${f.pointer} ${f.rule}`)).toContain(`${want.pointer} ${want.rule}`);
    expect(new Set(report.errors.map((f) => f.rule))).toEqual(new Set([want.rule]));
  });
});

describe('the valid corpus', () => {
  it('holds at least 20 specs', () => {
    expect(valid.length).toBeGreaterThanOrEqual(20);
  });

  it.each(valid)('%s is accepted (with the warning it names, if any)', (name) => {
    const { spec, expect: want } = load(path.join(corpus, 'valid', name));
    const report = validateSpec(spec, { platform: want.platform ?? 'linux/amd64' });
    expect(report.errors).toEqual([]);
    if (want.rule !== undefined)
      expect(report.warnings.map((f) => `${f.pointer} ${f.rule}`)).toContain(`${want.pointer} ${want.rule}`);
  });

  it('accepts the runtime-spec v1.3.0 schema test specs for linux (good/) and the model vectors', () => {
    const fixtures = schemaVectorsDir;
    for (const file of [
      'good/minimal.json',
      'good/minimal-for-start.json',
      'good/spec-example.json',
      'good/linux-rdma.json',
    ]) {
      const report = validateSpec(parseJson(readFileSync(path.join(fixtures, file), 'utf8')));
      expect(report.errors, file).toEqual([]);
    }
  });

  it.each(['amd64', 'arm64', 'riscv64', 's390x', 'ppc64le', 'loong64'])(
    "accepts containerd's default linux/%s spec, with and without its default seccomp profile, without warnings",
    async (arch) => {
      const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
      for (const opts of [[withProcessArgs('sh')], [withProcessArgs('sh'), withDefaultSeccompProfile()]]) {
        const { spec } = await pipeline.compose({
          platform: `linux/${arch}`,
          namespace: 'k8s.io',
          id: 'c1',
          opts,
        });
        const report = validateSpec(spec, { platform: `linux/${arch}` });
        expect(report.findings).toEqual([]);
      }
    },
  );
});
