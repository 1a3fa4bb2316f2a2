/**
 * Tracing changes nothing but what it records: every conformance case composes to the same spec (or fails with the
 * same error) with and without the trace plugin, and every field the provenance gives to the base has the base's
 * value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { OptCall, Spec } from '@ocispec/core';
import { messageOf, Pipeline, parseJson, parsePipelineFile, printSpec, tracePlugin } from '@ocispec/core';
import { conformanceCasesDir } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../src/builtins.js';

const casesDir = conformanceCasesDir;

interface Case {
  readonly name: string;
  readonly platform?: string;
  readonly namespace?: string;
  readonly id?: string;
  readonly base?: Spec | null;
  readonly opts: OptCall[];
  readonly rootfs?: unknown;
}

const cases: Case[] = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  // Inline bases read as the conformance driver reads them (Go's json.Unmarshal), as pipeline files read them.
  .flatMap((f) => {
    const parsed = parsePipelineFile(readFileSync(path.join(casesDir, f)), f);
    return (parsed.kind === 'batch' ? parsed.pipelines : []) as Case[];
  })
  .filter((c) => c.rootfs === undefined);

/** The base's leaf values by pointer shape (array indexes as `*`: a kept element may have moved). */
function leavesByShape(
  value: unknown,
  pointer = '',
  out = new Map<string, string[]>(),
): Map<string, string[]> {
  if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value))
      leavesByShape(item, `${pointer}/${Array.isArray(value) ? '*' : key}`, out);
  } else {
    out.set(pointer, [
      ...(out.get(pointer) ?? []),
      JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
    ]);
  }
  return out;
}

const shape = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');
const text = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));

describe('tracing the conformance cases', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it('composes the same spec, or the same error, with and without tracing', { timeout: 60_000 }, async () => {
    const plain = new Pipeline({ plugins: builtinPlugins() });
    const trace = tracePlugin();
    const traced = new Pipeline({ plugins: [...builtinPlugins(), trace] });
    let explained = 0;
    for (const c of cases) {
      const input = {
        platform: c.platform,
        namespace: c.namespace ?? 'default',
        id: c.id ?? '',
        base: c.base ?? null,
        opts: c.opts,
      };
      const outcome = async (p: Pipeline) =>
        p.compose(input).then(
          (r) => ({ spec: r.spec, error: null }),
          (e: unknown) => ({ spec: null, error: messageOf(e) }),
        );
      const [a, b] = [await outcome(plain), await outcome(traced)];
      expect({ name: c.name, error: b.error }).toEqual({ name: c.name, error: a.error });
      if (a.spec === null || b.spec === null) continue;
      expect(printSpec(b.spec), c.name).toBe(printSpec(a.spec));
      const provenance = trace.provenance(b.spec);
      expect(provenance, c.name).toBeDefined();
      const baseLeaves = leavesByShape(
        parseJson(
          printSpec(
            c.base ??
              (await new Pipeline({ plugins: builtinPlugins() }).compose({ ...input, opts: [] })).spec,
          ),
        ),
      );
      for (const field of provenance!.fields) {
        if (field.setBy.kind === 'option') explained++;
        if (field.setBy.kind !== 'default' && field.setBy.kind !== 'base') continue;
        expect({ name: c.name, pointer: field.pointer, base: baseLeaves.get(shape(field.pointer)) }).toEqual({
          name: c.name,
          pointer: field.pointer,
          base: expect.arrayContaining([text(field.value)]),
        });
      }
    }
    expect(explained).toBeGreaterThan(100);
  });
});
