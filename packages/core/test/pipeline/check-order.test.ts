/**
 * checkPipeline parses a definition with its `base` taken as given and checks the base on its own (a cold start
 * saving): the error it reports must be the one a parse of the whole definition schema reports first, whatever mix
 * of bad fields, bad bases and unknown keys a definition has. The reference below is that whole-schema check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/did-you-mean.js';
import { isOcispecError } from '../../src/errors.js';
import { baseProblem } from '../../src/pipeline-base.js';
import { checkPipeline, PipelineDefinitionSchema } from '../../src/pipeline-file.js';
import { firstProblem } from '../../src/zod-issues.js';

/** The first problem of the whole definition schema, as checkPipeline reported it when it parsed that schema. */
function reference(value: Record<string, unknown>): { pointer: string; message: string } | undefined {
  const result = PipelineDefinitionSchema.safeParse(value);
  if (result.success) {
    return baseProblem(value.base);
  }
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const fields = Object.keys(PipelineDefinitionSchema.shape);
    return { pointer: `/${key}`, message: `unknown field ${JSON.stringify(key)}${didYouMean(key, fields)}` };
  }
  if (issue.path[0] === 'base') {
    const base = baseProblem(value.base);
    if (base !== undefined) return base;
  }
  return firstProblem(result.error, '');
}

const bases = fc.constantFrom<unknown>(
  undefined,
  null,
  'base.json',
  { ociVersion: '1.2.0' },
  { ociVersion: 7 },
  {},
  { mode: 'merge', file: 'a.json' },
  { mode: 'merge', files: ['a.json'] },
  { mode: 'mege', file: 'a.json' },
  { mode: 'bogus', ociVersion: '1.0.0' },
  { mode: 'layers', files: ['a.json', 'b.json'], over: 'first' },
  { mode: 'layers', files: 'a.json' },
  42,
  ['a.json'],
  true,
);
const strings = fc.constantFrom<unknown>(undefined, 'x', '', 5, null);
const definitions = fc.record(
  {
    name: strings,
    platform: strings,
    labels: fc.constantFrom<unknown>(undefined, { a: 'b' }, { a: 1 }, 'x'),
    base: bases,
    runtime: strings,
    opts: fc.constantFrom<unknown>(undefined, [['withHostname', 'a']], [[1]], 'x', []),
    cdiSpecDirs: fc.constantFrom<unknown>(undefined, ['/etc/cdi'], [1], 'x'),
    nmae: fc.constantFrom<unknown>(undefined, 'typo'),
  },
  { requiredKeys: [] },
);

describe('checkPipeline reports what the whole definition schema reports first', () => {
  it('over definitions mixing bad fields, bases and unknown keys', () => {
    fc.assert(
      fc.property(definitions, (raw) => {
        const value = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const expected = reference(value);
        let got: { pointer: string; message: string } | undefined;
        try {
          const definition = checkPipeline(value, 'p.json', '');
          // Beyond the schema: an empty platform and a base beside a runtime (the same in both).
          if (definition.platform === '' || (definition.runtime !== undefined && definition.base != null))
            return;
        } catch (error) {
          if (!isOcispecError(error, 'BAD_PIPELINE')) throw error;
          got = { pointer: error.pointer!, message: error.message };
        }
        if (expected === undefined) {
          if (got !== undefined)
            expect(got.message).toMatch(/platform must not be empty|a base or a runtime/);
          return;
        }
        expect(got?.pointer).toBe(expected.pointer);
        expect(got?.message).toBe(`p.json: ${expected.pointer}: ${expected.message}`);
      }),
      { numRuns: 2000 },
    );
  });
});
