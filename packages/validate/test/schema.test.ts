import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseJson, ValidationReport } from '@ocispec/core';
import { toPointer } from '@ocispec/core/internal';
import { SpecSchema } from '@ocispec/core/schemas';
import { describe, expect, it } from 'vitest';
import { checkSchema } from '../src/index.js';

/** The pointers zod reports errors at (one per issue; union issues at the union's path). */
function zodPointers(value: unknown): string[] {
  const result = SpecSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => toPointer(i.path)).sort();
}

function walkerPointers(value: unknown): string[] {
  const report = new ValidationReport();
  checkSchema(value, report);
  return report.errors.map((f) => f.pointer).sort();
}

const corpus = path.join(import.meta.dirname, 'corpus');
const specs: Array<[string, unknown]> = [];
for (const dir of ['valid', 'invalid']) {
  for (const file of readdirSync(path.join(corpus, dir))) {
    const value = parseJson(readFileSync(path.join(corpus, dir, file), 'utf8')) as Record<string, unknown>;
    specs.push([`${dir}/${file}`, '_expect' in value ? value.spec : value]);
  }
}

describe('the compiled schema check', () => {
  it.each(specs)('agrees with zod on %s', (_name, value) => {
    expect(walkerPointers(value)).toEqual(zodPointers(value));
  });

  it.each([
    [
      'a string where a number goes',
      { ociVersion: '1.3.0', process: { user: { uid: '0' } } },
      '/process/user/uid',
      'schema-type',
    ],
    [
      'null for a struct value',
      { ociVersion: '1.3.0', process: { user: null } },
      '/process/user',
      'schema-type',
    ],
    [
      'int64 past 2^63-1',
      { ociVersion: '1.3.0', linux: { resources: { pids: { limit: 2n ** 63n } } } },
      '/linux/resources/pids/limit',
      'int-range',
    ],
    [
      'uint64 past 2^64-1',
      { ociVersion: '1.3.0', process: { rlimits: [{ type: 'RLIMIT_AS', hard: 2n ** 64n, soft: 0 }] } },
      '/process/rlimits/0/hard',
      'int-range',
    ],
    [
      'an unsafe number',
      { ociVersion: '1.3.0', linux: { resources: { memory: { limit: 2 ** 60 } } } },
      '/linux/resources/memory/limit',
      'int-range',
    ],
    [
      'a bigint in a 32-bit field',
      { ociVersion: '1.3.0', process: { user: { uid: 5n } } },
      '/process/user/uid',
      'int-range',
    ],
    ['an array for a map', { ociVersion: '1.3.0', annotations: ['a'] }, '/annotations', 'schema-type'],
  ])('reports %s', (_name, value, pointer, rule) => {
    expect(walkerPointers(value)).toEqual(zodPointers(value));
    const report = new ValidationReport();
    checkSchema(value, report);
    expect(report.errors).toEqual([expect.objectContaining({ pointer, rule })]);
  });

  it('accepts the extremes of every 64-bit range and reports every error of a spec, not the first', () => {
    const ok = {
      ociVersion: '1.3.0',
      linux: { resources: { memory: { limit: 2n ** 63n - 1n, swap: -(2n ** 63n) } } },
      process: { rlimits: [{ type: 'RLIMIT_AS', hard: 2n ** 64n - 1n, soft: 0 }] },
    };
    expect(walkerPointers(ok)).toEqual([]);
    const bad = { ociVersion: 1, hostname: 2, process: { cwd: 3, user: { uid: -1, gid: 'x' } } };
    expect(walkerPointers(bad)).toEqual([
      '/hostname',
      '/ociVersion',
      '/process/cwd',
      '/process/user/gid',
      '/process/user/uid',
    ]);
  });

  it('reports unknown fields as warnings in document order, like findUnknownFields', () => {
    const report = new ValidationReport();
    checkSchema(
      { ociVersion: '1.3.0', procss: {}, linux: { namespace: [], resources: { memroy: {} } } },
      report,
    );
    expect(report.warnings.map((f) => [f.pointer, f.rule])).toEqual([
      ['/procss', 'unknown-field'],
      ['/linux/namespace', 'unknown-field'],
      ['/linux/resources/memroy', 'unknown-field'],
    ]);
  });
});
